//! A Looker repair of the whole document: the query runners' `result_format` path parameter
//! takes the formats the document lists for `CreateQueryTask.result_format`.

use super::{pointer_of, Diagnostic, Repair};
use serde_json::{json, Map, Value};

/// The repair in diagnostics.
const REPAIR: Repair = Repair::ResultFormatEnum;

/// Where the document lists the formats of a query result.
const FORMATS: &str = "/components/schemas/CreateQueryTask/properties/result_format";

/// The component schema the formats become.
const NAME: &str = "ResultFormat";

/// The description of that schema: the property's own speaks of async query tasks only.
const DESCRIPTION: &str = "The format of a query's results: what `run_inline_query`, \
                           `run_query`, `run_look` and `create_query_task` answer in.";

/// Makes the enum of `CreateQueryTask.result_format` the component schema `ResultFormat`,
/// referred to by that property and by the `result_format` path parameter of each operation
/// that runs a query (`operationId` `run_…`: `run_inline_query`, `run_query`, `run_look`, …),
/// which Looker types as a plain string although it takes the same values. The formats a
/// runner's description lists in its "Supported formats" table and the enum lacks (`png`,
/// `jpg` for images of the visualization) are added to it, so that the enum has every value an
/// operation taking it documents; other values still pass, kept in `Unknown`.
///
/// Does nothing when the document has no such enum, or already has a schema of that name.
pub(super) fn repair(document: &mut Value, out: &mut Vec<Diagnostic>) {
    let Some(formats) = document
        .pointer(FORMATS)
        .filter(|schema| schema.get("enum").is_some_and(Value::is_array))
        .cloned()
    else {
        return;
    };
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if schemas.contains_key(NAME) {
        return;
    }
    let mut enum_schema = formats.clone();
    if let Some(schema) = enum_schema.as_object_mut() {
        // What belongs to the property stays with it; the enum gets a description of its own.
        schema.remove("nullable");
        schema.remove("readOnly");
        schema.remove("writeOnly");
        schema.insert("description".to_owned(), json!(DESCRIPTION));
    }
    schemas.insert(NAME.to_owned(), enum_schema);
    let reference = json!({ "$ref": format!("#/components/schemas/{NAME}") });
    if let Some(property) = document.pointer_mut(FORMATS) {
        *property = property_referring_to(&formats, &reference);
    }
    out.push(Diagnostic {
        pointer: FORMATS.to_owned(),
        repair: REPAIR,
        message: format!("the enum of query result formats is the schema `{NAME}`"),
    });
    let mut listed: Vec<(String, String)> = Vec::new();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let operation_id = operation.get("operationId").and_then(Value::as_str);
            let Some(operation_id) = operation_id.filter(|id| id.starts_with("run_")) else {
                continue;
            };
            let operation_id = operation_id.to_owned();
            let description = operation.get("description").and_then(Value::as_str);
            let documented = description.map(documented_formats).unwrap_or_default();
            for format in documented {
                let at = pointer_of(&["paths", path, method, "description"].map(str::to_owned));
                listed.push((format, at));
            }
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for (index, parameter) in parameters.iter_mut().enumerate() {
                let Some(schema) = result_format_string(parameter) else {
                    continue;
                };
                *schema = reference.clone();
                let index = index.to_string();
                let at = ["paths", path, method, "parameters", &index, "schema"];
                out.push(Diagnostic {
                    pointer: pointer_of(&at.map(str::to_owned)),
                    repair: REPAIR,
                    message: format!(
                        "`result_format` of `{operation_id}`, a plain string, takes `{NAME}`"
                    ),
                });
            }
        }
    }
    add_documented(document, listed, out);
}

