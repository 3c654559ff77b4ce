//! The SDK against a Looker stand-in that misbehaves on purpose: rate limits, unavailability,
//! bad gateways and revoked tokens. Each test asserts the outcome, the requests and logins
//! made, and a time bound.

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
