//! The one loop every family runs, told by its [`Steps`]: send the starting request, poll the
//! work's status until it is done or failed, then (for work with results) ask for the results
//! until they are ready. When the wait ends first (deadline, cancel), the work is stopped on
//! the server where Looker can stop it; a dropped wait stops it as a best effort.

use std::time::SystemTime;

use serde_json::Value;

use super::task::Finished;
use super::waiter::{with_stop, WaitOptions, Waiter};
use crate::client::Client;
use crate::error::{Error, Result, StopOutcome, TaskEnd, TaskError};
use crate::request::Request;
use crate::response::Response;

/// How a kind of work is followed: Looker's operations and the words of their answers.
pub(crate) struct Steps {
    /// What the work is called in errors and events (`render task`).
    pub task: &'static str,
    /// The operation(s) that start it, as errors name them.
    pub started_by: &'static str,
    /// Where the starting answer holds the work's id (the first one present).
    pub id_keys: &'static [&'static str],
    /// Path parameters of the starting request the status call takes too (`project_id`).
    pub carried: &'static [&'static str],
    /// The call that reports the status.
    pub status: StatusCall,
    /// The call that gives the results (operation, id parameter), a `202` until they are ready.
    pub results: Option<(&'static str, &'static str)>,
    /// The call that stops the work (operation, id parameter), where Looker has one.
    pub stop: Option<(&'static str, &'static str)>,
}

/// The call that reports a work's status, and how to read its answer.
pub(crate) struct StatusCall {
    pub operation: &'static str,
    /// The path parameter that takes the work's id.
    pub id_param: &'static str,
    /// The `fields` asked for, if not all.
    pub fields: Option<&'static str>,
    /// Whether the report is JSON inside the answer's `resp_text` (PDT builds).
    pub in_resp_text: bool,
    /// Statuses that mean done, and failed (in any case).
    pub done: &'static [&'static str],
    pub failed: &'static [&'static str],
    /// Where a failed report holds Looker's message.
    pub message: Option<&'static str>,
}

/// Work followed to its end: what it finished with, and its results' answer if it has one.
pub(crate) struct Followed {
    pub client: Client,
    pub finished: Finished,
    pub results: Option<Response>,
}

impl Followed {
    /// The results' answer (for a family with results).
    pub(crate) fn into_results(self) -> Result<(Client, Response)> {
        let Followed {
            client, results, ..
        } = self;
        match results {
            Some(response) => Ok((client, response)),
            None => Err(invalid(
                "this kind of work has no results to read".to_owned(),
            )),
        }
    }
}

/// Starts the work and follows it by `steps`; the results are streamed when `streamed`.
pub(crate) async fn follow(
    (client, start, options): (Client, Result<Request>, WaitOptions),
    steps: &'static Steps,
    streamed: bool,
) -> Result<Followed> {
    let start = start?;
    let carried = carried_params(&client, steps, &start)?;
    let answer: Value = client.send(start).await?.json()?;
    let id = steps
        .id_keys
        .iter()
        .find_map(|key| text_of(&answer, key))
        .ok_or_else(|| {
            no_id(
                steps,
                steps.id_keys.first().copied().unwrap_or("id"),
                &answer,
            )
        })?;
    let mut waiter = Waiter::new(steps.task, id.as_str(), options);
    let stop = steps
        .stop
        .map(|(operation, param)| (operation, request_of(&client, operation, &[(param, &id)])));
    let mut guard = StopOnDrop::new(&client, stop);
    let outcome = poll(&client, &mut waiter, steps, &carried, &id, streamed).await;
    let (status, report, results) = match outcome {
        Ok(done) => {
            guard.disarm();
            done
        }
        Err(error) if is_ended_by_wait(&error) => return Err(with_stop(error, guard.stop().await)),
        Err(error) => {
            guard.disarm();
            return Err(error);
        }
    };
    Ok(Followed {
        client,
        finished: Finished {
            id,
            status,
            answer: report,
        },
        results,
    })
}

