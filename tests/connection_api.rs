//! `create_connection` against a loopback stand-in for a Looker instance answering with recorded
//! Looker bodies (`tests/fixtures/`): login, request bodies, full decoding, every documented
//! error status, broken bodies, and secrets kept out of `Debug`/`Display`. The answers go
//! through the SDK's own test kit (`looker_sdk::testing`, which also checks that each recorded
//! answer fits its model); the tests of the exact requests on the wire, and of properties the
//! model does not have, use a wiremock server.

// `json!` of a full `WriteDbConnection` nests deeper than the default limit.
#![recursion_limit = "256"]

mod common;

use std::collections::BTreeMap;

use common::*;
use looker_sdk::models::{
    DbConnection, DbConnectionOverride, Dialect, Snippet, WriteDbConnection,
    WriteDbConnectionOverride,
};
use looker_sdk::testing::{Reply, StandIn};
use looker_sdk::{Error, LookerSdk};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The read-only properties of Looker's `DBConnection`: never part of a request body.
const READ_ONLY_CONNECTION_PROPERTIES: [&str; 15] = [
    "can",
    "dialect",
    "snippets",
    "pdts_enabled",
    "uses_oauth",
    "uses_instance_oauth",
    "supports_data_studio_link",
    "created_at",
    "user_id",
    "example",
    "last_regen_at",
    "last_reap_at",
    "managed",
    "default_bq_connection",
    "p4sa_name",
];

/// The connection of Looker's Python example `create_db_connections.py`.
fn example_connection() -> WriteDbConnection {
    WriteDbConnection::new()
        .set_name("api created")
        .set_host("host_name")
        .set_database("your_db")
        .set_dialect_name("bigquery_standard_sql")
        .set_username("user_name")
        .set_file_type(".json")
}

const DB_PASSWORD: &str = "db-pa55word-Zq81xv";
const PDT_PASSWORD: &str = "pdt-pa55word-Mw42ks";
/// Base64 key files: credentials as well, kept out of `Debug` like the passwords.
const DB_CERTIFICATE: &str = "Q0VSVElGSUNBVEU=";
const PDT_CERTIFICATE: &str = "UERUIENFUlQ=";

/// A `WriteDbConnection` with every one of its 42 properties set, through its setters; the
/// JSON test below checks that exactly these properties exist and are sent.
fn every_writable_field() -> WriteDbConnection {
    WriteDbConnection::new()
        .set_name("warehouse")
        .set_host("db.internal.example.com")
        .set_port("5432")
        .set_username("looker")
        .set_password(DB_PASSWORD)
        .set_certificate(DB_CERTIFICATE)
        .set_file_type(".p12")
        .set_database("analytics")
        .set_db_timezone("UTC")
        .set_query_timezone("America/Los_Angeles")
        .set_schema("public")
        .set_max_connections(40)
        .set_max_queries(80)
        .set_max_queries_per_user(12)
        .set_max_billing_gigabytes("billing_cap")
        .set_ssl(true)
        .set_verify_ssl(false)
        .set_tmp_db_name("looker_scratch")
        .set_jdbc_additional_params("sslmode=require")
        .set_pool_timeout(90)
        .set_dialect_name("postgres")
        .set_user_db_credentials(false)
        .set_user_attribute_fields(vec!["username".to_owned(), "password".to_owned()])
        .set_maintenance_cron("*/5 * * * *")
        .set_sql_runner_precache_tables(false)
        .set_sql_writing_with_info_schema(true)
        .set_after_connect_statements("SET search_path TO public")
        .set_pdt_context_override(
            WriteDbConnectionOverride::new()
                .set_context("pdt")
                .set_host("pdt.internal.example.com")
                .set_port("5433")
                .set_username("looker_pdt")
                .set_password(PDT_PASSWORD)
                .set_certificate(PDT_CERTIFICATE)
                .set_file_type(".json")
                .set_database("pdts")
                .set_schema("looker_pdt")
                .set_jdbc_additional_params("ApplicationName=looker-pdt")
                .set_after_connect_statements("SET statement_timeout = 0"),
        )
        .set_custom_local_port(15432)
        .set_tunnel_id("7")
        .set_uses_tns(false)
        .set_pdt_concurrency(3)
        .set_disable_context_comment(true)
        .set_oauth_application_id("11")
        .set_always_retry_failed_builds(true)
        .set_uses_application_default_credentials(false)
        .set_impersonated_service_account("looker@project.iam.gserviceaccount.com")
        .set_cost_estimate_enabled(false)
        .set_pdt_api_control_enabled(true)
        .set_connection_pooling(true)
        .set_bq_storage_project_id("storage-project")
        .set_bq_roles_verified(false)
}

