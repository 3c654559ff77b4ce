//! Formatted settings, sessions, models and every error never show a secret: the client
//! secret, the access token, a connection's password or certificate.

mod common;

use std::collections::BTreeMap;

use common::*;
use looker_sdk::codegen::{Call, Request};
use looker_sdk::models::WriteDbConnection;
use looker_sdk::{ApiSettings, Error, LookerSdk};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const PASSWORD: &str = "db-Pa55w0rd-9f8e";
const CERTIFICATE: &str = "Y2VydGlmaWNhdGUtc2VjcmV0";

/// Every secret of these tests: the client secret (plain and form-encoded), the access token,
/// a connection's password and certificate.
fn secrets() -> Vec<String> {
    vec![
        CLIENT_SECRET.to_owned(),
        CLIENT_SECRET_FORM_ENCODED.to_owned(),
        access_token(),
        PASSWORD.to_owned(),
        CERTIFICATE.to_owned(),
    ]
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} shows a secret: {text}");
    }
}

/// `{:?}`, `{:#?}` and `{}` of `error`, checked for secrets; the Debug form is returned.
fn check_error(what: &str, error: &Error) -> String {
    let debug = format!("{error:?}");
    assert_no_secret(what, &debug);
    assert_no_secret(what, &format!("{error:#?}"));
    assert_no_secret(what, &error.to_string());
    assert!(
        debug.starts_with(&error.to_string()),
        "{what}: Debug starts as Display: {debug}"
    );
    debug
}

#[tokio::test]
async fn no_secret_in_settings_sessions_models_or_any_error() {
    let server = start_server().await;
    mount_login(&server).await;
    let unexpected = ResponseTemplate::new(200).set_body_json(json!({"name": "not a number"}));
    for (verb, at, answer) in [
        ("GET", "/api/4.0/decode", unexpected.clone()),
        (
            "GET",
            "/api/4.0/large",
            ResponseTemplate::new(200).set_body_json(json!({"names": vec!["x"; 2000]})),
        ),
        (
            "GET",
            "/api/4.0/api",
            ResponseTemplate::new(422).set_body_json(json!({
                "message": "Validation Failed",
                "errors": [{"field": "password", "code": "invalid", "message": "too short"}]
            })),
        ),
    ] {
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    let settings = settings_for(&server);
    assert_no_secret("settings", &format!("{settings:?} {settings:#?}"));
    let sdk = LookerSdk::new(settings.clone()).expect("sdk");
    sdk.auth().login().await.expect("login");
    assert_no_secret("sdk", &format!("{sdk:?} {:?}", sdk.auth()));
    assert_no_secret(
        "token",
        &format!(
            "{:?} {}",
            sdk.auth().token().await,
            sdk.auth().token().await.expect("token")
        ),
    );

    let mut connection = WriteDbConnection::new()
        .set_name("db")
        .set_password(PASSWORD);
    connection.certificate = Some(CERTIFICATE.to_owned());
    let shown = format!("{connection:?} {connection:#?}");
    assert_no_secret("WriteDbConnection", &shown);
    assert!(shown.contains("<redacted>"), "{shown}");

    let send = |at: &str| Call::<Value>::new(&sdk, Ok(Request::get(at)));
    // Api: Looker's error JSON, with a field.
    let api = send("/api").await.expect_err("422");
    let debug = check_error("Api", &api);
    assert!(
        debug.contains(
            "GET /api: 422 Unprocessable Entity: Validation Failed (password: invalid: too short)"
        ),
        "{debug}"
    );
    // Decode: not the documented shape.
    let decode = Call::<u64>::new(&sdk, Ok(Request::get("/decode")))
        .await
        .expect_err("decode");
    check_error("Decode", &decode);
    let limited = |bytes: u64| {
        let mut small = settings.clone();
        small.max_body_bytes = bytes;
        LookerSdk::new(small).expect("sdk")
    };
    let too_large = Call::<Value>::new(&limited(2048), Ok(Request::get("/large")))
        .await
        .expect_err("large");
    assert!(
        matches!(too_large, Error::BodyTooLarge { .. }),
        "{too_large:?}"
    );
    check_error("BodyTooLarge", &too_large);
    // The login answer itself too large: its excerpt would start with the token.
    let login_too_large = limited(8)
        .auth()
        .login()
        .await
        .expect_err("login too large");
    let debug = check_error("BodyTooLarge at login", &login_too_large);
    assert!(debug.contains("withheld"), "{debug}");
    // Transport: a port where nothing listens, with the secret in the query.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let base = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let unreachable =
        LookerSdk::new(ApiSettings::new(base, CLIENT_ID, CLIENT_SECRET)).expect("sdk");
    let transport = unreachable.auth().login().await.expect_err("refused");
    let debug = check_error("Transport", &transport);
    assert!(
        debug.starts_with("POST /login: could not connect"),
        "{debug}"
    );
    // Settings: an ini line with the secret but no `=`.
    let ini = format!("[Looker]\nclient_secret {CLIENT_SECRET}\n");
    let settings_error = ApiSettings::from_sources(Some(("looker.ini", &ini)), "Looker", |_| None)
        .expect_err("syntax");
    check_error("Settings", &settings_error);
    // Serialize: a map with non-string keys, next to a password.
    let body = BTreeMap::from([((1, PASSWORD), 2)]);
    let serialize = Call::<Value>::new(&sdk, Request::post("/x").json(&body))
        .await
        .expect_err("keys");
    assert!(matches!(serialize, Error::Serialize(_)), "{serialize:?}");
    check_error("Serialize", &serialize);
    // InvalidArgument: a `..` path parameter.
    let invalid = Call::<Value>::new(&sdk, Ok(Request::get("/x/..")))
        .await
        .expect_err("..");
    assert!(
        matches!(invalid, Error::InvalidArgument { .. }),
        "{invalid:?}"
    );
    check_error("InvalidArgument", &invalid);
    // (`Error::Client` needs an HTTP client that cannot be built: its message is reqwest's.)
}
