//! PDT builds: `start_pdt_build`, then `check_pdt_build` until the build's status (in its
//! `resp_text`, JSON) is `complete`. A build that times out or is cancelled is stopped on the
//! server (`stop_pdt_build`).

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use super::task::{
    is_one_of, no_id, request_of, start, stopped_when_abandoned, text_of, waiter, Family, Finished,
    Task,
};
use super::waiter::Waiter;
use crate::client::Client;
use crate::error::Result;

/// A PDT rebuild: `sdk.start_pdt_build(model, view).until_built()`; awaited, the
/// [`Finished`] build (its materialization id, status and the build's report).
pub enum PdtBuild {}

const DONE: &[&str] = &["complete", "completed", "done", "success"];
const FAILED: &[&str] = &[
    "error",
    "failed",
    "failure",
    "killed",
    "cancelled",
    "canceled",
    "stopped",
];

impl Family for PdtBuild {
    type Output = Finished;

    fn run(mut task: Task<Self>) -> Pin<Box<dyn Future<Output = Result<Finished>> + Send>> {
        Box::pin(async move {
            let client = task.client.clone();
            let answer = start(&client, task.take_start()).await?;
            let id = text_of(&answer, "materialization_id").ok_or_else(|| {
                no_id(
                    "PDT build",
                    "start_pdt_build",
                    "materialization_id",
                    &answer,
                )
            })?;
            let mut waiter = waiter(&mut task, "PDT build", &id);
            let stop = request_of(&client, "stop_pdt_build", &[("materialization_id", &id)]);
            let work = built(&client, &mut waiter, &id);
            stopped_when_abandoned(&client, ("stop_pdt_build", stop), work).await
        })
    }
}

/// The build's report: `resp_text` read as JSON (Looker writes
/// `{"status":"running","message":..}` there), else the text itself as the status.
fn report(answer: &Value) -> Value {
    let text = text_of(answer, "resp_text").unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({ "status": text }))
}

/// Polls `check_pdt_build` until the build is done or failed.
async fn built(client: &Client, waiter: &mut Waiter, id: &str) -> Result<Finished> {
    loop {
        let request = request_of(client, "check_pdt_build", &[("materialization_id", id)])?;
        let answer: Value = client.send(request).await?.json()?;
        let report = report(&answer);
        let status = text_of(&report, "status").unwrap_or_else(|| "unknown".to_owned());
        if is_one_of(&status, DONE) {
            waiter.record(&status);
            return Ok(Finished {
                id: id.to_owned(),
                status,
                answer: report,
            });
        }
        if is_one_of(&status, FAILED) {
            return Err(waiter.failed(&status, text_of(&report, "message")));
        }
        waiter.pending(&status, None).await?;
    }
}
