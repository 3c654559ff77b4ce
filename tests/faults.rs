//! The SDK against a Looker stand-in that misbehaves on purpose: rate limits, unavailability,
//! bad gateways, revoked tokens, hostile answers (HTML, truncated, empty, wrong type, reset,
//! stalled, too large), `login_user` sessions and rotated secrets. Each test asserts the
//! outcome, the requests and logins made, and a time bound where the case is about time.

use std::time::{Duration, Instant};

use looker_sdk::codegen::{Call, Request};
use looker_sdk::models::WriteDbConnection;
use looker_sdk::{ApiSettings, LookerSdk, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOGIN: &str = "/api/4.0/login";

async fn looker(logins: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(logins)
        .mount(&server)
        .await;
    server
}

fn sdk(server: &MockServer, retry: RetryPolicy) -> LookerSdk {
    let mut settings = ApiSettings::new(server.uri(), "id", "secret");
    settings.retry = retry;
    LookerSdk::new(settings).expect("valid settings")
}

/// A policy whose backoffs take milliseconds, so that tests are quick.
fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

/// `status` (with headers) the first `times` times `at` is asked, then 200 with `{"ok": true}`.
async fn fails_then_succeeds(
    server: &MockServer,
    verb: &str,
    at: &str,
    failure: ResponseTemplate,
    times: u64,
) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn get(sdk: &LookerSdk, at: &str) -> looker_sdk::Result<Value> {
    Call::<Value>::new(sdk, Ok(Request::get(at))).await
}

async fn requests_to(server: &MockServer, at: &str) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.url.path() == at).count()
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let server = looker(1).await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    fails_then_succeeds(&server, "GET", "/api/4.0/x", limited, 1).await;
    let started = Instant::now();
    let answer = get(&sdk(&server, RetryPolicy::default()), "/x").await;
    assert_eq!(answer.expect("retried"), json!({"ok": true}));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 2);
}

#[tokio::test]
async fn a_post_answered_503_with_an_http_date_is_retried() {
    let server = looker(1).await;
    let unavailable = ResponseTemplate::new(503)
        .insert_header("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT")
        .set_body_string("<html>maintenance</html>");
    fails_then_succeeds(&server, "POST", "/api/4.0/connections", unavailable, 1).await;
    let created = sdk(&server, RetryPolicy::default())
        .create_connection(&WriteDbConnection::new().set_name("a"))
        .await;
    assert!(created.is_ok(), "{created:?}");
    assert_eq!(requests_to(&server, "/api/4.0/connections").await, 2);
}

#[tokio::test]
async fn a_post_answered_502_is_never_sent_twice() {
    let server = looker(1).await;
    fails_then_succeeds(
        &server,
        "POST",
        "/api/4.0/connections",
        ResponseTemplate::new(502),
        1,
    )
    .await;
    let error = sdk(&server, quick(4))
        .create_connection(&WriteDbConnection::new().set_name("a"))
        .await
        .expect_err("a 502 may hide a processed POST");
    assert_eq!(error.status(), Some(502));
    assert_eq!(requests_to(&server, "/api/4.0/connections").await, 1);
}

#[tokio::test]
async fn a_get_answered_502_is_retried() {
    let server = looker(1).await;
    fails_then_succeeds(&server, "GET", "/api/4.0/x", ResponseTemplate::new(502), 2).await;
    assert!(get(&sdk(&server, quick(4)), "/x").await.is_ok());
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 3);
}

#[tokio::test]
async fn a_429_that_never_ends_gives_up_after_the_attempts() {
    let server = looker(1).await;
    fails_then_succeeds(&server, "GET", "/api/4.0/x", ResponseTemplate::new(429), 99).await;
    let started = Instant::now();
    let error = get(&sdk(&server, quick(3)), "/x")
        .await
        .expect_err("always limited");
    assert_eq!(error.status(), Some(429));
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 3);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_retry_after_beyond_the_wait_allowed_is_not_waited_for() {
    let server = looker(1).await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "600");
    fails_then_succeeds(&server, "GET", "/api/4.0/x", limited, 1).await;
    let started = Instant::now();
    let error = get(&sdk(&server, RetryPolicy::default()), "/x")
        .await
        .expect_err("600 s is past the 60 s allowed");
    assert_eq!(
        error.api_error().and_then(|e| e.retry_after),
        Some(Duration::from_secs(600))
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 1);
}

