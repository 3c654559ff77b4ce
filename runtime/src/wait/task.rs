//! [`Task`]: long-running work started by a generated request builder (`.rendered()`,
//! `.results()`, `.until_built()`, `.until_deployed()`), awaited in one call.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde_json::Value;

use super::cancel::CancelHandle;
use super::policy::WaitPolicy;
use super::waiter::WaitOptions;
use crate::call::Call;
use crate::client::Client;
use crate::error::Result;
use crate::request::Request;

/// Long-running work, started when awaited: the starting request is sent, then Looker is
/// polled by the [`WaitPolicy`] until the work is done (its result), failed, past the deadline
/// or cancelled ([`Error::Task`](crate::Error::Task)). Set the policy, a deadline, a status observer, or take a
/// [`CancelHandle`] before awaiting.
#[must_use = "the work starts when the task is awaited"]
pub struct Task<F> {
    client: Client,
    start: Result<Request>,
    options: WaitOptions,
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

    /// A handle that cancels the wait from elsewhere (a Ctrl-C handler): the work is stopped
    /// on the server where Looker can stop it, and the awaited task returns
    /// [`TaskEnd::Cancelled`](crate::TaskEnd::Cancelled).
    #[must_use]
    pub fn cancel_handle(&self) -> CancelHandle {
        self.options.cancel_handle()
    }

    /// The client, the starting request and the wait's options.
    pub(crate) fn into_parts(self) -> (Client, Result<Request>, WaitOptions) {
        (self.client, self.start, self.options)
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
