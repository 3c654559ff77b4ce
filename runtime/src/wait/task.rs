//! [`Task`]: long-running work started by a generated request builder (`.rendered()`,
//! `.results()`, `.until_built()`, `.until_deployed()`), awaited in one call; and the requests
//! the families share.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::cancel::CancelHandle;
use super::policy::WaitPolicy;
use super::waiter::{with_stop, WaitOptions, Waiter};
use crate::call::Call;
use crate::client::Client;
use crate::error::{Error, Result, StopOutcome, TaskEnd, TaskError};
use crate::request::Request;
use crate::response::Response;

/// Long-running work, started when awaited: the starting request is sent, then Looker is
/// polled by the [`WaitPolicy`] until the work is done (its result), failed, past the deadline
/// or cancelled ([`Error::Task`]). Set the policy, a deadline, a status observer, or take a
/// [`CancelHandle`] before awaiting.
#[must_use = "the work starts when the task is awaited"]
pub struct Task<F> {
    pub(crate) client: Client,
    pub(crate) start: Result<Request>,
    pub(crate) options: WaitOptions,
    family: PhantomData<fn() -> F>,
}

impl<F> Task<F> {
    /// The task started by `call` (what generated builders' `.rendered()` and the like do).
    #[doc(hidden)]
    pub fn new<T, D>(call: Call<T, D>) -> Self {
        let (client, start) = call.into_parts();
        Task {
            client,
            start,
            options: WaitOptions::new(),
            family: PhantomData,
        }
    }

    /// Polls by `policy` instead of [`WaitPolicy::default`].
    pub fn policy(mut self, policy: WaitPolicy) -> Self {
        self.options = self.options.policy(policy);
        self
    }

    /// Gives up after `deadline` (and stops the work where Looker can).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options = self.options.deadline(deadline);
        self
    }

    /// Calls `observer` with each new status Looker reports, once per change (each change is
    /// also a `tracing` event at `INFO`).
    pub fn on_status(mut self, observer: impl FnMut(&str) + Send + 'static) -> Self {
        self.options = self.options.on_status(observer);
        self
    }

    /// The starting request, taken out (once).
    pub(crate) fn take_start(&mut self) -> Result<Request> {
        let started = Error::InvalidArgument {
            method: String::new(),
            path: String::new(),
            reason: "the task was started already".to_owned(),
        };
        std::mem::replace(&mut self.start, Err(started))
    }

    /// A handle that cancels the wait from elsewhere (a Ctrl-C handler): the work is stopped
    /// on the server where Looker can stop it, and the awaited task returns
    /// [`TaskEnd::Cancelled`](crate::TaskEnd::Cancelled).
    #[must_use]
    pub fn cancel_handle(&self) -> CancelHandle {
        self.options.cancel_handle()
    }
}

impl<F> std::fmt::Debug for Task<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Task")
            .field("family", &std::any::type_name::<F>())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A kind of long-running work: how it is awaited to its result.
pub trait Family: Sized + 'static {
    /// What the work gives when it is done.
    type Output: Send + 'static;

    /// Starts and awaits the work.
    #[doc(hidden)]
    fn run(task: Task<Self>) -> Pin<Box<dyn Future<Output = Result<Self::Output>> + Send>>;
}

impl<F: Family> IntoFuture for Task<F> {
    type Output = Result<F::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<F::Output>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        F::run(self)
    }
}

/// Work that is done: Looker's id of it, its last status and the answer that said so.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Finished {
    /// Looker's id of the work (materialization id, deployment id).
    pub id: String,
    /// The status that ended the wait (`complete`, `SUCCESS`).
    pub status: String,
    /// The answer that reported it (for a PDT build, its `resp_text` read as JSON).
    pub answer: Value,
}

/// Sends the starting request and reads its JSON answer.
pub(crate) async fn start(client: &Client, request: Result<Request>) -> Result<Value> {
    client.send(request?).await?.json()
}

/// The request of `operation` with its path parameters `params` (unencoded values).
pub(crate) fn request_of(
    client: &Client,
    operation: &str,
    params: &[(&str, &str)],
) -> Result<Request> {
    let missing = |reason: String| Error::InvalidArgument {
        method: String::new(),
        path: String::new(),
        reason,
    };
    let op = client
        .api()
        .operation(operation)
        .ok_or_else(|| missing(format!("the API has no operation `{operation}`")))?;
    let encoded: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| (*name, crate::query::path_segment(value)))
        .collect();
    let encoded: Vec<(&str, &str)> = encoded.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let path = op
        .fill(&encoded)
        .ok_or_else(|| missing(format!("a path parameter of `{operation}` is missing")))?;
    let method = reqwest::Method::from_bytes(op.method.as_bytes())
        .map_err(|error| missing(format!("`{operation}`: {error}")))?;
    Ok(Request::new(method, path).operation(op.id))
}

