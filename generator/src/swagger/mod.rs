//! Step 1b of the pipeline, for Swagger 2.0 documents (what a Looker instance serves): converts
//! the JSON value to the OpenAPI 3.0 document Looker publishes beside it, before
//! [`normalize::repair`](crate::normalize::repair). Every repair is reported with its pointer in
//! the Swagger document.
//!
//! What Looker's own conversion does, read from the six released pairs and followed here:
//! `definitions` become `components/schemas` (and `#/definitions/X` `#/components/schemas/X`);
//! `host`, `basePath` and `schemes` one server; a `body` parameter the `requestBody` (its
//! description and `required`, one content entry per `consumes` media type); the `type`,
//! `format`, `items`, `enum` (...) of a parameter its `schema`; `collectionFormat` a style; a
//! response's `schema` one content entry per `produces` media type; `x-looker-nullable`
//! `nullable`; `x-looker-values` `enum`; the siblings of a `$ref` are dropped. Other `x-looker-*`
//! extensions stay where they are, as in Looker's OpenAPI documents.

mod operation;
mod response;
mod schema;
#[cfg(test)]
mod tests;

use crate::error::{pointer_push, CodegenError};
use crate::normalize::{Diagnostic, Repair};
use serde_json::{Map, Value};

/// Whether `document` declares itself a Swagger document: it has `swagger` at its root.
pub fn is_swagger(document: &Value) -> bool {
    document.get("swagger").is_some()
}

/// Converts a Swagger 2.0 document to OpenAPI 3.0 and returns it with the repairs made, the
/// first being `swagger-2-converted` at `/swagger`. Anything but `swagger: "2.0"` is an error.
pub fn convert(document: Value) -> Result<(Value, Vec<Diagnostic>), CodegenError> {
    let Value::Object(mut root) = document else {
        return Err(CodegenError::invalid("", "the document is not an object"));
    };
    match root.get("swagger") {
        Some(Value::String(version)) if version == "2.0" => {}
        Some(version) => {
            return Err(CodegenError::invalid(
                "/swagger",
                format!("Swagger version {version} is not supported (2.0 is)"),
            ))
        }
        None => {
            return Err(CodegenError::invalid(
                "/swagger",
                "missing `swagger: \"2.0\"`",
            ))
        }
    }
    let mut context = Context {
        consumes: media_types(root.get("consumes"), "/consumes")?,
        produces: media_types(root.get("produces"), "/produces")?,
        parameters: take_object(&mut root, "parameters", "")?,
        responses: take_object(&mut root, "responses", "")?,
        diagnostics: Vec::new(),
    };
    context.note(
        "/swagger",
        Repair::Swagger2Converted,
        "Swagger 2.0 read as its OpenAPI 3.0 equivalent".to_owned(),
    );
    let servers = servers(&root)?;
    let mut out = Map::new();
    out.insert("openapi".to_owned(), "3.0.0".into());
    let mut paths = Value::Object(Map::new());
    let mut schemas = Map::new();
    for (key, value) in root {
        match key.as_str() {
            "swagger" | "consumes" | "produces" | "host" | "basePath" | "schemes" => {}
            "info" | "tags" | "externalDocs" => {
                out.insert(key, value);
            }
            "paths" => paths = context.paths(value)?,
            "definitions" => {
                let Value::Object(definitions) = value else {
                    return Err(CodegenError::invalid("/definitions", "must be an object"));
                };
                for (name, definition) in definitions {
                    let at = pointer_push("/definitions", &name);
                    schemas.insert(name, context.schema(definition, &at, 0)?);
                }
            }
            "securityDefinitions" | "security" => context.note(
                &pointer_push("", &key),
                Repair::SwaggerSecurityDropped,
                format!("`{key}` dropped: the SDK authenticates on its own"),
            ),
            _ if key.starts_with("x-") => {
                out.insert(key, value);
            }
            _ => {
                return Err(CodegenError::invalid(
                    pointer_push("", &key),
                    format!("`{key}` is not a Swagger 2.0 field"),
                ))
            }
        }
    }
    out.insert("servers".to_owned(), servers);
    out.insert("paths".to_owned(), paths);
    let components = Map::from_iter([("schemas".to_owned(), Value::Object(schemas))]);
    out.insert("components".to_owned(), Value::Object(components));
    Ok((Value::Object(out), context.diagnostics))
}

