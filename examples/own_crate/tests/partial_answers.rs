//! Partial answers decode: Looker leaves out every property a caller did not ask for with
//! `fields=`, required ones included, so every model Looker sends with required properties
//! must decode from an answer holding any one of its properties, or none. Checked for each
//! such model of the document this crate is generated from (Looker's 26.12 by default):
//! an answer with one property decodes and encodes back to itself, so the property is kept
//! and nothing else is made up.

use looker_own_crate_example::models;
use looker_sdk_rtl::ApiSettings;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The document the build script generated the API from (see build.rs).
fn document() -> Value {
    let path = std::env::var_os("LOOKER_DOCUMENT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| looker_specs::openapi("26.12"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `answer` decoded as a `T` and encoded again.
fn round_trip<T: DeserializeOwned + Serialize>(answer: &Value) -> Result<Value, String> {
    let text = answer.to_string();
    let decoded: T = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    serde_json::to_value(&decoded).map_err(|e| e.to_string())
}

/// The models under test, by schema name: [`LISTED`] and a round trip through each.
macro_rules! models_with_required_properties {
    ($($model:ident),* $(,)?) => {
        const LISTED: &[&str] = &[$(stringify!($model)),*];

        fn round_trip_as(schema: &str, answer: &Value) -> Result<Value, String> {
            match schema {
                $(stringify!($model) => round_trip::<models::$model>(answer),)*
                _ => Err(format!("{schema} is not listed")),
            }
        }
    };
}

models_with_required_properties!(
    Alert,
    AlertAppliedDashboardFilter,
    AlertDestination,
    AlertField,
    AlertFieldFilter,
    Artifact,
    ArtifactNamespace,
    ArtifactUsage,
    ContentValidationFolder,
    CreateOAuthApplicationUserStateResponse,
    EmbedCookielessSessionGenerateTokensResponse,
    Folder,
    FolderBase,
    JsonBi,
    JsonBiBigQueryMetadata,
    JsonBiField,
    JsonBiFields,
    JsonBiMetadata,
    JsonBiPivots,
    JsonBiTableCalc,
    KdaResponsePayload,
    MobilePayload,
    MobileToken,
    Query,
    SqlInterfaceQuery,
    UserAttribute,
    ValidationError,
    ValidationErrorDetail,
);

/// The names of the schemas `$ref`erenced anywhere in `node`.
fn references(node: &Value, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(fields) => {
            for (key, value) in fields {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        found.insert(target.rsplit('/').next().unwrap_or(target).to_owned());
                    }
                    _ => references(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// The schemas Looker sends (reachable from a 2xx answer) that have required properties.
fn received_with_required_properties(document: &Value) -> BTreeSet<String> {
    let schemas = &document["components"]["schemas"];
    let mut pending = BTreeSet::new();
    for operations in document["paths"]
        .as_object()
        .into_iter()
        .flat_map(Map::values)
    {
        for operation in operations.as_object().into_iter().flat_map(Map::values) {
            for (status, answer) in operation["responses"].as_object().into_iter().flatten() {
                if status.starts_with('2') {
                    references(answer, &mut pending);
                }
            }
        }
    }
    let mut received = BTreeSet::new();
    while let Some(name) = pending.pop_first() {
        if received.insert(name.clone()) {
            references(&schemas[&name], &mut pending);
        }
    }
    received
        .into_iter()
        .filter(|name| {
            schemas[name]["required"]
                .as_array()
                .is_some_and(|r| !r.is_empty())
        })
        .collect()
}

/// A value of the type `schema` describes: a model is `{}`, an enum a value no release has.
fn sample(schema: &Value, schemas: &Value) -> Value {
    if let Some(target) = schema["$ref"].as_str() {
        return sample(
            &schemas[target.rsplit('/').next().unwrap_or(target)],
            schemas,
        );
    }
    if let Some(first) = schema["allOf"].get(0) {
        return sample(first, schemas);
    }
    if schema.get("enum").is_some() {
        return json!("a value no release has");
    }
    match schema["type"].as_str() {
        Some("string") => json!("x"),
        Some("integer") => json!(7),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(&schema["items"], schemas)]),
        _ => json!({}),
    }
}

#[test]
fn every_model_with_required_properties_decodes_from_any_one_property() {
    let document = document();
    let schemas = &document["components"]["schemas"];
    let expected = received_with_required_properties(&document);
    let listed: BTreeSet<String> = LISTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        listed, expected,
        "list every model Looker sends that has required properties"
    );
    let mut answers = 0;
    for schema in LISTED {
        let properties = schemas[schema]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{schema} has properties"));
        assert_eq!(round_trip_as(schema, &json!({})), Ok(json!({})), "{schema}");
        for (name, property) in properties {
            let answer = Value::Object(Map::from_iter([(name.clone(), sample(property, schemas))]));
            assert_eq!(
                round_trip_as(schema, &answer),
                Ok(answer.clone()),
                "{schema} from {answer}"
            );
            answers += 1;
        }
    }
    assert!(answers > 150, "{answers} answers: one per property");
}

#[tokio::test]
async fn a_query_asked_for_id_and_slug_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/queries/55"))
        .and(query_param("fields", "id,slug"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "55", "slug": "aogBx1FqZ2NdJ7cT"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let settings = ApiSettings::new(server.uri(), "id", "secret");
    let sdk = looker_own_crate_example::LookerSdk::new(settings).expect("settings are valid");
    let query = sdk
        .query("55")
        .fields("id,slug")
        .await
        .expect("a partial Query decodes");
    assert_eq!(query.id.as_deref(), Some("55"));
    assert_eq!(query.slug.as_deref(), Some("aogBx1FqZ2NdJ7cT"));
    // `model` and `view` are required properties of Query, absent from this answer.
    assert_eq!((query.model, query.view), (None, None));
}
