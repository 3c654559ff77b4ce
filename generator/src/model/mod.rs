//! Step 3 of the pipeline: the intermediate model. It already speaks Rust: every type and
//! operation carries its final Rust name, Write types are derived and collisions resolved, so
//! that emitting is rendering only.

mod names;
mod operations;
mod paging;
mod resolve;
mod schemas;
mod usage;
mod write_types;

pub use names::{area_module, is_keyword};
pub use paging::{paging, PageStyle, Paging};
pub use usage::SHARED_AREA;

use crate::error::CodegenError;
use crate::normalize::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};

/// The whole API, ready to emit.
#[derive(Debug)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document (e.g. `4.0.24.18`).
    pub version: String,
    /// `info.x-looker-release-version` of the document, the Looker release that published it
    /// (e.g. `24.18.48`), when it names one.
    pub release: Option<String>,
    /// The path of the API below the host, from `servers[0]` (e.g. `/api/4.0`).
    pub base_path: String,
    /// Types sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
    /// Each area's (Looker tag's) name and description, by area module name.
    pub areas: BTreeMap<String, AreaDoc>,
    /// Repairs and decisions worth reporting.
    pub diagnostics: Vec<Diagnostic>,
}

/// An API area as the document's `tags` describe it.
#[derive(Clone, Debug, Default)]
pub struct AreaDoc {
    /// The tag's name (`Connection`).
    pub name: String,
    /// The tag's description.
    pub description: Option<String>,
}

/// A Rust type reference as used in a field, parameter or response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F64,
    /// A `format: date-time` string: the runtime's `DateTime`, which keeps the text.
    DateTime,
    /// Any JSON value (`type: any`, polymorphic values, untyped objects).
    Json,
    /// A generated type, by its Rust name.
    Named(String),
    Vec(Box<TypeRef>),
    /// A JSON object with string keys (`additionalProperties`).
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The generated type this refers to, also inside a `Vec` or map.
    pub fn inner_named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.inner_named(),
            _ => None,
        }
    }
}

/// One generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Final Rust name.
    pub name: String,
    /// The schema name in the document, or where an inline type came from.
    pub source: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// `x-looker-status` when not `stable` (beta, alpha, ...).
    pub status: Option<String>,
    /// The API area (Looker tag) whose file holds this type: `shared` when several use it.
    pub area: String,
    /// The areas whose operations use this type: it is compiled when one of their features is
    /// on. Empty for types compiled whatever the features (used by no operation, or contained
    /// in such a type).
    pub areas: BTreeSet<String>,
    /// Received in responses: needs `Deserialize`, and every field is optional (Looker leaves
    /// out what a caller did not ask for with `fields`).
    pub received: bool,
    /// Sent in requests (a body, or inside one): gets a constructor and setters.
    pub sent: bool,
    pub kind: TypeKind,
}

/// What a generated type is.
#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string enum; unknown values are kept by a fallback variant.
    Enum(Vec<Variant>),
    /// `pub type Name = Target;`
    Alias(TypeRef),
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Rust field name (snake case, keyword-safe).
    pub name: String,
    /// The property name in JSON.
    pub json_name: String,
    pub ty: TypeRef,
    /// `false` means the field is `Option<ty>`.
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    /// The field's type contains the struct itself: stored in a `Box`.
    pub boxed: bool,
    /// A secret (write-only, password, token...): never printed by `Debug`.
    pub secret: bool,
}

/// An enum variant.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    pub value: String,
}

/// One API operation (one SDK method).
#[derive(Clone, Debug)]
pub struct Operation {
    /// Method name (the `operationId`, snake case).
    pub name: String,
    /// The document's operationId.
    pub operation_id: String,
    /// HTTP method in upper case.
    pub http_method: String,
    /// Path template as in the document, e.g. `/connections/{connection_name}`.
    pub path: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub status: Option<String>,
    pub area: String,
    /// Path and required query parameters, in document order: method arguments.
    pub required_params: Vec<Param>,
    /// Optional query parameters: builder setters.
    pub optional_params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseShape,
    /// Name of the request builder type the method returns.
    pub builder_name: String,
    /// Name of the struct the method takes its required parameters in, by name, when two
    /// adjacent required arguments would have the same type (and could be swapped silently).
    pub params_struct: Option<String>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
}

/// A path or query parameter.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The type is a generated string enum: taken as `impl Into<Enum>` and sent as its value.
    pub is_enum: bool,
}

/// How a request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Text,
    Form,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    pub ty: TypeRef,
    pub encoding: BodyEncoding,
    pub required: bool,
    pub doc: Option<String>,
}

/// What one successful response carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// No body (204, or no content declared).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body.
    Text,
    /// A binary body (images, pdf).
    Bytes,
    /// Several media types: text or bytes, decided by the answer's `Content-Type`.
    Content,
}

/// The Rust shape of an operation's successful results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseShape {
    /// One payload for every 2xx.
    Single(Payload),
    /// A payload for some 2xx and no body for others: `Option<T>`.
    Optional(Payload),
    /// Different payloads by status: a generated enum named `name`.
    ByStatus {
        name: String,
        variants: Vec<(u16, Payload)>,
    },
}

impl ResponseShape {
    /// Every payload a successful answer may carry.
    pub fn payloads(&self) -> Vec<&Payload> {
        match self {
            ResponseShape::Single(p) | ResponseShape::Optional(p) => vec![p],
            ResponseShape::ByStatus { variants, .. } => variants.iter().map(|(_, p)| p).collect(),
        }
    }
}

/// Builds the model from a parsed and repaired document.
pub fn build(doc: &openapiv3::OpenAPI, diagnostics: Vec<Diagnostic>) -> Result<Api, CodegenError> {
    let mut ctx = resolve::Context::new(doc, diagnostics);
    let mut builder = schemas::TypeBuilder::new(&mut ctx);
    schemas::build_components(&mut builder)?;
    schemas::check_alias_cycles(&builder.types)?;
    let mut operations = operations::build_operations(&mut builder)?;
    let mut types = builder.types;
    schemas::mark_recursive_fields(&mut types);
    write_types::derive_write_types(&mut types, &mut operations, &mut ctx)?;
    usage::assign(&mut types, &operations);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let areas = doc
        .tags
        .iter()
        .map(|tag| {
            let area = AreaDoc {
                name: tag.name.clone(),
                description: tag.description.clone().filter(|d| !d.trim().is_empty()),
            };
            (names::area_module(&tag.name), area)
        })
        .collect();
    let base_path = doc
        .servers
        .first()
        .and_then(|s| base_path_of(&s.url))
        .unwrap_or_else(|| "/api/4.0".to_owned());
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        release: doc
            .info
            .extensions
            .get("x-looker-release-version")
            .and_then(|value| value.as_str())
            .map(str::to_owned),
        base_path,
        types,
        operations,
        areas,
        diagnostics: ctx.diagnostics,
    })
}

/// The path part of a server URL (`https://host:1/api/4.0` -> `/api/4.0`).
fn base_path_of(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map(|i| &after_scheme[i..])?;
    Some(path.trim_end_matches('/').to_owned()).filter(|p| !p.is_empty())
}
