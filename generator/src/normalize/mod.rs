//! Step 3 of the pipeline (after loading and the Swagger 2.0 conversion): repair the known
//! deviations of real Looker documents on the JSON value, report each repair with its JSON
//! pointer, then deserialize into `openapiv3::OpenAPI`.

mod repair;
mod result_format;

pub use repair::Repair;

use crate::error::{pointer_push, CodegenError};
use serde_json::{Map, Value};
use std::fmt;

/// The deepest nesting a document may have; deeper ones are rejected, never recursed into.
/// Real Looker documents nest 10 levels; odd but valid ones more (arrays of arrays 40 deep are
/// 80 levels). The pipeline runs on a thread whose stack holds this many (see `read_model`);
/// serde_json refuses deeper JSON anyway.
pub const MAX_DEPTH: usize = 128;

/// One repair made to the document, at the place it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// JSON pointer of the repaired object.
    pub pointer: String,
    /// The kind of repair (one per kind of deviation).
    pub repair: Repair,
    /// What was found and what was done.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.repair, self.pointer, self.message)
    }
}

/// Repairs `document` in place and returns what was repaired: the repairs of single places in
/// document order, then those of the whole document.
pub fn repair(document: &mut Value) -> Result<Vec<Diagnostic>, CodegenError> {
    let mut diagnostics = Vec::new();
    walk(document, &mut Vec::new(), &mut diagnostics)?;
    result_format::repair(document, &mut diagnostics);
    Ok(diagnostics)
}

/// Deserializes a repaired document; a mismatch is reported with its JSON pointer.
pub fn into_openapi(document: Value) -> Result<openapiv3::OpenAPI, CodegenError> {
    let found = match &document {
        Value::Object(_) => None,
        Value::Null => Some("empty"),
        Value::Array(_) => Some("a list"),
        Value::String(_) => Some("a string"),
        Value::Number(_) | Value::Bool(_) => Some("a scalar"),
    };
    if let Some(found) = found {
        return Err(CodegenError::invalid(
            "",
            format!("the document is {found}, not an OpenAPI object"),
        ));
    }
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
    check_skipped_keys(&document)?;
    // The plain deserializer is the fast path; the path-tracking one runs only to say where.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&document) {
        return Ok(openapi);
    }
    match serde_path_to_error::deserialize(&document) {
        Ok(openapi) => Ok(openapi),
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            let (pointer, message) = locate(&document, pointer, err.into_inner().to_string());
            Err(CodegenError::invalid(pointer, message))
        }
    }
}

