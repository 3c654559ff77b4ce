//! The runtime against servers that misbehave on purpose: loopback stand-ins (two origins where a
//! credential could travel) for each thing a hostile or broken server may try. Each test is
//! named after what it proves and asserts what the other origin received (nothing), the error
//! a caller gets, and that the call or stream ends.

mod common;

use std::time::{Duration, Instant};

use common::*;
use futures_util::StreamExt;
use looker_sdk::codegen::{Call, PageStyle, Request};
use looker_sdk::{ApiSettings, Error, LookerSdk, PagingLoop};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEARCH: &str = "/api/4.0/dashboards/search";

/// Every request `server` received, as `METHOD /path` lines (for assertions and messages).
async fn received(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

/// A stand-in for "another origin": it accepts anything and records it.
async fn other_origin() -> MockServer {
    let server = start_server().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "attacker-token", "token_type": "Bearer", "expires_in": 3600,
        })))
        .mount(&server)
        .await;
    server
}

fn expect_err<T: std::fmt::Debug>(result: looker_sdk::Result<T>) -> Error {
    match result {
        Err(error) => error,
        Ok(value) => panic!("expected an error, got {value:?}"),
    }
}

#[tokio::test]
async fn a_login_redirected_to_another_origin_sends_no_credential_there() {
    for status in [301, 302, 303, 307, 308] {
        let instance = start_server().await;
        let attacker = other_origin().await;
        let location = format!("{}{LOGIN_PATH}", attacker.uri());
        Mock::given(method("POST"))
            .and(path(LOGIN_PATH))
            .respond_with(
                ResponseTemplate::new(status).insert_header("location", location.as_str()),
            )
            .mount(&instance)
            .await;
        let sdk = sdk_for(&instance);

        let error = expect_err(within(sdk.raw(Method::GET, "/user")).await);

        assert!(
            received(&attacker).await.is_empty(),
            "{status}: {:?}",
            received(&attacker).await
        );
        assert_eq!(
            received(&instance).await,
            ["POST /api/4.0/login"],
            "{status}"
        );
        assert!(
            matches!(error, Error::Redirect { .. }),
            "{status}: {error:?}"
        );
        assert_eq!(error.status(), Some(status));
        let text = error.to_string();
        assert!(text.starts_with("POST /login: "), "{text}");
        assert!(
            text.contains(&format!("redirect to {location} not followed")),
            "{text}"
        );
        assert!(
            text.contains(&format!("set `base_url` to {}", attacker.uri())),
            "{text}"
        );
        assert!(!text.contains(CLIENT_SECRET) && !format!("{error:?}").contains(CLIENT_SECRET));
    }
}

#[tokio::test]
async fn an_authenticated_call_redirected_anywhere_is_not_followed_and_sends_no_referer() {
    let instance = start_server().await;
    let attacker = other_origin().await;
    mount_login(&instance).await;
    let elsewhere = format!("{}/api/4.0/user?via=redirect", attacker.uri());
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&instance)
        .await;
    // A same-origin redirect is refused too: the SDK follows none.
    Mock::given(method("GET"))
        .and(path("/api/4.0/moved"))
        .respond_with(ResponseTemplate::new(308).insert_header("location", "/api/4.0/user"))
        .mount(&instance)
        .await;
    let sdk = sdk_for(&instance);

    let error = expect_err(within(sdk.raw(Method::GET, "/user")).await);
    let text = error.to_string();
    assert!(
        matches!(&error, Error::Redirect(r) if r.status == 302),
        "{error:?}"
    );
    assert!(
        text.contains(&format!(
            "redirect to {}/api/4.0/user not followed",
            attacker.uri()
        )),
        "{text}"
    );
    let same_origin = expect_err(within(sdk.raw(Method::GET, "/moved")).await);
    assert!(
        same_origin.to_string().contains(&format!(
            "redirect to {}/api/4.0/user not followed",
            instance.uri()
        )),
        "{same_origin}"
    );

    assert!(
        received(&attacker).await.is_empty(),
        "{:?}",
        received(&attacker).await
    );
    let user_calls = requests_to(&instance, "/api/4.0/user").await;
    assert_eq!(user_calls.len(), 1, "the redirect target was not requested");
    let sent = instance.received_requests().await.unwrap_or_default();
    assert!(sent.iter().all(|r| header_value(r, "referer").is_none()));
}

#[tokio::test]
async fn a_client_builder_that_follows_redirects_is_built_without() {
    let instance = start_server().await;
    let attacker = other_origin().await;
    let location = format!("{}{LOGIN_PATH}", attacker.uri());
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .respond_with(ResponseTemplate::new(307).insert_header("location", location.as_str()))
        .mount(&instance)
        .await;
    let settings = settings_for(&instance);
    let following = looker_sdk::http_client_builder(&settings)
        .redirect(reqwest::redirect::Policy::limited(10))
        .referer(true);
    let sdk = LookerSdk::with_client_builder(settings, following).expect("client");

    let error = expect_err(within(sdk.raw(Method::GET, "/user")).await);

    assert!(
        matches!(&error, Error::Redirect(r) if r.status == 307),
        "{error:?}"
    );
    assert!(
        received(&attacker).await.is_empty(),
        "{:?}",
        received(&attacker).await
    );
}

