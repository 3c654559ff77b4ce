//! The test kit (`looker_sdk::testing`) itself: matching by operation, what an unmatched
//! request and a missed call count say, sequences, strict decoding of answers, Looker's errors,
//! the login session, and a cassette recorded from an "instance" (a second stand-in), with its
//! secrets redacted, replayed offline.

mod common;

use std::time::Duration;

use common::fixture_json;
use looker_sdk::models::{DbConnection, WriteDbConnection};
use looker_sdk::testing::{Reply, StandIn};
use looker_sdk::{ApiSettings, Error, LookerSdk, Method};
use serde_json::json;

fn connection(name: &str) -> WriteDbConnection {
    WriteDbConnection::new()
        .set_name(name)
        .set_dialect_name("bigquery_standard_sql")
}

fn created(name: &str) -> DbConnection {
    let mut created = DbConnection::default();
    created.name = Some(name.to_owned());
    created
}

/// The message Looker's error JSON carried, of an `Error::Api`.
fn message(error: &Error) -> String {
    match error {
        Error::Api(api) => api.message.clone().unwrap_or_default(),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_rule_answers_its_operation_with_a_typed_model_and_counts_calls() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .body(json!({"name": "warehouse", "dialect_name": "bigquery_standard_sql"}))
        .times(1)
        .answer(Reply::json(&created("warehouse")));
    let sdk = looker.sdk();
    let answer = sdk.create_connection(&connection("warehouse")).await;
    assert_eq!(answer.expect("answered").name.as_deref(), Some("warehouse"));
    let received = looker.received_by("create_connection");
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].method.as_str(), received[0].path.as_str()),
        ("POST", "/connections")
    );
    let logins: Vec<_> = looker
        .received()
        .into_iter()
        .filter(|r| r.path == "/login")
        .collect();
    assert_eq!(logins.len(), 1, "the stand-in logged the SDK in once");
    looker.verify();
}

#[tokio::test]
async fn an_unmatched_request_fails_naming_the_operation_and_its_rules() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .body(json!({"name": "warehouse"}))
        .answer(Reply::json(&created("warehouse")));
    let error = looker
        .sdk()
        .create_connection(&connection("other"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(501));
    let said = message(&error);
    assert!(
        said.starts_with("stand-in: no rule of `create_connection` answers POST /connections;"),
        "{said}"
    );
    assert!(
        said.contains(
            r#"rule `create_connection` (POST /connections) with body {"name":"warehouse"}"#
        ),
        "{said}"
    );
    let problems = looker.into_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("no rule of `create_connection`"),
        "{problems:?}"
    );
}

#[tokio::test]
async fn an_operation_without_rules_and_a_path_of_no_operation_are_named() {
    let looker = StandIn::<LookerSdk>::start().await;
    let sdk = looker.sdk();
    let error = sdk.create_connection(&connection("x")).await.unwrap_err();
    assert_eq!(
        message(&error),
        "stand-in: no rule answers `create_connection`: POST /connections \
         (add one: `stand_in.on(\"create_connection\")`)"
    );
    let raw = sdk
        .raw(Method::GET, "/users/7")
        .query("fields", "id")
        .send()
        .await;
    let said = message(&raw.unwrap_err());
    assert_eq!(
        said,
        "stand-in: GET /users/7?fields=id is no operation of the API (no path template matches it)"
    );
    assert_eq!(looker.into_problems().len(), 2);
}

#[tokio::test]
async fn a_call_count_not_met_fails_verify_and_drop() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .times(2)
        .answer(Reply::json(&created("a")));
    looker
        .sdk()
        .create_connection(&connection("a"))
        .await
        .expect("first call");
    let verify = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| looker.verify()));
    let panic = verify.expect_err("one call of two fails verify");
    let said = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_eq!(
        said,
        "stand-in: 1 problem(s):\n  - rule `create_connection` (POST /connections): \
         expected 2 call(s), got 1"
    );
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(looker)));
    assert!(dropped.is_err(), "dropping checks the same");
}

#[tokio::test]
async fn a_misspelt_operation_panics_with_the_closest_names() {
    let looker = StandIn::<LookerSdk>::start().await;
    let on = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _rule = looker.on("create_connections");
    }));
    let said = on
        .expect_err("no such operation")
        .downcast_ref::<String>()
        .cloned();
    assert_eq!(
        said.as_deref(),
        Some("stand-in: the API has no operation `create_connections` (did you mean `create_connection`?)")
    );
}

