//! Component and inline schemas -> generated types (structs, enums, aliases).

use super::names::{self, Ident, UniqueNames};
use super::resolve::{Context, Referable};
use super::{Field, Placement, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::error::{pointer_push, CodegenError};
use crate::normalize::Repair;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
};
use std::collections::{BTreeMap, BTreeSet};

/// Where an inline type is declared: names for inline structs and enums are made from it.
#[derive(Clone, Copy)]
pub struct Hint<'h> {
    pub parent: &'h str,
    pub property: &'h str,
}

/// Builds generated types; inline structs and enums are collected as they are met.
pub struct TypeBuilder<'c, 'a> {
    pub ctx: &'c mut Context<'a>,
    /// The types by id: components first (filled in as they are built), then inline types.
    types: Vec<Option<TypeDef>>,
    /// Enum by its value list, so identical value sets share one enum.
    enums_by_values: BTreeMap<Vec<String>, TypeId>,
}

/// Builds every component schema, in document order, plus the inline types they contain.
pub fn build_components(builder: &mut TypeBuilder) -> Result<(), CodegenError> {
    let doc = builder.ctx.doc;
    let Some(components) = &doc.components else {
        return Ok(());
    };
    for (index, (schema_name, item)) in components.schemas.iter().enumerate() {
        let pointer = pointer_push("/components/schemas", schema_name);
        let rust_name = builder.ctx.component_names[index].clone();
        let extern_path = builder.ctx.options.extern_types.get(schema_name);
        let def = match (extern_path, item) {
            (Some(path), _) => {
                if !is_rust_path(path) {
                    return Err(CodegenError::invalid(
                        pointer,
                        format!("the extern type of `{schema_name}`, `{path}`, is not a Rust path"),
                    ));
                }
                builder.ctx.note(
                    pointer.clone(),
                    Repair::ExternType,
                    format!("`{schema_name}` is the existing type `{path}`, not generated"),
                );
                bare_type(
                    rust_name,
                    schema_name.clone(),
                    TypeKind::Extern(path.clone()),
                )
            }
            (None, ReferenceOr::Reference { reference }) => {
                let target = builder.ctx.schema_ref(reference, &pointer)?;
                bare_type(
                    rust_name,
                    schema_name.clone(),
                    TypeKind::Alias(TypeRef::Named(target)),
                )
            }
            (None, ReferenceOr::Item(schema)) => {
                builder.component(schema_name, &rust_name, schema, &pointer)?
            }
        };
        builder.types[index] = Some(def);
    }
    Ok(())
}

impl<'c, 'a> TypeBuilder<'c, 'a> {
    pub fn new(ctx: &'c mut Context<'a>) -> Self {
        TypeBuilder {
            types: vec![None; ctx.component_names.len()],
            ctx,
            enums_by_values: BTreeMap::new(),
        }
    }

    /// Every type built, by id.
    ///
    /// # Errors
    ///
    /// When a component was never built (the components were not built first): a bug here,
    /// reported rather than emitted.
    pub fn finish(self) -> Result<Vec<TypeDef>, CodegenError> {
        self.types
            .into_iter()
            .enumerate()
            .map(|(index, def)| {
                def.ok_or_else(|| {
                    CodegenError::invalid(
                        "/components/schemas",
                        format!("schema number {index} was never modelled"),
                    )
                })
            })
            .collect()
    }

    /// Whether the type `id` (built already) is a generated string enum.
    pub fn is_enum(&self, id: TypeId) -> bool {
        self.types
            .get(id.0)
            .and_then(Option::as_ref)
            .is_some_and(|def| matches!(def.kind, TypeKind::Enum(_)))
    }

    /// Adds an inline type.
    fn push(&mut self, def: TypeDef) -> TypeId {
        self.types.push(Some(def));
        TypeId(self.types.len() - 1)
    }

