//! Looker's long-running work awaited in one call, against the test kit's stand-in: each family
//! walked through its states, failures, a task that never ends (deadline), a cancel (the
//! kill/stop call that follows), `202` then `200`, a `429` while polling, and the examples of
//! `examples/` that use them.

#[allow(dead_code)]
#[path = "../examples/async_query.rs"]
mod async_query;
#[allow(dead_code)]
#[path = "../examples/deploy.rs"]
mod deploy;
#[allow(dead_code)]
#[path = "../examples/rebuild_pdt.rs"]
mod rebuild_pdt;
#[allow(dead_code)]
#[path = "../examples/render_dashboard.rs"]
mod render_dashboard;

use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use looker_own_crate_example::methods::{CreateLookRenderTaskParams, StartPdtBuildParams};
use looker_own_crate_example::models::WriteCreateQueryTask;
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::testing::{Reply, StandIn};
use looker_sdk_rtl::wait::WaitPolicy;
use looker_sdk_rtl::{Error, StopOutcome, TaskEnd, TaskError};
use serde_json::json;

/// Polls every 10 ms, for at most `deadline`.
fn quick(deadline: Duration) -> WaitPolicy {
    WaitPolicy::fixed(Duration::from_millis(10), deadline)
}

/// Replies in turn, one per request, the last one from then on (a status per poll).
fn statuses(looker: &StandIn<LookerSdk>, operation: &str, replies: Vec<serde_json::Value>) {
    looker
        .on(operation)
        .answers(replies.iter().map(Reply::json).collect::<Vec<_>>());
}

fn task_error(error: Error) -> TaskError {
    match error {
        Error::Task(task) => *task,
        other => panic!("expected Error::Task, got {other:?}"),
    }
}

fn text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("UTF-8")
}

