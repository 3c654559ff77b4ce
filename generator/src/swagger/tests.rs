//! One test per conversion rule, on tiny inline documents.

use super::convert;
use crate::normalize::{Diagnostic, Repair};
use serde_json::{json, Value};

/// A Swagger 2.0 document with one operation `op` at `/a/{id}` `post`.
fn document(op: Value) -> Value {
    json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
           "host": "h:1", "basePath": "/api/4.0", "schemes": ["https"],
           "consumes": ["application/json"], "produces": ["application/json"],
           "paths": {"/a/{id}": {"post": op}},
           "definitions": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}})
}

fn converted(op: Value) -> (Value, Vec<Diagnostic>) {
    convert(document(op)).unwrap()
}

fn repairs(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
    (diagnostics.iter())
        .map(|d| (d.repair.as_str(), d.pointer.as_str()))
        .collect()
}

const OP: &str = "/paths/~1a~1{id}/post";

#[test]
fn root_becomes_openapi_with_servers_and_schemas() {
    let (doc, diagnostics) = converted(json!({"responses": {"204": {"description": "ok"}}}));
    assert_eq!(doc["openapi"], "3.0.0");
    assert_eq!(doc["servers"], json!([{"url": "https://h:1/api/4.0"}]));
    assert_eq!(doc["components"]["schemas"]["Thing"]["type"], "object");
    assert_eq!(repairs(&diagnostics), [("swagger-2-converted", "/swagger")]);
    assert!(doc.get("swagger").is_none() && doc.get("definitions").is_none());
}

#[test]
fn body_parameter_becomes_request_body() {
    let (doc, _) = converted(json!({
        "consumes": ["text/plain"],
        "parameters": [{"name": "body", "in": "body", "description": "The thing",
                        "required": true, "schema": {"$ref": "#/definitions/Thing"}}],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}}}));
    let op = &doc["paths"]["/a/{id}"]["post"];
    assert_eq!(
        op["requestBody"],
        json!({"description": "The thing", "required": true,
               "content": {"text/plain": {"schema": {"$ref": "#/components/schemas/Thing"}}}})
    );
    assert!(op.get("parameters").is_none());
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
}

#[test]
fn form_data_parameters_become_a_form_body() {
    let (doc, _) = converted(json!({
        "consumes": ["application/x-www-form-urlencoded"],
        "parameters": [
            {"name": "client_id", "in": "formData", "required": true, "type": "string"},
            {"name": "n", "in": "formData", "type": "integer", "format": "int64"}],
        "responses": {}}));
    let body = &doc["paths"]["/a/{id}"]["post"]["requestBody"];
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/x-www-form-urlencoded"]["schema"],
        json!({"type": "object", "required": ["client_id"], "properties": {
            "client_id": {"type": "string"}, "n": {"type": "integer", "format": "int64"}}})
    );
}

#[test]
fn form_consumes_without_fields_is_a_form_body_of_any_fields() {
    let op = json!({"consumes": ["application/x-www-form-urlencoded"], "responses": {}});
    let (doc, diagnostics) = converted(op.clone());
    assert_eq!(
        doc["paths"]["/a/{id}"]["post"]["requestBody"],
        json!({"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}})
    );
    let at = format!("{OP}/consumes");
    assert!(repairs(&diagnostics).contains(&("form-body-without-fields", at.as_str())));
}

#[test]
fn parameter_type_moves_to_schema_and_collection_format_to_style() {
    let (doc, diagnostics) = converted(json!({
        "parameters": [
            {"name": "id", "in": "path", "required": true, "type": "string"},
            {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"},
             "collectionFormat": "csv"},
            {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
             "collectionFormat": "multi"},
            {"name": "filters", "in": "query", "type": "object",
             "additionalProperties": {"type": "string"}}],
        "responses": {}}));
    let params = &doc["paths"]["/a/{id}"]["post"]["parameters"];
    assert_eq!(
        params[0],
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
    );
    assert_eq!(
        params[1],
        json!({"name": "ids", "in": "query", "style": "form", "explode": false,
               "schema": {"type": "array", "items": {"type": "string"}}})
    );
    assert_eq!(
        (&params[2]["style"], &params[2]["explode"]),
        (&json!("form"), &json!(true))
    );
    assert_eq!(
        params[3]["schema"],
        json!({"type": "object", "additionalProperties": {"type": "string"}})
    );
    assert!(repairs(&diagnostics)
        .iter()
        .all(|(repair, _)| !repair.contains("additional")));
}

#[test]
fn produces_and_consumes_become_content_media_types() {
    let mut doc = document(json!({
        "produces": ["text", "application/json"],
        "parameters": [{"name": "body", "in": "body", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "schema": {"type": "string"}},
                      "204": {"description": "none"}}}));
    doc["consumes"] = json!(["application/json", "text/plain"]);
    let (doc, _) = convert(doc).unwrap();
    let op = &doc["paths"]["/a/{id}"]["post"];
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&op["responses"]["200"]["content"]),
        ["text", "application/json"]
    );
    assert!(op["responses"]["204"].get("content").is_none());
    assert_eq!(
        keys(&op["requestBody"]["content"]),
        ["application/json", "text/plain"]
    );
}