/// `every_writable_field()` as JSON, which is what must go over the wire.
fn every_writable_field_json() -> Value {
    json!({
        "name": "warehouse",
        "host": "db.internal.example.com",
        "port": "5432",
        "username": "looker",
        "password": DB_PASSWORD,
        "certificate": DB_CERTIFICATE,
        "file_type": ".p12",
        "database": "analytics",
        "db_timezone": "UTC",
        "query_timezone": "America/Los_Angeles",
        "schema": "public",
        "max_connections": 40,
        "max_queries": 80,
        "max_queries_per_user": 12,
        "max_billing_gigabytes": "billing_cap",
        "ssl": true,
        "verify_ssl": false,
        "tmp_db_name": "looker_scratch",
        "jdbc_additional_params": "sslmode=require",
        "pool_timeout": 90,
        "dialect_name": "postgres",
        "user_db_credentials": false,
        "user_attribute_fields": ["username", "password"],
        "maintenance_cron": "*/5 * * * *",
        "sql_runner_precache_tables": false,
        "sql_writing_with_info_schema": true,
        "after_connect_statements": "SET search_path TO public",
        "pdt_context_override": {
            "context": "pdt",
            "host": "pdt.internal.example.com",
            "port": "5433",
            "username": "looker_pdt",
            "password": PDT_PASSWORD,
            "certificate": PDT_CERTIFICATE,
            "file_type": ".json",
            "database": "pdts",
            "schema": "looker_pdt",
            "jdbc_additional_params": "ApplicationName=looker-pdt",
            "after_connect_statements": "SET statement_timeout = 0"
        },
        "custom_local_port": 15432,
        "tunnel_id": "7",
        "uses_tns": false,
        "pdt_concurrency": 3,
        "disable_context_comment": true,
        "oauth_application_id": "11",
        "always_retry_failed_builds": true,
        "uses_application_default_credentials": false,
        "impersonated_service_account": "looker@project.iam.gserviceaccount.com",
        "cost_estimate_enabled": false,
        "pdt_api_control_enabled": true,
        "connection_pooling": true,
        "bq_storage_project_id": "storage-project",
        "bq_roles_verified": false
    })
}

/// A server with login mounted and `POST /connections` answering `response`.
async fn server_answering(response: ResponseTemplate) -> (MockServer, LookerSdk) {
    let server = start_server().await;
    mount_login(&server).await;
    mount_create_connection(&server, response).await;
    let sdk = sdk_for(&server);
    (server, sdk)
}

/// The SDK's stand-in with `create_connection` answering `reply`, and the SDK logged in to it.
async fn stand_in_answering(reply: Reply) -> (StandIn<LookerSdk>, LookerSdk) {
    let looker = StandIn::<LookerSdk>::start().await;
    looker.on("create_connection").answer(reply);
    let sdk = looker.sdk();
    (looker, sdk)
}

/// The recorded fixture `name`, byte for byte, as a reply with `status`.
fn fixture_reply(status: u16, name: &str, media_type: &str) -> Reply {
    Reply::bytes(media_type, fixture_bytes(name)).with_status(status)
}

/// A JSON fixture as a reply with `status`.
fn json_reply(status: u16, name: &str) -> Reply {
    fixture_reply(status, name, "application/json")
}

/// Creates the example connection against a stand-in answering `reply`, and returns the error
/// the SDK must produce.
async fn create_expecting_error(reply: Reply) -> Error {
    let (_looker, sdk) = stand_in_answering(reply).await;
    match within(sdk.create_connection(&example_connection())).await {
        Ok(conn) => panic!("expected an error, got {conn:?}"),
        Err(err) => err,
    }
}

