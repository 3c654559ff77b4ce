//! Runs the compiled `create_connection` example as a user would: a subprocess configured only
//! through `LOOKERSDK_*` variables, in a directory without `looker.ini`, talking to a loopback
//! mock of Looker. Every run has a deadline, so a stuck example fails the test instead of
//! hanging it.

mod common;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use wiremock::MockServer;

/// Longest a single run of the example may take (its own HTTP timeout is `TIMEOUT_SECS`).
const RUN_DEADLINE: Duration = Duration::from_secs(60);
/// Longest the (normally no-op) build of the example may take, waiting for the shared
/// target directory's lock included.
const BUILD_DEADLINE: Duration = Duration::from_secs(1200);

/// A certificate file whose base64 form needs `+`, `/` and `=` padding, so only the standard,
/// padded alphabet reproduces it.
const CERT_BYTES: &[u8] = b"{\"type\":\"service_account\",\"key\":\"\xfb\xff\xbf\xfb\"}\n";
const CERT_BASE64: &str = "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50Iiwia2V5Ijoi+/+/+yJ9Cg==";

/// The body Looker's Python example sends, without a certificate.
fn example_body() -> Value {
    json!({
        "name": "api created",
        "host": "host_name",
        "username": "user_name",
        "file_type": ".json",
        "database": "your_db",
        "dialect_name": "bigquery_standard_sql"
    })
}

/// The example binary: `<dir of this test exe>/../examples/create_connection`. `cargo test`
/// builds examples only when no target is selected, so it is (re)built here once through cargo,
/// which also reports where it put it.
fn example_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(build_example)
}

fn build_example() -> PathBuf {
    let conventional = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().and_then(Path::parent).map(Path::to_path_buf))
        .map(|profile_dir| {
            profile_dir
                .join("examples")
                .join(format!("create_connection{}", std::env::consts::EXE_SUFFIX))
        });

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let mut command = Command::new(cargo);
    command
        .args([
            "build",
            "--example",
            "create_connection",
            "--message-format=json",
        ])
        .arg("--manifest-path")
        .arg(&manifest);
    let output = run_with_deadline(
        command,
        BUILD_DEADLINE,
        "cargo build --example create_connection",
    );
    assert!(
        output.status.success(),
        "building the example failed:\n{}",
        output.stderr
    );
    let reported = output
        .stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-artifact")
        .filter(|msg| msg["target"]["name"] == "create_connection")
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from));
    let binary = reported
        .or(conventional)
        .expect("cargo reports the example's executable");
    assert!(
        binary.is_file(),
        "example binary missing at {}",
        binary.display()
    );
    binary
}