/// The status, report and results' answer of work that is done: polls its status, then its
/// results until they are ready (a `202` is "not yet", its `Retry-After` honoured).
async fn poll(
    client: &Client,
    waiter: &mut Waiter,
    steps: &Steps,
    carried: &[(&'static str, String)],
    id: &str,
    streamed: bool,
) -> Result<(String, Value, Option<Response>)> {
    let call = &steps.status;
    let mut params: Vec<(&str, &str)> = carried.iter().map(|(n, v)| (*n, v.as_str())).collect();
    params.push((call.id_param, id));
    let (status, report) = loop {
        let mut request = request_of(client, call.operation, &params)?;
        if let Some(fields) = call.fields {
            request = request.query("fields", fields);
        }
        let answer: Value = client.send(request).await?.json()?;
        let report = if call.in_resp_text {
            resp_text_report(&answer)
        } else {
            answer
        };
        let status = text_of(&report, "status").unwrap_or_else(|| "unknown".to_owned());
        if is_one_of(&status, call.failed) {
            let message = call.message.and_then(|key| text_of(&report, key));
            return Err(waiter.failed(&status, message));
        }
        if is_one_of(&status, call.done) {
            waiter.record(&status);
            break (status, report);
        }
        waiter.pending(&status, None).await?;
    };
    let Some((operation, param)) = steps.results else {
        return Ok((status, report, None));
    };
    loop {
        waiter.check_cancelled()?;
        let mut request = request_of(client, operation, &[(param, id)])?.accept("*/*");
        if streamed {
            request = request.streamed();
        }
        let response = client.send(request).await?;
        if response.status() != 202 {
            return Ok((status, report, Some(response)));
        }
        waiter
            .pending("results not ready", retry_after(&response))
            .await?;
    }
}

/// The values of `steps.carried` in the starting request's path (decoded).
fn carried_params(
    client: &Client,
    steps: &Steps,
    start: &Request,
) -> Result<Vec<(&'static str, String)>> {
    let params = client
        .api()
        .operation(start.operation_id())
        .and_then(|op| op.path_params(start.path_without_query()))
        .unwrap_or_default();
    let mut carried = Vec::with_capacity(steps.carried.len());
    for &name in steps.carried {
        let value = params
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| crate::query::percent_decode(value));
        let value = value.ok_or_else(|| {
            invalid(format!(
                "the request that starts a {} has no path parameter `{name}`",
                steps.task
            ))
        })?;
        carried.push((name, value));
    }
    Ok(carried)
}

/// A PDT build's report: `resp_text` read as JSON (Looker writes
/// `{"status":"running","message":..}` there), else the text itself as the status.
fn resp_text_report(answer: &Value) -> Value {
    let text = text_of(answer, "resp_text").unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({ "status": text }))
}

/// The request of `operation` with its path parameters `params` (unencoded values).
fn request_of(client: &Client, operation: &str, params: &[(&str, &str)]) -> Result<Request> {
    let op = client
        .api()
        .operation(operation)
        .ok_or_else(|| invalid(format!("the API has no operation `{operation}`")))?;
    let encoded: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| (*name, crate::query::path_segment(value)))
        .collect();
    let encoded: Vec<(&str, &str)> = encoded.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let path = op
        .fill(&encoded)
        .ok_or_else(|| invalid(format!("a path parameter of `{operation}` is missing")))?;
    let method = reqwest::Method::from_bytes(op.method.as_bytes())
        .map_err(|error| invalid(format!("`{operation}`: {error}")))?;
    Ok(Request::new(method, path).operation(op.id))
}

/// [`Error::InvalidArgument`] saying `reason`.
fn invalid(reason: String) -> Error {
    Error::InvalidArgument {
        method: String::new(),
        path: String::new(),
        reason,
    }
}

/// `value[key]` as text: a string, or a number as written.
fn text_of(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The error for a starting answer without the id (`key`) to follow the work by.
fn no_id(steps: &Steps, key: &str, answer: &Value) -> Error {
    let shown = crate::error::excerpt(answer.to_string().as_bytes());
    Error::Task(Box::new(TaskError {
        task: steps.task,
        id: "(none)".to_owned(),
        end: TaskEnd::Failed {
            message: Some(format!(
                "Looker's answer to `{}` has no `{key}` to follow the work by: {shown}",
                steps.started_by
            )),
        },
        last_status: None,
        // Work Looker could stop cannot be stopped without its id: it may still run.
        stop: match steps.stop {
            Some((operation, _)) => StopOutcome::StopFailed {
                operation,
                reason: "no id to stop it by".to_owned(),
            },
            None => StopOutcome::Unstoppable,
        },
    }))
}

/// How long a `202` asks to wait (`Retry-After`), if it says.
fn retry_after(response: &Response) -> Option<std::time::Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    crate::retry::retry_after(value.to_str().ok()?, SystemTime::now())
}

/// Whether `status` is one of `names`, in any case.
fn is_one_of(status: &str, names: &[&str]) -> bool {
    names.iter().any(|name| status.eq_ignore_ascii_case(name))
}

/// Whether `error` ended the wait (deadline or cancel) while the work may still run.
fn is_ended_by_wait(error: &Error) -> bool {
    matches!(
        error,
        Error::Task(task) if matches!(task.end, TaskEnd::TimedOut { .. } | TaskEnd::Cancelled)
    )
}

/// Stops server-side work when its wait is dropped before it ended (a best effort: the stop
/// request is spawned on the current Tokio runtime, and nobody learns whether it worked).
struct StopOnDrop {
    stop: Option<(&'static str, Client, Request)>,
}

impl StopOnDrop {
    fn new(client: &Client, stop: Option<(&'static str, Result<Request>)>) -> Self {
        let stop = stop.and_then(|(operation, request)| Some((operation, request.ok()?)));
        StopOnDrop {
            stop: stop.map(|(operation, request)| (operation, client.clone(), request)),
        }
    }

    /// The work ended: nothing to stop on drop.
    fn disarm(&mut self) {
        self.stop = None;
    }

    /// Stops the work now (the wait timed out or was cancelled), saying how that went.
    async fn stop(&mut self) -> StopOutcome {
        let Some((operation, client, request)) = self.stop.take() else {
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
        let Some((_, client, request)) = self.stop.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = client.send(request).await;
            });
        }
    }
}