#[test]
fn looker_nullable_and_values_become_nullable_and_enum() {
    let mut doc = document(json!({"responses": {}}));
    doc["definitions"]["Thing"]["properties"]["kind"] = json!({"type": "string", "x-looker-values": ["a", "b"], "x-looker-nullable": true,
               "x-looker-status": "beta"});
    let (doc, _) = convert(doc).unwrap();
    assert_eq!(
        doc["components"]["schemas"]["Thing"]["properties"]["kind"],
        json!({"type": "string", "enum": ["a", "b"], "nullable": true, "x-looker-status": "beta"})
    );
}

#[test]
fn siblings_of_a_ref_are_dropped_and_reported() {
    let mut doc = document(json!({"responses": {}}));
    doc["definitions"]["Thing"]["properties"]["folder"] = json!({
        "$ref": "#/definitions/Thing", "readOnly": true, "x-looker-nullable": true});
    let (doc, diagnostics) = convert(doc).unwrap();
    assert_eq!(
        doc["components"]["schemas"]["Thing"]["properties"]["folder"],
        json!({"$ref": "#/components/schemas/Thing"})
    );
    let found = (diagnostics.iter())
        .find(|d| d.repair == Repair::RefSiblingDropped)
        .unwrap();
    assert_eq!(found.pointer, "/definitions/Thing/properties/folder");
    assert!(found.message.contains("`readOnly`"), "{}", found.message);
}

#[test]
fn bad_input_is_an_error_with_its_pointer() {
    let cases = [
        (json!({"swagger": "1.2"}), "/swagger"),
        (json!({"swagger": 2}), "/swagger"),
        (json!({"swagger": "2.0", "paths": []}), "/paths"),
        (json!({"swagger": "2.0", "host": 5}), "/host"),
        (json!({"swagger": "2.0", "bogus": 1}), "/bogus"),
        (
            document(json!({"parameters": [{"name": "x", "in": "cookie", "type": "string"}]})),
            "/paths/~1a~1{id}/post/parameters/0/in",
        ),
        (
            document(
                json!({"parameters": [{"name": "x", "in": "query", "type": "array",
                                            "collectionFormat": "tsv"}]}),
            ),
            "/paths/~1a~1{id}/post/parameters/0/collectionFormat",
        ),
        (
            document(json!({"parameters": [{"$ref": "#/parameters/missing"}]})),
            "/paths/~1a~1{id}/post/parameters/0/$ref",
        ),
        (
            document(json!({"responses": {"200": {"description": "x",
                                                  "schema": {"$ref": "other.json#/X"}}}})),
            "/paths/~1a~1{id}/post/responses/200/schema/$ref",
        ),
        (
            document(json!({"parameters": [{"name": "b", "in": "body"}]})),
            "/paths/~1a~1{id}/post/parameters/0",
        ),
    ];
    for (input, pointer) in cases {
        let err = convert(input).unwrap_err();
        assert!(
            matches!(&err, crate::CodegenError::Invalid { pointer: at, .. } if at == pointer),
            "expected {pointer}: {err}"
        );
    }
}

#[test]
fn shared_parameters_and_responses_are_inlined() {
    let mut doc = document(json!({
        "parameters": [{"$ref": "#/parameters/limit"}],
        "responses": {"404": {"$ref": "#/responses/NotFound"}}}));
    doc["parameters"] = json!({"limit": {"name": "limit", "in": "query", "type": "integer"}});
    doc["responses"] = json!({"NotFound": {"description": "gone",
                                           "schema": {"$ref": "#/definitions/Thing"}}});
    doc["paths"]["/a/{id}"]["parameters"] =
        json!([{"name": "id", "in": "path", "required": true, "type": "string"}]);
    let (doc, _) = convert(doc).unwrap();
    let op = &doc["paths"]["/a/{id}"]["post"];
    assert_eq!(op["parameters"][0]["name"], "id");
    assert_eq!(op["parameters"][1]["schema"], json!({"type": "integer"}));
    assert_eq!(
        op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
}
