//! Shared helpers for the SDK's integration tests: a loopback `wiremock` server standing in for
//! a Looker instance, the recorded response bodies in `tests/fixtures/`, and settings that point
//! the SDK at the server.
//!
//! Every test binary compiles this module and none uses every helper.
#![allow(dead_code)]

use std::future::IntoFuture;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use looker_sdk::{ApiSettings, LookerSdk};
use serde_json::Value;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// API credentials used against the mock server. The secret holds characters that
/// `application/x-www-form-urlencoded` must escape, so the exact login body also proves encoding.
pub const CLIENT_ID: &str = "Xk9VwQ2cRbJ7mPz4TnLd";
pub const CLIENT_SECRET: &str = "s3cr3t-Gh7Jq/Ve+Wn=Tz&8pLr";
/// `CLIENT_SECRET` as the form encoder must write it.
pub const CLIENT_SECRET_FORM_ENCODED: &str = "s3cr3t-Gh7Jq%2FVe%2BWn%3DTz%268pLr";

pub const LOGIN_PATH: &str = "/api/4.0/login";
pub const LOGOUT_PATH: &str = "/api/4.0/logout";
pub const CONNECTIONS_PATH: &str = "/api/4.0/connections";

/// The timeout the SDK is configured with in tests (`LOOKERSDK_TIMEOUT`), in seconds.
pub const TIMEOUT_SECS: u64 = 10;

/// Upper bound for any single awaited SDK call in a test, so a test fails instead of hanging.
pub const CALL_DEADLINE: Duration = Duration::from_secs(30);

/// The exact body of the login request: `client_id=..&client_secret=..`, form-encoded.
pub fn expected_login_body() -> String {
    format!("client_id={CLIENT_ID}&client_secret={CLIENT_SECRET_FORM_ENCODED}")
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

pub fn fixture_path(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

/// The raw bytes of a fixture.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// A fixture as text.
pub fn fixture(name: &str) -> String {
    String::from_utf8(fixture_bytes(name))
        .unwrap_or_else(|e| panic!("fixture {name} is not UTF-8: {e}"))
}

/// A fixture parsed as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture_bytes(name))
        .unwrap_or_else(|e| panic!("fixture {name} is not valid JSON: {e}"))
}

/// The access token Looker hands out in `login_200.json`.
pub fn access_token() -> String {
    fixture_json("login_200.json")["access_token"]
        .as_str()
        .expect("login_200.json has a string access_token")
        .to_owned()
}

/// A fresh mock server of its own (not shared from wiremock's pool), listening on loopback.
pub async fn start_server() -> MockServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let server = MockServer::builder().listener(listener).start().await;
    assert!(
        server.address().ip().is_loopback(),
        "mock server must listen on loopback, got {}",
        server.address()
    );
    server
}

/// A response with a fixture as body, sent with the given content type.
pub fn fixture_response(status: u16, name: &str, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(fixture_bytes(name), content_type)
}

/// A JSON fixture response, as Looker sends it.
pub fn json_response(status: u16, name: &str) -> ResponseTemplate {
    fixture_response(status, name, "application/json")
}

/// Mounts Looker's login endpoint: it answers `login_200.json` only to a form-encoded POST whose
/// body is exactly [`expected_login_body`]; anything else falls through to wiremock's 404.
pub async fn mount_login(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(expected_login_body()))
        .respond_with(json_response(200, "login_200.json"))
        .named("login")
        .mount(server)
        .await;
}

/// Mounts `POST /api/4.0/connections`, answering only requests that carry the fixture's token.
pub async fn mount_create_connection(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(CONNECTIONS_PATH))
        .and(header(
            "authorization",
            format!("Bearer {}", access_token()).as_str(),
        ))
        .respond_with(response)
        .named("create_connection")
        .mount(server)
        .await;
}

/// The `LOOKERSDK_*` environment the tests run the SDK with, pointing at `base_url`.
pub fn test_env(base_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("LOOKERSDK_BASE_URL", base_url.to_owned()),
        ("LOOKERSDK_CLIENT_ID", CLIENT_ID.to_owned()),
        ("LOOKERSDK_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("LOOKERSDK_TIMEOUT", TIMEOUT_SECS.to_string()),
    ]
}

