//! Figures for the README and the notes, against the test kit's stand-in on loopback (run with
//! `cargo bench --bench waits` in `examples/own_crate`):
//!
//! - each family of long-running work, for a task that takes 5 s on the "server", with the
//!   default `WaitPolicy`: the requests sent and the time until the result;
//! - a 100 MB JSON answer, plain and gzip-compressed: the bytes on the wire and the time to
//!   read it.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use looker_own_crate_example::methods::{CreateDashboardRenderTaskParams, StartPdtBuildParams};
use looker_own_crate_example::models::{CreateDashboardRenderTask, WriteCreateQueryTask};
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::testing::{Reply, StandIn};
use serde_json::json;

const TASK: Duration = Duration::from_secs(5);

/// When the work started on the "server" (at the starting request).
type Started = Arc<OnceLock<Instant>>;

/// `running` until `TASK` after the start, then `done`.
fn status(started: &Started, running: &str, done: &str) -> String {
    let finished = started.get().is_some_and(|at| at.elapsed() >= TASK);
    (if finished { done } else { running }).to_owned()
}

fn starting(looker: &StandIn<LookerSdk>, operation: &str, answer: serde_json::Value) -> Started {
    let started: Started = Arc::new(OnceLock::new());
    let at = Arc::clone(&started);
    looker.on(operation).answer_with(move |_| {
        at.get_or_init(Instant::now);
        Reply::json(&answer)
    });
    started
}

fn report(family: &str, looker: &StandIn<LookerSdk>, elapsed: Duration) {
    let requests = looker
        .received()
        .iter()
        .filter(|r| r.path != "/login")
        .count();
    println!(
        "{family:<12} {requests:>3} requests, result after {:.2} s",
        elapsed.as_secs_f64()
    );
}

async fn render() {
    let looker = StandIn::<LookerSdk>::start().await;
    let started = starting(&looker, "create_dashboard_render_task", json!({"id": "t"}));
    let at = Arc::clone(&started);
    looker
        .on("render_task")
        .answer_with(move |_| Reply::json(&json!({"status": status(&at, "rendering", "success")})));
    looker
        .on("render_task_results")
        .answer(Reply::bytes("application/pdf", vec![b'%'; 1000]));
    let params = CreateDashboardRenderTaskParams {
        dashboard_id: "1",
        result_format: "pdf",
        width: 800,
        height: 600,
    };
    let begin = Instant::now();
    let body = CreateDashboardRenderTask::new();
    looker
        .sdk()
        .create_dashboard_render_task(params, &body)
        .rendered()
        .await
        .expect("rendered");
    report("render", &looker, begin.elapsed());
}

async fn query() {
    let looker = StandIn::<LookerSdk>::start().await;
    let started = starting(&looker, "create_query_task", json!({"id": "q"}));
    let at = Arc::clone(&started);
    looker
        .on("query_task")
        .answer_with(move |_| Reply::json(&json!({"status": status(&at, "running", "complete")})));
    looker
        .on("query_task_results")
        .answer(Reply::json(&json!([{"a": 1}])));
    let begin = Instant::now();
    looker
        .sdk()
        .create_query_task(&WriteCreateQueryTask::new("1", "json"))
        .results()
        .await
        .expect("results");
    report("query task", &looker, begin.elapsed());
}

async fn pdt() {
    let looker = StandIn::<LookerSdk>::start().await;
    let started = starting(
        &looker,
        "start_pdt_build",
        json!({"materialization_id": "m"}),
    );
    let at = Arc::clone(&started);
    looker.on("check_pdt_build").answer_with(move |_| {
        let report = json!({"status": status(&at, "running", "complete")}).to_string();
        Reply::json(&json!({"materialization_id": "m", "resp_text": report}))
    });
    let begin = Instant::now();
    let params = StartPdtBuildParams {
        model_name: "m",
        view_name: "v",
    };
    looker
        .sdk()
        .start_pdt_build(params)
        .until_built()
        .await
        .expect("built");
    report("PDT build", &looker, begin.elapsed());
}

async fn deploy() {
    let looker = StandIn::<LookerSdk>::start().await;
    let started = starting(
        &looker,
        "async_deploy_ref_to_production",
        json!({"deployment_id": "d"}),
    );
    let at = Arc::clone(&started);
    looker
        .on("async_deploy_status")
        .answer_with(move |_| Reply::json(&json!({"status": status(&at, "COMPILING", "SUCCESS")})));
    let begin = Instant::now();
    looker
        .sdk()
        .async_deploy_ref_to_production("p")
        .until_deployed()
        .await
        .expect("deployed");
    report("deploy", &looker, begin.elapsed());
}

/// About `bytes` of JSON rows, as a query's `json` results: ids, statuses, emails and dates
/// that vary from row to row, as real results do.
fn rows(bytes: usize) -> serde_json::Value {
    let statuses = ["complete", "pending", "cancelled", "returned"];
    let mut rows = Vec::new();
    let mut size = 0;
    let mut i: u64 = 0;
    while size < bytes {
        let row = json!({
            "orders.id": 1_000_000 + i * 7919 % 1_000_003,
            "orders.status": statuses[(i % 4) as usize],
            "users.email": format!("user{}@example{}.com", i * 31 % 100_003, i % 17),
            "orders.created_date": format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "orders.total": (i * 1237 % 100_000) as f64 / 100.0,
        });
        size += row.to_string().len() + 1;
        rows.push(row);
        i += 1;
    }
    serde_json::Value::Array(rows)
}

async fn compressed() {
    let rows = rows(100_000_000);
    let plain = Reply::json(&rows);
    let gzip = plain.clone().gzip();
    for (name, reply) in [("plain", plain), ("gzip", gzip)] {
        let wire = reply.body().len();
        let looker = StandIn::<LookerSdk>::start().await;
        looker.on("run_query").answer(reply);
        let sdk = looker.sdk();
        let mut times = Vec::new();
        for _ in 0..3 {
            let begin = Instant::now();
            let content = sdk.run_query("1", "json").await.expect("read");
            times.push(begin.elapsed());
            assert!(content.as_bytes().len() > 90_000_000);
        }
        times.sort();
        println!(
            "100 MB JSON {name:<5}: {wire:>10} bytes on the wire, read in {:.2} s (median of 3)",
            times[1].as_secs_f64()
        );
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if std::env::args().any(|arg| arg == "--list") {
        return;
    }
    tokio::join!(render(), query(), pdt(), deploy());
    compressed().await;
}
