//! Runs the examples of the escape hatches (`raw_call`, `custom_client`, `response_metadata`)
//! as a user would: compiled binaries configured only through `LOOKERSDK_*`, in a directory
//! without `looker.ini`, against a loopback stand-in for Looker that checks their requests.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXAMPLES: [&str; 3] = ["raw_call", "custom_client", "response_metadata"];

/// The example's executable. `cargo test` (with no target selected, as CI runs it) builds the
/// examples beside the test binaries, so that one is used; when it is missing (a run of this
/// test alone), cargo builds the examples once and reports where.
fn binary(name: &str) -> PathBuf {
    let conventional = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("examples")))
        .map(|dir| dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)));
    if let Some(binary) = conventional.filter(|binary| binary.is_file()) {
        return binary;
    }
    static BINARIES: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    let built = BINARIES.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.args(["build", "--message-format=json", "--manifest-path"]);
        command.arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
        for example in EXAMPLES {
            command.args(["--example", example]);
        }
        let output = command.output().expect("run cargo build");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["reason"] == "compiler-artifact")
            .filter_map(|message| {
                let name = message["target"]["name"].as_str()?.to_owned();
                Some((name, PathBuf::from(message["executable"].as_str()?)))
            })
            .collect()
    });
    built
        .iter()
        .find(|(built, _)| built == name)
        .map(|(_, binary)| binary.clone())
        .unwrap_or_else(|| panic!("cargo built no example {name}"))
}

/// Runs the example `name` with `args` against `server`, from an empty directory.
async fn run(name: &str, server: &MockServer, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    let binary = binary(name);
    let cwd = std::env::temp_dir().join(format!("looker-sdk-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&cwd).expect("temp dir");
    let mut command = Command::new(binary);
    command.current_dir(&cwd).args(args);
    for (key, _) in std::env::vars_os() {
        let upper = key.to_string_lossy().to_ascii_uppercase();
        if upper.starts_with("LOOKERSDK_")
            || upper.starts_with("LOOKER_")
            || upper.ends_with("_PROXY")
        {
            command.env_remove(&key);
        }
    }
    command
        .envs(test_env(&server.uri()))
        .envs(extra_env.iter().copied());
    // The example's own HTTP timeout (LOOKERSDK_TIMEOUT) bounds the run.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("join")
        .expect("run the example");
    let _ = std::fs::remove_dir_all(&cwd);
    output
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn raw_call_example_reaches_an_unknown_endpoint_with_the_proxy_header() {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/ai/agents"))
        .and(query_param("limit", "2"))
        .and(header("x-proxy-route", "blue"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "a1"}])))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        "raw_call",
        &server,
        &["/ai/agents", "limit=2"],
        &[("LOOKER_PROXY_ROUTE", "blue")],
    )
    .await;
    let printed: Value = serde_json::from_str(&stdout(&output)).expect("JSON printed");
    assert_eq!(printed, json!([{"id": "a1"}]));
    assert_bearer(&single_request_to(&server, "/api/4.0/ai/agents").await);
    server.verify().await;
}

#[tokio::test]
async fn custom_client_example_sends_its_header_on_every_request() {
    let server = start_server().await;
    Mock::given(header("x-gateway-token", "g-9"))
        .and(path(LOGIN_PATH))
        .respond_with(json_response(200, "login_200.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("x-gateway-token", "g-9"))
        .and(path("/api/4.0/user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"display_name": "Ada"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run("custom_client", &server, &["g-9"], &[]).await;
    assert_eq!(stdout(&output), "Logged in as Ada through the gateway\n");
    let login = single_request_to(&server, LOGIN_PATH).await;
    assert_login_request(&login);
    server.verify().await;
}

#[tokio::test]
async fn response_metadata_example_prints_status_and_headers() {
    let server = start_server().await;
    mount_login(&server).await;
    mount_create_connection(
        &server,
        json_response(200, "create_connection_200.json").insert_header("x-request-id", "r-77"),
    )
    .await;
    let output = run("response_metadata", &server, &["api created", "t-5"], &[]).await;
    let expected = fixture_json("create_connection_200.json");
    assert_eq!(
        stdout(&output),
        format!(
            "status 200, request id r-77, connection {}\n",
            expected["name"].as_str().expect("a name")
        )
    );
    let request = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_eq!(header_value(&request, "x-trace-id").as_deref(), Some("t-5"));
    assert_eq!(body_json(&request), json!({"name": "api created"}));
}
