//! Renders (dashboards, dashboard elements, Looks, queries to PDF, PNG or JPG): the task is
//! created, `render_task` is polled until `success` or `failure`, then `render_task_results`
//! (a `202` while it is not ready) gives the document. Looker cannot stop a render task.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use super::task::{
    is_one_of, no_id, request_of, results_when_ready, start, text_of, waiter, Family, Task,
};
use super::waiter::Waiter;
use crate::client::Client;
use crate::error::Result;
use crate::response::{Content, Response};
use crate::stream::ByteStream;

/// A render: `sdk.create_dashboard_render_task(..).rendered()` and its siblings; awaited, the
/// rendered document as [`Content`] (its media type and bytes).
pub enum Render {}

/// Polls the render task until it succeeded, then asks for the results until they are ready;
/// the answer that holds them (read into memory, or streamed when `streamed`).
async fn rendered(task: &mut Task<Render>, streamed: bool) -> Result<(Client, Response)> {
    let client = task.client.clone();
    let answer = start(&client, task.take_start()).await?;
    let id = text_of(&answer, "id")
        .ok_or_else(|| no_id("render task", "create_*_render_task", "id", &answer))?;
    let mut waiter = waiter(task, "render task", &id);
    poll_status(&client, &mut waiter, &id).await?;
    let results = ("render_task_results", "render_task_id");
    let response = results_when_ready(&client, &mut waiter, results, &id, streamed).await?;
    Ok((client, response))
}

/// Polls `render_task` until `success`; a `failure` is the error.
async fn poll_status(client: &Client, waiter: &mut Waiter, id: &str) -> Result<()> {
    loop {
        let request = request_of(client, "render_task", &[("render_task_id", id)])?
            .query("fields", "status,status_detail");
        let answer: serde_json::Value = client.send(request).await?.json()?;
        let status = text_of(&answer, "status").unwrap_or_else(|| "unknown".to_owned());
        if is_one_of(&status, &["success"]) {
            waiter.record(&status);
            return Ok(());
        }
        if is_one_of(&status, &["failure"]) {
            return Err(waiter.failed(&status, text_of(&answer, "status_detail")));
        }
        waiter.pending(&status, None).await?;
    }
}

impl Family for Render {
    type Output = Content;

    fn run(mut task: Task<Self>) -> Pin<Box<dyn Future<Output = Result<Content>> + Send>> {
        Box::pin(async move {
            let (_, response) = rendered(&mut task, false).await?;
            Ok(response.content())
        })
    }
}

impl Task<Render> {
    /// Streams the rendered document into the file at `path` once it is ready (flat memory;
    /// no partial file is left on failure); the bytes written.
    ///
    /// # Errors
    ///
    /// Those of awaiting the task, and [`Error::Write`](crate::Error::Write).
    pub async fn download_to(mut self, path: impl AsRef<Path>) -> Result<u64> {
        let (client, response) = rendered(&mut self, true).await?;
        let stream = ByteStream::answered(&client, response);
        crate::stream::download(stream, path.as_ref()).await
    }

    /// Streams the rendered document into `writer` once it is ready; the bytes written.
    ///
    /// # Errors
    ///
    /// Those of awaiting the task, and [`Error::Write`](crate::Error::Write).
    pub async fn write_to<W>(mut self, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized,
    {
        let (client, response) = rendered(&mut self, true).await?;
        crate::stream::write_to(ByteStream::answered(&client, response), writer).await
    }
}
