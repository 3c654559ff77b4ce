//! The generated API of this crate against a loopback stand-in for Looker: the same runtime and
//! the same requests as the `looker-sdk` crate's own API.

use looker_own_crate_example::models::WriteDbConnection;
use looker_own_crate_example::{LookerSdk, SPEC_VERSION};
use looker_sdk_rtl::ApiSettings;
use serde_json::json;
use wiremock::matchers::{bearer_token, body_json, body_string, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn looker() -> (MockServer, LookerSdk) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string("client_id=id&client_secret=s%26cret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let sdk = LookerSdk::new(ApiSettings::new(server.uri(), "id", "s&cret"));
    (server, sdk.expect("settings are valid"))
}

#[test]
fn the_api_is_the_full_26_12_document() {
    assert_eq!(SPEC_VERSION, "4.0.26.12");
}

#[tokio::test]
async fn create_connection_sends_the_fields_set_and_decodes_the_answer() {
    let (server, sdk) = looker().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/connections"))
        .and(bearer_token("tok"))
        .and(body_json(
            json!({"name": "api created", "host": "host_name"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "api created", "host": "host_name", "dialect": {"label": "BigQuery"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let created = sdk
        .create_connection(
            &WriteDbConnection::new()
                .set_name("api created")
                .set_host("host_name"),
        )
        .await
        .expect("create_connection");
    assert_eq!(created.name.as_deref(), Some("api created"));
    assert_eq!(
        created.dialect.and_then(|d| d.label).as_deref(),
        Some("BigQuery")
    );
}

#[tokio::test]
async fn methods_of_the_full_api_send_their_optional_parameters() {
    let (server, sdk) = looker().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/connections"))
        .and(query_param("fields", "name,dialect_name"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"name": "a"}, {"name": "b", "dialect_name": "postgres"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let all = sdk
        .all_connections()
        .fields("name,dialect_name")
        .await
        .expect("all_connections");
    let names: Vec<_> = all.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[tokio::test]
async fn a_validation_error_names_the_field() {
    let (server, sdk) = looker().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/connections"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"field": "dialect_name", "code": "missing", "message": "This field is required"}]
        })))
        .mount(&server)
        .await;
    let error = sdk
        .create_connection(&WriteDbConnection::new().set_name("x"))
        .await
        .expect_err("Looker refuses it");
    assert_eq!(error.status(), Some(422));
    assert_eq!(
        error.validation_errors()[0].field.as_deref(),
        Some("dialect_name")
    );
}