/// Adds to the enum of `ResultFormat` the `formats` (value, pointer of the description that
/// lists it) it lacks, each reported once.
fn add_documented(document: &mut Value, formats: Vec<(String, String)>, out: &mut Vec<Diagnostic>) {
    let Some(values) = document
        .pointer_mut(&format!("/components/schemas/{NAME}/enum"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for (format, at) in formats {
        if values
            .iter()
            .any(|value| value.as_str() == Some(format.as_str()))
        {
            continue;
        }
        values.push(json!(format));
        out.push(Diagnostic {
            pointer: at,
            repair: REPAIR,
            message: format!("`{format}`, which this description lists, is added to `{NAME}`"),
        });
    }
}

/// The values of the first column of the description's `| result_format | ... |` table.
fn documented_formats(description: &str) -> Vec<String> {
    let mut lines = description
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("| result_format"));
    // The header, then the alignment row.
    lines.next();
    lines.next();
    lines
        .map_while(|line| {
            let cell = line.trim().strip_prefix('|')?.split('|').next()?.trim();
            let is_value = !cell.is_empty()
                && cell
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            is_value.then(|| cell.to_owned())
        })
        .collect()
}

/// The property, now of the schema `reference` points to, keeping what it said of itself
/// (nullable, description, read- or write-only): a one-element `allOf`, since the siblings of
/// a `$ref` do not count in OpenAPI 3.0.
fn property_referring_to(property: &Value, reference: &Value) -> Value {
    let mut out = Map::new();
    out.insert("allOf".to_owned(), json!([reference]));
    for key in ["nullable", "description", "readOnly", "writeOnly"] {
        if let Some(value) = property.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

/// The schema of `parameter` when it is the path parameter `result_format` typed as a plain
/// string (no enum, format or reference).
fn result_format_string(parameter: &mut Value) -> Option<&mut Value> {
    let parameter = parameter.as_object_mut()?;
    if parameter.get("name").and_then(Value::as_str) != Some("result_format")
        || parameter.get("in").and_then(Value::as_str) != Some("path")
    {
        return None;
    }
    let schema = parameter.get_mut("schema")?;
    let plain = schema.as_object().is_some_and(|schema| {
        schema.get("type").and_then(Value::as_str) == Some("string")
            && !["enum", "format", "$ref"]
                .iter()
                .any(|key| schema.contains_key(*key))
    });
    plain.then_some(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        let runner = |id: &str, format: Value| {
            json!({"operationId": id, "parameters": [
                {"name": "query_id", "in": "path", "schema": {"type": "string"}},
                format
            ]})
        };
        let path_string =
            json!({"name": "result_format", "in": "path", "schema": {"type": "string"}});
        let query_string =
            json!({"name": "result_format", "in": "query", "schema": {"type": "string"}});
        let path_enum = json!({"name": "result_format", "in": "path",
                               "schema": {"type": "string", "enum": ["png"]}});
        json!({
            "paths": {
                "/queries/{query_id}/run/{result_format}": {"get": runner("run_query", path_string.clone())},
                "/render_tasks/queries/{query_id}/{result_format}":
                    {"post": runner("create_query_render_task", path_string)},
                "/run_in_query": {"get": runner("run_in_query", query_string)},
                "/run_images/{result_format}": {"get": runner("run_image", path_enum)}
            },
            "components": {"schemas": {"CreateQueryTask": {"properties": {
                "result_format": {"type": "string", "enum": ["json", "csv"], "nullable": true,
                                  "description": "Desired async query result format."}
            }}}}
        })
    }

    #[test]
    fn query_runners_take_the_enum_and_other_operations_keep_their_string() {
        let mut doc = document();
        let mut out = Vec::new();
        repair(&mut doc, &mut out);
        let reference = json!({"$ref": "#/components/schemas/ResultFormat"});
        assert_eq!(
            doc["components"]["schemas"]["ResultFormat"],
            json!({"type": "string", "enum": ["json", "csv"], "description": DESCRIPTION})
        );
        // The property keeps being nullable (an `Option` field) and its own description.
        assert_eq!(
            doc.pointer(FORMATS),
            Some(&json!({"allOf": [reference], "nullable": true,
                         "description": "Desired async query result format."}))
        );
        let run = &doc["paths"]["/queries/{query_id}/run/{result_format}"]["get"]["parameters"];
        assert_eq!(run[1]["schema"], reference);
        assert_eq!(run[0]["schema"], json!({"type": "string"}));
        let render =
            &doc["paths"]["/render_tasks/queries/{query_id}/{result_format}"]["post"]["parameters"];
        assert_eq!(render[1]["schema"], json!({"type": "string"}));
        // Only a path parameter typed as a plain string changes.
        let in_query = &doc["paths"]["/run_in_query"]["get"]["parameters"][1]["schema"];
        assert_eq!(in_query, &json!({"type": "string"}));
        let typed = &doc["paths"]["/run_images/{result_format}"]["get"]["parameters"][1]["schema"];
        assert_eq!(typed, &json!({"type": "string", "enum": ["png"]}));
        let pointers: Vec<&str> = out.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                FORMATS,
                "/paths/~1queries~1{query_id}~1run~1{result_format}/get/parameters/1/schema"
            ]
        );
        assert!(out.iter().all(|d| d.repair == REPAIR));
    }

    /// `run_look`'s description lists `png` and `jpg`, which `CreateQueryTask`'s enum lacks.
    #[test]
    fn formats_a_runners_description_lists_join_the_enum() {
        let mut doc = document();
        doc["paths"]["/queries/{query_id}/run/{result_format}"]["get"]["description"] = json!(
            "Runs it.\n\nSupported formats:\n\n| result_format | Description\n\
             | :-----------: | :--- |\n| json | Plain json\n| csv | Comma separated\n\
             | png | A PNG image\n| jpg | A JPG image\n\n| other | table |\n"
        );
        let mut out = Vec::new();
        repair(&mut doc, &mut out);
        assert_eq!(
            doc["components"]["schemas"]["ResultFormat"]["enum"],
            json!(["json", "csv", "png", "jpg"])
        );
        let added: Vec<&str> = out
            .iter()
            .filter(|d| d.message.contains("is added"))
            .map(|d| d.pointer.as_str())
            .collect();
        let at = "/paths/~1queries~1{query_id}~1run~1{result_format}/get/description";
        assert_eq!(added, [at, at]);
        assert_eq!(documented_formats("no table"), Vec::<String>::new());
    }

    #[test]
    fn a_document_without_the_enum_or_with_its_own_result_format_is_left_alone() {
        let mut without = document();
        without["components"]["schemas"]["CreateQueryTask"]["properties"]["result_format"] =
            json!({"type": "string"});
        let mut own = document();
        own["components"]["schemas"]["ResultFormat"] = json!({"type": "integer"});
        for doc in [without, own] {
            let before = doc.clone();
            let mut after = doc;
            let mut out = Vec::new();
            repair(&mut after, &mut out);
            assert_eq!(after, before);
            assert!(out.is_empty());
        }
    }
}
