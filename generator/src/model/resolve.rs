//! `$ref` resolution and the state shared by the model builders.

use super::names::{self, Ident, UniqueNames};
use super::{Options, TypeId};
use crate::error::{pointer_push, CodegenError};
use crate::normalize::{Diagnostic, Repair};
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// How deep `$ref` chains (a ref to a ref to ...) may go before they count as a cycle.
const MAX_REF_CHAIN: usize = 64;

/// State shared while building the model.
pub struct Context<'a> {
    pub doc: &'a OpenAPI,
    pub diagnostics: Vec<Diagnostic>,
    /// The id of every component schema, by schema name: component `i` (in document order)
    /// is `TypeId(i)`.
    pub schema_ids: BTreeMap<String, TypeId>,
    /// The Rust name of every component schema, by id.
    pub component_names: Vec<Ident>,
    /// All type names handed out so far.
    pub type_names: UniqueNames,
    pub options: &'a Options,
}

impl<'a> Context<'a> {
    /// Names every component schema up front, in document order, so references resolve.
    pub fn new(doc: &'a OpenAPI, diagnostics: Vec<Diagnostic>, options: &'a Options) -> Self {
        let mut type_names = UniqueNames::default();
        let mut schema_ids = BTreeMap::new();
        let mut component_names = Vec::new();
        if let Some(components) = &doc.components {
            for (index, name) in components.schemas.keys().enumerate() {
                component_names.push(type_names.claim(names::type_name(name)));
                schema_ids.insert(name.clone(), TypeId(index));
            }
        }
        Context {
            doc,
            diagnostics,
            schema_ids,
            component_names,
            type_names,
            options,
        }
    }

    /// The type a schema reference points to.
    pub fn schema_ref(&self, reference: &str, pointer: &str) -> Result<TypeId, CodegenError> {
        let name = component_name(reference, "schemas", pointer)?;
        self.schema_ids.get(name.as_ref()).copied().ok_or_else(|| {
            CodegenError::invalid(pointer, format!("`$ref: {reference}` points to no schema"))
        })
    }

    /// Resolves a parameter (inline or `#/components/parameters/...`).
    pub fn parameter(
        &self,
        item: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<&'a Parameter, CodegenError> {
        let map = self.doc.components.as_ref().map(|c| &c.parameters);
        follow(item, pointer, "parameters", |name| {
            map.and_then(|m| m.get(name))
        })
    }

    /// Resolves a request body (inline or `#/components/requestBodies/...`).
    pub fn request_body(
        &self,
        item: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<&'a RequestBody, CodegenError> {
        let map = self.doc.components.as_ref().map(|c| &c.request_bodies);
        follow(item, pointer, "requestBodies", |name| {
            map.and_then(|m| m.get(name))
        })
    }

    /// Resolves a response (inline or `#/components/responses/...`).
    pub fn response(
        &self,
        item: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Result<&'a Response, CodegenError> {
        let map = self.doc.components.as_ref().map(|c| &c.responses);
        follow(item, pointer, "responses", |name| {
            map.and_then(|m| m.get(name))
        })
    }

    /// Records a decision or repair worth reporting.
    pub fn note(&mut self, pointer: impl Into<String>, repair: Repair, message: String) {
        self.diagnostics.push(Diagnostic {
            pointer: pointer.into(),
            repair,
            message,
        });
    }
}

/// Anything that may be a `$ref`: unboxed and boxed items alike.
pub trait Referable<T> {
    fn as_ref_or(&self) -> Result<&T, &str>;
}

impl<T> Referable<T> for ReferenceOr<T> {
    fn as_ref_or(&self) -> Result<&T, &str> {
        match self {
            ReferenceOr::Item(item) => Ok(item),
            ReferenceOr::Reference { reference } => Err(reference),
        }
    }
}

impl<T> Referable<T> for ReferenceOr<Box<T>> {
    fn as_ref_or(&self) -> Result<&T, &str> {
        match self {
            ReferenceOr::Item(item) => Ok(item),
            ReferenceOr::Reference { reference } => Err(reference),
        }
    }
}

fn follow<'a, T, R: Referable<T> + 'a>(
    item: &'a R,
    pointer: &str,
    section: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Result<&'a T, CodegenError> {
    let mut current: &'a dyn Referable<T> = item;
    for _ in 0..MAX_REF_CHAIN {
        match current.as_ref_or() {
            Ok(found) => return Ok(found),
            Err(reference) => {
                let name = component_name(reference, section, pointer)?;
                current = lookup(&name).ok_or_else(|| {
                    CodegenError::invalid(
                        pointer,
                        format!("`$ref: {reference}` points to nothing in the document"),
                    )
                })?;
            }
        }
    }
    Err(CodegenError::invalid(
        pointer,
        format!("`$ref` chain longer than {MAX_REF_CHAIN} links (a reference cycle)"),
    ))
}

/// The component name of a local reference `#/components/<section>/<name>`, unescaped
/// (`~1` is `/`, `~0` is `~`).
fn component_name<'r>(
    reference: &'r str,
    section: &str,
    pointer: &str,
) -> Result<Cow<'r, str>, CodegenError> {
    let at = pointer_push(pointer, "$ref");
    let Some(local) = reference.strip_prefix('#') else {
        return Err(CodegenError::invalid(
            at,
            format!("external reference `{reference}` is not supported: bundle the document first"),
        ));
    };
    let prefix = format!("/components/{section}/");
    local
        .strip_prefix(prefix.as_str())
        .filter(|name| !name.is_empty() && !name.contains('/'))
        .map(|name| {
            if name.contains('~') {
                Cow::Owned(name.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(name)
            }
        })
        .ok_or_else(|| {
            CodegenError::invalid(
                at,
                format!("`{reference}` is not a reference to #/components/{section}/<name>"),
            )
        })
}