/// Asserts every one of the 57 properties of `create_connection_200.json`, nested ones included.
/// The exhaustive destructuring stops compiling if `DbConnection` gains or loses a field.
fn assert_full_connection(conn: DbConnection) {
    let DbConnection {
        can,
        name,
        dialect,
        snippets,
        pdts_enabled,
        host,
        port,
        username,
        password,
        uses_oauth,
        uses_instance_oauth,
        certificate,
        file_type,
        database,
        db_timezone,
        query_timezone,
        schema,
        max_connections,
        max_queries,
        max_queries_per_user,
        max_billing_gigabytes,
        ssl,
        verify_ssl,
        tmp_db_name,
        jdbc_additional_params,
        pool_timeout,
        dialect_name,
        supports_data_studio_link,
        created_at,
        user_id,
        example,
        user_db_credentials,
        user_attribute_fields,
        maintenance_cron,
        last_regen_at,
        last_reap_at,
        sql_runner_precache_tables,
        sql_writing_with_info_schema,
        after_connect_statements,
        pdt_context_override,
        managed,
        custom_local_port,
        tunnel_id,
        uses_tns,
        pdt_concurrency,
        disable_context_comment,
        oauth_application_id,
        always_retry_failed_builds,
        uses_application_default_credentials,
        impersonated_service_account,
        cost_estimate_enabled,
        pdt_api_control_enabled,
        connection_pooling,
        default_bq_connection,
        bq_storage_project_id,
        bq_roles_verified,
        p4sa_name,
        ..
    } = conn;

    let expected_can: BTreeMap<String, bool> = [
        ("index", true),
        ("index_limited", true),
        ("show", true),
        ("cost_estimate", true),
        ("run_sql_queries", true),
        ("access_data", true),
        ("explore", true),
        ("refresh_schemas", true),
        ("destroy", true),
        ("test", true),
        ("create", true),
        ("update", false),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(can, Some(expected_can));
    assert_eq!(name.as_deref(), Some("api created"));

    let Dialect {
        name: dialect_name_field,
        label,
        supports_cost_estimate,
        cost_estimate_style,
        persistent_table_indexes,
        persistent_table_sortkeys,
        persistent_table_distkey,
        supports_streaming,
        automatically_run_sql_runner_snippets,
        connection_tests,
        supports_inducer,
        supports_multiple_databases,
        supports_persistent_derived_tables,
        has_ssl_support,
        ..
    } = dialect.expect("dialect is present");
    assert_eq!(dialect_name_field.as_deref(), Some("bigquery_standard_sql"));
    assert_eq!(label.as_deref(), Some("Google BigQuery Standard SQL"));
    assert_eq!(supports_cost_estimate, Some(true));
    assert_eq!(cost_estimate_style.as_deref(), Some("unconfigurable"));
    assert_eq!(persistent_table_indexes.as_deref(), Some(""));
    assert_eq!(persistent_table_sortkeys.as_deref(), Some(""));
    assert_eq!(persistent_table_distkey.as_deref(), Some(""));
    assert_eq!(supports_streaming, Some(true));
    assert_eq!(automatically_run_sql_runner_snippets, Some(true));
    assert_eq!(
        connection_tests,
        Some(
            [
                "connect",
                "query",
                "tmp_db",
                "cdt",
                "tmp_db_views",
                "pdt_permissions"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    assert_eq!(supports_inducer, Some(false));
    assert_eq!(supports_multiple_databases, Some(true));
    assert_eq!(supports_persistent_derived_tables, Some(true));
    assert_eq!(has_ssl_support, Some(false));

    let snippets = snippets.expect("snippets are present");
    assert_eq!(snippets.len(), 2);
    let expected_snippets = [
        (
            "show_datasets",
            "Show Datasets",
            "SELECT schema_name FROM INFORMATION_SCHEMA.SCHEMATA",
        ),
        (
            "show_running_jobs",
            "Show Running Jobs",
            "SELECT job_id, user_email, query FROM `region-us`.INFORMATION_SCHEMA.JOBS_BY_PROJECT WHERE state != 'DONE'",
        ),
    ];
    for (snippet, (want_name, want_label, want_sql)) in snippets.into_iter().zip(expected_snippets)
    {
        let Snippet {
            name, label, sql, ..
        } = snippet;
        assert_eq!(name.as_deref(), Some(want_name));
        assert_eq!(label.as_deref(), Some(want_label));
        assert_eq!(sql.as_deref(), Some(want_sql));
    }

    assert_eq!(pdts_enabled, Some(true));
    assert_eq!(host.as_deref(), Some("host_name"));
    assert_eq!(port, None);
    assert_eq!(username.as_deref(), Some("user_name"));
    assert_eq!(password, None);
    assert_eq!(uses_oauth, Some(false));
    assert_eq!(uses_instance_oauth, Some(false));
    assert_eq!(certificate, None);
    assert_eq!(file_type, None);
    assert_eq!(database.as_deref(), Some("your_db"));
    assert_eq!(db_timezone.as_deref(), Some("UTC"));
    assert_eq!(query_timezone, None);
    assert_eq!(schema, None);
    assert_eq!(max_connections, Some(30_i64));
    assert_eq!(max_queries, Some(100_i64));
    assert_eq!(max_queries_per_user, Some(25_i64));
    assert_eq!(max_billing_gigabytes.as_deref(), Some("250"));
    assert_eq!(ssl, Some(true));
    assert_eq!(verify_ssl, Some(true));
    assert_eq!(tmp_db_name.as_deref(), Some("looker_scratch"));
    assert_eq!(jdbc_additional_params.as_deref(), Some(""));
    assert_eq!(pool_timeout, Some(120_i64));
    assert_eq!(dialect_name.as_deref(), Some("bigquery_standard_sql"));
    assert_eq!(supports_data_studio_link, Some(true));
    assert_eq!(created_at.as_deref(), Some("2024-10-02T09:41:27.000+00:00"));
    assert_eq!(user_id.as_deref(), Some("42"));
    assert_eq!(example, Some(false));
    assert_eq!(user_db_credentials, Some(false));
    assert_eq!(user_attribute_fields, Some(Vec::<String>::new()));
    assert_eq!(maintenance_cron, None);
    assert_eq!(last_regen_at, None);
    assert_eq!(last_reap_at, None);
    assert_eq!(sql_runner_precache_tables, Some(true));
    assert_eq!(sql_writing_with_info_schema, Some(true));
    assert_eq!(after_connect_statements, None);

    let DbConnectionOverride {
        context,
        host: pdt_host,
        port: pdt_port,
        username: pdt_username,
        password: pdt_password,
        has_password,
        certificate: pdt_certificate,
        file_type: pdt_file_type,
        database: pdt_database,
        schema: pdt_schema,
        jdbc_additional_params: pdt_jdbc_additional_params,
        after_connect_statements: pdt_after_connect_statements,
        ..
    } = pdt_context_override.expect("pdt_context_override is present");
    assert_eq!(context.as_deref(), Some("pdt"));
    assert_eq!(pdt_host, None);
    assert_eq!(pdt_port, None);
    assert_eq!(pdt_username, None);
    assert_eq!(pdt_password, None);
    assert_eq!(has_password, Some(false));
    assert_eq!(pdt_certificate, None);
    assert_eq!(pdt_file_type, None);
    assert_eq!(pdt_database.as_deref(), Some("looker_pdts"));
    assert_eq!(pdt_schema, None);
    assert_eq!(pdt_jdbc_additional_params, None);
    assert_eq!(pdt_after_connect_statements, None);

    assert_eq!(managed, Some(false));
    assert_eq!(custom_local_port, None);
    assert_eq!(tunnel_id, None);
    assert_eq!(uses_tns, Some(false));
    assert_eq!(pdt_concurrency, Some(1_i64));
    assert_eq!(disable_context_comment, Some(false));
    assert_eq!(oauth_application_id, None);
    assert_eq!(always_retry_failed_builds, Some(false));
    assert_eq!(uses_application_default_credentials, Some(false));
    assert_eq!(impersonated_service_account, None);
    assert_eq!(cost_estimate_enabled, Some(true));
    assert_eq!(pdt_api_control_enabled, Some(false));
    assert_eq!(connection_pooling, Some(true));
    assert_eq!(default_bq_connection, Some(false));
    assert_eq!(bq_storage_project_id, None);
    assert_eq!(bq_roles_verified, None);
    assert_eq!(p4sa_name, None);
}

#[test]
fn fixture_has_every_property_of_a_db_connection() {
    let fixture = fixture_json("create_connection_200.json");
    let object = fixture.as_object().expect("a JSON object");
    assert_eq!(object.len(), 57, "DBConnection has 57 properties");
    for name in READ_ONLY_CONNECTION_PROPERTIES {
        assert!(object.contains_key(name), "fixture lacks {name}");
    }
    assert_eq!(fixture["dialect"].as_object().map(|d| d.len()), Some(14));
    assert_eq!(
        fixture["pdt_context_override"].as_object().map(|d| d.len()),
        Some(12)
    );
    assert_eq!(fixture["snippets"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn create_connection_decodes_every_field_of_lookers_answer() {
    let (_looker, sdk) = stand_in_answering(json_reply(200, "create_connection_200.json")).await;
    let conn = within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));
    assert_full_connection(conn);
}

#[tokio::test]
async fn unknown_response_fields_are_ignored() {
    let extra = fixture_json("create_connection_200_extra_fields.json");
    assert_eq!(extra["future_field"], json!({"x": 1}));
    let (_server, sdk) = server_answering(json_response(
        200,
        "create_connection_200_extra_fields.json",
    ))
    .await;
    let conn = within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("unknown fields must be ignored, got: {e}"));
    assert_full_connection(conn);
}

#[tokio::test]
async fn login_is_a_form_post_and_the_call_carries_the_bearer_token() {
    let (server, sdk) = server_answering(json_response(200, "create_connection_200.json")).await;
    within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));

    let login = single_request_to(&server, LOGIN_PATH).await;
    assert_login_request(&login);

    let create = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_eq!(create.method.as_str(), "POST");
    assert_eq!(create.url.query(), None);
    assert_bearer(&create);
    assert_appid(&create);
    let content_type = header_value(&create, "content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "create_connection sends JSON, content-type was {content_type:?}"
    );

    let all = server.received_requests().await.expect("recording on");
    assert_eq!(all.len(), 2, "exactly one login and one create_connection");
    assert_eq!(all[0].url.path(), LOGIN_PATH, "login comes first");
}

#[tokio::test]
async fn request_body_holds_exactly_the_fields_set() {
    let (server, sdk) = server_answering(json_response(200, "create_connection_200.json")).await;
    within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));

    let create = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_eq!(
        body_json(&create),
        json!({
            "name": "api created",
            "host": "host_name",
            "username": "user_name",
            "file_type": ".json",
            "database": "your_db",
            "dialect_name": "bigquery_standard_sql"
        })
    );
}

