//! The Rust API surface of a generated SDK: a flat map from each public item to its signature,
//! in the shape the SDK is generated (non-exhaustive models with constructors and setters,
//! one request builder per operation, one feature per area).

use crate::emit::methods::{
    output_type, params_field_type, payload_type, required_args, setter_type, ArgRole,
};
use crate::emit::models::{field_type, is_optional};
use crate::emit::rust_types::{borrowed, owned};
use crate::model::{
    paging, status_variant, Api, Operation, Param, Payload, ResponseShape, TypeDef, TypeKind,
};
use std::collections::btree_map::{BTreeMap, Entry};

/// What an item is, which decides how its removal or change is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `LookerSdk::method`: its arguments and its builder.
    Method,
    /// What awaiting a method's request gives.
    Output,
    /// A struct, enum or alias (models, builders, result enums).
    Type,
    /// A struct field.
    Field,
    /// An enum variant.
    Variant,
    /// A setter of a model or of a request builder.
    Setter,
    /// The `stream()` of the request builder of an operation that pages.
    Pager,
    /// `Model::new`.
    Constructor,
    /// A trait implementation that not every type has.
    Trait,
    /// A Cargo feature.
    Feature,
}

/// Where in a document an item comes from, to be turned into a JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// A type: the schema name or, for an inline type, the pointer it came from.
    Schema(String),
    /// A property of a type's schema, by JSON name.
    Property(String, String),
    /// An enum value of a type's schema.
    Value(String, String),
    /// An operation, by path and lower-case verb.
    Operation(String, String),
    /// A parameter of an operation, by wire name.
    Param(String, String, String),
    /// The request body of an operation.
    Body(String, String),
    /// A response of an operation, by status.
    Response(String, String, u16),
    /// An API area (the feature of a Looker tag).
    Area(String),
}

/// A method or constructor argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Arg {
    pub name: String,
    pub ty: String,
    pub anchor: Anchor,
}

/// One public item.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub kind: Kind,
    /// The item as a reader names it (`LookerSdk::me`, `impl Default for models::User`).
    pub rust: String,
    /// Its signature: a type, `struct`, `enum`, or `(args) -> Builder`.
    pub sig: String,
    /// Method and constructor arguments, in order.
    pub args: Vec<Arg>,
    /// The item whose removal implies this one's.
    pub parent: Option<String>,
    pub anchor: Anchor,
}

/// Item key -> item.
pub(crate) type Surface = BTreeMap<String, Item>;

/// The surface of the SDK generated from `api`.
pub(crate) fn surface(api: &Api) -> Surface {
    let mut items = Surface::new();
    for def in &api.types {
        type_items(&mut items, def, &api.types);
    }
    for op in &api.operations {
        operation_items(&mut items, op, &api.types);
        let feature = format!("feature {}", op.area);
        let anchor = Anchor::Area(op.area.to_string());
        add(
            &mut items,
            feature,
            Kind::Feature,
            String::new(),
            None,
            anchor,
        );
    }
    items
}

/// Adds the item `key`, named `key` to readers.
fn add<'s>(
    items: &'s mut Surface,
    key: String,
    kind: Kind,
    sig: String,
    parent: Option<&str>,
    anchor: Anchor,
) -> &'s mut Item {
    let item = Item {
        kind,
        rust: key.clone(),
        sig,
        args: Vec::new(),
        parent: parent.map(str::to_owned),
        anchor,
    };
    match items.entry(key) {
        Entry::Vacant(slot) => slot.insert(item),
        Entry::Occupied(slot) => {
            let slot = slot.into_mut();
            *slot = item;
            slot
        }
    }
}

fn type_items(items: &mut Surface, def: &TypeDef, types: &[TypeDef]) {
    let key = format!("models::{}", def.name);
    let anchor = Anchor::Schema(def.source.clone());
    let parent = Some(key.as_str());
    let mut traits = Vec::new();
    if def.received {
        traits.push("Deserialize");
    }
    match &def.kind {
        TypeKind::Alias(target) => {
            let sig = format!("type = {}", owned(target, types));
            add(items, key.clone(), Kind::Type, sig, None, anchor);
        }
        TypeKind::Extern(path) => {
            let sig = format!("use {path}");
            add(items, key.clone(), Kind::Type, sig, None, anchor);
        }
        TypeKind::Enum(variants) => {
            add(items, key.clone(), Kind::Type, "enum".into(), None, anchor);
            for variant in variants {
                let anchor = Anchor::Value(def.source.clone(), variant.value.clone());
                let variant_key = format!("{key}::{}", variant.name);
                add(
                    items,
                    variant_key,
                    Kind::Variant,
                    String::new(),
                    parent,
                    anchor,
                );
            }
        }
        TypeKind::Struct(fields) => {
            add(
                items,
                key.clone(),
                Kind::Type,
                "struct".into(),
                None,
                anchor,
            );
            let mut new_args = Vec::new();
            for field in fields {
                // The type and optionality emit gives the field: one rule for both.
                let (ty, optional) = (field_type(field, types), is_optional(field, def));
                let anchor = Anchor::Property(def.source.clone(), field.json_name.clone());
                let sig = if optional {
                    format!("Option<{ty}>")
                } else {
                    ty.clone()
                };
                let field_key = format!("{key}::{}", field.name);
                add(items, field_key, Kind::Field, sig, parent, anchor.clone());
                if !def.sent {
                    continue;
                }
                if optional {
                    let setter = format!("{key}::set_{}", field.name);
                    add(
                        items,
                        setter,
                        Kind::Setter,
                        format!("impl Into<{ty}>"),
                        parent,
                        anchor,
                    );
                } else {
                    new_args.push(Arg {
                        name: field.name.to_string(),
                        ty: format!("impl Into<{ty}>"),
                        anchor,
                    });
                }
            }
            if new_args.is_empty() {
                traits.push("Default");
            }
            if def.sent {
                let sig = args_sig(&new_args, "Self");
                let constructor = format!("{key}::new");
                let anchor = Anchor::Schema(def.source.clone());
                add(items, constructor, Kind::Constructor, sig, parent, anchor).args = new_args;
            }
        }
    }
    for name in traits {
        let trait_key = format!("{key}: {name}");
        let anchor = Anchor::Schema(def.source.clone());
        add(items, trait_key, Kind::Trait, String::new(), parent, anchor).rust =
            format!("impl {name} for {key}");
    }
}