#[tokio::test]
async fn render_dashboard_walks_the_render_states_and_streams_the_pdf() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_dashboard_render_task")
        .param("dashboard_id", "42")
        .param("result_format", "pdf")
        .param("width", 1280)
        .param("height", 1024)
        .param("pdf_paper_size", "a4")
        .body(json!({"dashboard_style": "tiled"}))
        .times(1)
        .answer(Reply::json(
            &json!({"id": "t1", "status": "enqueued_for_query"}),
        ));
    let states = [
        "enqueued_for_query",
        "querying",
        "rendering",
        "rendering",
        "success",
    ];
    let polls = states.iter().map(|s| json!({"status": s})).collect();
    statuses(&looker, "render_task", polls);
    let pdf = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n%%EOF\n".to_vec();
    looker
        .on("render_task_results")
        .param("render_task_id", "t1")
        .times(2)
        .answers([
            Reply::status(202).header("retry-after", "0"),
            // Compressed, as a proxy before Looker may send it: inflated as it streams.
            Reply::bytes("application/pdf", pdf.clone()).gzip(),
        ]);
    let dir = std::env::temp_dir().join(format!("looker-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("dashboard.pdf");
    let mut out = Vec::new();
    render_dashboard::run(
        &looker.sdk(),
        "42",
        &file,
        quick(Duration::from_secs(10)),
        &mut out,
    )
    .await
    .expect("runs");
    assert_eq!(std::fs::read(&file).expect("the PDF was saved"), pdf);
    assert_eq!(
        text(out),
        format!(
            "enqueued_for_query -> querying -> rendering -> success -> results not ready\nsaved {} bytes to {}\n",
            pdf.len(),
            file.display()
        )
    );
    let polled = looker.received_by("render_task");
    assert_eq!(polled.len(), 5);
    assert_eq!(polled[0].param("fields"), Some("status,status_detail"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[tokio::test]
async fn a_failed_render_is_lookers_failure_with_its_detail() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_look_render_task")
        .answer(Reply::json(&json!({"id": "t2"})));
    let failed = json!({"status": "failure", "status_detail": "Look 5 has no visualization"});
    statuses(
        &looker,
        "render_task",
        vec![json!({"status": "rendering"}), failed],
    );
    let params = CreateLookRenderTaskParams {
        look_id: "5",
        result_format: "png",
        width: 800,
        height: 600,
    };
    let task = looker.sdk().create_look_render_task(params).rendered();
    let error = task
        .policy(quick(Duration::from_secs(10)))
        .await
        .expect_err("failed");
    assert_eq!(
        error.to_string(),
        "render task t2: failed: Look 5 has no visualization (last status `failure`)"
    );
    let error = task_error(error);
    assert_eq!(error.stop, StopOutcome::Ended);
    assert!(looker.received_by("render_task_results").is_empty());
}

#[tokio::test]
async fn a_render_that_never_ends_times_out_and_cannot_be_stopped() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_query_render_task")
        .answer(Reply::json(&json!({"id": "t3"})));
    statuses(&looker, "render_task", vec![json!({"status": "rendering"})]);
    let params = looker_own_crate_example::methods::CreateQueryRenderTaskParams {
        query_id: "9",
        result_format: "jpg",
        width: 10,
        height: 10,
    };
    let task = looker.sdk().create_query_render_task(params).rendered();
    let error = task
        .policy(quick(Duration::from_millis(200)))
        .await
        .expect_err("times out");
    let said = error.to_string();
    assert!(
        said.starts_with("render task t3: not done after 0.2 s"),
        "{said}"
    );
    assert!(
        said.ends_with(
            "(last status `rendering`); Looker cannot stop a render task: it runs to its end"
        ),
        "{said}"
    );
    let error = task_error(error);
    assert!(matches!(error.end, TaskEnd::TimedOut { .. }));
    let polls = looker.received_by("render_task").len();
    assert!(
        (5..=25).contains(&polls),
        "{polls} polls in 200 ms at 10 ms"
    );
}

#[tokio::test]
async fn async_query_waits_through_a_429_and_a_202_for_its_results() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_query_task")
        .body(json!({"query_id": "77", "result_format": "csv"}))
        .times(1)
        .answer(Reply::json(&json!({"id": "qt1", "status": "added"})));
    looker
        .on("query_task")
        .param("query_task_id", "qt1")
        .answers([
            Reply::json(&json!({"status": "added"})),
            Reply::too_many_requests(0),
            Reply::json(&json!({"status": "running"})),
            Reply::json(&json!({"status": "complete"})),
        ]);
    let csv = "Orders Status,Orders Count\ncomplete,41\n";
    looker.on("query_task_results").times(2).answers([
        Reply::status(202),
        Reply::text(csv).content_type("text/csv"),
    ]);
    let mut out = Vec::new();
    async_query::run(
        &looker.sdk(),
        "77",
        "csv",
        quick(Duration::from_secs(10)),
        &mut out,
    )
    .await
    .expect("runs");
    assert_eq!(text(out), csv);
    assert_eq!(
        looker.received_by("query_task").len(),
        4,
        "the 429 retried by the client"
    );
    assert!(looker.received_by("kill_query").is_empty());
}

/// A query task that stays `running`, and the SDK logged in to a stand-in answering it.
async fn endless_query(looker: &StandIn<LookerSdk>) {
    looker
        .on("create_query_task")
        .answer(Reply::json(&json!({"id": "qt2"})));
    statuses(looker, "query_task", vec![json!({"status": "running"})]);
    looker
        .on("kill_query")
        .param("query_task_id", "qt2")
        .times(1)
        .answer(Reply::status(204));
}

#[tokio::test]
async fn a_cancelled_query_is_killed_on_the_server() {
    let looker = StandIn::<LookerSdk>::start().await;
    endless_query(&looker).await;
    let body = WriteCreateQueryTask::new("77", "json");
    let task = looker
        .sdk()
        .create_query_task(&body)
        .results()
        .policy(quick(Duration::from_secs(30)));
    let cancel = task.cancel_handle();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        cancel.cancel();
    });
    let error = task_error(task.await.expect_err("cancelled"));
    assert_eq!(error.end, TaskEnd::Cancelled);
    assert_eq!(error.stop, StopOutcome::Stopped("kill_query"));
    assert_eq!(error.last_status.as_deref(), Some("running"));
}

