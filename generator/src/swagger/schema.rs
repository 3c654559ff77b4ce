//! Schemas: `#/definitions/` references, the siblings OpenAPI 3.0 ignores beside a `$ref`, and
//! Looker's `x-looker-nullable`/`x-looker-values`, the way Looker's OpenAPI documents have them.

use super::Context;
use crate::error::{pointer_push, CodegenError};
use crate::normalize::{Repair, MAX_DEPTH};
use serde_json::{Map, Value};

/// The prefix of a reference to a Swagger definition, and what it becomes.
const DEFINITIONS: &str = "#/definitions/";
const SCHEMAS: &str = "#/components/schemas/";

impl Context {
    /// Converts the schema `value` found at `at`, `depth` levels below its root.
    pub(super) fn schema(
        &mut self,
        value: Value,
        at: &str,
        depth: usize,
    ) -> Result<Value, CodegenError> {
        if depth > MAX_DEPTH {
            return Err(CodegenError::invalid(
                at,
                format!("nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let Value::Object(map) = value else {
            return Err(CodegenError::invalid(at, "a schema must be an object"));
        };
        if map.contains_key("$ref") {
            return self.reference(map, at);
        }
        let mut out = Map::with_capacity(map.len());
        let has_enum = map.contains_key("enum");
        for (key, value) in map {
            match key.as_str() {
                "x-looker-nullable" => {
                    out.insert("nullable".to_owned(), value);
                }
                "x-looker-values" if !has_enum => {
                    out.insert("enum".to_owned(), value);
                }
                "properties" => {
                    let child = pointer_push(at, &key);
                    let Value::Object(properties) = value else {
                        return Err(CodegenError::invalid(
                            child,
                            "`properties` must be an object",
                        ));
                    };
                    let mut converted = Map::with_capacity(properties.len());
                    for (name, property) in properties {
                        let at = pointer_push(&child, &name);
                        converted.insert(name, self.schema(property, &at, depth + 1)?);
                    }
                    out.insert(key, Value::Object(converted));
                }
                "items" | "not" => {
                    let child = pointer_push(at, &key);
                    out.insert(key, self.schema(value, &child, depth + 1)?);
                }
                "additionalProperties" if !value.is_boolean() => {
                    let child = pointer_push(at, &key);
                    out.insert(key, self.schema(value, &child, depth + 1)?);
                }
                "allOf" => {
                    let child = pointer_push(at, &key);
                    let Value::Array(parts) = value else {
                        return Err(CodegenError::invalid(child, "`allOf` must be a list"));
                    };
                    let mut converted = Vec::with_capacity(parts.len());
                    for (index, part) in parts.into_iter().enumerate() {
                        let at = pointer_push(&child, &index.to_string());
                        converted.push(self.schema(part, &at, depth + 1)?);
                    }
                    out.insert(key, Value::Array(converted));
                }
                "discriminator" => {
                    let Value::String(name) = value else {
                        return Err(CodegenError::invalid(
                            pointer_push(at, &key),
                            "a Swagger 2.0 `discriminator` is a property name",
                        ));
                    };
                    let discriminator = Map::from_iter([("propertyName".to_owned(), name.into())]);
                    out.insert(key, Value::Object(discriminator));
                }
                "type" if value == "file" => {
                    out.insert(key, "string".into());
                    out.insert("format".to_owned(), "binary".into());
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        Ok(Value::Object(out))
    }

    /// `{"$ref": "#/definitions/X", ...}` becomes `{"$ref": "#/components/schemas/X"}`: OpenAPI
    /// 3.0 ignores the siblings of a `$ref`, and Looker's OpenAPI documents drop them.
    fn reference(&mut self, map: Map<String, Value>, at: &str) -> Result<Value, CodegenError> {
        let target = match map.get("$ref") {
            Some(Value::String(target)) => target,
            _ => {
                return Err(CodegenError::invalid(
                    pointer_push(at, "$ref"),
                    "`$ref` must be a string",
                ))
            }
        };
        let Some(name) = target.strip_prefix(DEFINITIONS) else {
            return Err(CodegenError::invalid(
                pointer_push(at, "$ref"),
                format!("reference `{target}` is not to `{DEFINITIONS}...`"),
            ));
        };
        let reference = Value::String(format!("{SCHEMAS}{name}"));
        if map.len() > 1 {
            let dropped: Vec<String> = map
                .keys()
                .filter(|key| *key != "$ref")
                .map(|key| format!("`{key}`"))
                .collect();
            self.note(
                at,
                Repair::RefSiblingDropped,
                format!(
                    "{} beside `$ref` dropped (OpenAPI 3.0 ignores them; so does Looker's OpenAPI document)",
                    dropped.join(", ")
                ),
            );
        }
        Ok(Value::Object(Map::from_iter([(
            "$ref".to_owned(),
            reference,
        )])))
    }
}