/// What a finished process left behind.
struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs `command` with piped output, killing it and failing the test after `deadline`.
fn run_with_deadline(mut command: Command, deadline: Duration, what: &str) -> Finished {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish within {deadline:?}; killed it");
            }
            Err(e) => panic!("waiting for {what}: {e}"),
        }
    };
    Finished {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// A fresh, empty working directory (so no `looker.ini` is found), removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "looker-sdk-example-cli-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        assert!(!dir.join("looker.ini").exists());
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the example in `cwd` with `LOOKERSDK_*` pointing at `base_url` (or with no
/// `LOOKERSDK_*` at all when `base_url` is `None`), passing `args`.
fn run_example(base_url: Option<&str>, cwd: &Path, args: &[&Path]) -> Finished {
    run_example_with(base_url, cwd, args, &[])
}

/// [`run_example`] with more environment variables (`LOOKERSDK_TIMEOUT=2`, ...).
fn run_example_with(
    base_url: Option<&str>,
    cwd: &Path,
    args: &[&Path],
    extra_env: &[(&str, &str)],
) -> Finished {
    let mut command = Command::new(example_binary());
    command.current_dir(cwd).args(args);
    for (key, _) in std::env::vars_os() {
        let upper = key.to_string_lossy().to_ascii_uppercase();
        if upper.starts_with("LOOKERSDK_") || upper.ends_with("_PROXY") {
            command.env_remove(&key);
        }
    }
    command.env("NO_PROXY", "127.0.0.1,localhost");
    if let Some(base_url) = base_url {
        command.envs(test_env(base_url));
    }
    command.envs(extra_env.iter().copied());
    run_with_deadline(command, RUN_DEADLINE, "the create_connection example")
}

/// Runs the example against `server`.
fn run_against(server: &MockServer, args: &[&Path]) -> Finished {
    let cwd = TempDir::new();
    run_example(Some(&server.uri()), cwd.path(), args)
}

fn assert_succeeded(run: &Finished) {
    assert!(
        run.status.success(),
        "example failed with {}\nstdout:\n{}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.lines().any(|l| l.trim()
            == "Created connection \"api created\" (dialect: Google BigQuery Standard SQL)"),
        "stdout names the connection and its dialect label:\n{}",
        run.stdout
    );
}

/// Asserts a clean failure: exit status 1, nothing claimed on stdout, no panic, and each
/// `needle` on stderr.
fn assert_failed_with(run: &Finished, needles: &[&str]) {
    assert_eq!(
        run.status.code(),
        Some(1),
        "example must exit with status 1, got {}\nstdout:\n{}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stdout.contains("Created connection"),
        "stdout: {}",
        run.stdout
    );
    assert!(
        !run.stderr.contains("panicked"),
        "the example panicked:\n{}",
        run.stderr
    );
    assert!(!run.stderr.trim().is_empty(), "stderr explains the failure");
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    for secret in [CLIENT_SECRET, CLIENT_SECRET_FORM_ENCODED] {
        assert!(
            !run.stderr.contains(secret),
            "stderr leaks the client secret"
        );
    }
    assert!(
        !run.stderr.contains(&access_token()),
        "stderr leaks the access token"
    );
}

/// A server with login and `POST /connections` answering `response`.
async fn server_answering(response: wiremock::ResponseTemplate) -> MockServer {
    let server = start_server().await;
    mount_login(&server).await;
    mount_create_connection(&server, response).await;
    server
}

#[tokio::test]
async fn creates_the_connection_without_certificate() {
    let server = server_answering(json_response(200, "create_connection_200.json")).await;
    let run = run_against(&server, &[]);
    assert_succeeded(&run);

    assert_login_request(&single_request_to(&server, LOGIN_PATH).await);
    let create = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_bearer(&create);
    assert_appid(&create);
    assert_eq!(body_json(&create), example_body());
}

#[tokio::test]
async fn creates_the_connection_with_a_base64_certificate_file() {
    let server = server_answering(json_response(200, "create_connection_200.json")).await;
    let dir = TempDir::new();
    let cert = dir.path().join("credentials_file.json");
    std::fs::write(&cert, CERT_BYTES).expect("write certificate file");

    let run = run_example(Some(&server.uri()), dir.path(), &[cert.as_path()]);
    assert_succeeded(&run);

    assert_login_request(&single_request_to(&server, LOGIN_PATH).await);
    let create = single_request_to(&server, CONNECTIONS_PATH).await;
    assert_bearer(&create);
    let mut expected = example_body();
    expected["certificate"] = json!(CERT_BASE64);
    assert_eq!(body_json(&create), expected);
}

#[tokio::test]
async fn missing_certificate_file_fails_before_any_request() {
    let server = server_answering(json_response(200, "create_connection_200.json")).await;
    let dir = TempDir::new();
    let missing = dir.path().join("no_such_key.json");
    let run = run_example(Some(&server.uri()), dir.path(), &[missing.as_path()]);
    assert_failed_with(&run, &["no_such_key.json"]);
    let received = server.received_requests().await.expect("recording on");
    assert!(received.is_empty(), "no request without the certificate");
}

#[tokio::test]
async fn conflict_409_reports_lookers_message() {
    let server = server_answering(json_response(409, "error_409.json")).await;
    let run = run_against(&server, &[]);
    assert_failed_with(&run, &["409", "Connection 'api created' already exists"]);
}

#[tokio::test]
async fn validation_422_prints_each_error_on_its_own_line() {
    let server = server_answering(json_response(422, "validation_error_422.json")).await;
    let run = run_against(&server, &[]);
    assert_failed_with(&run, &["422", "Validation Failed"]);

    let fixture = fixture_json("validation_error_422.json");
    let details = fixture["errors"].as_array().expect("errors array");
    assert_eq!(details.len(), 2);
    for detail in details {
        let field = detail["field"].as_str().expect("field");
        let code = detail["code"].as_str().expect("code");
        let message = detail["message"].as_str().expect("message");
        assert!(
            run.stderr.lines().any(|l| l.contains(field)
                && l.contains(code)
                && l.contains(message)
                && !l.contains("Validation Failed")),
            "no line of its own with {field} / {code} / {message}:\n{}",
            run.stderr
        );
    }
}

#[tokio::test]
async fn html_500_fails_with_the_status() {
    let server = server_answering(fixture_response(
        500,
        "error_500.html",
        "text/html; charset=utf-8",
    ))
    .await;
    let run = run_against(&server, &[]);
    assert_failed_with(&run, &["500", "Internal Server Error"]);
}

#[tokio::test]
async fn truncated_answer_fails_with_the_status() {
    let server = server_answering(json_response(200, "create_connection_200_truncated.json")).await;
    let run = run_against(&server, &[]);
    assert_failed_with(&run, &["200", "connections"]);
}

#[test]
fn missing_settings_fail_with_a_clear_message() {
    let dir = TempDir::new();
    let run = run_example(None, dir.path(), &[]);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.to_ascii_lowercase().contains("base_url"),
        "stderr names the missing base URL:\n{}",
        run.stderr
    );
}

