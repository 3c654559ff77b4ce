//! Step 3 of the pipeline: the intermediate model. It already speaks Rust: every type and
//! operation carries its final Rust name, Write types are derived and collisions resolved, so
//! that emitting is rendering only.

mod names;
mod operations;
mod paging;
mod resolve;
mod schemas;
mod tasks;
mod usage;
mod write_types;

pub use names::{area_module, status_variant, Ident, SHARED_MODULE};
pub use paging::{paging, PageStyle};
pub use tasks::TaskFamily;

use crate::error::CodegenError;
use crate::normalize::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};

/// Choices a user makes about the model: which schemas are existing Rust types, which
/// operations the runtime does itself.
#[derive(Clone, Debug)]
pub struct Options {
    /// Schema name -> Rust path of the existing type that stands for it (prost's
    /// `extern_path`): not generated, referred to by that path.
    pub extern_types: BTreeMap<String, String>,
    /// `operationId`s not generated as methods: the runtime performs them.
    pub runtime_owned: BTreeSet<String>,
}

impl Default for Options {
    /// What the runtime (`looker-sdk-rtl`) owns: the login session (`login`, `logout`,
    /// `login_user`, and their answer `AccessToken`) and the details of a 422 answer
    /// (`Error::validation_errors` gives them as `ValidationErrorDetail`, the type models use
    /// too).
    fn default() -> Self {
        Options {
            extern_types: ["AccessToken", "ValidationErrorDetail"]
                .map(|schema| (schema.to_owned(), format!("{RUNTIME}::{schema}")))
                .into_iter()
                .collect(),
            runtime_owned: ["login", "logout", "login_user"]
                .map(str::to_owned)
                .into_iter()
                .collect(),
        }
    }
}

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
    /// Types sorted by Rust name; a [`TypeId`] is an index into it.
    pub types: Vec<TypeDef>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
    /// Each area's (Looker tag's) name and description, by area module name.
    pub areas: BTreeMap<Ident, AreaDoc>,
    /// Repairs and decisions worth reporting.
    pub diagnostics: Vec<Diagnostic>,
}

impl Api {
    /// The API areas of the operations, sorted and without repeats.
    pub fn areas(&self) -> BTreeSet<&Ident> {
        self.operations.iter().map(|op| &op.area).collect()
    }
}

/// A generated type: its index in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) usize);

impl TypeId {
    /// The index of the type in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
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
    /// A generated type.
    Named(TypeId),
    Vec(Box<TypeRef>),
    /// A JSON object with string keys (`additionalProperties`).
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The generated type this refers to, also inside a `Vec` or map.
    pub fn inner_named(&self) -> Option<TypeId> {
        let mut ty = self;
        loop {
            match ty {
                TypeRef::Named(id) => return Some(*id),
                TypeRef::Vec(inner) | TypeRef::Map(inner) => ty = inner,
                _ => return None,
            }
        }
    }

    /// Replaces the generated type this refers to, also inside a `Vec` or map.
    fn map_id(&mut self, f: &impl Fn(TypeId) -> TypeId) {
        let mut ty = self;
        loop {
            match ty {
                TypeRef::Named(id) => {
                    *id = f(*id);
                    return;
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) => ty = inner,
                _ => return,
            }
        }
    }
}

/// The file (module) a generated type is written in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// The file of the one API area whose operations use the type.
    Area(Ident),
    /// The file of types used by several areas or by none.
    Shared,
}

/// The runtime crate generated code builds on, by absolute path: `looker-sdk-rtl`, which the
/// SDK and a crate of a user's own both depend on. Generated code names it only through this.
pub const RUNTIME: &str = "::looker_sdk_rtl";

/// An HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method a path item may hold, in the order OpenAPI lists them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method's key in an OpenAPI path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method as a request line spells it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The method of an OpenAPI path item key (`get`), if it is one.
    pub fn from_key(key: &str) -> Option<Self> {
        HttpMethod::ALL
            .into_iter()
            .find(|method| method.key() == key)
    }
}

/// A path template parsed once: literal text and placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as the document writes it, e.g. `/connections/{connection_name}`.
    pub text: String,
    /// The template in order: literal text, and placeholders by their index in
    /// [`Operation::required_params`] (always a path parameter).
    pub parts: Vec<PathPart>,
}

/// A piece of a [`PathTemplate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// The required parameter at this index.
    Param(usize),
}