#[tokio::test]
async fn a_revoked_token_logs_in_again_once() {
    let server = looker(2).await;
    fails_then_succeeds(&server, "GET", "/api/4.0/x", ResponseTemplate::new(401), 1).await;
    assert!(get(&sdk(&server, RetryPolicy::none()), "/x").await.is_ok());
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 2);
    assert_eq!(requests_to(&server, LOGIN).await, 2);
}

#[tokio::test]
async fn a_401_after_logging_in_again_is_the_answer() {
    let server = looker(2).await;
    fails_then_succeeds(&server, "GET", "/api/4.0/x", ResponseTemplate::new(401), 99).await;
    let error = get(&sdk(&server, RetryPolicy::default()), "/x")
        .await
        .expect_err("the account lost its access");
    assert_eq!(error.status(), Some(401));
    assert_eq!(requests_to(&server, "/api/4.0/x").await, 2);
    assert_eq!(requests_to(&server, LOGIN).await, 2);
}

// Hostile answers, from a hand-rolled server: each is a typed error with the status and an
// excerpt of the body, after exactly one request, within a generous bound of its timeout.

#[path = "common/raw.rs"]
mod raw;

use looker_sdk::Error;
use raw::{answer, login_answer, RawServer, Reply};

/// A stand-in that logs in and answers every other request with `reply`.
fn hostile(reply: Reply) -> RawServer {
    RawServer::start(move |_, path| match path {
        LOGIN => login_answer("tok"),
        _ => reply.clone(),
    })
}

fn raw_sdk(server: &RawServer, configure: impl FnOnce(&mut ApiSettings)) -> LookerSdk {
    let mut settings = ApiSettings::new(server.base_url.clone(), "id", "secret");
    configure(&mut settings);
    LookerSdk::new(settings).expect("valid settings")
}

async fn create(sdk: &LookerSdk) -> looker_sdk::Result<looker_sdk::models::DbConnection> {
    sdk.create_connection(&WriteDbConnection::new().set_name("a"))
        .await
}

const CONNECTIONS: &str = "/api/4.0/connections";