// The example with default settings against a stand-in that misbehaves: what it survives, and
// how it gives up.

#[path = "common/raw.rs"]
mod raw;

use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// A server with login, whose `POST /connections` answers `failure` the first `times` times,
/// then the recorded connection.
async fn failing_then_created(failure: ResponseTemplate, times: u64) -> MockServer {
    let server = server_answering(json_response(200, "create_connection_200.json")).await;
    Mock::given(method("POST"))
        .and(path(CONNECTIONS_PATH))
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

async fn count(server: &MockServer, at: &str) -> usize {
    requests_to(server, at).await.len()
}

#[tokio::test]
async fn survives_a_429_with_retry_after_seconds() {
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    let server = failing_then_created(limited, 1).await;
    let started = Instant::now();
    let run = run_against(&server, &[]);
    assert_succeeded(&run);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as asked"
    );
    assert_eq!(count(&server, CONNECTIONS_PATH).await, 2);
    assert_eq!(count(&server, LOGIN_PATH).await, 1);
    assert!(
        run.stderr.is_empty(),
        "silent without a subscriber: {}",
        run.stderr
    );
}

#[tokio::test]
async fn survives_a_503_with_retry_after_as_an_http_date() {
    let at = std::time::SystemTime::now() + Duration::from_secs(2);
    let unavailable = ResponseTemplate::new(503)
        .insert_header("Retry-After", http_date(at).as_str())
        .set_body_raw("<html>down for maintenance</html>", "text/html");
    let server = failing_then_created(unavailable, 1).await;
    let run = run_against(&server, &[]);
    assert_succeeded(&run);
    assert_eq!(count(&server, CONNECTIONS_PATH).await, 2);
}

#[tokio::test]
async fn logs_in_again_once_after_a_401_on_a_live_token() {
    let revoked = json_response(401, "error_403.json").set_body_json(json!({
        "message": "Requires authentication.",
        "documentation_url": "https://cloud.google.com/looker/docs/r/err/4.0/401"
    }));
    let server = failing_then_created(revoked, 1).await;
    let run = run_against(&server, &[]);
    assert_succeeded(&run);
    assert_eq!(count(&server, LOGIN_PATH).await, 2);
    assert_eq!(count(&server, CONNECTIONS_PATH).await, 2);
}

#[tokio::test]
async fn gives_up_on_a_429_that_never_ends() {
    let limited = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_json(json!({"message": "Too many requests"}));
    let server = failing_then_created(limited, u64::MAX).await;
    let started = Instant::now();
    let run = run_against(&server, &[]);
    assert_failed_with(
        &run,
        &["POST /connections: 429 Too Many Requests: Too many requests"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        count(&server, CONNECTIONS_PATH).await,
        4,
        "the default 4 attempts"
    );
}

#[tokio::test]
async fn does_not_send_a_post_again_after_a_502() {
    let server = failing_then_created(ResponseTemplate::new(502), 1).await;
    let run = run_against(&server, &[]);
    assert_failed_with(&run, &["POST /connections: 502 Bad Gateway"]);
    assert_eq!(count(&server, CONNECTIONS_PATH).await, 1);
}

/// A raw stand-in: logs in, and answers `POST /connections` with `reply`.
fn raw_looker(reply: raw::Reply) -> raw::RawServer {
    let token = access_token();
    raw::RawServer::start(move |_, at| match at {
        LOGIN_PATH => raw::login_answer(&token),
        _ => reply.clone(),
    })
}

#[test]
fn does_not_send_a_post_again_after_a_reset_connection() {
    let server = raw_looker(raw::Reply::Reset);
    let cwd = TempDir::new();
    let run = run_example(Some(&server.base_url), cwd.path(), &[]);
    assert_failed_with(&run, &["POST /connections: "]);
    assert_eq!(server.count(CONNECTIONS_PATH), 1);
    assert_eq!(server.count(LOGIN_PATH), 1);
}

#[test]
fn fails_within_the_configured_timeout_when_never_answered() {
    let server = raw_looker(raw::Reply::BytesThenStall(Vec::new()));
    let cwd = TempDir::new();
    let started = Instant::now();
    let run = run_example_with(
        Some(&server.base_url),
        cwd.path(),
        &[],
        &[("LOOKERSDK_TIMEOUT", "2")],
    );
    assert_failed_with(&run, &["POST /connections: timed out"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(CONNECTIONS_PATH), 1);
}

/// `at` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(at: std::time::SystemTime) -> String {
    let seconds = at
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    let name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!(
        "{weekday}, {day:02} {name} {year} {:02}:{:02}:{:02} GMT",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[test]
fn http_dates_are_written_as_servers_write_them() {
    let at = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
    let leap = std::time::UNIX_EPOCH + Duration::from_secs(1_835_438_400);
    assert_eq!(http_date(leap), "Tue, 29 Feb 2028 12:00:00 GMT");
}