    fn component(
        &mut self,
        schema_name: &str,
        rust_name: &Ident,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeDef, CodegenError> {
        let kind = match struct_properties(schema) {
            Some(_) => TypeKind::Struct(self.fields(rust_name, schema, pointer)?),
            None => match string_enum(schema) {
                Some(values) => TypeKind::Enum(variants(&values)),
                None => {
                    let hint = Hint {
                        parent: rust_name,
                        property: "item",
                    };
                    TypeKind::Alias(self.inline(schema, hint, pointer)?)
                }
            },
        };
        Ok(schema_type(
            rust_name.clone(),
            schema_name.to_owned(),
            schema,
            kind,
        ))
    }

    /// The fields of an object schema.
    fn fields(
        &mut self,
        parent: &Ident,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<Vec<Field>, CodegenError> {
        let Some((properties, required)) = struct_properties(schema) else {
            return Ok(Vec::new());
        };
        let mut field_names = UniqueNames::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (json_name, property) in properties {
            let at = pointer_push(&pointer_push(pointer, "properties"), json_name);
            let hint = Hint {
                parent,
                property: json_name,
            };
            let ty = self.type_ref(property, hint, &at)?;
            let data = match property {
                ReferenceOr::Item(item) => Some(&item.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let write_only = data.is_some_and(|d| {
                d.write_only || d.extensions.get("x-looker-write-only") == Some(&true.into())
            });
            fields.push(Field {
                name: field_names.claim(names::field_name(json_name)),
                json_name: json_name.clone(),
                secret: ty == TypeRef::String && names::is_secret(json_name, write_only),
                ty,
                // Required is required in a request body even when `nullable`: a `Write*`
                // type takes it in `new(..)` (Looker refuses a create without it); a received
                // model has every field an `Option` whatever the document says.
                required: required.contains(json_name),
                doc: data.and_then(doc_of),
                deprecated: data.is_some_and(|d| d.deprecated),
                read_only: data.is_some_and(|d| d.read_only),
                boxed: false,
            });
        }
        Ok(fields)
    }

    /// The type of a schema that may be a reference.
    pub fn type_ref<R: Referable<Schema>>(
        &mut self,
        item: &'a R,
        hint: Hint,
        pointer: &str,
    ) -> Result<TypeRef, CodegenError> {
        match item.as_ref_or() {
            Err(reference) => Ok(TypeRef::Named(self.ctx.schema_ref(reference, pointer)?)),
            Ok(schema) => self.inline(schema, hint, pointer),
        }
    }

    /// The type of an inline schema; inline objects and enums become named types.
    fn inline(
        &mut self,
        schema: &'a Schema,
        hint: Hint,
        pointer: &str,
    ) -> Result<TypeRef, CodegenError> {
        if struct_properties(schema).is_some() {
            return self.inline_struct(schema, hint, pointer);
        }
        if let Some(values) = string_enum(schema) {
            return Ok(TypeRef::Named(
                self.inline_enum(values, hint, schema, pointer),
            ));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                use openapiv3::{StringFormat, VariantOrUnknownOrEmpty};
                match string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    _ => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Integer(integer)) => {
                use openapiv3::{IntegerFormat, VariantOrUnknownOrEmpty};
                match integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                TypeRef::Vec(Box::new(self.items(array.items.as_ref(), hint, pointer)?))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_of(object.additional_properties.as_ref(), hint, pointer)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_ref(&all_of[0], hint, &pointer_push(pointer, "allOf/0"))?
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") => {
                    TypeRef::Vec(Box::new(self.items(any.items.as_ref(), hint, pointer)?))
                }
                Some("object") => self.map_of(any.additional_properties.as_ref(), hint, pointer)?,
                Some("string") if any.format.as_deref() == Some("date-time") => TypeRef::DateTime,
                Some("string") => TypeRef::String,
                Some("boolean") => TypeRef::Bool,
                Some("integer") => TypeRef::I64,
                Some("number") => TypeRef::F64,
                _ if any.additional_properties.is_some() => {
                    self.map_of(any.additional_properties.as_ref(), hint, pointer)?
                }
                _ => TypeRef::Json,
            },
            SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. } => TypeRef::Json,
        })
    }