/// What the conversion of one document needs beside the part it converts.
struct Context {
    /// The document's default `consumes` and `produces`.
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    /// The document's shared `parameters` and `responses`, inlined where they are referenced.
    parameters: Map<String, Value>,
    responses: Map<String, Value>,
    diagnostics: Vec<Diagnostic>,
}

impl Context {
    fn note(&mut self, pointer: &str, repair: Repair, message: String) {
        self.diagnostics.push(Diagnostic {
            pointer: pointer.to_owned(),
            repair,
            message,
        });
    }

    /// `paths`: each path item's operations, with the item's own parameters moved into each.
    fn paths(&mut self, value: Value) -> Result<Value, CodegenError> {
        let Value::Object(paths) = value else {
            return Err(CodegenError::invalid("/paths", "must be an object"));
        };
        let mut out = Map::with_capacity(paths.len());
        for (template, item) in paths {
            let at = pointer_push("/paths", &template);
            if template.starts_with("x-") {
                out.insert(template, item);
                continue;
            }
            let Value::Object(mut item) = item else {
                return Err(CodegenError::invalid(at, "a path item must be an object"));
            };
            let shared = match item.shift_remove("parameters") {
                None => Vec::new(),
                Some(Value::Array(list)) => {
                    let list_at = pointer_push(&at, "parameters");
                    (list.into_iter().enumerate())
                        .map(|(i, p)| (p, pointer_push(&list_at, &i.to_string())))
                        .collect()
                }
                Some(_) => {
                    return Err(CodegenError::invalid(
                        pointer_push(&at, "parameters"),
                        "must be a list",
                    ))
                }
            };
            let mut converted = Map::with_capacity(item.len());
            for (method, operation) in item {
                let op_at = pointer_push(&at, &method);
                match method.as_str() {
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                        let operation = self.operation(operation, &shared, &op_at)?;
                        converted.insert(method, operation);
                    }
                    _ if method.starts_with("x-") => {
                        converted.insert(method, operation);
                    }
                    _ => {
                        return Err(CodegenError::invalid(
                            op_at,
                            format!("`{method}` is not supported in a Swagger 2.0 path item"),
                        ))
                    }
                }
            }
            out.insert(template, Value::Object(converted));
        }
        Ok(Value::Object(out))
    }
}

/// `host`, `basePath` and `schemes` as OpenAPI 3.0 `servers`: `{scheme}://{host}{basePath}`
/// with the first scheme (`https` when none is given), or `basePath` alone without a host.
fn servers(root: &Map<String, Value>) -> Result<Value, CodegenError> {
    let text = |key: &str| match root.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(CodegenError::invalid(
            pointer_push("", key),
            "must be a string",
        )),
    };
    let base_path = text("basePath")?.unwrap_or("");
    let url = match text("host")? {
        Some(host) => {
            let scheme = match root.get("schemes") {
                None => "https",
                Some(Value::Array(schemes)) => match schemes.first() {
                    None => "https",
                    Some(Value::String(scheme)) => scheme.as_str(),
                    Some(_) => return Err(CodegenError::invalid("/schemes/0", "must be a string")),
                },
                Some(_) => return Err(CodegenError::invalid("/schemes", "must be a list")),
            };
            format!("{scheme}://{host}{base_path}")
        }
        None if base_path.is_empty() => "/".to_owned(),
        None => base_path.to_owned(),
    };
    let server = Map::from_iter([("url".to_owned(), Value::String(url))]);
    Ok(Value::Array(vec![Value::Object(server)]))
}

/// A `consumes` or `produces` list, `None` when absent.
fn media_types(value: Option<&Value>, at: &str) -> Result<Option<Vec<String>>, CodegenError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(CodegenError::invalid(at, "must be a list of media types"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Value::String(media) = item else {
            return Err(CodegenError::invalid(
                pointer_push(at, &index.to_string()),
                "a media type must be a string",
            ));
        };
        out.push(media.clone());
    }
    Ok(Some(out))
}

/// Removes `key` from `map` (at `at`), which must be an object when present.
fn take_object(
    map: &mut Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Map<String, Value>, CodegenError> {
    match map.shift_remove(key) {
        None => Ok(Map::new()),
        Some(Value::Object(object)) => Ok(object),
        Some(_) => Err(CodegenError::invalid(
            pointer_push(at, key),
            "must be an object",
        )),
    }
}