/// Settings for the SDK pointing at `base_url`, read the way a user's environment is read.
pub fn settings_for_url(base_url: &str) -> ApiSettings {
    let env = test_env(base_url);
    let settings = ApiSettings::from_sources(None, "Looker", move |name: &str| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    })
    .unwrap_or_else(|e| panic!("settings from LOOKERSDK_* variables: {e}"));
    assert_eq!(
        settings.base_url.trim_end_matches('/'),
        base_url.trim_end_matches('/')
    );
    assert_eq!(settings.client_id, CLIENT_ID);
    assert_eq!(settings.client_secret.expose(), CLIENT_SECRET);
    assert_eq!(settings.timeout, Duration::from_secs(TIMEOUT_SECS));
    settings
}

/// Settings for the SDK pointing at the mock server.
pub fn settings_for(server: &MockServer) -> ApiSettings {
    settings_for_url(&server.uri())
}

/// An SDK talking to the mock server.
pub fn sdk_for(server: &MockServer) -> LookerSdk {
    LookerSdk::new(settings_for(server)).unwrap_or_else(|e| panic!("LookerSdk::new: {e}"))
}

/// Awaits `fut`, failing the test instead of hanging when it takes longer than [`CALL_DEADLINE`].
pub async fn within<F: IntoFuture>(fut: F) -> F::Output {
    tokio::time::timeout(CALL_DEADLINE, fut.into_future())
        .await
        .unwrap_or_else(|_| panic!("SDK call did not finish within {CALL_DEADLINE:?}"))
}

/// Every request the mock server received for `request_path`, in arrival order.
pub async fn requests_to(server: &MockServer, request_path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
        .into_iter()
        .filter(|r| r.url.path() == request_path)
        .collect()
}

/// The single request the mock server received for `request_path`.
pub async fn single_request_to(server: &MockServer, request_path: &str) -> Request {
    let mut requests = requests_to(server, request_path).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request to {request_path}"
    );
    requests.remove(0)
}

/// The value of a request header as text (`None` when absent).
pub fn header_value(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("header value is ASCII").to_owned())
}

/// The request body parsed as JSON.
pub fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "request body is not JSON ({e}): {}",
            String::from_utf8_lossy(&request.body)
        )
    })
}

/// Asserts the login request is exactly what Looker expects: a POST to `/api/4.0/login` with a
/// form-encoded body holding the credentials (and nothing in the URL), no bearer token, and
/// the `x-looker-appid` header.
pub fn assert_login_request(login: &Request) {
    assert_eq!(login.method.as_str(), "POST");
    assert_eq!(login.url.path(), LOGIN_PATH);
    assert_eq!(
        login.url.query(),
        None,
        "credentials must not travel in the URL"
    );
    assert_eq!(
        header_value(login, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(String::from_utf8_lossy(&login.body), expected_login_body());
    assert_eq!(
        header_value(login, "authorization"),
        None,
        "login carries no token"
    );
    assert_appid(login);
}

/// Asserts the request names the SDK and its version in `x-looker-appid`.
pub fn assert_appid(request: &Request) {
    let appid = header_value(request, "x-looker-appid")
        .unwrap_or_else(|| panic!("{} lacks the x-looker-appid header", request.url.path()));
    assert!(!appid.trim().is_empty(), "x-looker-appid is empty");
    assert!(
        appid.contains(env!("CARGO_PKG_VERSION")),
        "x-looker-appid {appid:?} does not name the SDK version {}",
        env!("CARGO_PKG_VERSION")
    );
}

/// Asserts the request carries `Authorization: Bearer <token from login_200.json>`.
pub fn assert_bearer(request: &Request) {
    assert_eq!(
        header_value(request, "authorization"),
        Some(format!("Bearer {}", access_token())),
        "{} must carry the token from login",
        request.url.path()
    );
}

/// The process's peak resident set (`VmHWM`), in KiB: for the tests that are alone in their
/// binary, so that nothing else counts in the peak.
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}