#[tokio::test]
async fn request_body_with_every_writable_field_has_no_read_only_property() {
    let (server, sdk) = server_answering(json_response(200, "create_connection_200.json")).await;
    within(sdk.create_connection(&every_writable_field()))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));

    let body = body_json(&single_request_to(&server, CONNECTIONS_PATH).await);
    assert_eq!(body, every_writable_field_json());
    let object = body.as_object().expect("body is a JSON object");
    assert_eq!(object.len(), 42, "WriteDbConnection has 42 properties");
    for name in READ_ONLY_CONNECTION_PROPERTIES {
        assert!(!object.contains_key(name), "read-only {name} was sent");
    }
    let override_object = body["pdt_context_override"]
        .as_object()
        .expect("pdt_context_override is an object");
    assert!(
        !override_object.contains_key("has_password"),
        "read-only has_password was sent"
    );
}

#[tokio::test]
async fn nested_override_sends_only_its_fields_set() {
    let (server, sdk) = server_answering(json_response(200, "create_connection_200.json")).await;
    let conn = example_connection().set_pdt_context_override(
        WriteDbConnectionOverride::new()
            .set_context("pdt")
            .set_password(PDT_PASSWORD),
    );
    within(sdk.create_connection(&conn))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));

    let body = body_json(&single_request_to(&server, CONNECTIONS_PATH).await);
    assert_eq!(
        body,
        json!({
            "name": "api created",
            "host": "host_name",
            "username": "user_name",
            "file_type": ".json",
            "database": "your_db",
            "dialect_name": "bigquery_standard_sql",
            "pdt_context_override": {"context": "pdt", "password": PDT_PASSWORD}
        })
    );
}