#[tokio::test]
async fn a_sequence_answers_in_turn_and_429_is_retried_by_the_sdk() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .times(2)
        .answers([Reply::too_many_requests(0), Reply::json(&created("a"))]);
    let answer = looker.sdk().create_connection(&connection("a")).await;
    assert_eq!(answer.expect("retried").name.as_deref(), Some("a"));
    assert_eq!(looker.received_by("create_connection").len(), 2);
}

#[tokio::test]
async fn an_answer_the_model_does_not_have_is_an_error_of_the_call() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker.on("create_connection").answers([
        Reply::json(&json!({"name": "a", "dialect": {"name": "x", "no_such": 1}})),
        Reply::json(&json!({"name": true})),
    ]);
    let sdk = looker.sdk();
    let unknown = sdk.create_connection(&connection("a")).await.unwrap_err();
    let said = unknown.to_string();
    assert!(matches!(unknown, Error::Decode { .. }), "{unknown:?}");
    assert!(
        said.contains("field `dialect`: `no_such` is not a property of Dialect"),
        "{said}"
    );
    let wrong_type = sdk
        .create_connection(&connection("a"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        wrong_type.contains("field `name`: invalid type: boolean `true`"),
        "{wrong_type}"
    );
}

#[tokio::test]
async fn lookers_own_answer_fits_its_model_strictly() {
    let looker = StandIn::<LookerSdk>::start().await;
    let recorded = fixture_json("create_connection_200.json");
    looker
        .on("create_connection")
        .answer(Reply::json(&recorded));
    let answer = looker
        .sdk()
        .create_connection(&connection("a"))
        .await
        .expect("fits");
    assert_eq!(
        serde_json::to_value(&answer).expect("JSON")["snippets"],
        recorded["snippets"]
    );
}

#[tokio::test]
async fn lookers_error_answers_reach_the_caller_as_they_would_from_looker() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .answer(Reply::validation_error(
            "Validation Failed",
            &[("name", "already_exists", "Name is already taken")],
        ));
    let error = looker
        .sdk()
        .create_connection(&connection("a"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(422));
    let details = error.validation_errors();
    assert_eq!(details.len(), 1);
    assert_eq!(
        (details[0].field.as_deref(), details[0].code.as_deref()),
        (Some("name"), Some("already_exists"))
    );
}

#[tokio::test]
async fn the_session_is_the_stand_ins_and_a_delay_meets_the_timeout() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_connection")
        .answer(Reply::json(&created("a")).delay(Duration::from_secs(5)));
    let sdk = looker.sdk_with(|settings| {
        settings.timeout = Duration::from_millis(300);
        settings.retry.max_attempts = 1;
    });
    sdk.auth().login().await.expect("the stand-in logs in");
    let error = sdk.create_connection(&connection("a")).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    sdk.auth().logout().await.expect("and out");
    let paths: Vec<String> = looker
        .received()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        ["POST /login", "POST /connections", "DELETE /logout"]
    );
}

/// A fresh directory below the target directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Every kind of secret an exchange can carry, each a value that must not reach a cassette.
const DB_PASSWORD: &str = "db-pa55word-Zq81xv";
const CERTIFICATE: &str = "Q0VSVElGSUNBVEUtc2VjcmV0";
const WRITE_ONLY: &str = "write-only-file-type-51";
const REAL_SECRET: &str = "real-client-secret-9Hq";
const COOKIE: &str = "cookie-value-secret-77";
const ANSWERED_PASSWORD: &str = "answered-pa55word-45";
const RAW_TOKEN: &str = "raw-body-token-42";
const RAW_SECRET: &str = "raw-camel-secret-43";
const RAW_QUERY_TOKEN: &str = "raw-query-token-44";

