//! What a program at scale needs beyond the generated methods, against a loopback stand-in for
//! Looker: raw calls to paths the SDK does not know, extra headers per call, answers with their
//! status and headers, a `reqwest::Client` of the caller's, and bodies streamed to a writer or a
//! file.

mod common;

use common::*;
use futures_util::StreamExt;
use looker_sdk::models::WriteDbConnection;
use looker_sdk::{Error, LookerSdk};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_raw_call_reaches_a_path_the_sdk_does_not_know() {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/agents/new_endpoint"))
        .and(query_param("fields", "id,name"))
        .and(query_param("filter[kind]", "a b"))
        .and(header("x-proxy-route", "blue"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "7", "name": "n"})))
        .expect(1)
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    let answer: Value = within(
        sdk.raw(Method::GET, "/agents/new_endpoint")
            .query("fields", "id,name")
            .query("filter[kind]", "a b")
            .header("x-proxy-route", "blue"),
    )
    .await
    .expect("raw GET");
    assert_eq!(answer, json!({"id": "7", "name": "n"}));
    let request = single_request_to(&server, "/api/4.0/agents/new_endpoint").await;
    assert_bearer(&request);
    assert_appid(&request);
    server.verify().await;
}

#[tokio::test]
async fn a_raw_call_sends_a_body_decodes_any_type_and_fails_like_any_call() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Created {
        id: String,
    }
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/things"))
        .and(body_json(json!({"name": "x"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/things/1/render"))
        .and(header("accept", "*/*"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    let created: Created = within(
        sdk.raw(Method::POST, "/things")
            .json(&json!({"name": "x"}))
            .decode(),
    )
    .await
    .expect("raw POST");
    assert_eq!(created, Created { id: "1".into() });
    let csv = within(sdk.raw(Method::GET, "/things/1/render").text()).await;
    assert_eq!(csv.expect("raw text"), "a,b\n1,2\n");

    let missing = within(sdk.raw(Method::DELETE, "/things/2")).await;
    let error = missing.expect_err("404");
    assert_eq!(error.status(), Some(404));
    assert!(
        error.to_string().starts_with("DELETE /things/2: 404"),
        "{error}"
    );
    let escaping = within(sdk.raw(Method::GET, "/things/../login")).await;
    assert!(
        matches!(escaping, Err(Error::InvalidArgument { .. })),
        "{escaping:?}"
    );
}

#[tokio::test]
async fn a_header_that_http_cannot_carry_fails_the_call_without_showing_its_value() {
    let server = start_server().await;
    let sdk = sdk_for(&server);
    let bad_value = sdk
        .create_connection(&WriteDbConnection::new())
        .header("x-token", "secret\nvalue");
    let error = within(bad_value).await.expect_err("invalid header value");
    let text = format!("{error} {error:?}");
    assert!(
        text.contains("x-token") && !text.contains("secret"),
        "{text}"
    );
    let bad_name = within(sdk.raw(Method::GET, "/x").header("bad name", "v")).await;
    assert!(
        matches!(bad_name, Err(Error::InvalidArgument { .. })),
        "{bad_name:?}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty(), "nothing sent: {requests:?}");
}

#[tokio::test]
async fn with_response_gives_status_and_headers_next_to_the_value() {
    let server = start_server().await;
    mount_login(&server).await;
    mount_create_connection(
        &server,
        json_response(200, "create_connection_200.json")
            .insert_header("x-request-id", "r-42")
            .insert_header("x-total-count", "1"),
    )
    .await;
    let sdk = sdk_for(&server);
    let answer = within(
        sdk.create_connection(&WriteDbConnection::new().set_name("n"))
            .header("x-trace", "t-1")
            .with_response(),
    )
    .await
    .expect("create_connection");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-request-id"), Some("r-42"));
    assert_eq!(answer.total_count(), Some(1));
    let expected = fixture_json("create_connection_200.json");
    assert_eq!(answer.value.name.as_deref(), expected["name"].as_str());
    let request = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_eq!(header_value(&request, "x-trace").as_deref(), Some("t-1"));
}

#[tokio::test]
async fn a_custom_reqwest_client_carries_every_request() {
    let server = start_server().await;
    for at in [LOGIN_PATH, "/api/4.0/versions_of_tomorrow"] {
        Mock::given(header("x-corporate-proxy", "pass-7"))
            .and(path(at))
            .respond_with(if at == LOGIN_PATH {
                json_response(200, "login_200.json")
            } else {
                ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
            })
            .expect(1)
            .mount(&server)
            .await;
    }
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-corporate-proxy",
        reqwest::header::HeaderValue::from_static("pass-7"),
    );
    // From the SDK's builder, as documented: a bare `reqwest::Client::builder()` has no TLS
    // provider in a process where nothing installed one (and passed here only when another
    // test of this binary had built an SDK first).
    let settings = settings_for(&server);
    let builder = looker_sdk::http_client_builder(&settings).default_headers(headers);
    let sdk = LookerSdk::with_client_builder(settings, builder).expect("with_client_builder");
    let answer = within(sdk.raw(Method::GET, "/versions_of_tomorrow")).await;
    assert_eq!(answer.expect("raw call"), json!({"ok": true}));
    let call = single_request_to(&server, "/api/4.0/versions_of_tomorrow").await;
    assert_bearer(&call);
    assert_appid(&call);
    server.verify().await;
}

#[tokio::test]
async fn bodies_stream_to_a_writer_a_file_or_chunks() {
    let server = start_server().await;
    mount_login(&server).await;
    let body: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/api/4.0/render/1.pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/pdf"))
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    let call = || {
        sdk.raw(Method::GET, "/render/1.pdf")
            .header("accept", "application/pdf")
    };

    let mut written = Vec::new();
    let count = within(call().write_to(&mut written))
        .await
        .expect("write_to");
    assert_eq!((count, &written), (body.len() as u64, &body));

    let mut chunks = call().bytes_stream();
    let mut streamed = Vec::new();
    while let Some(chunk) = within(chunks.next()).await {
        streamed.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(streamed, body);

    let dir = std::env::temp_dir().join(format!("looker-sdk-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("1.pdf");
    let count = within(call().download_to(&file)).await.expect("download");
    assert_eq!(count, body.len() as u64);
    assert_eq!(std::fs::read(&file).expect("downloaded file"), body);

    // A failed answer creates no file; a file that cannot be written is an error naming it.
    let missing = dir.join("missing.pdf");
    let error = within(sdk.raw(Method::GET, "/render/2.pdf").download_to(&missing)).await;
    assert_eq!(error.expect_err("404").status(), Some(404));
    assert!(!missing.exists());
    let unwritable = dir.join("no-such-dir").join("1.pdf");
    let error = within(call().download_to(&unwritable))
        .await
        .expect_err("no directory");
    assert!(matches!(error, Error::Write { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-dir"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}
