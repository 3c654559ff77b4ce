//! Models: structs, enums and aliases with their serde impls and doc comments.

use super::code::{string_literal, Code, Link, MAX_WIDTH};
use super::docs::{code_span, write_doc};
use super::rust_types::owned;
use crate::model::{Field, Ident, Placement, TypeDef, TypeKind, TypeRef, Variant};

/// The method of every generated `Serialize` impl.
const SERIALIZE_FN: &str =
    "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {";
/// The method of every generated `Deserialize` impl.
const DESERIALIZE_FN: &str =
    "fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {";

/// Writes the items of one type; `gated`: a shared type is compiled only when one of the areas
/// that use it is enabled. `types` is the model's type table.
pub fn type_def(code: &mut Code, def: &TypeDef, types: &[TypeDef], gated: bool) {
    let status = def
        .status
        .as_deref()
        .map(|s| format!("**Status: {s}.** This type may change without notice."));
    let name = &def.name;
    let (cfg, feature) = if gated {
        (area_gate(def), feature_note(def))
    } else {
        (String::new(), String::new())
    };
    code.blank();
    write_doc(code, &[def.doc.as_deref(), status.as_deref()]);
    if def.deprecated {
        code.line("#[deprecated]");
    }
    code.attr(&feature);
    match &def.kind {
        TypeKind::Struct(fields) => structure(code, name, fields, def, types, &cfg),
        TypeKind::Enum(variants) => enumeration(code, name, variants, def.received, &cfg),
        TypeKind::Alias(target) => {
            code.attr(&cfg);
            code.line(format_args!("pub type {name} = {};", owned(target, types)));
        }
        TypeKind::Extern(path) => {
            code.attr(&cfg);
            // `pub use a::B as B;` is written `pub use a::B;`, as rustfmt writes it.
            if path.rsplit("::").next() == Some(name.as_str()) {
                code.line(format_args!("pub use {path};"));
            } else {
                code.line(format_args!("pub use {path} as {name};"));
            }
        }
    }
}

/// For docs.rs: the feature(s) a type needs, shown on its page.
fn feature_note(def: &TypeDef) -> String {
    let features: Vec<&Ident> = match &def.placement {
        Placement::Area(area) => vec![area],
        Placement::Shared => def.areas.iter().collect(),
    };
    doc_cfg(&features)
}

/// `#[cfg_attr(docsrs, doc(cfg(...)))]`: docs.rs shows which of `features` an item needs.
pub fn doc_cfg(features: &[&Ident]) -> String {
    let names: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", string_literal(f)))
        .collect();
    condition_attr("#[cfg_attr(docsrs, doc(cfg(", &names, ")))]")
}

/// `open`, the condition (`any(..)` of several), `close`: on one line, or with one condition
/// a line when that is too wide. Nothing for no condition.
fn condition_attr(open: &str, conditions: &[String], close: &str) -> String {
    let condition = match conditions {
        [] => return String::new(),
        [one] => one.clone(),
        several => format!("any({})", several.join(", ")),
    };
    let one_line = format!("{open}{condition}{close}");
    if one_line.len() <= MAX_WIDTH || conditions.len() == 1 {
        return one_line;
    }
    let lines: Vec<String> = conditions.iter().map(|c| format!("\n    {c},")).collect();
    format!("{open}any({}\n){close}", lines.concat())
}

/// `#[cfg(...)]` for a type in the shared file: compiled when an area that uses it is enabled.
/// Types in an area's own file are gated by their module; ungated types have no areas.
fn area_gate(def: &TypeDef) -> String {
    if def.placement != Placement::Shared || def.areas.is_empty() {
        return String::new();
    }
    let areas: Vec<String> = def
        .areas
        .iter()
        .map(|area| format!("looker_area = {}", string_literal(area)))
        .collect();
    condition_attr("#[cfg(", &areas, ")]")
}

/// Whether a field is an `Option`: every field of a received type (Looker leaves out what a
/// caller did not ask for), and the fields a sent type does not require.
pub(crate) fn is_optional(field: &Field, def: &TypeDef) -> bool {
    !field.required || def.received
}