#[tokio::test]
async fn an_html_error_page_is_an_api_error_with_an_excerpt() {
    let page = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
    let server = hostile(Reply::Bytes(answer(502, "text/html", page)));
    let error = create(&raw_sdk(&server, |_| {})).await.expect_err("a 502");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.message, None);
    assert_eq!(
        api.body_excerpt.as_deref(),
        Some(std::str::from_utf8(page).unwrap())
    );
    assert_eq!(
        server.count(CONNECTIONS),
        1,
        "a POST answered 502 is not sent again"
    );
    assert_eq!(server.count(LOGIN), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_an_excerpt() {
    let body = br#"{"name":"a","dialect":{"label":"Big"#;
    let server = hostile(Reply::Bytes(answer(200, "application/json", body)));
    let error = create(&raw_sdk(&server, |_| {}))
        .await
        .expect_err("truncated");
    match &error {
        Error::Decode {
            status,
            path,
            excerpt,
            ..
        } => {
            assert_eq!((*status, path.as_str()), (200, "/connections"));
            assert_eq!(excerpt.as_bytes(), body);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(error.to_string().contains("EOF while parsing"), "{error}");
    assert_eq!(server.count(CONNECTIONS), 1);
}

#[tokio::test]
async fn an_empty_body_where_a_model_is_due_is_a_decode_error() {
    let server = hostile(Reply::Bytes(answer(200, "application/json", b"")));
    let error = create(&raw_sdk(&server, |_| {})).await.expect_err("empty");
    assert!(
        matches!(&error, Error::Decode { status: 200, excerpt, .. } if excerpt.is_empty()),
        "{error:?}"
    );
    assert_eq!(server.count(CONNECTIONS), 1);
}

#[tokio::test]
async fn a_login_page_instead_of_json_names_its_content_type() {
    let page = b"<html><form action=/login>Sign in</form></html>";
    let server = hostile(Reply::Bytes(answer(200, "text/html; charset=utf-8", page)));
    let error = create(&raw_sdk(&server, |_| {})).await.expect_err("HTML");
    assert!(
        matches!(&error, Error::Decode { status: 200, excerpt, .. } if excerpt.starts_with("<html><form")),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains("`text/html; charset=utf-8`, not JSON"),
        "{text}"
    );
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error_and_is_not_sent_again() {
    let server = hostile(Reply::Reset);
    let error = create(&raw_sdk(&server, |_| {})).await.expect_err("reset");
    assert!(
        matches!(&error, Error::Transport { method, path, .. } if method == "POST" && path == "/connections"),
        "{error:?}"
    );
    assert_eq!(
        server.count(CONNECTIONS),
        1,
        "a POST that may have been processed"
    );
    // A GET cut off after it was sent is not retried either: only failures to connect are.
    let error = get(&raw_sdk(&server, |_| {}), "/x")
        .await
        .expect_err("reset");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.count("/api/4.0/x"), 1);
}

#[tokio::test]
async fn a_server_stalling_mid_body_fails_at_the_calls_own_timeout() {
    let mut head =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            .to_vec();
    head.extend_from_slice(br#"{"name":"#);
    let server = hostile(Reply::BytesThenStall(head));
    let sdk = raw_sdk(&server, |_| {}); // the default 120 s timeout
    let started = Instant::now();
    let error = sdk
        .create_connection(&WriteDbConnection::new().set_name("a"))
        .timeout(Duration::from_secs(1))
        .await
        .expect_err("stalled");
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_timeout()),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("POST /connections: timed out"),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(CONNECTIONS), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_fails_at_the_settings_timeout() {
    let server = hostile(Reply::BytesThenStall(Vec::new()));
    let sdk = raw_sdk(&server, |s| s.timeout = Duration::from_secs(1));
    let started = Instant::now();
    let error = get(&sdk, "/x").await.expect_err("no answer");
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_timeout()),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count("/api/4.0/x"), 1, "a timeout is not retried");
}

#[tokio::test]
async fn a_body_past_the_limit_is_refused_announced_or_not() {
    let big = format!("[{}]", vec!["{\"name\":\"x\"}"; 10_000].join(","));
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for piece in big.as_bytes().chunks(1000) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    for reply in [answer(200, "application/json", big.as_bytes()), chunked] {
        let server = hostile(Reply::Bytes(reply));
        let sdk = raw_sdk(&server, |s| s.max_body_bytes = 4096);
        let error = get(&sdk, "/connections").await.expect_err("too large");
        match &error {
            Error::BodyTooLarge {
                status,
                limit,
                excerpt,
                ..
            } => {
                assert_eq!((*status, *limit), (200, 4096));
                assert!(excerpt.starts_with("[{\"name\":\"x\"}"), "{excerpt}");
            }
            other => panic!("expected BodyTooLarge, got {other:?}"),
        }
        assert!(
            error
                .to_string()
                .contains("longer than the 4096 bytes allowed"),
            "{error}"
        );
        assert_eq!(error.status(), Some(200));
    }
}

// Acting as another user (`login_user`), and the credentials read at each login.

/// Logs the API user in as `api-tok`, user 42 as `user-tok` (valid `user_lifetime` seconds);
/// `GET /x` says whose token it got; `DELETE /logout` ends a session.
fn sudo_looker(user_lifetime: u64, refuse_first_user_call: bool) -> RawServer {
    let refused = std::sync::atomic::AtomicBool::new(!refuse_first_user_call);
    RawServer::start(move |verb, at| {
        let json = |body: String| Reply::Bytes(answer(200, "application/json", body.as_bytes()));
        match (verb, at) {
            ("POST", LOGIN) => login_answer("api-tok"),
            ("POST", "/api/4.0/login/42") => json(format!(
                r#"{{"access_token":"user-tok","token_type":"Bearer","expires_in":{user_lifetime}}}"#
            )),
            ("POST", _) => Reply::Bytes(answer(
                404,
                "application/json",
                br#"{"message":"Not found"}"#,
            )),
            ("DELETE", "/api/4.0/logout") => Reply::Bytes(answer(204, "text/plain", b"")),
            _ if !refused.swap(true, std::sync::atomic::Ordering::SeqCst) => Reply::Bytes(answer(
                401,
                "application/json",
                br#"{"message":"Requires authentication."}"#,
            )),
            _ => json(r#"{"ok":true}"#.to_owned()),
        }
    })
}

fn bearer(server: &RawServer, verb: &str, at: &str) -> Vec<String> {
    server
        .seen()
        .into_iter()
        .filter(|s| s.method == verb && s.path == at)
        .map(|s| s.authorization.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn login_user_calls_as_that_user_and_its_logout_ends_only_that_session() {
    let server = sudo_looker(3600, false);
    let sdk = raw_sdk(&server, |_| {});
    let as_user = sdk.login_user("42").await.expect("sudo");
    get(&as_user, "/x").await.expect("as the user");
    get(&sdk, "/x").await.expect("as the API user");
    get(&as_user, "/x").await.expect("as the user");
    assert_eq!(
        bearer(&server, "GET", "/api/4.0/x"),
        ["Bearer user-tok", "Bearer api-tok", "Bearer user-tok"]
    );
    assert_eq!(
        bearer(&server, "POST", "/api/4.0/login/42"),
        ["Bearer api-tok"]
    );
    as_user.auth().logout().await.expect("logout");
    assert_eq!(
        bearer(&server, "DELETE", "/api/4.0/logout"),
        ["Bearer user-tok"]
    );
    assert!(
        !as_user.auth().is_authenticated().await,
        "the token is cleared"
    );
    assert!(
        sdk.auth().is_authenticated().await,
        "the API user's session stays"
    );
    get(&sdk, "/x").await.expect("still the API user");
    assert_eq!(server.count(LOGIN), 1);
    // The next call of the handle logs in as the user again.
    get(&as_user, "/x").await.expect("as the user again");
    assert_eq!(server.count("/api/4.0/login/42"), 2);
    assert_eq!(server.count(LOGIN), 1);
}

#[tokio::test]
async fn a_login_user_token_about_to_expire_is_replaced() {
    let server = sudo_looker(5, false); // inside the 10 s margin: every call logs in again
    let sdk = raw_sdk(&server, |_| {});
    let as_user = sdk.login_user("42").await.expect("sudo");
    for _ in 0..2 {
        get(&as_user, "/x").await.expect("as the user");
    }
    assert_eq!(server.count("/api/4.0/login/42"), 3);
    assert_eq!(server.count(LOGIN), 1, "the API user's token is reused");
}

#[tokio::test]
async fn a_refused_login_user_token_logs_in_as_the_user_again_once() {
    let server = sudo_looker(3600, true);
    let sdk = raw_sdk(&server, |_| {});
    let as_user = sdk.login_user("42").await.expect("sudo");
    get(&as_user, "/x").await.expect("after logging in again");
    assert_eq!(
        bearer(&server, "GET", "/api/4.0/x"),
        ["Bearer user-tok", "Bearer user-tok"]
    );
    assert_eq!(server.count("/api/4.0/login/42"), 2);
}

#[tokio::test]
async fn login_user_for_an_unknown_user_is_an_api_error() {
    let server = sudo_looker(3600, false);
    let error = raw_sdk(&server, |_| {})
        .login_user("nobody/..")
        .await
        .expect_err("404");
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.to_string(),
        "POST /login/nobody%2F..: 404 Not Found: Not found"
    );
}

#[tokio::test]
async fn each_login_reads_the_secret_again_so_a_rotated_one_is_used() {
    let server = looker(2).await;
    let dir = std::env::temp_dir().join(format!("looker-sdk-rotation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ini = dir.join("looker.ini");
    let write = |secret: &str| {
        let text = format!(
            "[Looker]\nbase_url={}\nclient_id=id\nclient_secret={secret}\n",
            server.uri()
        );
        std::fs::write(&ini, text).expect("write looker.ini");
    };
    write("old-secret");
    let settings = ApiSettings::load(&ini, "Looker").expect("settings");
    if std::env::var_os("LOOKERSDK_CLIENT_SECRET").is_some() {
        return; // the environment would override the file
    }
    let sdk = LookerSdk::new(settings).expect("sdk");
    sdk.auth().login().await.expect("first login");
    write("new-secret");
    sdk.auth().login().await.expect("second login");
    let bodies: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == LOGIN)
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            "client_id=id&client_secret=old-secret",
            "client_id=id&client_secret=new-secret"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
