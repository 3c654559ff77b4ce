//! Pages of a search as one stream (`looker_sdk::Pages`, what a generated `stream()` returns)
//! against a loopback stand-in for Looker that pages like Looker: by `limit`/`offset` or
//! `page`/`per_page`, with or without `Link` and `X-Total-Count` headers.

mod common;

use common::*;
use futures_util::StreamExt;
use looker_sdk::codegen::{Call, PageStyle, Request};
use looker_sdk::{Error, LookerSdk, Pages};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEARCH: &str = "/api/4.0/dashboards/search";

/// How the stand-in tells where the next page is.
#[derive(Clone, Copy)]
enum Hints {
    /// `Link: <…>; rel="next"` (marked `via=link`) and `X-Total-Count`.
    LinkAndTotal,
    /// Nothing: the client has to count offsets itself.
    None,
}

/// A search over `count` dashboards (`{"id": "0"}`, ...) that pages by `limit`/`offset`, and
/// answers 500 for the page at offset `fail_at`, when given.
async fn dashboards(count: usize, hints: Hints, fail_at: Option<usize>) -> MockServer {
    let server = start_server().await;
    mount_login(&server).await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(move |request: &wiremock::Request| {
            let number = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(key, _)| key == name)
                    .and_then(|(_, value)| value.parse::<usize>().ok())
            };
            let (limit, offset) = (
                number("limit").unwrap_or(1000),
                number("offset").unwrap_or(0),
            );
            if fail_at == Some(offset) {
                return ResponseTemplate::new(500)
                    .set_body_json(json!({"message": "search failed", "documentation_url": null}));
            }
            let items: Vec<Value> = (offset..count.min(offset + limit))
                .map(|id| json!({"id": id.to_string()}))
                .collect();
            let mut answer = ResponseTemplate::new(200).set_body_json(items);
            if let Hints::LinkAndTotal = hints {
                answer = answer.insert_header("x-total-count", count.to_string());
                let next = offset + limit;
                let mut links = vec![format!(
                    "<{uri}{SEARCH}?title=x&limit={limit}&offset=0&via=link>; rel=\"first\""
                )];
                if next < count {
                    links.push(format!(
                        "<{uri}{SEARCH}?title=x&limit={limit}&offset={next}&via=link>; rel=\"next\""
                    ));
                }
                // `next` between two others, as Looker orders them.
                links.push(format!(
                    "<{uri}{SEARCH}?title=x&limit={limit}&offset={}&via=link>; rel=\"last\"",
                    count.saturating_sub(1) / limit.max(1) * limit
                ));
                answer = answer.insert_header("link", links.join(", "));
            }
            answer
        })
        .mount(&server)
        .await;
    server
}

/// What a generated `sdk.search_dashboards().title("x").stream()` builds.
fn search(sdk: &LookerSdk, limit: Option<i64>) -> Pages<Value> {
    let request = Request::get("/dashboards/search")
        .query("title", "x")
        .query("limit", limit);
    Call::<Vec<Value>>::new(sdk, Ok(request)).pages(PageStyle::LimitOffset)
}

/// Every item of the stream, and the error that ended it, if any.
async fn drain(mut pages: Pages<Value>) -> (Vec<String>, Option<Error>, Option<u64>) {
    let mut ids = Vec::new();
    while let Some(item) = within(pages.next()).await {
        match item {
            Ok(item) => ids.push(item["id"].as_str().unwrap_or_default().to_owned()),
            Err(error) => {
                assert!(
                    within(pages.next()).await.is_none(),
                    "an error ends the stream"
                );
                return (ids, Some(error), pages.total());
            }
        }
    }
    (ids, None, pages.total())
}

/// `(offset, limit, via)` of each search request, in order.
async fn searches(server: &MockServer) -> Vec<(String, String, String)> {
    requests_to(server, SEARCH)
        .await
        .iter()
        .map(|request| {
            assert_bearer(request);
            let param = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.into_owned())
                    .unwrap_or_default()
            };
            assert_eq!(param("title"), "x", "every page keeps the filter");
            (param("offset"), param("limit"), param("via"))
        })
        .collect()
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|id| id.to_string()).collect()
}