/// A struct, `#[non_exhaustive]` so that a property Looker adds later is not a breaking change:
/// `Serialize` for every one (received ones can be stored or sent on), written out with
/// `rt::ser::Fields`, and `Deserialize` read field by field with `rt::de::object` for the types
/// that are received (Write types, only sent, have none); no serde derives, which compile
/// slower for the hundreds of models of the full API. Sent types get a constructor taking the
/// required fields and a setter per optional one.
fn structure(
    code: &mut Code,
    name: &Ident,
    fields: &[Field],
    def: &TypeDef,
    types: &[TypeDef],
    cfg: &str,
) {
    let has_secret = fields.iter().any(|f| f.secret);
    let derive_default = fields.iter().all(|f| is_optional(f, def));
    let mut derives = vec!["Clone"];
    if !has_secret {
        derives.push("Debug");
    }
    if derive_default {
        derives.push("Default");
    }
    derives.push("PartialEq");
    code.attr(cfg);
    code.line(format_args!("#[derive({})]", derives.join(", ")));
    code.line("#[non_exhaustive]");
    code.open(format_args!("pub struct {name} {{"));
    for f in fields {
        field(code, f, is_optional(f, def), types);
    }
    code.close("}");
    if def.sent {
        code.blank();
        code.attr(cfg);
        constructor_and_setters(code, name, fields, def, types);
    }
    code.blank();
    code.attr(cfg);
    struct_serialize(code, name, fields, def);
    if has_secret {
        code.blank();
        code.attr(cfg);
        redacted_debug(code, name, fields, def);
    }
    if def.received {
        code.blank();
        struct_deserialize(code, name, fields, cfg);
    }
}

/// `new` taking the required fields, in order, and `set_<field>` for each optional one.
fn constructor_and_setters(
    code: &mut Code,
    name: &Ident,
    fields: &[Field],
    def: &TypeDef,
    types: &[TypeDef],
) {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let field = &f.name;
        if is_optional(f, def) {
            inits.push(format!("{field}: None,"));
        } else {
            args.push(format!("{field}: impl Into<{}>", field_type(f, types)));
            inits.push(format!("{field}: {field}.into(),"));
        }
    }
    code.open(format_args!("impl {name} {{"));
    if args.is_empty() {
        code.line("/// An empty value: set the fields to send with the `set_` methods.");
    } else {
        code.line("/// A value with the required fields; set the others with the `set_` methods.");
    }
    if args.len() > 7 {
        code.line("#[allow(clippy::too_many_arguments)]");
    }
    code.open_list("pub fn new(", &args, ") -> Self {");
    if args.is_empty() {
        code.line("Self::default()");
    } else {
        code.open(format_args!("{name} {{"));
        for init in &inits {
            code.line(init);
        }
        code.close("}");
    }
    code.close("}");
    for f in fields.iter().filter(|f| is_optional(f, def)) {
        let field = &f.name;
        code.blank();
        code.doc(&format!("Sets {}.", code_span(&f.json_name)));
        if f.deprecated {
            code.line("#[deprecated]");
        }
        code.open(format_args!(
            "pub fn set_{field}(mut self, value: impl Into<{}>) -> Self {{",
            field_type(f, types)
        ));
        code.line(format_args!("self.{field} = Some(value.into());"));
        code.line("self");
        code.close("}");
    }
    code.close("}");
}