#[tokio::test]
async fn retry_after_of_any_size_never_panics() {
    let instance = start_server().await;
    mount_login(&instance).await;
    let answers = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .respond_with(move |_: &wiremock::Request| {
            let retry_after = match answers.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
                0 => "1",
                _ => "18446744073709551615",
            };
            ResponseTemplate::new(503).insert_header("retry-after", retry_after)
        })
        .mount(&instance)
        .await;
    // A date past any calendar on a 200 is not even read.
    Mock::given(method("GET"))
        .and(path("/api/4.0/dated"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("retry-after", "Sun, 06 Nov 300000000000 08:49:37 GMT")
                .set_body_json(json!({"ok": true})),
        )
        .mount(&instance)
        .await;
    let sdk = sdk_for(&instance);

    let started = Instant::now();
    let error = expect_err(within(sdk.raw(Method::GET, "/user")).await);
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // One wait of a second, then the huge one is past `max_wait`: two attempts in all.
    assert_eq!(requests_to(&instance, "/api/4.0/user").await.len(), 2);

    let dated = within(sdk.raw(Method::GET, "/dated")).await;
    assert_eq!(
        dated.expect("a 200 whatever its Retry-After"),
        json!({"ok": true})
    );
}

/// A search that always answers a full page of `size` items, never a total: what page `n` holds
/// is `page(n)`.
async fn endless_search(page: impl Fn(usize) -> Vec<Value> + Send + Sync + 'static) -> MockServer {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(move |request: &wiremock::Request| {
            let offset = request
                .url
                .query_pairs()
                .find(|(key, _)| key == "offset")
                .and_then(|(_, value)| value.parse::<usize>().ok())
                .unwrap_or(0);
            ResponseTemplate::new(200).set_body_json(page(offset))
        })
        .mount(&server)
        .await;
    server
}

/// The stream of `search_dashboards` as generated code builds it, pages of 3.
fn search(sdk: &LookerSdk) -> looker_sdk::Pages<Value> {
    Call::<Vec<Value>>::new(sdk, Ok(Request::get("/dashboards/search")))
        .pages(PageStyle::LimitOffset)
        .page_size(3)
}

