//! Deploys to production: `async_deploy_ref_to_production`, then `async_deploy_status` until
//! `SUCCESS` or `FAILED`. Looker cannot stop a deploy.

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use super::task::{is_one_of, no_id, request_of, start, text_of, waiter, Family, Finished, Task};
use super::waiter::Waiter;
use crate::client::Client;
use crate::error::Result;

/// A deploy: `sdk.async_deploy_ref_to_production(project).until_deployed()`; awaited, the
/// [`Finished`] deploy (its id, status and Looker's last status answer).
///
/// Looker's 26.12 document gives the answer to the starting call only a `status`: the
/// deployment's id is read from its `deployment_id` (or `id`), and without one the task ends
/// with an error saying so.
pub enum Deploy {}

const DONE: &[&str] = &["success", "succeeded", "complete", "done"];
const FAILED: &[&str] = &["failed", "failure", "error"];

impl Family for Deploy {
    type Output = Finished;

    fn run(mut task: Task<Self>) -> Pin<Box<dyn Future<Output = Result<Finished>> + Send>> {
        Box::pin(async move {
            let client = task.client.clone();
            let start_request = task.take_start()?;
            let project = project_of(&client, start_request.path_without_query());
            let answer = start(&client, Ok(start_request)).await?;
            let id = text_of(&answer, "deployment_id")
                .or_else(|| text_of(&answer, "id"))
                .ok_or_else(|| {
                    no_id(
                        "deploy",
                        "async_deploy_ref_to_production",
                        "deployment_id",
                        &answer,
                    )
                })?;
            let project = project.ok_or_else(|| {
                no_id(
                    "deploy",
                    "async_deploy_ref_to_production",
                    "project_id",
                    &answer,
                )
            })?;
            let mut waiter = waiter(&mut task, "deploy", &id);
            deployed(&client, &mut waiter, &project, &id).await
        })
    }
}

/// The project id in the starting request's path (decoded).
fn project_of(client: &Client, path: &str) -> Option<String> {
    let op = client.api().operation("async_deploy_ref_to_production")?;
    let params = op.path_params(path)?;
    let (_, value) = params.into_iter().find(|(name, _)| *name == "project_id")?;
    Some(crate::query::percent_decode(value))
}

/// Polls `async_deploy_status` until the deploy succeeded or failed.
async fn deployed(
    client: &Client,
    waiter: &mut Waiter,
    project: &str,
    id: &str,
) -> Result<Finished> {
    loop {
        let params = [("project_id", project), ("deployment_id", id)];
        let request = request_of(client, "async_deploy_status", &params)?;
        let answer: Value = client.send(request).await?.json()?;
        let status = text_of(&answer, "status").unwrap_or_else(|| "unknown".to_owned());
        if is_one_of(&status, DONE) {
            waiter.record(&status);
            return Ok(Finished {
                id: id.to_owned(),
                status,
                answer,
            });
        }
        if is_one_of(&status, FAILED) {
            return Err(waiter.failed(&status, text_of(&answer, "error")));
        }
        waiter.pending(&status, None).await?;
    }
}