#[tokio::test]
async fn a_query_past_its_deadline_is_killed_too() {
    let looker = StandIn::<LookerSdk>::start().await;
    endless_query(&looker).await;
    let body = WriteCreateQueryTask::new("77", "json");
    let task = looker
        .sdk()
        .create_query_task(&body)
        .results()
        .deadline(Duration::from_millis(300));
    let error = task_error(task.await.expect_err("times out"));
    assert!(
        matches!(error.end, TaskEnd::TimedOut { waited } if waited >= Duration::from_millis(300))
    );
    assert_eq!(error.stop, StopOutcome::Stopped("kill_query"));
}

#[tokio::test]
async fn dropping_a_query_wait_kills_the_query_as_a_best_effort() {
    let looker = StandIn::<LookerSdk>::start().await;
    endless_query(&looker).await;
    let body = WriteCreateQueryTask::new("77", "json");
    let task = looker
        .sdk()
        .create_query_task(&body)
        .results()
        .policy(quick(Duration::from_secs(30)));
    let gave_up = tokio::time::timeout(Duration::from_millis(100), task.into_future()).await;
    assert!(gave_up.is_err(), "still running when dropped");
    for _ in 0..100 {
        if !looker.received_by("kill_query").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(looker.received_by("kill_query").len(), 1);
}

#[tokio::test]
async fn a_query_task_in_error_fails_without_a_kill() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_query_task")
        .answer(Reply::json(&json!({"id": "qt3"})));
    statuses(&looker, "query_task", vec![json!({"status": "error"})]);
    let body = WriteCreateQueryTask::new("77", "json");
    let error = looker
        .sdk()
        .create_query_task(&body)
        .results()
        .await
        .expect_err("error");
    assert_eq!(
        error.to_string(),
        "query task qt3: failed (last status `error`)"
    );
    assert!(looker.received_by("kill_query").is_empty());
}

/// `check_pdt_build`'s answer with `status` in its `resp_text`, as Looker writes it.
fn pdt(status: &str) -> serde_json::Value {
    let report = json!({"status": status, "runtime": null, "message": format!("Materialize orders, {status}")});
    json!({"materialization_id": "m1", "resp_text": report.to_string()})
}

#[tokio::test]
async fn rebuild_pdt_polls_the_build_until_complete() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("start_pdt_build")
        .param("model_name", "thelook")
        .param("view_name", "orders")
        .param("force_rebuild", "true")
        .times(1)
        .answer(Reply::json(
            &json!({"materialization_id": "m1", "resp_text": null}),
        ));
    statuses(
        &looker,
        "check_pdt_build",
        vec![pdt("added"), pdt("running"), pdt("complete")],
    );
    let mut out = Vec::new();
    rebuild_pdt::run(
        &looker.sdk(),
        "thelook",
        "orders",
        quick(Duration::from_secs(10)),
        &mut out,
    )
    .await
    .expect("runs");
    assert_eq!(
        text(out),
        "build m1: complete Materialize orders, complete\n"
    );
    assert_eq!(looker.received_by("check_pdt_build").len(), 3);
    assert!(looker.received_by("stop_pdt_build").is_empty());
}

#[tokio::test]
async fn a_pdt_build_past_its_deadline_is_stopped() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("start_pdt_build")
        .answer(Reply::json(&json!({"materialization_id": "m1"})));
    statuses(&looker, "check_pdt_build", vec![pdt("running")]);
    looker
        .on("stop_pdt_build")
        .param("materialization_id", "m1")
        .times(1)
        .answer(Reply::json(&pdt("killed")));
    let params = StartPdtBuildParams {
        model_name: "thelook",
        view_name: "orders",
    };
    let task = looker
        .sdk()
        .start_pdt_build(params)
        .until_built()
        .policy(quick(Duration::from_millis(150)));
    let error = task.await.expect_err("times out");
    assert!(
        error
            .to_string()
            .ends_with("(last status `running`); stopped on the server (`stop_pdt_build`)"),
        "{error}"
    );
}