#[tokio::test]
async fn token_is_reused_across_calls() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .respond_with(json_response(200, "login_200.json"))
        .expect(1)
        .named("login exactly once")
        .mount(&server)
        .await;
    mount_create_connection(&server, json_response(200, "create_connection_200.json")).await;
    let sdk = sdk_for(&server);

    for _ in 0..2 {
        within(sdk.create_connection(&example_connection()))
            .await
            .unwrap_or_else(|e| panic!("create_connection failed: {e}"));
    }

    assert_eq!(
        requests_to(&server, LOGIN_PATH).await.len(),
        1,
        "login once"
    );
    let creates = requests_to(&server, CONNECTIONS_PATH).await;
    assert_eq!(creates.len(), 2);
    for create in &creates {
        assert_bearer(create);
    }
    server.verify().await;
}

#[tokio::test]
async fn explicit_login_then_calls_reuse_the_session() {
    let (server, sdk) = server_answering(json_response(200, "create_connection_200.json")).await;
    assert!(
        !sdk.auth().is_authenticated().await,
        "no session before login"
    );
    within(sdk.auth().login())
        .await
        .unwrap_or_else(|e| panic!("login failed: {e}"));
    assert!(sdk.auth().is_authenticated().await);
    assert_login_request(&single_request_to(&server, LOGIN_PATH).await);

    within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("create_connection failed: {e}"));
    assert_eq!(
        requests_to(&server, LOGIN_PATH).await.len(),
        1,
        "no second login"
    );
    assert_bearer(&single_request_to(&server, CONNECTIONS_PATH).await);
}