/// `value[key]` as text: a string, or a number as written.
pub(crate) fn text_of(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The error for a starting answer without the id to poll by.
pub(crate) fn no_id(task: &'static str, operation: &str, key: &str, answer: &Value) -> Error {
    let mut shown = answer.to_string();
    shown.truncate(200);
    Error::Task(Box::new(TaskError {
        task,
        id: "(none)".to_owned(),
        end: TaskEnd::Failed {
            message: Some(format!(
                "Looker's answer to `{operation}` has no `{key}` to follow the work by: {shown}"
            )),
        },
        last_status: None,
        stop: StopOutcome::Unstoppable,
    }))
}

/// How long a `202` asks to wait (`Retry-After`), if it says.
pub(crate) fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    crate::retry::retry_after(value.to_str().ok()?, SystemTime::now())
}

/// Whether `status` is one of `names`, in any case.
pub(crate) fn is_one_of(status: &str, names: &[&str]) -> bool {
    names.iter().any(|name| status.eq_ignore_ascii_case(name))
}

/// Stops server-side work when its wait is dropped before it ended (a best effort: the stop
/// request is spawned on the current Tokio runtime, and nobody learns whether it worked).
struct StopOnDrop {
    stop: Option<(Client, Request)>,
}

impl StopOnDrop {
    fn new(client: &Client, stop: Result<Request>) -> Self {
        StopOnDrop {
            stop: stop.ok().map(|request| (client.clone(), request)),
        }
    }

    /// The work ended: nothing to stop on drop.
    fn disarm(&mut self) {
        self.stop = None;
    }

    /// Stops the work now (the wait timed out or was cancelled), saying how that went.
    async fn stop(&mut self, operation: &'static str) -> StopOutcome {
        let Some((client, request)) = self.stop.take() else {
            return StopOutcome::Unstoppable;
        };
        match client.send(request).await {
            Ok(_) => StopOutcome::Stopped(operation),
            Err(error) => StopOutcome::StopFailed {
                operation,
                reason: error.to_string(),
            },
        }
    }
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let Some((client, request)) = self.stop.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = client.send(request).await;
            });
        }
    }
}

/// Asks `operation` (with path parameter `param` = `id`) for the work's results until they are
/// ready: a `202` is "not yet" (its `Retry-After` honoured); streamed when `streamed`.
pub(crate) async fn results_when_ready(
    client: &Client,
    waiter: &mut Waiter,
    (operation, param): (&str, &str),
    id: &str,
    streamed: bool,
) -> Result<Response> {
    loop {
        waiter.check_cancelled()?;
        let mut request = request_of(client, operation, &[(param, id)])?.accept("*/*");
        if streamed {
            request = request.streamed();
        }
        let response = client.send(request).await?;
        if response.status() != 202 {
            return Ok(response);
        }
        waiter
            .pending("results not ready", retry_after(&response))
            .await?;
    }
}

/// Awaits `work`; when its wait ends on the deadline or a cancel, stops the work on the server
/// with `stop` (the operation `operation`) and says so in the error. A dropped future stops
/// it as a best effort ([`StopOnDrop`]).
pub(crate) async fn stopped_when_abandoned<T>(
    client: &Client,
    (operation, stop): (&'static str, Result<Request>),
    work: impl Future<Output = Result<T>>,
) -> Result<T> {
    let mut guard = StopOnDrop::new(client, stop);
    let outcome = work.await;
    match outcome {
        Err(error) if is_ended_by_wait(&error) => {
            let stopped = guard.stop(operation).await;
            Err(with_stop(error, stopped))
        }
        outcome => {
            guard.disarm();
            outcome
        }
    }
}

/// Whether `error` ended the wait (deadline or cancel) while the work may still run.
fn is_ended_by_wait(error: &Error) -> bool {
    matches!(
        error,
        Error::Task(task) if matches!(task.end, TaskEnd::TimedOut { .. } | TaskEnd::Cancelled)
    )
}

/// `waiter` for `task` `id` with the task's options (taken out of it).
pub(crate) fn waiter<F>(task: &mut Task<F>, name: &'static str, id: &str) -> Waiter {
    Waiter::new(name, id, std::mem::take(&mut task.options))
}
