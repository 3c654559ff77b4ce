//! The four kinds of long-running work the SDK awaits, each told as the [`Steps`] of the one
//! loop they share ([`follow`]).

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use super::follow::{follow, StatusCall, Steps};
use super::task::{Family, Finished, Task};
use crate::error::Result;
use crate::response::Content;
use crate::stream::ByteStream;

/// A render (a dashboard, dashboard element, Look or query to PDF, PNG or JPG):
/// `sdk.create_dashboard_render_task(..).rendered()` and its siblings. The task is created,
/// `render_task` polled until `success` or `failure`, then `render_task_results` (a `202`
/// while not ready) gives the document; awaited, it is [`Content`] (media type and bytes).
/// Looker cannot stop a render task.
pub enum Render {}

static RENDER: Steps = Steps {
    task: "render task",
    started_by: "create_*_render_task",
    id_keys: &["id"],
    carried: &[],
    status: StatusCall {
        operation: "render_task",
        id_param: "render_task_id",
        fields: Some("status,status_detail"),
        in_resp_text: false,
        done: &["success"],
        failed: &["failure"],
        message: Some("status_detail"),
    },
    results: Some(("render_task_results", "render_task_id")),
    stop: None,
};

/// An async query: `sdk.create_query_task(&body).results()`. `query_task` is polled until
/// `complete`, then `query_task_results` (a `202` while not ready); awaited, the results in the
/// task's `result_format` as [`Content`] (JSON, CSV, ... as text; images as bytes), like the
/// synchronous query runners. A query with an SQL error is Looker's error (an
/// [`Error::Api`](crate::Error::Api) with status 400). A query task that times out or is
/// cancelled is killed on the server (`kill_query`).
pub enum QueryResults {}

static QUERY: Steps = Steps {
    task: "query task",
    started_by: "create_query_task",
    id_keys: &["id"],
    carried: &[],
    status: StatusCall {
        operation: "query_task",
        id_param: "query_task_id",
        fields: Some("status"),
        in_resp_text: false,
        done: &["complete"],
        failed: &["error", "killed", "expired", "missing"],
        message: None,
    },
    results: Some(("query_task_results", "query_task_id")),
    stop: Some(("kill_query", "query_task_id")),
};

/// A PDT rebuild: `sdk.start_pdt_build(model, view).until_built()`. `check_pdt_build` is polled
/// until the build's status (JSON in its `resp_text`) is `complete`; awaited, the [`Finished`]
/// build (materialization id, status, the build's report). A build that times out or is
/// cancelled is stopped on the server (`stop_pdt_build`).
pub enum PdtBuild {}

static PDT_BUILD: Steps = Steps {
    task: "PDT build",
    started_by: "start_pdt_build",
    id_keys: &["materialization_id"],
    carried: &[],
    status: StatusCall {
        operation: "check_pdt_build",
        id_param: "materialization_id",
        fields: None,
        in_resp_text: true,
        done: &["complete", "completed", "done", "success"],
        failed: &[
            "error",
            "failed",
            "failure",
            "killed",
            "cancelled",
            "canceled",
            "stopped",
        ],
        message: Some("message"),
    },
    results: None,
    stop: Some(("stop_pdt_build", "materialization_id")),
};

/// A deploy to production: `sdk.async_deploy_ref_to_production(project).until_deployed()`.
/// `async_deploy_status` is polled until `SUCCESS` or `FAILED`; awaited, the [`Finished`]
/// deploy (its id, status and Looker's last status answer). Looker cannot stop a deploy.
///
/// Looker's 26.12 document gives the answer to the starting call only a `status`: the
/// deployment's id is read from its `deployment_id` (or `id`), and without one the task ends
/// with an error saying so.
pub enum Deploy {}

static DEPLOY: Steps = Steps {
    task: "deploy",
    started_by: "async_deploy_ref_to_production",
    id_keys: &["deployment_id", "id"],
    carried: &["project_id"],
    status: StatusCall {
        operation: "async_deploy_status",
        id_param: "deployment_id",
        fields: None,
        in_resp_text: false,
        done: &["success", "succeeded", "complete", "done"],
        failed: &["failed", "failure", "error"],
        message: Some("error"),
    },
    results: None,
    stop: None,
};

/// The future of a family's task.
type Run<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// The run of a family with results: followed by `steps` to its results' answer, read as
/// [`Content`].
fn run_to_content<F>(task: Task<F>, steps: &'static Steps) -> Run<Content> {
    let parts = task.into_parts();
    Box::pin(async move {
        let (_, response) = follow(parts, steps, false).await?.into_results()?;
        Ok(response.content())
    })
}

/// The run of a family without results: followed by `steps` to its end.
fn run_to_end<F>(task: Task<F>, steps: &'static Steps) -> Run<Finished> {
    let parts = task.into_parts();
    Box::pin(async move { Ok(follow(parts, steps, false).await?.finished) })
}

impl Family for Render {
    type Output = Content;

    fn run(task: Task<Self>) -> Run<Content> {
        run_to_content(task, &RENDER)
    }
}

impl Task<Render> {
    /// Streams the rendered document into the file at `path` once it is ready (flat memory;
    /// no partial file is left on failure); the bytes written.
    ///
    /// # Errors
    ///
    /// Those of awaiting the task, and [`Error::Write`](crate::Error::Write).
    pub async fn download_to(self, path: impl AsRef<Path>) -> Result<u64> {
        let stream = self.streamed().await?;
        crate::stream::download(stream, path.as_ref()).await
    }

    /// Streams the rendered document into `writer` once it is ready; the bytes written.
    ///
    /// # Errors
    ///
    /// Those of awaiting the task, and [`Error::Write`](crate::Error::Write).
    pub async fn write_to<W>(self, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized,
    {
        crate::stream::write_to(self.streamed().await?, writer).await
    }

    /// The rendered document as a stream, once it is ready.
    async fn streamed(self) -> Result<ByteStream> {
        let (client, response) = follow(self.into_parts(), &RENDER, true)
            .await?
            .into_results()?;
        Ok(ByteStream::answered(&client, response))
    }
}

impl Family for QueryResults {
    type Output = Content;

    fn run(task: Task<Self>) -> Run<Content> {
        run_to_content(task, &QUERY)
    }
}

impl Family for PdtBuild {
    type Output = Finished;

    fn run(task: Task<Self>) -> Run<Finished> {
        run_to_end(task, &PDT_BUILD)
    }
}

impl Family for Deploy {
    type Output = Finished;

    fn run(task: Task<Self>) -> Run<Finished> {
        run_to_end(task, &DEPLOY)
    }
}