/// `(a: T, b: U) -> Out`.
fn args_sig(args: &[Arg], output: &str) -> String {
    let list: Vec<String> = args
        .iter()
        .map(|a| format!("{}: {}", a.name, a.ty))
        .collect();
    format!("({}) -> {output}", list.join(", "))
}

/// The arguments of `op`'s method as emit writes them (one rule for both), each tied to its
/// place in the document, and the signature's list. The fields of a parameter struct count as
/// arguments (a required parameter added to it breaks callers as an argument would), and the
/// signature shows them inside the struct.
fn method_args(op: &Operation, types: &[TypeDef]) -> (Vec<Arg>, Vec<String>) {
    let verb = op.http_method.as_str().to_ascii_lowercase();
    let path = &op.path.text;
    let param_anchor =
        |param: &Param| Anchor::Param(path.clone(), verb.clone(), param.wire_name.clone());
    let mut args = Vec::new();
    let mut shown = Vec::new();
    for arg in required_args(op, types) {
        let anchor = match arg.role {
            ArgRole::Param(param) => param_anchor(param),
            ArgRole::Body => Anchor::Body(path.clone(), verb.clone()),
            ArgRole::Params(params) => {
                let mut fields = Vec::new();
                for param in &op.required_params {
                    let ty = params_field_type(param, types, "");
                    fields.push(format!("{}: {ty}", param.name));
                    let name = param.name.to_string();
                    let anchor = param_anchor(param);
                    args.push(Arg { name, ty, anchor });
                }
                shown.push(format!("params: {params} {{ {} }}", fields.join(", ")));
                continue;
            }
        };
        shown.push(arg.to_string());
        args.push(Arg {
            name: arg.name,
            ty: arg.ty,
            anchor,
        });
    }
    (args, shown)
}

fn operation_items(items: &mut Surface, op: &Operation, types: &[TypeDef]) {
    let verb = op.http_method.as_str().to_ascii_lowercase();
    let path = &op.path.text;
    let anchor = Anchor::Operation(path.clone(), verb.clone());
    let param_anchor = |wire: &str| Anchor::Param(path.clone(), verb.clone(), wire.to_owned());
    let body_anchor = Anchor::Body(path.clone(), verb.clone());
    let method = format!("LookerSdk::{}", op.name);
    let builder = format!("methods::{}", op.builder_name);
    let (args, shown) = method_args(op, types);
    let body = op.body.as_ref();
    let sig = format!("({}) -> {builder}", shown.join(", "));
    add(
        items,
        method.clone(),
        Kind::Method,
        sig,
        None,
        anchor.clone(),
    )
    .args = args;
    let output = format!("{method}.await");
    let parent = Some(method.as_str());
    add(
        items,
        output,
        Kind::Output,
        output_type(op, types),
        parent,
        anchor.clone(),
    )
    .rust = method.clone();
    add(
        items,
        builder.clone(),
        Kind::Type,
        "struct".into(),
        Some(&method),
        anchor.clone(),
    );
    if let Some(params) = &op.params_struct {
        // Built with a struct literal; its fields are the method's arguments above.
        let params = format!("methods::{params}");
        add(
            items,
            params,
            Kind::Type,
            "struct".into(),
            Some(&method),
            anchor.clone(),
        );
    }
    for param in &op.optional_params {
        let ty = setter_type(param, types);
        let key = format!("{builder}::{}", param.name);
        add(
            items,
            key,
            Kind::Setter,
            ty,
            Some(&builder),
            param_anchor(&param.wire_name),
        );
    }
    if let Some(body) = body.filter(|b| !b.required) {
        let key = format!("{builder}::body");
        let ty = borrowed(&body.ty, types, "");
        add(items, key, Kind::Setter, ty, Some(&builder), body_anchor);
    }
    if let Some(paging) = paging(op) {
        let key = format!("{builder}::stream");
        let sig = format!("Pages<{}>", owned(paging.item, types));
        add(items, key, Kind::Pager, sig, Some(&builder), anchor.clone());
    }
    if let ResponseShape::ByStatus { name, variants } = &op.response {
        let result = format!("methods::{name}");
        add(
            items,
            result.clone(),
            Kind::Type,
            "enum".into(),
            Some(&method),
            anchor,
        );
        for (status, payload) in variants {
            let sig = match payload {
                Payload::Empty => String::new(),
                other => format!("({})", payload_type(other, types)),
            };
            let key = format!("{result}::{}", status_variant(*status));
            let anchor = Anchor::Response(path.clone(), verb.clone(), *status);
            add(items, key, Kind::Variant, sig, Some(&result), anchor);
        }
    }
}
