//! `looker-codegen fetch` against a loopback stand-in of a Looker instance, configured only
//! through `LOOKERSDK_*` variables in a working directory without looker.ini.

mod common;

use common::{run, Run, WorkDir};
use serde_json::{json, Value};
use std::fs;
use std::path::Path;
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "s3cr3t-never-shown";
const TOKEN: &str = "tok-never-shown";
const DOCUMENT_PATH: &str = "/api/4.0/swagger.json";

/// A small swagger 2.0 document, formatted as no serializer would, to check byte identity.
const SMALL_DOCUMENT: &str =
    "{ \"swagger\":\"2.0\",\n\t\"info\": {\"title\": \"Looker API 4.0 Reference\", \"version\": \"4.0.26.12\"},\n  \"paths\" : {} }\n";

/// Looker's released swagger document (the `looker-specs` crate, or `$LOOKER_SPECS_DIR`).
fn released_document() -> Vec<u8> {
    looker_specs::read("26.12", looker_specs::Form::Swagger)
}

/// Looker's `ApiVersion` answer naming `swagger_url` for 4.0.
fn versions(swagger_url: &str) -> Value {
    json!({
        "looker_release_version": "26.12.14",
        "current_version": {"version": "4.0", "full_version": "4.0.26.12", "status": "current",
                            "swagger_url": swagger_url},
        "supported_versions": [
            {"version": "3.1", "full_version": "3.1.0", "status": "legacy",
             "swagger_url": swagger_url.replace("4.0", "3.1")},
            {"version": "4.0", "full_version": "4.0.26.12", "status": "current",
             "swagger_url": swagger_url},
        ],
        "api_server_url": "https://example.looker.com:19999",
        "web_server_url": "https://example.looker.com",
    })
}

/// A stand-in instance whose `/versions` names its own document URL.
async fn instance() -> MockServer {
    let server = MockServer::start().await;
    let swagger_url = format!("{}{DOCUMENT_PATH}", server.uri());
    Mock::given(method("GET"))
        .and(path("/versions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(versions(&swagger_url)))
        .mount(&server)
        .await;
    server
}

/// Serves `body` as the document to any GET.
async fn serve_document(server: &MockServer, body: impl Into<Vec<u8>>) {
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.into(), "application/json"))
        .mount(server)
        .await;
}

/// Runs `fetch args` in `dir` against `server`, with the credentials when `login` is set.
async fn fetch(dir: &Path, server: &MockServer, args: &[&str], login: bool) -> Run {
    let dir = dir.to_owned();
    let mut args_owned = vec!["fetch".to_owned()];
    args_owned.extend(args.iter().map(|a| (*a).to_owned()));
    let base_url = server.uri();
    tokio::task::spawn_blocking(move || {
        let mut env = vec![("LOOKERSDK_BASE_URL", base_url.as_str())];
        if login {
            env.push(("LOOKERSDK_CLIENT_ID", "my-id"));
            env.push(("LOOKERSDK_CLIENT_SECRET", SECRET));
        }
        let args: Vec<&str> = args_owned.iter().map(String::as_str).collect();
        run(&dir, &args, &env)
    })
    .await
    .expect("the run finishes")
}

fn assert_no_secret(run: &Run) {
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(!output.contains(SECRET), "secret shown: {output}");
    assert!(!output.contains(TOKEN), "token shown: {output}");
}

#[tokio::test]
async fn writes_the_document_served_without_login_byte_for_byte() {
    let server = instance().await;
    let document = released_document();
    serve_document(&server, document.clone()).await;
    let dir = WorkDir::new("no-login");
    fs::create_dir_all(dir.path().join("spec")).expect("spec/");
    fs::write(dir.path().join("spec/looker-4.0.yaml"), "openapi: 3.0.0\n").expect("old spec");

    let run = fetch(dir.path(), &server, &[], false).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let written = fs::read(dir.path().join("spec/looker-4.0.json")).expect("the document");
    assert!(
        written == document,
        "the file differs from the document served"
    );
    assert!(!dir.path().join("spec/looker-4.0.yaml").exists());
    let out = &run.stdout;
    assert!(out.contains("Looker 26.12.14, API 4.0 4.0.26.12"), "{out}");
    assert!(out.contains("wrote     spec/looker-4.0.json"), "{out}");
    assert!(out.contains("removed   spec/looker-4.0.yaml"), "{out}");
    assert!(
        out.contains("`cargo build`") && out.contains("`cargo codegen generate`"),
        "{out}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests.iter().all(|r| r.url.path() != "/api/4.0/login"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_with_or_without_a_token() {
    let attacker = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string(SMALL_DOCUMENT))
        .mount(&attacker)
        .await;
    let server = instance().await;
    let elsewhere = format!("{}/stolen?x=1", attacker.uri());
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    // The login itself is redirected with a 307, which would re-post the client secret.
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "location",
            format!("{}/api/4.0/login", attacker.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    let dir = WorkDir::new("redirected-login");
    let run = fetch(dir.path(), &server, &[], true).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("redirect to"), "{}", run.stderr);
    assert!(run.stderr.contains("set `base_url` to"), "{}", run.stderr);
    assert_no_secret(&run);
    assert!(attacker
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    // With a working login, the document's own redirect is refused the same way.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/versions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(versions(&format!("{}{DOCUMENT_PATH}", server.uri()))),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    let run = fetch(dir.path(), &server, &[], true).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "a redirect to {}/stolen, not followed",
            attacker.uri()
        )),
        "{}",
        run.stderr
    );
    assert_no_secret(&run);
    assert!(attacker
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
    assert!(!dir.path().join("spec/looker-4.0.json").exists());
}