/// Asserts `err` is `Error::Api` for `POST /connections` with `status` and the `message` and
/// `documentation_url` of the fixture, and that its `Display` is a readable one-liner naming both.
fn assert_looker_error(err: &Error, status: u16, fixture_name: &str) {
    let fixture = fixture_json(fixture_name);
    let want_message = fixture["message"].as_str().expect("fixture message");
    let want_url = fixture["documentation_url"]
        .as_str()
        .expect("fixture documentation_url");

    assert_eq!(err.status(), Some(status));
    let Error::Api(api) = err else {
        panic!("expected Error::Api for {status}, got {err:?}");
    };
    assert_eq!(api.status, status);
    assert_eq!(api.method, "POST");
    assert!(api.path.ends_with("/connections"), "path {:?}", api.path);
    assert_eq!(api.message.as_deref(), Some(want_message));
    assert_eq!(api.documentation_url.as_deref(), Some(want_url));

    let shown = err.to_string();
    assert!(shown.contains(&status.to_string()), "{shown}");
    assert!(shown.contains(want_message), "{shown}");
    assert!(!shown.contains('{'), "Display is not raw JSON: {shown}");
}

async fn assert_status_is_api_error(status: u16, fixture_name: &str) {
    let err = create_expecting_error(json_reply(status, fixture_name)).await;
    assert_looker_error(&err, status, fixture_name);
    assert!(err.validation_errors().is_empty());
}

#[tokio::test]
async fn status_400_is_an_api_error_with_lookers_message() {
    assert_status_is_api_error(400, "error_400.json").await;
}

#[tokio::test]
async fn status_403_is_an_api_error_with_lookers_message() {
    assert_status_is_api_error(403, "error_403.json").await;
}

#[tokio::test]
async fn status_404_is_an_api_error_with_lookers_message() {
    assert_status_is_api_error(404, "error_404.json").await;
}

#[tokio::test]
async fn status_409_is_an_api_error_with_lookers_message() {
    assert_status_is_api_error(409, "error_409.json").await;
}

#[tokio::test]
async fn status_429_is_an_api_error_with_lookers_message() {
    assert_status_is_api_error(429, "error_429.json").await;
}

#[tokio::test]
async fn status_422_carries_both_validation_details() {
    let err = create_expecting_error(json_reply(422, "validation_error_422.json")).await;
    assert_looker_error(&err, 422, "validation_error_422.json");

    let details = err.validation_errors();
    assert_eq!(details.len(), 2);
    let want = [
        (
            "certificate",
            "missing",
            "A service account key file is required for this dialect",
            "https://cloud.google.com/looker/docs/r/api/validation-error#certificate",
        ),
        (
            "max_billing_gigabytes",
            "invalid",
            "must be a number or the name of a user attribute",
            "https://cloud.google.com/looker/docs/r/api/validation-error#max_billing_gigabytes",
        ),
    ];
    for (detail, (field, code, message, url)) in details.iter().zip(want) {
        assert_eq!(detail.field.as_deref(), Some(field));
        assert_eq!(detail.code.as_deref(), Some(code));
        assert_eq!(detail.message.as_deref(), Some(message));
        assert_eq!(detail.documentation_url.as_deref(), Some(url));
    }
    let Error::Api(api) = &err else {
        unreachable!("checked above")
    };
    assert_eq!(api.errors.as_slice(), details);
    let shown = err.to_string();
    for (field, _, message, _) in want {
        assert!(shown.contains(field) && shown.contains(message), "{shown}");
    }
}