/// Drains `pages`, returning the items and the error that ended it (if one did).
async fn drain(mut pages: looker_sdk::Pages<Value>) -> (Vec<Value>, Option<Error>) {
    let mut items = Vec::new();
    let drained = tokio::time::timeout(CALL_DEADLINE, async {
        while let Some(item) = pages.next().await {
            match item {
                Ok(item) => items.push(item),
                Err(error) => return Some(error),
            }
        }
        None
    });
    let error = drained.await.expect("the stream ended");
    (items, error)
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_ends_the_stream_at_the_repeated_page() {
    let server =
        endless_search(|_| vec![json!({"id": "1"}), json!({"id": "2"}), json!({"id": "3"})]).await;
    let (items, error) = drain(search(&sdk_for(&server))).await;
    assert_eq!(items.len(), 3, "the first page's items, once");
    let error = error.expect("an error ends the stream");
    assert!(
        matches!(
            error,
            Error::Paging {
                reason: PagingLoop::PageRepeated,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "GET /dashboards/search: paging stopped: the page repeats the previous page"
    );
    assert_eq!(requests_to(&server, SEARCH).await.len(), 2);
}

#[tokio::test]
async fn a_next_link_to_a_page_already_followed_ends_the_stream() {
    let server = start_server().await;
    mount_login(&server).await;
    let uri = server.uri();
    let answers = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(move |_: &wiremock::Request| {
            // Distinct items on every answer, and always the same next link.
            let n = 3 * answers.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!("<{uri}{SEARCH}?limit=3&offset=3>; rel=\"next\"").as_str(),
                )
                .set_body_json(json!([{"id": n}, {"id": n + 1}, {"id": n + 2}]))
        })
        .mount(&server)
        .await;
    let (items, error) = drain(search(&sdk_for(&server))).await;
    let error = error.expect("an error ends the stream");
    assert!(
        matches!(
            error,
            Error::Paging {
                reason: PagingLoop::LinkRepeated,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(items.len(), 6, "the first two pages' items");
    assert_eq!(requests_to(&server, SEARCH).await.len(), 2);
}

#[tokio::test]
async fn a_stream_that_would_never_end_stops_at_its_page_limit() {
    let server =
        endless_search(|offset| (offset..offset + 3).map(|id| json!({"id": id})).collect()).await;
    let (items, error) = drain(search(&sdk_for(&server)).max_pages(5)).await;
    let error = error.expect("an error ends the stream");
    assert!(
        matches!(
            error,
            Error::Paging {
                reason: PagingLoop::PageLimit(5),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(items.len(), 15);
    assert_eq!(requests_to(&server, SEARCH).await.len(), 5);
    assert_eq!(looker_sdk::DEFAULT_MAX_PAGES, 10_000);
}

#[tokio::test]
async fn a_link_with_dot_segments_is_not_followed() {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    "</api/4.0/%2e%2e/%2e%2e/admin/secret>; rel=\"next\"",
                )
                .set_body_json(json!([{"id": 1}, {"id": 2}, {"id": 3}])),
        )
        .mount(&server)
        .await;
    let (items, error) = drain(search(&sdk_for(&server))).await;
    let error = error.expect("an error ends the stream");
    assert_eq!(items.len(), 3);
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("`Link: rel=\"next\"` is refused: a path may not have the segment `%2e%2e`"),
        "{error}"
    );
    let sent = received(&server).await;
    assert!(sent.iter().all(|r| !r.contains("admin")), "{sent:?}");
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = start_server().await;
    let attacker = other_origin().await;
    mount_login(&server).await;
    let link = format!("<{}{SEARCH}?offset=3>; rel=\"next\"", attacker.uri());
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", link.as_str())
                .set_body_json(json!([{"id": 1}, {"id": 2}, {"id": 3}])),
        )
        .mount(&server)
        .await;
    let (items, error) = drain(search(&sdk_for(&server))).await;
    let error = error.expect("an error ends the stream");
    assert_eq!(items.len(), 3);
    assert!(error.to_string().contains("is outside"), "{error}");
    assert!(received(&attacker).await.is_empty());
    assert_eq!(
        requests_to(&server, SEARCH).await.len(),
        1,
        "not retargeted to this origin either"
    );
}

#[tokio::test]
async fn raw_paths_with_dot_segments_in_any_spelling_are_refused_before_anything_is_sent() {
    let server = start_server().await;
    mount_login(&server).await;
    let sdk = sdk_for(&server);
    for path in [
        "/../admin",
        "/%2e%2e/%2e%2e/admin",
        "/%2E%2E/admin",
        "/%2E./admin",
        "/.%2e/admin",
        "/x/%2e/admin",
        "/.\t./admin",
        "/..\\admin",
        "/x/..",
    ] {
        let error = expect_err(within(sdk.raw(Method::GET, path)).await);
        assert!(
            matches!(error, Error::InvalidArgument { .. }),
            "{path:?}: {error:?}"
        );
        assert!(error.to_string().contains("not sent"), "{error}");
    }
    assert!(
        received(&server).await.is_empty(),
        "{:?}",
        received(&server).await
    );
}

#[tokio::test]
async fn a_small_answer_of_many_empty_objects_ends_in_a_typed_error() {
    let server = start_server().await;
    mount_login(&server).await;
    // A million `{}`: 3 MB, each a `DbConnection` of over a kilobyte once decoded.
    let mut body = String::with_capacity(3_000_002);
    body.push('[');
    body.push_str(&"{},".repeat(999_999));
    body.push_str("{}]");
    Mock::given(method("GET"))
        .and(path(CONNECTIONS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let mut settings = settings_for(&server);
    settings.max_decoded_bytes = 64 << 20;
    let sdk = LookerSdk::new(settings).expect("settings");
    let call =
        Call::<Vec<looker_sdk::models::DbConnection>>::new(&sdk, Ok(Request::get("/connections")));

    let error = expect_err(within(call).await);

    assert!(
        matches!(error, Error::DecodedTooLarge { status: 200, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "GET /connections: 200 OK: the answer decodes to more than the {} bytes of memory \
             allowed (setting `max_decoded_mb`); decoding stopped",
            64 << 20
        )
    );
}

#[tokio::test]
async fn the_decode_limit_is_read_from_settings() {
    let settings = ApiSettings::from_sources(None, "Looker", |name| match name {
        "LOOKERSDK_BASE_URL" => Some("https://x.looker.com".to_owned()),
        "LOOKERSDK_CLIENT_ID" => Some("id".to_owned()),
        "LOOKERSDK_CLIENT_SECRET" => Some("secret".to_owned()),
        "LOOKERSDK_MAX_BODY_MB" => Some("8".to_owned()),
        _ => None,
    })
    .expect("settings");
    assert_eq!(
        settings.max_decoded_bytes,
        16 << 20,
        "twice max_body_mb by default"
    );
    let settings = ApiSettings::from_sources(None, "Looker", |name| match name {
        "LOOKERSDK_BASE_URL" => Some("https://x.looker.com".to_owned()),
        "LOOKERSDK_CLIENT_ID" => Some("id".to_owned()),
        "LOOKERSDK_CLIENT_SECRET" => Some("secret".to_owned()),
        "LOOKERSDK_MAX_DECODED_MB" => Some("3".to_owned()),
        _ => None,
    })
    .expect("settings");
    assert_eq!(settings.max_decoded_bytes, 3 << 20);
}