#[tokio::test]
async fn deploy_waits_for_success_and_reports_a_failure() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("async_deploy_ref_to_production")
        .param("project_id", "ecommerce")
        .param("branch", "main")
        .answer(Reply::json(
            &json!({"status": "queued", "deployment_id": "d1"}),
        ));
    let observed = Arc::new(AtomicUsize::new(0));
    let changes = Arc::clone(&observed);
    looker
        .on("async_deploy_status")
        .param("deployment_id", "d1")
        .answer_with(move |_| {
            let status =
                ["PENDING", "COMPILING", "SUCCESS"][changes.fetch_add(1, Ordering::SeqCst).min(2)];
            Reply::json(&json!({"status": status, "commit_sha": "abc123"}))
        });
    let mut out = Vec::new();
    deploy::run(
        &looker.sdk(),
        "ecommerce",
        "main",
        quick(Duration::from_secs(10)),
        &mut out,
    )
    .await
    .expect("runs");
    assert_eq!(text(out), "deploy d1: SUCCESS at abc123\n");
    assert_eq!(observed.load(Ordering::SeqCst), 3);

    let failing = StandIn::<LookerSdk>::start().await;
    failing
        .on("async_deploy_ref_to_production")
        .answer(Reply::json(&json!({"deployment_id": "d2"})));
    statuses(
        &failing,
        "async_deploy_status",
        vec![json!({"status": "FAILED", "error": "LookML errors"})],
    );
    let error = failing
        .sdk()
        .async_deploy_ref_to_production("ecommerce")
        .until_deployed()
        .await;
    assert_eq!(
        error.expect_err("failed").to_string(),
        "deploy d2: failed: LookML errors (last status `FAILED`)"
    );
}

#[tokio::test]
async fn a_deploy_answer_without_an_id_says_so() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("async_deploy_ref_to_production")
        .answer(Reply::json(&json!({"status": "queued"})));
    let error = looker
        .sdk()
        .async_deploy_ref_to_production("p")
        .until_deployed()
        .await;
    let said = error.expect_err("no id").to_string();
    assert_eq!(
        said,
        "deploy (none): failed: Looker's answer to `async_deploy_ref_to_production` has no \
         `deployment_id` to follow the work by: {\"status\":\"queued\"}; Looker cannot stop a deploy: it runs to its end"
    );
}

#[tokio::test]
async fn a_query_task_answer_without_an_id_says_it_may_still_run() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_query_task")
        .answer(Reply::json(&json!({"status": "added"})));
    let body = WriteCreateQueryTask::new("77", "json");
    let error = task_error(
        looker
            .sdk()
            .create_query_task(&body)
            .results()
            .await
            .expect_err("no id"),
    );
    assert_eq!(
        error.to_string(),
        "query task (none): failed: Looker's answer to `create_query_task` has no `id` to follow \
         the work by: {\"status\":\"added\"}; stopping it (`kill_query`) failed, it may still \
         run: no id to stop it by"
    );
    assert!(looker.received_by("kill_query").is_empty());
}

#[tokio::test]
async fn statuses_are_observed_once_per_change() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_query_task")
        .answer(Reply::json(&json!({"id": "qt4"})));
    let polls = ["added", "added", "running", "running", "complete"]
        .iter()
        .map(|s| json!({"status": s}))
        .collect();
    statuses(&looker, "query_task", polls);
    looker
        .on("query_task_results")
        .answer(Reply::json(&json!([{"a": 1}])));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let body = WriteCreateQueryTask::new("1", "json");
    let results = looker
        .sdk()
        .create_query_task(&body)
        .results()
        .policy(quick(Duration::from_secs(10)))
        .on_status(move |status| log.lock().unwrap().push(status.to_owned()))
        .await
        .expect("complete");
    assert_eq!(results.text(), Some(r#"[{"a":1}]"#));
    assert_eq!(*seen.lock().unwrap(), ["added", "running", "complete"]);
}
