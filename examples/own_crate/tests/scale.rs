//! The generated API at scale against a loopback stand-in for Looker: `stream()` of an
//! operation that pages, and the examples `paged_search` and `download_render` run as a user
//! runs them (binaries that `cargo test` built, configured through `LOOKERSDK_*`).

use std::path::PathBuf;
use std::process::{Command, Output};

use futures_util::StreamExt;
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::ApiSettings;
use serde_json::{json, Value};
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEARCH: &str = "/api/4.0/dashboards/search";

/// Looker with `count` dashboards whose search pages by `limit`/`offset`, sending `Link`
/// (marked `via=link`) and `X-Total-Count` when `hints`.
async fn looker(count: usize, hints: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .and(bearer_token("tok"))
        .respond_with(move |request: &wiremock::Request| {
            let number = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(key, _)| key == name)
                    .and_then(|(_, value)| value.parse::<usize>().ok())
            };
            let limit = number("limit").unwrap_or(1000);
            let offset = number("offset").unwrap_or(0);
            let page: Vec<Value> = (offset..count.min(offset + limit))
                .map(|id| json!({"id": id.to_string(), "title": format!("Sales {id}")}))
                .collect();
            let mut answer = ResponseTemplate::new(200).set_body_json(page);
            if hints {
                answer = answer.insert_header("x-total-count", count.to_string());
                if offset + limit < count {
                    let next = format!(
                        "<{uri}{SEARCH}?title=Sales%25&limit={limit}&offset={}&via=link>; rel=\"next\"",
                        offset + limit
                    );
                    answer = answer.insert_header("link", next);
                }
            }
            answer
        })
        .mount(&server)
        .await;
    server
}

/// `offset` and `via` of each search request, checking that each keeps the title filter.
async fn searches(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|request| request.url.path() == SEARCH)
        .map(|request| {
            let param = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.into_owned())
                    .unwrap_or_default()
            };
            assert_eq!(param("title"), "Sales%");
            (param("offset"), param("via"))
        })
        .collect()
}

#[tokio::test]
async fn the_generated_stream_walks_five_pages_through_link_headers() {
    let server = looker(23, true).await;
    let sdk = LookerSdk::new(ApiSettings::new(server.uri(), "id", "secret")).expect("settings");
    let mut dashboards = sdk.search_dashboards().title("Sales%").limit(5).stream();
    let mut ids = Vec::new();
    while let Some(dashboard) = dashboards.next().await {
        ids.push(dashboard.expect("a dashboard").id.unwrap_or_default());
    }
    let expected: Vec<String> = (0..23).map(|id| id.to_string()).collect();
    assert_eq!(ids, expected);
    assert_eq!(dashboards.total(), Some(23));
    let expected: Vec<(String, String)> = [
        (0, ""),
        (5, "link"),
        (10, "link"),
        (15, "link"),
        (20, "link"),
    ]
    .iter()
    .map(|(offset, via)| (offset.to_string(), (*via).to_owned()))
    .collect();
    assert_eq!(searches(&server).await, expected);
}

/// A compiled example of this crate: `cargo test` builds them beside the test binaries.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let binary = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "{} is not built", binary.display());
    binary
}

/// Runs the example `name` with `args` against `server`, from an empty directory.
async fn run(name: &str, server: &MockServer, args: &[&str]) -> Output {
    let cwd = std::env::temp_dir().join(format!("looker-own-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&cwd).expect("temp dir");
    let mut command = Command::new(example(name));
    command.current_dir(&cwd).args(args);
    for (key, _) in std::env::vars_os() {
        if key
            .to_string_lossy()
            .to_ascii_uppercase()
            .starts_with("LOOKERSDK_")
        {
            command.env_remove(&key);
        }
    }
    command
        .env("LOOKERSDK_BASE_URL", server.uri())
        .env("LOOKERSDK_CLIENT_ID", "id")
        .env("LOOKERSDK_CLIENT_SECRET", "secret")
        .env("LOOKERSDK_TIMEOUT", "10");
    // The example's own HTTP timeout bounds the run.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("join")
        .expect("run the example");
    let _ = std::fs::remove_dir_all(&cwd);
    assert!(
        output.status.success(),
        "{name}: {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[tokio::test]
async fn paged_search_example_lists_every_dashboard_by_offset() {
    let server = looker(7, false).await;
    let output = run("paged_search", &server, &["Sales%", "3"]).await;
    let mut expected: String = (0..7).map(|id| format!("{id}\tSales {id}\n")).collect();
    expected.push_str("7 dashboards\n");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    let offsets: Vec<String> = searches(&server).await.into_iter().map(|s| s.0).collect();
    assert_eq!(offsets, ["0", "3", "6"], "pages of 3, the last one short");
}

#[tokio::test]
async fn download_render_example_writes_the_rendered_file() {
    let server = looker(0, false).await;
    let pdf: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/r%2F1/results"))
        .and(bearer_token("tok"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;
    let file = std::env::temp_dir().join(format!("looker-own-render-{}.pdf", std::process::id()));
    let file_arg = file.to_string_lossy().into_owned();
    let output = run("download_render", &server, &["r/1", &file_arg]).await;
    let written = std::fs::read(&file).expect("the downloaded file");
    let _ = std::fs::remove_file(&file);
    assert_eq!(written, pdf);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{} bytes written to {file_arg}\n", pdf.len())
    );
    server.verify().await;
}