#[tokio::test]
async fn a_recorded_cassette_has_no_secret_and_replays_offline() {
    // The "real instance": a stand-in with rules, reached with real credentials.
    let instance = StandIn::<LookerSdk>::start().await;
    let mut answer = created("warehouse");
    answer.host = Some("db.example.com".into());
    answer.password = Some(ANSWERED_PASSWORD.into());
    let reply = Reply::json(&answer).header("set-cookie", &format!("session={COOKIE}"));
    instance.on("create_connection").answer(reply);
    let cassette = scratch("cassette").join("create_connection.json");
    let settings = ApiSettings::new(instance.base_url(), "real-id", REAL_SECRET);
    let recorder = StandIn::<LookerSdk>::record(settings, &cassette)
        .await
        .expect("records");
    let request = connection("warehouse")
        .set_password(DB_PASSWORD)
        .set_certificate(CERTIFICATE)
        .set_file_type(WRITE_ONLY);
    let sdk = recorder.sdk();
    let recorded = sdk.create_connection(&request).await.expect("forwarded");
    assert_eq!(recorded.host.as_deref(), Some("db.example.com"));
    let raw_body =
        json!({"name": "raw", "api_token": RAW_TOKEN, "options": {"clientSecret": RAW_SECRET}});
    let raw = sdk
        .raw(Method::POST, "/connections")
        .query("auth_token", RAW_QUERY_TOKEN)
        .json(&raw_body);
    raw.send().await.expect("a raw call, forwarded");
    assert_eq!(recorder.save().expect("saved"), 2);
    let forwarded = instance.received_by("create_connection");
    assert_eq!(
        forwarded[0].json().expect("JSON")["password"],
        DB_PASSWORD,
        "the instance got it"
    );

    let text = std::fs::read_to_string(&cassette).expect("written");
    let secrets = [
        DB_PASSWORD,
        CERTIFICATE,
        WRITE_ONLY,
        REAL_SECRET,
        COOKIE,
        ANSWERED_PASSWORD,
        RAW_TOKEN,
        RAW_SECRET,
        RAW_QUERY_TOKEN,
        "stand-in-token",
        "stand-in-secret",
        "Bearer",
        "authorization",
        "set-cookie",
    ];
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in the cassette:\n{text}");
    }
    assert_eq!(text.matches("\"[redacted]\"").count(), 8, "{text}");
    assert!(
        text.contains("\"operation\": \"create_connection\""),
        "{text}"
    );

    let replayed = StandIn::<LookerSdk>::replay(&cassette)
        .await
        .expect("a cassette");
    let sdk = replayed.sdk();
    let again = sdk.create_connection(&request).await.expect("replayed");
    let mut redacted = recorded.clone();
    redacted.password = Some("[redacted]".into());
    assert_eq!(again, redacted);
    let raw = sdk
        .raw(Method::POST, "/connections")
        .query("auth_token", RAW_QUERY_TOKEN)
        .json(&raw_body);
    raw.send().await.expect("the raw call, replayed");
    replayed.verify();

    let strict = StandIn::<LookerSdk>::replay(&cassette)
        .await
        .expect("a cassette");
    let other = strict
        .sdk()
        .create_connection(&connection("other"))
        .await
        .unwrap_err();
    assert_eq!(
        message(&other),
        "stand-in: replay: exchange 1 expected POST /connections, got POST /connections \
         (they differ in body)"
    );
    let problems = strict.into_problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[1].starts_with("2 exchange(s) of the cassette were not replayed"),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_broken_cassette_is_an_error_naming_where() {
    let file = scratch("broken-cassette").join("broken.json");
    let exchange = json!({"method": "GET", "path": "/x", "status": 1000, "answer": null});
    let text = json!({"cassette": "looker-sdk-rtl/1", "exchanges": [exchange]}).to_string();
    std::fs::write(&file, text).expect("written");
    let error = StandIn::<LookerSdk>::replay(&file)
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        format!(
            "cassette {}: /exchanges/0/status: expected an HTTP status",
            file.display()
        )
    );
    let missing = StandIn::<LookerSdk>::replay(file.with_extension("nope"))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("broken.nope"), "{missing}");
}

#[tokio::test]
async fn answers_are_asked_for_gzip_and_decompressed() {
    let looker = StandIn::<LookerSdk>::start().await;
    let recorded = fixture_json("create_connection_200.json");
    looker
        .on("create_connection")
        .answer(Reply::json(&recorded).gzip());
    let answer = looker
        .sdk()
        .create_connection(&connection("a"))
        .await
        .expect("decompressed");
    assert_eq!(
        serde_json::to_value(&answer).expect("JSON")["snippets"],
        recorded["snippets"]
    );
    let sent = &looker.received_by("create_connection")[0];
    assert!(
        sent.header("accept-encoding")
            .is_some_and(|v| v.contains("gzip")),
        "{sent:?}"
    );
    assert_eq!(sent.header("authorization"), Some("[redacted]"));
}