#[tokio::test]
async fn html_500_is_an_api_error_with_status_and_excerpt() {
    let err = create_expecting_error(fixture_reply(
        500,
        "error_500.html",
        "text/html; charset=utf-8",
    ))
    .await;
    assert_eq!(err.status(), Some(500));
    let Error::Api(api) = &err else {
        panic!("expected Error::Api for an HTML 500, got {err:?}");
    };
    assert_eq!(api.status, 500);
    assert_eq!(api.method, "POST");
    assert!(api.path.ends_with("/connections"), "path {:?}", api.path);
    assert_eq!(api.message, None, "an HTML page has no Looker message");
    assert_eq!(api.documentation_url, None);
    assert!(api.errors.is_empty());
    let excerpt = api
        .body_excerpt
        .as_deref()
        .expect("an excerpt of the HTML body");
    assert!(excerpt.contains("Internal Server Error"), "{excerpt}");
    assert!(
        excerpt.len() < fixture("error_500.html").len() + 16,
        "an excerpt, not more"
    );
    let shown = err.to_string();
    assert!(shown.contains("500"), "{shown}");
}

#[tokio::test]
async fn truncated_200_body_is_a_decode_error_with_status_and_excerpt() {
    let err = create_expecting_error(json_reply(200, "create_connection_200_truncated.json")).await;
    assert_eq!(err.status(), Some(200));
    match &err {
        Error::Decode {
            status,
            method,
            path,
            excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(method, "POST");
            assert!(path.ends_with("/connections"), "path {path:?}");
            assert!(
                excerpt.contains("\"can\""),
                "excerpt of the body: {excerpt:?}"
            );
        }
        other => panic!("expected Error::Decode for a truncated body, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("200"), "{shown}");
    assert!(
        std::error::Error::source(&err).is_some(),
        "the JSON error is kept as source"
    );
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let sdk = LookerSdk::new(settings_for_url(&format!("http://127.0.0.1:{port}")))
        .unwrap_or_else(|e| panic!("LookerSdk::new: {e}"));
    let err = match within(sdk.create_connection(&example_connection())).await {
        Ok(conn) => panic!("nothing listens on port {port}, got {conn:?}"),
        Err(err) => err,
    };
    assert!(matches!(err, Error::Transport { .. }), "got {err:?}");
    assert_eq!(err.status(), None);
    assert_no_secret(&format!("{err:?}"), "Debug of a transport error");
    assert_no_secret(&err.to_string(), "Display of a transport error");
}

/// Fails when `text` holds the client secret (raw or form-encoded), the access token, a
/// database password or a certificate.
fn assert_no_secret(text: &str, what: &str) {
    for (name, secret) in [
        ("client secret", CLIENT_SECRET.to_owned()),
        (
            "form-encoded client secret",
            CLIENT_SECRET_FORM_ENCODED.to_owned(),
        ),
        ("access token", access_token()),
        ("database password", DB_PASSWORD.to_owned()),
        ("PDT password", PDT_PASSWORD.to_owned()),
        ("certificate", DB_CERTIFICATE.to_owned()),
        ("PDT certificate", PDT_CERTIFICATE.to_owned()),
    ] {
        assert!(!text.contains(&secret), "{what} leaks the {name}: {text}");
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_display() {
    let server = start_server().await;
    mount_login(&server).await;
    mount_create_connection(&server, json_response(422, "validation_error_422.json")).await;

    let settings = settings_for(&server);
    assert_no_secret(&format!("{settings:?}"), "Debug of ApiSettings");
    assert_no_secret(&format!("{settings:#?}"), "pretty Debug of ApiSettings");

    let body = every_writable_field();
    assert_eq!(body.password.as_deref(), Some(DB_PASSWORD));
    assert_no_secret(&format!("{body:?}"), "Debug of WriteDbConnection");
    assert_no_secret(&format!("{body:#?}"), "pretty Debug of WriteDbConnection");

    let sdk = LookerSdk::new(settings).unwrap_or_else(|e| panic!("LookerSdk::new: {e}"));
    assert_no_secret(&format!("{sdk:?}"), "Debug of LookerSdk before login");

    let err = match within(sdk.create_connection(&body)).await {
        Ok(conn) => panic!("expected 422, got {conn:?}"),
        Err(err) => err,
    };
    assert_eq!(err.status(), Some(422));
    assert_no_secret(&format!("{sdk:?}"), "Debug of LookerSdk holding a token");
    assert_no_secret(
        &format!("{sdk:#?}"),
        "pretty Debug of LookerSdk holding a token",
    );
    assert_no_secret(&format!("{err:?}"), "Debug of a 422 error");
    assert_no_secret(&err.to_string(), "Display of a 422 error");

    // The request did carry them: the checks above are not vacuous.
    assert_bearer(&single_request_to(&server, CONNECTIONS_PATH).await);
    assert_eq!(
        body_json(&single_request_to(&server, CONNECTIONS_PATH).await)["password"],
        json!(DB_PASSWORD)
    );
}

#[tokio::test]
async fn failed_login_error_does_not_leak_the_client_secret() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .respond_with(json_response(404, "error_404.json"))
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    let err = match within(sdk.create_connection(&example_connection())).await {
        Ok(conn) => panic!("login failed, so must the call; got {conn:?}"),
        Err(err) => err,
    };
    assert_eq!(err.status(), Some(404));
    assert!(
        requests_to(&server, CONNECTIONS_PATH).await.is_empty(),
        "no call without a token"
    );
    assert_no_secret(&format!("{err:?}"), "Debug of a login error");
    assert_no_secret(&err.to_string(), "Display of a login error");
    assert_no_secret(
        &format!("{sdk:?}"),
        "Debug of LookerSdk after a failed login",
    );
}

/// A 200 login answer whose token is then echoed in a broken 2xx body must not surface the
/// token through the decode error of the login itself.
#[tokio::test]
async fn truncated_login_answer_does_not_leak_the_token() {
    let server = start_server().await;
    let login = fixture("login_200.json");
    let cut = &login[..login.find("\"token_type\"").expect("token_type in fixture")];
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(cut.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    let err = match within(sdk.create_connection(&example_connection())).await {
        Ok(conn) => panic!("a broken login answer cannot succeed; got {conn:?}"),
        Err(err) => err,
    };
    assert_eq!(err.status(), Some(200));
    assert_no_secret(&format!("{err:?}"), "Debug of a broken login answer error");
    assert_no_secret(&err.to_string(), "Display of a broken login answer error");
}

/// `create_connection_200.json` with `changes` made, as a JSON answer.
fn changed_connection(changes: impl FnOnce(&mut Value)) -> Reply {
    let mut body = fixture_json("create_connection_200.json");
    changes(&mut body);
    Reply::json(&body)
}

#[tokio::test]
async fn numbers_and_strings_are_accepted_for_each_other_in_scalar_fields() {
    let answer = changed_connection(|body| {
        body["port"] = json!(5432);
        body["max_billing_gigabytes"] = json!(250.5);
        body["user_id"] = json!(42);
        body["max_connections"] = json!("30");
        body["pool_timeout"] = json!("-120");
        body["pdt_context_override"]["port"] = json!(5433);
    });
    let (_looker, sdk) = stand_in_answering(answer).await;
    let conn = within(sdk.create_connection(&example_connection()))
        .await
        .unwrap_or_else(|e| panic!("lenient fields must decode: {e}"));
    assert_eq!(conn.port.as_deref(), Some("5432"));
    assert_eq!(conn.max_billing_gigabytes.as_deref(), Some("250.5"));
    assert_eq!(conn.user_id.as_deref(), Some("42"));
    assert_eq!(conn.max_connections, Some(30));
    assert_eq!(conn.pool_timeout, Some(-120));
    let pdt = conn.pdt_context_override.expect("pdt_context_override");
    assert_eq!(pdt.port.as_deref(), Some("5433"));
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_decode_error_naming_the_field_with_an_excerpt() {
    type Change = fn(&mut Value);
    let cases: [(Change, &str); 3] = [
        (
            |body| body["snippets"][1]["sql"] = json!(["SELECT 1"]),
            "field `snippets.sql`: invalid type: sequence, expected a string (or a number)",
        ),
        (
            |body| body["max_connections"] = json!("thirty"),
            "field `max_connections`: invalid value: string \"thirty\", expected a 64-bit integer",
        ),
        (
            |body| body["dialect"] = json!(["bigquery"]),
            "field `dialect`: invalid type: sequence, expected a Dialect object",
        ),
    ];
    for (change, expected) in cases {
        let err = create_expecting_error(changed_connection(change)).await;
        let Error::Decode {
            status, excerpt, ..
        } = &err
        else {
            panic!("expected Error::Decode, got {err:?}");
        };
        assert_eq!(*status, 200);
        assert!(excerpt.starts_with("{\"can\":{"), "{excerpt}");
        let shown = err.to_string();
        assert!(shown.contains(expected), "{shown}");
        assert!(shown.contains(&format!("{excerpt:?}")), "{shown}");
        let source = std::error::Error::source(&err)
            .expect("the JSON error")
            .to_string();
        assert!(source.starts_with(expected), "{source}");
    }
}
