//! Async queries: `create_query_task`, then `query_task` until `complete`, then
//! `query_task_results` (a `202` while they are not ready). A query task that times out or is
//! cancelled is killed on the server (`kill_query`).

use std::future::Future;
use std::pin::Pin;

use super::task::{
    is_one_of, no_id, request_of, results_when_ready, start, stopped_when_abandoned, text_of,
    waiter, Family, Task,
};
use super::waiter::Waiter;
use crate::client::Client;
use crate::error::Result;
use crate::response::Content;

/// An async query: `sdk.create_query_task(&body).results()`; awaited, the results in the
/// task's `result_format` as [`Content`] (JSON, CSV, ... as text; images as bytes), like the
/// synchronous query runners. A query with an SQL error is Looker's error (an
/// [`Error::Api`](crate::Error::Api) with status 400).
pub enum QueryResults {}

/// The statuses of a query task that will not complete.
const FAILED: &[&str] = &["error", "killed", "expired", "missing"];

impl Family for QueryResults {
    type Output = Content;

    fn run(mut task: Task<Self>) -> Pin<Box<dyn Future<Output = Result<Content>> + Send>> {
        Box::pin(async move {
            let client = task.client.clone();
            let answer = start(&client, task.take_start()).await?;
            let id = text_of(&answer, "id")
                .ok_or_else(|| no_id("query task", "create_query_task", "id", &answer))?;
            let mut waiter = waiter(&mut task, "query task", &id);
            let kill = request_of(&client, "kill_query", &[("query_task_id", &id)]);
            let work = results(&client, &mut waiter, &id);
            stopped_when_abandoned(&client, ("kill_query", kill), work).await
        })
    }
}

/// Polls the task until it is complete, then its results until they are ready.
async fn results(client: &Client, waiter: &mut Waiter, id: &str) -> Result<Content> {
    loop {
        let request =
            request_of(client, "query_task", &[("query_task_id", id)])?.query("fields", "status");
        let answer: serde_json::Value = client.send(request).await?.json()?;
        let status = text_of(&answer, "status").unwrap_or_else(|| "unknown".to_owned());
        if is_one_of(&status, FAILED) {
            return Err(waiter.failed(&status, None));
        }
        if is_one_of(&status, &["complete"]) {
            waiter.record(&status);
            break;
        }
        waiter.pending(&status, None).await?;
    }
    let results = ("query_task_results", "query_task_id");
    let response = results_when_ready(client, waiter, results, id, false).await?;
    Ok(response.content())
}