/// A field's type without the `Option`: boxed when the struct contains itself through it.
pub(crate) fn field_type(field: &Field, types: &[TypeDef]) -> String {
    let ty = owned(&field.ty, types);
    if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

fn struct_serialize(code: &mut Code, name: &Ident, fields: &[Field], def: &TypeDef) {
    code.open(format_args!("impl Serialize for {name} {{"));
    code.open(SERIALIZE_FN);
    let required = fields.iter().filter(|f| !is_optional(f, def)).count();
    let optional: Vec<String> = fields
        .iter()
        .filter(|f| is_optional(f, def))
        .map(|f| format!("self.{}.is_some()", f.name))
        .collect();
    let present = match (optional.is_empty(), required) {
        (true, _) => required.to_string(),
        (false, 0) => "present".to_owned(),
        (false, _) => format!("present + {required}"),
    };
    if !optional.is_empty() {
        code.list("let present = rt::ser::present(&[", &optional, "]);");
    }
    let start = format!(
        "rt::ser::Fields::start(serializer, {}, {present})?",
        string_literal(name)
    );
    if fields.is_empty() {
        code.line(format_args!("{start}.end()"));
    } else {
        code.line(format_args!("let mut fields = {start};"));
        for f in fields {
            let field = &f.name;
            let key = string_literal(&f.json_name);
            let write = if is_optional(f, def) {
                "optional"
            } else {
                "field"
            };
            code.call(
                &format!("fields.{write}("),
                &[key, format!("&self.{field}")],
                ")?;",
            );
        }
        code.line("fields.end()");
    }
    code.close("}");
    code.close("}");
}

/// `Deserialize` through `rt::de::object`, and `rt::de::Object`: a `match` on the property name
/// with one helper call per field (lenient `rt::de::scalar` for strings and numbers).
fn struct_deserialize(code: &mut Code, name: &Ident, fields: &[Field], cfg: &str) {
    code.attr(cfg);
    code.open(format_args!("impl<'de> Deserialize<'de> for {name} {{"));
    code.open(DESERIALIZE_FN);
    code.line("rt::de::object(deserializer)");
    code.close("}");
    code.close("}");
    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl rt::de::Object for {name} {{"));
    code.line(format_args!(
        "const NAME: &'static str = {};",
        string_literal(name)
    ));
    code.blank();
    // A model without fields skips every property (a `match` of one arm would be clippy's
    // `match_single_binding`).
    let key = if fields.is_empty() { "_key" } else { "key" };
    let params = [
        "&mut self".to_owned(),
        format!("{key}: &str"),
        "map: &mut A".to_owned(),
    ];
    let signature = "fn field<'de, A: serde::de::MapAccess<'de>>(";
    code.open_list(signature, &params, ") -> Result<(), A::Error> {");
    if fields.is_empty() {
        code.line("rt::de::skip(map)");
        code.close("}");
        code.close("}");
        return;
    }
    code.open("match key {");
    for f in fields {
        let helper = match (&f.ty, f.boxed) {
            (TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64, false) => "scalar",
            _ => "value",
        };
        let key = string_literal(&f.json_name);
        let call = format!("rt::de::{helper}(map, key, &mut self.{})", f.name);
        let arm = format!("{key} => {call},");
        if code.fits(&arm) {
            code.line(arm);
        } else {
            code.open(format_args!("{key} => {{"));
            code.line(call);
            code.close("}");
        }
    }
    code.line("_ => rt::de::skip(map),");
    code.close("}");
    code.close("}");
    code.close("}");
}

fn field(code: &mut Code, field: &Field, optional: bool, types: &[TypeDef]) {
    let name = &field.name;
    let mut ty = field_type(field, types);
    if optional {
        ty = format!("Option<{ty}>");
    }
    let access = if field.read_only {
        Some("*Read-only*: Looker ignores it in requests.")
    } else if field.secret {
        Some("*Secret*: never shown by `Debug`.")
    } else {
        None
    };
    write_doc(code, &[field.doc.as_deref(), access]);
    if field.deprecated {
        code.line("#[deprecated]");
    }
    code.line(format_args!("pub {name}: {ty},"));
}

/// `Debug` that prints `<redacted>` for secret fields.
fn redacted_debug(code: &mut Code, name: &Ident, fields: &[Field], def: &TypeDef) {
    code.open(format_args!("impl std::fmt::Debug for {name} {{"));
    code.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    let mut links = Vec::with_capacity(fields.len() + 1);
    for f in fields {
        let field = &f.name;
        let label = string_literal(&f.json_name);
        let value = match (f.secret, is_optional(f, def)) {
            (false, _) => format!("&self.{field}"),
            (true, false) => "&\"<redacted>\"".to_owned(),
            (true, true) => format!("&self.{field}.as_ref().map(|_| \"<redacted>\")"),
        };
        links.push(Link::new("field", vec![label, value]));
    }
    links.push(Link::new("finish", Vec::new()));
    let root = format!("f.debug_struct({})", string_literal(name));
    code.chain("", &root, &links, "");
    code.close("}");
    code.close("}");
}

/// A string enum with an `Unknown` fallback; (de)serialized, compared and ordered as its string
/// value.
fn enumeration(code: &mut Code, name: &Ident, variants: &[Variant], received: bool, cfg: &str) {
    code.attr(cfg);
    code.line("#[derive(Clone, Debug)]");
    code.line("#[non_exhaustive]");
    code.open(format_args!("pub enum {name} {{"));
    for v in variants {
        code.doc(&code_span(&v.value));
        code.line(format_args!("{},", v.name));
    }
    code.line("/// A value this version of the SDK does not know, kept as Looker sent it.");
    code.line("Unknown(String),");
    code.close("}");

    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl {name} {{"));
    code.line("/// The value as Looker spells it.");
    code.open("pub fn as_str(&self) -> &str {");
    code.open("match self {");
    for v in variants {
        let value = string_literal(&v.value);
        code.line(format_args!("{name}::{} => {value},", v.name));
    }
    code.line(format_args!("{name}::Unknown(value) => value,"));
    code.close("}");
    code.close("}");
    code.close("}");

    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl Serialize for {name} {{"));
    code.open(SERIALIZE_FN);
    code.line("serializer.serialize_str(self.as_str())");
    code.close("}");
    code.close("}");

    // From the value as Looker spells it: a value this SDK does not know is kept in `Unknown`.
    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl From<String> for {name} {{"));
    code.open("fn from(value: String) -> Self {");
    code.open("match value.as_str() {");
    for v in variants {
        let value = string_literal(&v.value);
        code.line(format_args!("{value} => {name}::{},", v.name));
    }
    code.line(format_args!("_ => {name}::Unknown(value),"));
    code.close("}");
    code.close("}");
    code.close("}");

    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl From<&str> for {name} {{"));
    code.open("fn from(value: &str) -> Self {");
    code.line("Self::from(value.to_owned())");
    code.close("}");
    code.close("}");

    if received {
        code.blank();
        code.attr(cfg);
        code.open(format_args!("impl<'de> Deserialize<'de> for {name} {{"));
        code.open(DESERIALIZE_FN);
        code.line("String::deserialize(deserializer).map(Self::from)");
        code.close("}");
        code.close("}");
    }

    code.blank();
    code.attr(cfg);
    code.open(format_args!("impl std::fmt::Display for {name} {{"));
    code.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    code.line("f.write_str(self.as_str())");
    code.close("}");
    code.close("}");
    value_comparisons(code, name, cfg);
}

/// Equality, hashing and order of an enum by the value Looker spells, not by the variant's
/// place: a value Looker adds later neither reorders the others nor changes what a sorted
/// collection holds, and `Unknown("x")` equals the variant a later SDK gives `x`.
fn value_comparisons(code: &mut Code, name: &Ident, cfg: &str) {
    let impls: [(&str, &str, &str); 4] = [
        (
            "PartialEq",
            "fn eq(&self, other: &Self) -> bool {",
            "self.as_str() == other.as_str()",
        ),
        (
            "std::hash::Hash",
            "fn hash<H: std::hash::Hasher>(&self, state: &mut H) {",
            "std::hash::Hash::hash(self.as_str(), state)",
        ),
        (
            "PartialOrd",
            "fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {",
            "Some(self.cmp(other))",
        ),
        (
            "Ord",
            "fn cmp(&self, other: &Self) -> std::cmp::Ordering {",
            "self.as_str().cmp(other.as_str())",
        ),
    ];
    code.blank();
    code.attr(cfg);
    code.line(format_args!("impl Eq for {name} {{}}"));
    for (trait_name, signature, body) in impls {
        code.blank();
        code.attr(cfg);
        code.open(format_args!("impl {trait_name} for {name} {{"));
        code.open(signature);
        code.line(body);
        code.close("}");
        code.close("}");
    }
}
