//! `create_connection` round trips against a loopback stand-in: the SDK against raw reqwest +
//! serde_json doing the same request (same JSON body, bearer token, `x-looker-appid`, the
//! same 120 s timeout, decoded into a plain `#[derive(Deserialize)]` struct with the answer's
//! fields), in the same run.
//!
//! `cargo bench --bench roundtrip` (or `scripts/bench-roundtrip.sh`): rounds alternate between
//! the two; the median round of each is reported as calls per second, and their ratio.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use looker_sdk::models::WriteDbConnection;
use looker_sdk::{ApiSettings, LookerSdk};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CALLS_PER_ROUND: usize = 2000;
const ROUNDS: usize = 7;
const APP_ID: &str = concat!("looker-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// What raw serde decodes: the fields of the recorded answer.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct PlainConnection {
    can: Option<BTreeMap<String, Value>>,
    name: Option<String>,
    dialect: Option<Dialect>,
    snippets: Option<Vec<Snippet>>,
    pdts_enabled: Option<bool>,
    host: Option<String>,
    port: Option<String>,
    username: Option<String>,
    password: Option<String>,
    uses_oauth: Option<bool>,
    uses_instance_oauth: Option<bool>,
    certificate: Option<String>,
    file_type: Option<String>,
    database: Option<String>,
    db_timezone: Option<String>,
    query_timezone: Option<String>,
    schema: Option<String>,
    max_connections: Option<i64>,
    max_queries: Option<i64>,
    max_queries_per_user: Option<i64>,
    max_billing_gigabytes: Option<String>,
    ssl: Option<bool>,
    verify_ssl: Option<bool>,
    tmp_db_name: Option<String>,
    jdbc_additional_params: Option<String>,
    pool_timeout: Option<i64>,
    dialect_name: Option<String>,
    supports_data_studio_link: Option<bool>,
    created_at: Option<String>,
    user_id: Option<String>,
    example: Option<bool>,
    user_db_credentials: Option<bool>,
    user_attribute_fields: Option<Vec<Value>>,
    maintenance_cron: Option<String>,
    last_regen_at: Option<String>,
    last_reap_at: Option<String>,
    sql_runner_precache_tables: Option<bool>,
    sql_writing_with_info_schema: Option<bool>,
    after_connect_statements: Option<String>,
    pdt_context_override: Option<BTreeMap<String, Value>>,
    managed: Option<bool>,
    custom_local_port: Option<String>,
    tunnel_id: Option<String>,
    uses_tns: Option<bool>,
    pdt_concurrency: Option<i64>,
    disable_context_comment: Option<bool>,
    oauth_application_id: Option<String>,
    always_retry_failed_builds: Option<bool>,
    uses_application_default_credentials: Option<bool>,
    impersonated_service_account: Option<String>,
    cost_estimate_enabled: Option<bool>,
    pdt_api_control_enabled: Option<bool>,
    connection_pooling: Option<bool>,
    default_bq_connection: Option<bool>,
    bq_storage_project_id: Option<String>,
    bq_roles_verified: Option<String>,
    p4sa_name: Option<String>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Dialect {
    name: Option<String>,
    label: Option<String>,
    supports_cost_estimate: Option<bool>,
    cost_estimate_style: Option<String>,
    persistent_table_indexes: Option<String>,
    persistent_table_sortkeys: Option<String>,
    persistent_table_distkey: Option<String>,
    supports_streaming: Option<bool>,
    automatically_run_sql_runner_snippets: Option<bool>,
    connection_tests: Option<Vec<String>>,
    supports_inducer: Option<bool>,
    supports_multiple_databases: Option<bool>,
    supports_persistent_derived_tables: Option<bool>,
    has_ssl_support: Option<bool>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Snippet {
    name: Option<String>,
    label: Option<String>,
    sql: Option<String>,
}

/// What raw serde sends: the fields the SDK's example sets.
#[derive(serde::Serialize)]
struct PlainWrite {
    name: &'static str,
    host: &'static str,
    database: &'static str,
    dialect_name: &'static str,
    username: &'static str,
    file_type: &'static str,
}

fn main() {
    let address = serve();
    let base_url = format!("http://{address}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sdk = LookerSdk::new(ApiSettings::new(base_url.clone(), "id", "secret"))
            .expect("settings");
        let body = WriteDbConnection::new()
            .set_name("api created")
            .set_host("host_name")
            .set_database("your_db")
            .set_dialect_name("bigquery_standard_sql")
            .set_username("user_name")
            .set_file_type(".json");
        // The same overall timeout as the SDK's default (Looker's 120 s), as a careful raw
        // client would set.
        let raw = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .expect("client");
        let plain = PlainWrite {
            name: "api created",
            host: "host_name",
            database: "your_db",
            dialect_name: "bigquery_standard_sql",
            username: "user_name",
            file_type: ".json",
        };
        let url = format!("{base_url}/api/4.0/connections");
        let token = sdk.auth().token().await.expect("login");
        let mut sdk_rounds = Vec::new();
        let mut raw_rounds = Vec::new();
        for round in 0..=ROUNDS {
            let started = Instant::now();
            for _ in 0..CALLS_PER_ROUND {
                let created = sdk.create_connection(&body).await.expect("created");
                assert!(created.name.is_some());
            }
            let sdk_time = started.elapsed();
            let started = Instant::now();
            for _ in 0..CALLS_PER_ROUND {
                let answer = raw
                    .post(&url)
                    .header("x-looker-appid", APP_ID)
                    .bearer_auth(token.expose())
                    .header(reqwest::header::ACCEPT, "application/json")
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(&plain).expect("encoded"))
                    .send()
                    .await
                    .expect("sent");
                assert!(answer.status().is_success());
                let bytes = answer.bytes().await.expect("read");
                let created: PlainConnection = serde_json::from_slice(&bytes).expect("decoded");
                assert!(created.name.is_some());
            }
            let raw_time = started.elapsed();
            if round > 0 {
                // Round 0 warms both up.
                sdk_rounds.push(sdk_time);
                raw_rounds.push(raw_time);
            }
        }
        let per_second = |rounds: &mut Vec<Duration>| {
            rounds.sort();
            CALLS_PER_ROUND as f64 / rounds[rounds.len() / 2].as_secs_f64()
        };
        let (sdk_rate, raw_rate) = (per_second(&mut sdk_rounds), per_second(&mut raw_rounds));
        println!("create_connection round trips on loopback, median of {ROUNDS} rounds of {CALLS_PER_ROUND}:");
        println!("  looker-sdk          {sdk_rate:>9.0} calls/s");
        println!("  reqwest+serde_json  {raw_rate:>9.0} calls/s");
        println!("  ratio sdk/raw       {:>9.2}x", sdk_rate / raw_rate);
        // Where the difference goes: decoding the same answer alone.
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/create_connection_200.json");
        let answer = std::fs::read(fixture).expect("fixture");
        let decode_micros = |decode: &dyn Fn(&[u8])| {
            let started = Instant::now();
            for _ in 0..CALLS_PER_ROUND * 5 {
                decode(&answer);
            }
            started.elapsed().as_secs_f64() * 1e6 / (CALLS_PER_ROUND * 5) as f64
        };
        let model = decode_micros(&|bytes| {
            let connection: looker_sdk::models::DbConnection =
                serde_json::from_slice(bytes).expect("decoded");
            assert!(connection.name.is_some());
        });
        let plain = decode_micros(&|bytes| {
            let connection: PlainConnection = serde_json::from_slice(bytes).expect("decoded");
            assert!(connection.name.is_some());
        });
        println!("  of which decoding the answer: models::DbConnection {model:.1} µs, plain derive {plain:.1} µs");
        let per_call = |rate: f64| 1e6 / rate;
        println!(
            "  per call: sdk {:.1} µs, raw {:.1} µs; difference {:.1} µs, of it decoding {:.1} µs",
            per_call(sdk_rate),
            per_call(raw_rate),
            per_call(sdk_rate) - per_call(raw_rate),
            model - plain
        );
    });
}

/// A keep-alive HTTP/1.1 stand-in on a thread of its own: a login, and the recorded
/// `create_connection` answer for every other request.
fn serve() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("non-blocking");
    let address = listener.local_addr().expect("address");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/create_connection_200.json"
    );
    let created = std::fs::read(fixture).expect("fixture");
    let login = br#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#.to_vec();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((stream, _)) = listener.accept().await {
                let (created, login) = (answer(&created), answer(&login));
                tokio::spawn(connection(stream, created, login));
            }
        });
    });
    address
}

fn answer(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Answers the requests of one connection until the client closes it.
async fn connection(mut stream: tokio::net::TcpStream, created: Vec<u8>, login: Vec<u8>) {
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let Some(head_end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        let end = head_end + 4 + length;
        while buffer.len() < end {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let reply = if head.starts_with("post /api/4.0/login ") {
            &login
        } else {
            &created
        };
        if stream.write_all(reply).await.is_err() {
            return;
        }
        buffer.drain(..end);
    }
}