    fn items(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: Hint,
        pointer: &str,
    ) -> Result<TypeRef, CodegenError> {
        match items {
            Some(items) => self.type_ref(items, hint, &pointer_push(pointer, "items")),
            None => Ok(TypeRef::Json),
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        hint: Hint,
        pointer: &str,
    ) -> Result<TypeRef, CodegenError> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.type_ref(
                schema.as_ref(),
                hint,
                &pointer_push(pointer, "additionalProperties"),
            )?,
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    fn inline_struct(
        &mut self,
        schema: &'a Schema,
        hint: Hint,
        pointer: &str,
    ) -> Result<TypeRef, CodegenError> {
        let wanted = names::type_name(&format!("{}_{}", hint.parent, hint.property));
        let name = self.ctx.type_names.claim(wanted);
        let fields = self.fields(&name, schema, pointer)?;
        Ok(TypeRef::Named(self.push(schema_type(
            name,
            pointer.to_owned(),
            schema,
            TypeKind::Struct(fields),
        ))))
    }

    /// An enum named as Looker names it: TitleCase of the property; an identical value set
    /// reuses the existing enum; a name already taken is prefixed with the parent's name.
    fn inline_enum(
        &mut self,
        values: Vec<String>,
        hint: Hint,
        schema: &Schema,
        pointer: &str,
    ) -> TypeId {
        if let Some(existing) = self.enums_by_values.get(&values) {
            return *existing;
        }
        let by_property = names::type_name(hint.property);
        let wanted = if self.ctx.type_names.is_taken(&by_property) {
            names::type_name(&format!("{}_{}", hint.parent, hint.property))
        } else {
            by_property
        };
        let name = self.ctx.type_names.claim(wanted);
        let kind = TypeKind::Enum(variants(&values));
        let id = self.push(TypeDef {
            name,
            source: pointer.to_owned(),
            doc: doc_of(&schema.schema_data),
            deprecated: false,
            status: None,
            placement: Placement::Shared,
            areas: BTreeSet::new(),
            received: false,
            sent: false,
            kind,
        });
        self.enums_by_values.insert(values, id);
        id
    }
}

/// Whether `path` is a Rust path of identifiers (`::looker_sdk::ValidationErrorDetail`).
fn is_rust_path(path: &str) -> bool {
    let relative = path.strip_prefix("::").unwrap_or(path);
    !relative.is_empty()
        && relative.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
                && segment != "_"
                && (names::is_keyword(segment) == ["crate", "self", "super"].contains(&segment))
        })
}

/// The properties of an object schema, by name.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties and required names of a schema that is an object with properties.
fn struct_properties(schema: &Schema) -> Option<(&Properties, &Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Some((&object.properties, &object.required))
        }
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            Some((&any.properties, &any.required))
        }
        _ => None,
    }
}

/// The values of a string enum schema, without duplicates, in document order.
fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(StringType { enumeration, .. })) => {
            enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("string")) => any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let mut seen = BTreeSet::new();
    let unique: Vec<String> = values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect();
    (!unique.is_empty()).then_some(unique)
}

fn variants(values: &[String]) -> Vec<Variant> {
    let mut names = UniqueNames::default();
    values
        .iter()
        .map(|value| Variant {
            name: names.claim(names::variant_name(value)),
            value: value.clone(),
        })
        .collect()
}

/// A type made from `schema`: its docs, deprecation and status come from the schema; where
/// it is used is filled in later (`usage`).
/// A type without a schema of its own to describe it (an extern type, an alias of a `$ref`):
/// no docs, shared placement until usage decides.
fn bare_type(name: Ident, source: String, kind: TypeKind) -> TypeDef {
    TypeDef {
        name,
        source,
        doc: None,
        deprecated: false,
        status: None,
        placement: Placement::Shared,
        areas: BTreeSet::new(),
        received: false,
        sent: false,
        kind,
    }
}

