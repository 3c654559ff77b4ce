//! Responses: the `schema` of each becomes one content entry per media type it produces.

use super::Context;
use crate::error::{pointer_push, CodegenError};
use crate::normalize::Repair;
use serde_json::{Map, Value};

impl Context {
    /// `responses`: each response, or the shared one its `$ref` (`#/responses/X`) names.
    pub(super) fn responses(
        &mut self,
        value: Value,
        produces: &[String],
        at: &str,
    ) -> Result<Value, CodegenError> {
        let Value::Object(responses) = value else {
            return Err(CodegenError::invalid(at, "must be an object"));
        };
        let mut out = Map::with_capacity(responses.len());
        for (code, response) in responses {
            let mut response_at = pointer_push(at, &code);
            if code.starts_with("x-") {
                out.insert(code, response);
                continue;
            }
            let Value::Object(mut response) = response else {
                return Err(CodegenError::invalid(response_at, "must be an object"));
            };
            if let Some(target) = response.get("$ref") {
                let name = target.as_str().and_then(|t| t.strip_prefix("#/responses/"));
                match name.and_then(|name| Some((name, self.responses.get(name)?))) {
                    Some((name, Value::Object(shared))) => {
                        response_at = pointer_push("/responses", name);
                        response = shared.clone();
                    }
                    _ => {
                        return Err(CodegenError::invalid(
                            pointer_push(&response_at, "$ref"),
                            format!("{target} names no response in `/responses`"),
                        ))
                    }
                }
            }
            out.insert(code, self.response(response, produces, &response_at)?);
        }
        Ok(Value::Object(out))
    }

    /// A response: its `schema` becomes one content entry per media type it produces.
    fn response(
        &mut self,
        response: Map<String, Value>,
        produces: &[String],
        at: &str,
    ) -> Result<Value, CodegenError> {
        let mut out = Map::with_capacity(response.len());
        for (key, value) in response {
            let child = pointer_push(at, &key);
            match key.as_str() {
                "description" => {
                    out.insert(key, value);
                }
                "schema" => {
                    let schema = self.schema(value, &child, 0)?;
                    let media = self.media_or_json(produces, at, "produces");
                    out.insert("content".to_owned(), content(&media, &schema));
                }
                "headers" => {
                    let Value::Object(headers) = value else {
                        return Err(CodegenError::invalid(child, "must be an object"));
                    };
                    let mut converted = Map::with_capacity(headers.len());
                    for (name, header) in headers {
                        let header_at = pointer_push(&child, &name);
                        converted.insert(name, self.header(header, &header_at)?);
                    }
                    out.insert(key, Value::Object(converted));
                }
                "examples" => self.note(
                    &child,
                    Repair::ResponseExamplesDropped,
                    "the examples of a response dropped".to_owned(),
                ),
                _ if key.starts_with("x-") => {
                    out.insert(key, value);
                }
                _ => {
                    return Err(CodegenError::invalid(
                        child,
                        format!("`{key}` is not a Swagger 2.0 response field"),
                    ))
                }
            }
        }
        Ok(Value::Object(out))
    }

    /// A response header: its type and constraints go to its `schema`.
    fn header(&mut self, value: Value, at: &str) -> Result<Value, CodegenError> {
        let Value::Object(header) = value else {
            return Err(CodegenError::invalid(at, "a header must be an object"));
        };
        let mut out = Map::new();
        let mut schema = Map::new();
        for (key, value) in header {
            if key == "description" || key.starts_with("x-") {
                out.insert(key, value);
            } else if key != "collectionFormat" {
                schema.insert(key, value);
            }
        }
        out.insert(
            "schema".to_owned(),
            self.schema(Value::Object(schema), at, 0)?,
        );
        Ok(Value::Object(out))
    }
}

/// `{media: {schema}}` for each media type.
pub(super) fn content(media: &[String], schema: &Value) -> Value {
    let entry = |m: &String| {
        let schema = Map::from_iter([("schema".to_owned(), schema.clone())]);
        (m.clone(), Value::Object(schema))
    };
    Value::Object(media.iter().map(entry).collect())
}