/// One generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Final Rust name.
    pub name: Ident,
    /// The schema name in the document, or where an inline type came from.
    pub source: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// `x-looker-status` when not `stable` (beta, alpha, ...).
    pub status: Option<String>,
    /// The file that holds this type.
    pub placement: Placement,
    /// The areas whose operations use this type: it is compiled when one of their features is
    /// on. Empty for types compiled whatever the features (used by no operation, or contained
    /// in such a type).
    pub areas: BTreeSet<Ident>,
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
    /// An existing Rust type, by its path (see [`Options::extern_types`]): not generated,
    /// re-exported under its model name.
    Extern(String),
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Rust field name (snake case, keyword-safe).
    pub name: Ident,
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
    pub name: Ident,
    pub value: String,
}

/// One API operation (one SDK method).
#[derive(Clone, Debug)]
pub struct Operation {
    /// Method name (the `operationId`, snake case).
    pub name: Ident,
    /// The document's operationId.
    pub operation_id: String,
    pub http_method: HttpMethod,
    /// The path template, parsed and checked against the path parameters.
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub status: Option<String>,
    /// The API area: module and Cargo feature of the operation's first Looker tag.
    pub area: Ident,
    /// Path and required query parameters, in document order: method arguments.
    pub required_params: Vec<Param>,
    /// Optional query parameters: builder setters.
    pub optional_params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseShape,
    /// Name of the request builder type the method returns.
    pub builder_name: Ident,
    /// Name of the struct the method takes its required parameters in, by name, when two
    /// adjacent required arguments would have the same type (and could be swapped silently).
    pub params_struct: Option<Ident>,
    /// The long-running work the operation starts, when the SDK awaits it in one call.
    pub task: Option<TaskFamily>,
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
    pub name: Ident,
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
        name: Ident,
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

    fn payloads_mut(&mut self) -> Vec<&mut Payload> {
        match self {
            ResponseShape::Single(p) | ResponseShape::Optional(p) => vec![p],
            ResponseShape::ByStatus { variants, .. } => {
                variants.iter_mut().map(|(_, p)| p).collect()
            }
        }
    }
}

impl Operation {
    /// Every type reference of the operation: parameters, body, then response payloads.
    fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut refs: Vec<&mut TypeRef> = self
            .required_params
            .iter_mut()
            .chain(&mut self.optional_params)
            .map(|p| &mut p.ty)
            .collect();
        refs.extend(self.body.as_mut().map(|b| &mut b.ty));
        refs.extend(
            self.response
                .payloads_mut()
                .into_iter()
                .filter_map(|p| match p {
                    Payload::Json(ty) => Some(ty),
                    _ => None,
                }),
        );
        refs
    }
}

impl TypeDef {
    /// Every type reference of the type: its fields' types or its alias target.
    fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match &mut self.kind {
            TypeKind::Struct(fields) => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Enum(_) | TypeKind::Extern(_) => Vec::new(),
        }
    }
}

/// Builds the model from a parsed and repaired document.
pub fn build(
    doc: &openapiv3::OpenAPI,
    diagnostics: Vec<Diagnostic>,
    options: &Options,
) -> Result<Api, CodegenError> {
    let mut ctx = resolve::Context::new(doc, diagnostics, options);
    let mut builder = schemas::TypeBuilder::new(&mut ctx);
    schemas::build_components(&mut builder)?;
    let mut operations = operations::build_operations(&mut builder)?;
    tasks::mark(&mut operations);
    let mut types = builder.finish()?;
    schemas::check_alias_cycles(&types)?;
    schemas::mark_recursive_fields(&mut types);
    write_types::derive_write_types(&mut types, &mut operations, &mut ctx);
    usage::assign(&mut types, &operations);
    let types = sorted_by_name(types, &mut operations);
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

/// `types` sorted by Rust name, every [`TypeId`] in them and in `operations` renumbered.
fn sorted_by_name(types: Vec<TypeDef>, operations: &mut [Operation]) -> Vec<TypeDef> {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|a, b| types[*a].name.cmp(&types[*b].name));
    let mut new_index = vec![0; types.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let renumber = |id: TypeId| TypeId(new_index[id.0]);
    let mut slots: Vec<Option<TypeDef>> = types.into_iter().map(Some).collect();
    let mut sorted: Vec<TypeDef> = order.iter().filter_map(|old| slots[*old].take()).collect();
    for ty in sorted.iter_mut().flat_map(TypeDef::type_refs_mut) {
        ty.map_id(&renumber);
    }
    for ty in operations.iter_mut().flat_map(Operation::type_refs_mut) {
        ty.map_id(&renumber);
    }
    sorted
}

/// The path part of a server URL (`https://host:1/api/4.0` -> `/api/4.0`).
fn base_path_of(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map(|i| &after_scheme[i..])?;
    Some(path.trim_end_matches('/').to_owned()).filter(|p| !p.is_empty())
}