#[tokio::test]
async fn logs_in_when_the_document_needs_it() {
    let server = instance().await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_string(SMALL_DOCUMENT))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "Requires authentication"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let dir = WorkDir::new("login");

    let run = fetch(dir.path(), &server, &["--out", "doc.json"], true).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_no_secret(&run);
    let written = fs::read_to_string(dir.path().join("doc.json")).expect("the document");
    assert_eq!(written, SMALL_DOCUMENT);
    let requests = server.received_requests().await.unwrap_or_default();
    let login: Vec<&Request> = requests
        .iter()
        .filter(|r| r.url.path() == "/api/4.0/login")
        .collect();
    assert_eq!(login.len(), 1, "{requests:?}");
    assert_eq!(login[0].method.as_str(), "POST");
    let content_type = login[0].headers.get("content-type").map(|v| v.as_bytes());
    assert_eq!(
        content_type,
        Some(&b"application/x-www-form-urlencoded"[..])
    );
    let body = String::from_utf8_lossy(&login[0].body);
    assert_eq!(body, format!("client_id=my-id&client_secret={SECRET}"));
    assert!(
        run.stdout
            .contains("cargo codegen generate --spec doc.json"),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn wrong_credentials_fail_without_showing_the_secret() {
    let server = instance().await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not found",
            "documentation_url": "https://cloud.google.com/looker/docs/r/err/4.0/404",
        })))
        .mount(&server)
        .await;
    let dir = WorkDir::new("wrong-credentials");

    let run = fetch(dir.path(), &server, &[], true).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_no_secret(&run);
    assert!(
        run.stderr
            .contains(&format!("cannot log in to {}", server.uri())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("404 Not Found: Not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check client_id and client_secret"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("spec").exists(), "nothing is written");
}

#[tokio::test]
async fn a_login_without_credentials_names_the_missing_settings() {
    let server = instance().await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let dir = WorkDir::new("no-credentials");

    let run = fetch(dir.path(), &server, &[], false).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let err = &run.stderr;
    assert!(err.contains("answered 403 without a login"), "{err}");
    assert!(
        err.contains("LOOKERSDK_CLIENT_ID") && err.contains("LOOKERSDK_CLIENT_SECRET"),
        "{err}"
    );
    assert!(!dir.path().join("spec").exists(), "nothing is written");
}

#[tokio::test]
async fn an_api_version_not_offered_lists_the_offered_ones() {
    let server = instance().await;
    serve_document(&server, SMALL_DOCUMENT).await;
    let dir = WorkDir::new("version");

    let run = fetch(dir.path(), &server, &["--api-version", "5.0"], false).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("API version 5.0 is not offered")
            && run.stderr.contains("3.1 (legacy), 4.0 (current)"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("spec").exists(), "nothing is written");
}

#[tokio::test]
async fn a_swagger_url_on_another_port_is_fetched_from_the_base_url_port() {
    let server = MockServer::start().await;
    let address = server.address();
    let other_port = if address.port() == 19999 {
        19998
    } else {
        19999
    };
    let swagger_url = format!("http://{}:{other_port}{DOCUMENT_PATH}", address.ip());
    Mock::given(method("GET"))
        .and(path("/versions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(versions(&swagger_url)))
        .mount(&server)
        .await;
    serve_document(&server, SMALL_DOCUMENT).await;
    let dir = WorkDir::new("port");

    let run = fetch(dir.path(), &server, &[], false).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("fetched   {}{DOCUMENT_PATH}", server.uri())),
        "{}",
        run.stdout
    );
    let written =
        fs::read_to_string(dir.path().join("spec/looker-4.0.json")).expect("the document");
    assert_eq!(written, SMALL_DOCUMENT);
}

#[tokio::test]
async fn an_html_page_is_refused_and_the_existing_file_kept() {
    let server = instance().await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html>\n<html><body><h1>Sign in to Example Corp</h1></body></html>",
            "text/html",
        ))
        .mount(&server)
        .await;
    let dir = WorkDir::new("html");
    let out = dir.path().join("kept.json");
    fs::write(&out, "previous content").expect("an existing file");

    let run = fetch(dir.path(), &server, &["--out", "kept.json"], false).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let err = &run.stderr;
    assert!(err.contains("status 200: not an API document"), "{err}");
    assert!(err.contains("<h1>Sign in to Example Corp</h1>"), "{err}");
    assert_eq!(
        fs::read_to_string(&out).expect("the file"),
        "previous content"
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["kept.json"], "no temporary file is left");
}

#[tokio::test]
async fn an_unreachable_instance_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    let dir = WorkDir::new("unreachable");
    let base_url = format!("http://127.0.0.1:{port}");
    let run = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || run(&dir, &["fetch"], &[("LOOKERSDK_BASE_URL", &base_url)])
    })
    .await
    .expect("the run finishes");
    assert_eq!(run.code, Some(1), "{run:?}");
    let expected = format!("cannot reach the Looker instance at http://127.0.0.1:{port}");
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(!run.stderr.contains("VERIFY_SSL"), "{}", run.stderr);
}

#[tokio::test]
async fn a_tls_failure_suggests_verify_ssl_for_dev_instances() {
    // A plain HTTP server asked for TLS: the handshake fails.
    let server = instance().await;
    let base_url = server.uri().replace("http://", "https://");
    let dir = WorkDir::new("tls");
    let run = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || run(&dir, &["fetch"], &[("LOOKERSDK_BASE_URL", &base_url)])
    })
    .await
    .expect("the run finishes");
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("LOOKERSDK_VERIFY_SSL=false"),
        "{}",
        run.stderr
    );
}