#[tokio::test]
async fn five_pages_followed_through_link_headers() {
    let server = dashboards(23, Hints::LinkAndTotal, None).await;
    let (items, error, total) = drain(search(&sdk_for(&server), Some(5))).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, ids(0..23), "every item once, in order");
    assert_eq!(total, Some(23));
    let expected: Vec<(String, String, String)> = [
        (0, ""),
        (5, "link"),
        (10, "link"),
        (15, "link"),
        (20, "link"),
    ]
    .iter()
    .map(|(offset, via)| (offset.to_string(), "5".to_owned(), (*via).to_owned()))
    .collect();
    assert_eq!(searches(&server).await, expected);
}

#[tokio::test]
async fn five_pages_by_limit_and_offset_alone_until_a_short_page() {
    let server = dashboards(23, Hints::None, None).await;
    let sdk = sdk_for(&server);
    // The page size from `Pages::page_size`, with no `limit` on the request.
    let (items, error, total) = drain(search(&sdk, None).page_size(5)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, ids(0..23));
    assert_eq!(total, None, "the stand-in sends no X-Total-Count");
    let expected: Vec<(String, String, String)> = (0..5)
        .map(|page| ((page * 5).to_string(), "5".to_owned(), String::new()))
        .collect();
    assert_eq!(searches(&server).await, expected);
}

#[tokio::test]
async fn a_full_last_page_is_followed_by_one_empty_page() {
    let server = dashboards(10, Hints::None, None).await;
    let (items, error, _) = drain(search(&sdk_for(&server), Some(5))).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, ids(0..10));
    let offsets: Vec<String> = searches(&server).await.into_iter().map(|r| r.0).collect();
    assert_eq!(offsets, ["0", "5", "10"]);
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream() {
    for hints in [Hints::LinkAndTotal, Hints::None] {
        let server = dashboards(0, hints, None).await;
        let (items, error, total) = drain(search(&sdk_for(&server), Some(5))).await;
        assert!(items.is_empty() && error.is_none(), "{items:?} {error:?}");
        assert_eq!(searches(&server).await.len(), 1, "one request");
        assert_eq!(total, matches!(hints, Hints::LinkAndTotal).then_some(0));
    }
}

#[tokio::test]
async fn an_error_on_page_three_follows_the_items_of_pages_one_and_two() {
    for hints in [Hints::LinkAndTotal, Hints::None] {
        let server = dashboards(23, hints, Some(10)).await;
        let (items, error, _) = drain(search(&sdk_for(&server), Some(5))).await;
        assert_eq!(items, ids(0..10));
        let error = error.expect("page 3 fails");
        assert_eq!(error.status(), Some(500));
        assert!(
            error.to_string().starts_with("GET /dashboards/search: 500"),
            "{error}"
        );
        assert_eq!(
            searches(&server).await.len(),
            3,
            "nothing after the failed page"
        );
    }
}

#[tokio::test]
async fn page_per_page_counts_pages() {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/search"))
        .respond_with(|request: &wiremock::Request| {
            let page = request
                .url
                .query_pairs()
                .find(|(key, _)| key == "page")
                .and_then(|(_, value)| value.parse::<usize>().ok())
                .unwrap_or(0);
            // Pages 1 and 2 full (3 each), page 3 short.
            let count = match page {
                1 | 2 => 3,
                3 => 1,
                _ => 0,
            };
            let users: Vec<Value> = (0..count)
                .map(|i| json!({"id": ((page - 1) * 3 + i).to_string()}))
                .collect();
            ResponseTemplate::new(200).set_body_json(users)
        })
        .mount(&server)
        .await;
    let request = Request::get("/users/search").query("per_page", 3i64);
    let pages =
        Call::<Vec<Value>>::new(&sdk_for(&server), Ok(request)).pages(PageStyle::PagePerPage);
    let (items, error, _) = drain(pages).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, ids(0..7));
    let pages: Vec<String> = requests_to(&server, "/api/4.0/users/search")
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        pages,
        [
            "per_page=3&page=1",
            "per_page=3&page=2",
            "per_page=3&page=3"
        ]
    );
}

#[tokio::test]
async fn a_link_outside_the_api_is_not_followed() {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "0"}]))
                .insert_header(
                    "link",
                    "<https://elsewhere.example/steal?offset=1>; rel=\"next\"",
                ),
        )
        .mount(&server)
        .await;
    let (items, error, _) = drain(search(&sdk_for(&server), Some(1))).await;
    assert_eq!(items, ["0"]);
    let error = error.expect("the link is refused");
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert_eq!(searches(&server).await.len(), 1);
}