/// openapiv3 silently skips a path that does not start with `/` and a response whose key is no
/// status code: the SDK would lack the endpoint or the answer without a word. Rejects them.
fn check_skipped_keys(document: &Value) -> Result<(), CodegenError> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let at = pointer_push("/paths", path);
        if !path.starts_with('/') {
            return Err(CodegenError::invalid(
                at,
                format!("path `{path}` does not start with `/`"),
            ));
        }
        for (method, operation) in item.as_object().into_iter().flatten() {
            if crate::model::HttpMethod::from_key(method).is_none() {
                continue;
            }
            let responses = operation.get("responses").and_then(Value::as_object);
            for code in responses.into_iter().flat_map(|r| r.keys()) {
                if !code.starts_with("x-") && !is_status(code) {
                    let responses_at = pointer_push(&pointer_push(&at, method), "responses");
                    return Err(CodegenError::invalid(
                        pointer_push(&responses_at, code),
                        format!("response key `{code}` is not a status code (`200`, `2XX`) or `default`"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The parts of a document below which serde loses track of where a mismatch is: openapiv3
/// reads paths, responses and schemas through `#[serde(flatten)]` and references through
/// untagged enums, so a mismatch deep inside is reported at `/paths` or `/components/...`.
#[derive(Clone, Copy)]
enum Part {
    PathItem,
    Response,
    Parameter,
    RequestBody,
    Schema,
}

/// Narrows a mismatch reported at `pointer` down to the deepest part below it that does not
/// deserialize on its own, and to the place inside that part.
fn locate(document: &Value, pointer: String, message: String) -> (String, String) {
    let Some(value) = document.pointer(&pointer) else {
        return (pointer, message);
    };
    let mut path: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let deeper = |found: &(String, String)| found.0.len() > pointer.len();
    let found = part_at(&path, value)
        .and_then(|part| mismatch(part, value, &pointer))
        .filter(deeper)
        .or_else(|| first_mismatch(value, &mut path).filter(deeper));
    match found {
        Some((deeper, message)) => locate(document, deeper, message),
        None => (pointer, message),
    }
}

/// The first part strictly below `value` (at `path`) that does not deserialize, in document
/// order: its pointer extended by where inside it serde stopped, and serde's message.
fn first_mismatch(value: &Value, path: &mut Vec<String>) -> Option<(String, String)> {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| {
                !key.starts_with("x-")
                    && !matches!(key.as_str(), "example" | "examples" | "default" | "enum")
            })
            .map(|(key, child)| (key.clone(), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, child)| (index.to_string(), child))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        path.push(key);
        let found = match part_at(path, child) {
            Some(part) => mismatch(part, child, &pointer_of(path)),
            None => first_mismatch(child, path),
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// What openapiv3 reads at `path`, where that is one of the parts it loses track in.
fn part_at(path: &[String], value: &Value) -> Option<Part> {
    let tokens: Vec<&str> = path.iter().map(String::as_str).collect();
    Some(match tokens.as_slice() {
        ["paths", template] if template.starts_with('/') => Part::PathItem,
        ["paths", _] => return None,
        ["paths", _, _, "responses", code] if is_status(code) => Part::Response,
        ["components", "responses", _] => Part::Response,
        ["paths", _, "parameters", _]
        | ["paths", _, _, "parameters", _]
        | ["components", "parameters", _] => Part::Parameter,
        ["paths", _, _, "requestBody"] | ["components", "requestBodies", _] => Part::RequestBody,
        ["components", "schemas", _]
        | [.., "schema" | "items" | "not"]
        | [.., "properties", _]
        | [.., "allOf" | "oneOf" | "anyOf", _] => Part::Schema,
        [.., "additionalProperties"] if value.is_object() => Part::Schema,
        _ => return None,
    })
}

/// Whether a key of `responses` is one openapiv3 reads (it skips the others).
fn is_status(key: &str) -> bool {
    key == "default" || serde_json::from_value::<openapiv3::StatusCode>(key.into()).is_ok()
}

/// Where and why `value`, read alone as `part`, does not deserialize; references are checked
/// when they are resolved.
fn mismatch(part: Part, value: &Value, pointer: &str) -> Option<(String, String)> {
    use serde_path_to_error::deserialize;
    if value.get("$ref").is_some_and(Value::is_string) {
        return None;
    }
    let describe = |at: &str, err: serde_path_to_error::Error<serde_json::Error>| {
        let inner = path_to_pointer(err.path());
        (format!("{at}{inner}"), err.into_inner().to_string())
    };
    let found = match part {
        Part::PathItem => deserialize::<_, openapiv3::PathItem>(value).err(),
        Part::Response => deserialize::<_, openapiv3::Response>(value).err(),
        Part::Parameter => deserialize::<_, openapiv3::Parameter>(value).err(),
        Part::RequestBody => deserialize::<_, openapiv3::RequestBody>(value).err(),
        Part::Schema => deserialize::<_, openapiv3::Schema>(value).err(),
    }
    .map(|err| describe(pointer, err))?;
    if let (Part::Schema, Value::Object(map), true) = (part, value, found.0 == pointer) {
        // Every field of a schema is optional: a field that does not deserialize alone is
        // where the flattened schema went wrong.
        for (key, child) in map {
            let alone = Value::Object(Map::from_iter([(key.clone(), child.clone())]));
            if let Err(err) = deserialize::<_, openapiv3::Schema>(&alone) {
                return Some(describe(&pointer_push(pointer, key), err));
            }
        }
    }
    Some(found)
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
    let mut note = |repair: Repair, message: String| {
        out.push(Diagnostic {
            pointer: pointer_of(path),
            repair,
            message,
        })
    };
    if map.get("description").is_some_and(Value::is_null) {
        map.insert("description".to_owned(), Value::String(String::new()));
        note(
            Repair::NullDescription,
            "`description: null` read as an empty description".into(),
        );
    }
    let is_any = |v: Option<&Value>| v.and_then(Value::as_str) == Some("any");
    if is_any(map.get("type")) || (is_any(map.get("format")) && map.get("type").is_some()) {
        map.remove("type");
        map.remove("format");
        note(
            Repair::TypeAny,
            "non-standard `type: any`/`format: any` read as any JSON value".into(),
        );
    }
    if map.get("type").and_then(Value::as_str) == Some("array") && map.contains_key("enum") {
        if let (Some(values), Some(Value::Object(items))) =
            (map.remove("enum"), map.get_mut("items"))
        {
            items.entry("enum").or_insert(values);
            note(
                Repair::EnumOnArray,
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
            Repair::QueryStyleSimple,
            "query parameter `style: simple` read as `style: form, explode: false` (comma-delimited)".into(),
        );
    }
    if map.contains_key("in") && map.contains_key("additionalProperties") {
        // Looker's OpenAPI documents (22.20 on) put a parameter's `additionalProperties` beside
        // its `schema`, where OpenAPI 3.0 ignores it; Looker means the schema's.
        let extra = map.remove("additionalProperties");
        if let (Some(extra), Some(Value::Object(schema))) = (extra, map.get_mut("schema")) {
            schema.entry("additionalProperties").or_insert(extra);
            note(
                Repair::ParameterAdditionalProperties,
                "a parameter's `additionalProperties` moved into its `schema`".into(),
            );
        }
    }
    if map
        .remove("x-looker-deprecated")
        .is_some_and(|v| v == Value::Bool(true))
    {
        map.insert("deprecated".to_owned(), Value::Bool(true));
        note(
            Repair::XLookerDeprecated,
            "`x-looker-deprecated: true` read as `deprecated: true`".into(),
        );
    }
    if path.last().map(String::as_str) == Some("content") {
        if let Some(text) = map.remove("text") {
            if map.contains_key("text/plain") {
                note(
                    Repair::MediaTypeText,
                    "media type `text` dropped beside `text/plain`".into(),
                );
            } else {
                map.insert("text/plain".to_owned(), text);
                note(
                    Repair::MediaTypeText,
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
                                "schema": {"type": "array", "items": {"type": "string"}, "enum": ["x"]}},
                               {"name": "filters", "in": "query", "additionalProperties": {"type": "string"},
                                "schema": {"type": "object"}}],
                "responses": {"200": {"description": null, "content": {"text": {"schema": {"type": "any"}}}}}
            }}}
        });
        let diags = repair(&mut doc).unwrap();
        let names: Vec<_> = diags
            .iter()
            .map(|d| (d.repair.as_str(), d.pointer.as_str()))
            .collect();
        assert!(names.contains(&("query-style-simple", "/paths/~1a~1{b}/get/parameters/0")));
        assert!(names.contains(&(
            "parameter-additional-properties",
            "/paths/~1a~1{b}/get/parameters/1"
        )));
        assert_eq!(
            doc["paths"]["/a/{b}"]["get"]["parameters"][1],
            json!({"name": "filters", "in": "query",
                   "schema": {"type": "object", "additionalProperties": {"type": "string"}}})
        );
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
    fn swagger_2_is_accepted_and_other_swagger_versions_rejected_with_a_pointer() {
        let swagger = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        let rendered = crate::render_str("a.json", swagger).unwrap();
        assert_eq!(rendered.diagnostics[0].repair, Repair::Swagger2Converted);
        let err = crate::render_str("a.json", r#"{"swagger": "1.2"}"#).unwrap_err();
        assert!(err.to_string().contains("/swagger"), "{err}");
        let err = into_openapi(json!({"swagger": "2.0"})).unwrap_err();
        assert!(err.to_string().contains("/openapi"), "{err}");
    }
}
