//! Step 2 of the pipeline: repair the known deviations of real Looker documents on the JSON
//! value, report each repair with its JSON pointer, then deserialize into `openapiv3::OpenAPI`.

use crate::error::{pointer_push, CodegenError};
use serde_json::{Map, Value};
use std::fmt;

/// The deepest nesting a document may have; deeper ones are rejected, never recursed into.
pub const MAX_DEPTH: usize = 256;

/// One repair made to the document, at the place it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the repaired object.
    pub pointer: String,
    /// The name of the repair (one per kind of deviation).
    pub repair: &'static str,
    /// What was found and what was done.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.repair, self.pointer, self.message)
    }
}

/// Repairs `document` in place and returns what was repaired, in document order.
pub fn repair(document: &mut Value) -> Result<Vec<Diagnostic>, CodegenError> {
    let mut diagnostics = Vec::new();
    walk(document, &mut Vec::new(), &mut diagnostics)?;
    Ok(diagnostics)
}

/// Deserializes a repaired document; a mismatch is reported with its JSON pointer.
pub fn into_openapi(document: Value) -> Result<openapiv3::OpenAPI, CodegenError> {
    match document.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0") => {}
        Some(version) => {
            return Err(CodegenError::invalid(
                "/openapi",
                format!("OpenAPI version {version} is not supported (3.0.x is)"),
            ))
        }
        None => {
            return Err(CodegenError::invalid(
                "/openapi",
                "missing `openapi: 3.0.x`: not an OpenAPI 3.0 document",
            ))
        }
    }
    serde_path_to_error::deserialize(document).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        CodegenError::invalid(pointer, err.into_inner().to_string())
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

fn pointer_of(path: &[String]) -> String {
    path.iter().fold(String::new(), |p, t| pointer_push(&p, t))
}

fn walk(
    value: &mut Value,
    path: &mut Vec<String>,
    out: &mut Vec<Diagnostic>,
) -> Result<(), CodegenError> {
    if path.len() > MAX_DEPTH {
        return Err(CodegenError::invalid(
            pointer_of(path),
            format!("nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    match value {
        Value::Object(map) => {
            repair_object(map, path, out);
            for (key, child) in map.iter_mut() {
                path.push(key.clone());
                walk(child, path, out)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                walk(child, path, out)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

fn repair_object(map: &mut Map<String, Value>, path: &[String], out: &mut Vec<Diagnostic>) {
    let mut note = |repair: &'static str, message: String| {
        out.push(Diagnostic {
            pointer: pointer_of(path),
            repair,
            message,
        })
    };
    if map.get("description").is_some_and(Value::is_null) {
        map.insert("description".to_owned(), Value::String(String::new()));
        note(
            "null-description",
            "`description: null` read as an empty description".into(),
        );
    }
    let is_any = |v: Option<&Value>| v.and_then(Value::as_str) == Some("any");
    if is_any(map.get("type")) || (is_any(map.get("format")) && map.get("type").is_some()) {
        map.remove("type");
        map.remove("format");
        note(
            "type-any",
            "non-standard `type: any`/`format: any` read as any JSON value".into(),
        );
    }
    if map.get("type").and_then(Value::as_str) == Some("array") && map.contains_key("enum") {
        if let (Some(values), Some(Value::Object(items))) =
            (map.remove("enum"), map.get_mut("items"))
        {
            items.entry("enum").or_insert(values);
            note(
                "enum-on-array",
                "`enum` of an array moved to its `items`".into(),
            );
        }
    }
    if map.get("in").and_then(Value::as_str) == Some("query")
        && map.get("style").and_then(Value::as_str) == Some("simple")
    {
        map.insert("style".to_owned(), Value::String("form".to_owned()));
        map.insert("explode".to_owned(), Value::Bool(false));
        note(
            "query-style-simple",
            "query parameter `style: simple` read as `style: form, explode: false` (comma-delimited)".into(),
        );
    }
    if map
        .remove("x-looker-deprecated")
        .is_some_and(|v| v == Value::Bool(true))
    {
        map.insert("deprecated".to_owned(), Value::Bool(true));
        note(
            "x-looker-deprecated",
            "`x-looker-deprecated: true` read as `deprecated: true`".into(),
        );
    }
    if path.last().map(String::as_str) == Some("content") {
        if let Some(text) = map.remove("text") {
            if map.contains_key("text/plain") {
                note(
                    "media-type-text",
                    "media type `text` dropped beside `text/plain`".into(),
                );
            } else {
                map.insert("text/plain".to_owned(), text);
                note(
                    "media-type-text",
                    "media type `text` read as `text/plain`".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repairs_each_known_deviation_with_its_pointer() {
        let mut doc = json!({
            "paths": {"/a/{b}": {"get": {
                "parameters": [{"name": "ids", "in": "query", "style": "simple", "explode": false,
                                "schema": {"type": "array", "items": {"type": "string"}, "enum": ["x"]}}],
                "responses": {"200": {"description": null, "content": {"text": {"schema": {"type": "any"}}}}}
            }}}
        });
        let diags = repair(&mut doc).unwrap();
        let names: Vec<_> = diags
            .iter()
            .map(|d| (d.repair, d.pointer.as_str()))
            .collect();
        assert!(names.contains(&("query-style-simple", "/paths/~1a~1{b}/get/parameters/0")));
        assert!(names.contains(&("enum-on-array", "/paths/~1a~1{b}/get/parameters/0/schema")));
        assert!(names.contains(&("null-description", "/paths/~1a~1{b}/get/responses/200")));
        assert!(names.contains(&(
            "media-type-text",
            "/paths/~1a~1{b}/get/responses/200/content"
        )));
        assert_eq!(
            doc["paths"]["/a/{b}"]["get"]["parameters"][0]["schema"]["items"]["enum"],
            json!(["x"])
        );
        assert!(
            doc["paths"]["/a/{b}"]["get"]["responses"]["200"]["content"]["text/plain"]["schema"]
                .get("type")
                .is_none()
        );
    }

    #[test]
    fn absurd_nesting_is_an_error_not_a_stack_overflow() {
        let mut doc = json!({});
        for _ in 0..(MAX_DEPTH + 5) {
            doc = json!({ "a": doc });
        }
        let err = repair(&mut doc).unwrap_err();
        assert!(err.to_string().contains("nested deeper"), "{err}");
    }

    #[test]
    fn type_mismatch_is_reported_with_pointer() {
        let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                         "paths": {"/x": {"get": {"responses": {"200": {"description": 5}}}}}});
        let err = into_openapi(doc).unwrap_err();
        assert!(
            err.to_string().contains("/paths/~1x/get/responses/200"),
            "{err}"
        );
    }

    #[test]
    fn swagger_2_is_rejected_at_openapi() {
        let err = into_openapi(json!({"swagger": "2.0"})).unwrap_err();
        assert!(err.to_string().contains("/openapi"), "{err}");
    }
}