fn schema_type(name: Ident, source: String, schema: &Schema, kind: TypeKind) -> TypeDef {
    TypeDef {
        name,
        source,
        doc: doc_of(&schema.schema_data),
        deprecated: schema.schema_data.deprecated,
        status: status_of(&schema.schema_data.extensions),
        placement: Placement::Shared,
        areas: BTreeSet::new(),
        received: false,
        sent: false,
        kind,
    }
}

/// The description of a schema, when it has a non-blank one.
pub fn doc_of(data: &SchemaData) -> Option<String> {
    data.description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

/// `x-looker-status` unless it is `stable`.
pub fn status_of(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<String> {
    extensions
        .get("x-looker-status")
        .and_then(serde_json::Value::as_str)
        .filter(|s| *s != "stable")
        .map(str::to_owned)
}

/// Rejects a type alias that refers to itself, directly or through other aliases (`A = B` and
/// `B = A`; `A = Vec<A>`): Rust has no such type, so emitting it would not compile.
pub fn check_alias_cycles(types: &[TypeDef]) -> Result<(), CodegenError> {
    let alias_target = |id: TypeId| match &types[id.0].kind {
        TypeKind::Alias(target) => target.inner_named(),
        _ => None,
    };
    for (index, def) in types.iter().enumerate() {
        let start = TypeId(index);
        let mut next = alias_target(start);
        let mut seen = BTreeSet::new();
        while let Some(named) = next {
            if named == start {
                let source = &def.source;
                return Err(CodegenError::invalid(
                    pointer_push("/components/schemas", source),
                    format!(
                        "schema `{source}` is defined only through itself \
                         (a `$ref` cycle with no object schema in between)"
                    ),
                ));
            }
            if !seen.insert(named) {
                break;
            }
            next = alias_target(named);
        }
    }
    Ok(())
}

/// Marks fields that hold their own struct by value (directly or through other structs) so
/// that they are boxed: `struct A { a: Option<A> }` has no finite size otherwise.
pub fn mark_recursive_fields(types: &mut [TypeDef]) {
    let mut boxed = BTreeSet::new();
    for (index, def) in types.iter().enumerate() {
        if let TypeKind::Struct(fields) = &def.kind {
            for (field_index, field) in fields.iter().enumerate() {
                if let Some(target) = by_value_target(&field.ty, types) {
                    if contains_by_value(target, TypeId(index), types) {
                        boxed.insert((index, field_index));
                    }
                }
            }
        }
    }
    for (index, def) in types.iter_mut().enumerate() {
        if let TypeKind::Struct(fields) = &mut def.kind {
            for (field_index, field) in fields.iter_mut().enumerate() {
                field.boxed = boxed.contains(&(index, field_index));
            }
        }
    }
}

/// The struct a field stores by value (not behind a `Vec` or map), through aliases.
fn by_value_target(ty: &TypeRef, types: &[TypeDef]) -> Option<TypeId> {
    let mut id = match ty {
        TypeRef::Named(id) => *id,
        _ => return None,
    };
    for _ in 0..types.len() + 1 {
        match &types[id.0].kind {
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            TypeKind::Struct(_) => return Some(id),
            _ => return None,
        }
    }
    None
}

/// Whether `start` contains `wanted` by value, directly or through by-value fields.
fn contains_by_value(start: TypeId, wanted: TypeId, types: &[TypeDef]) -> bool {
    let mut stack = vec![start];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id == wanted {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        if let TypeKind::Struct(fields) = &types[id.0].kind {
            stack.extend(fields.iter().filter_map(|f| by_value_target(&f.ty, types)));
        }
    }
    false
}
