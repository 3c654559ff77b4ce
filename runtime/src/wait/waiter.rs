//! The wait itself, shared by every kind of long-running work: [`WaitOptions`] and [`Waiter`].

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::{Duration, Instant};

use super::cancel::CancelHandle;
use super::policy::WaitPolicy;
use crate::error::{Error, Result, StopOutcome, TaskEnd, TaskError};

/// A callback told each new status of the work.
type Observer = Box<dyn FnMut(&str) + Send>;

/// How to wait: the [`WaitPolicy`], a [`CancelHandle`], and who is told each new status.
#[derive(Default)]
pub struct WaitOptions {
    pub(crate) policy: WaitPolicy,
    pub(crate) cancel: CancelHandle,
    pub(crate) observer: Option<Observer>,
}

impl WaitOptions {
    /// The default policy, a fresh cancel handle, no observer.
    #[must_use]
    pub fn new() -> Self {
        WaitOptions::default()
    }

    /// Polls by `policy`.
    #[must_use]
    pub fn policy(mut self, policy: WaitPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Gives up after `deadline` (the policy's other settings stay).
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.policy.deadline = deadline;
        self
    }

    /// Calls `observer` with each new status Looker reports (`enqueued_for_query`,
    /// `rendering`, ...), once per change.
    #[must_use]
    pub fn on_status(mut self, observer: impl FnMut(&str) + Send + 'static) -> Self {
        self.observer = Some(Box::new(observer));
        self
    }

    /// A handle that cancels this wait from elsewhere.
    #[must_use]
    pub fn cancel_handle(&self) -> CancelHandle {
        self.cancel.clone()
    }
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("policy", &self.policy)
            .field("cancelled", &self.cancel.is_cancelled())
            .field("observer", &self.observer.is_some())
            .finish()
    }
}

/// One wait in progress: after each poll that is not done, [`Waiter::pending`] records the
/// status (a `tracing` event and the observer, once per change) and sleeps until the next
/// poll, or ends the wait on its deadline or when it is cancelled.
///
/// For work the SDK has no call for, or a status check of your own:
///
/// ```no_run
/// # async fn run(sdk: looker_sdk_rtl::Client) -> looker_sdk_rtl::Result<()> {
/// use looker_sdk_rtl::wait::{WaitOptions, Waiter};
/// let mut waiter = Waiter::new("scheduled plan", "42", WaitOptions::new());
/// loop {
///     let plan: serde_json::Value = sdk.raw(looker_sdk_rtl::Method::GET, "/scheduled_plans/42").await?;
///     match plan["last_run_at"].as_str() {
///         Some(_) => break,
///         None => waiter.pending("not run yet", None).await?,
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Waiter {
    task: &'static str,
    id: String,
    options: WaitOptions,
    started: Instant,
    next: Duration,
    last_status: Option<String>,
    polls: u32,
    random: u64,
}

impl Waiter {
    /// A wait for the work `task` (`"render task"`) with Looker's id `id`, starting now.
    #[must_use]
    pub fn new(task: &'static str, id: impl Into<String>, options: WaitOptions) -> Self {
        let next = options.policy.interval;
        Waiter {
            task,
            id: id.into(),
            started: Instant::now(),
            next,
            last_status: None,
            polls: 0,
            random: seed(),
            options,
        }
    }

    /// Records `status` of a poll that was not done, then sleeps until the next poll: the
    /// policy's interval, or what Looker asked for (`retry_after`, a `202`'s `Retry-After`)
    /// when that is longer, never past the deadline.
    ///
    /// # Errors
    ///
    /// [`Error::Task`] with [`TaskEnd::TimedOut`] once the deadline has passed, or
    /// [`TaskEnd::Cancelled`] when the wait is cancelled.
    pub async fn pending(&mut self, status: &str, retry_after: Option<Duration>) -> Result<()> {
        self.polls = self.polls.saturating_add(1);
        self.record(status);
        let elapsed = self.started.elapsed();
        let Some(left) = self
            .options
            .policy
            .deadline
            .checked_sub(elapsed)
            .filter(|l| !l.is_zero())
        else {
            return Err(self.ended(TaskEnd::TimedOut { waited: elapsed }));
        };
        self.random = next_random(self.random);
        let mut wait = self.options.policy.jittered(self.next, self.random);
        if let Some(asked) = retry_after {
            wait = wait.max(asked.min(crate::retry::MAX_RETRY_AFTER));
        }
        self.next = self.options.policy.grow(self.next);
        let cancel = self.options.cancel.clone();
        if sleep_or_cancel(&cancel, wait.min(left)).await {
            return Err(self.ended(TaskEnd::Cancelled));
        }
        Ok(())
    }

    /// Ends the wait early if it was cancelled already (for a check between two requests).
    ///
    /// # Errors
    ///
    /// [`Error::Task`] with [`TaskEnd::Cancelled`].
    pub fn check_cancelled(&self) -> Result<()> {
        if self.options.cancel.is_cancelled() {
            return Err(self.ended(TaskEnd::Cancelled));
        }
        Ok(())
    }

    /// The error for work Looker reports failed with `status` and `message`.
    #[must_use]
    pub fn failed(&mut self, status: &str, message: Option<String>) -> Error {
        self.record(status);
        let mut error = self.ended(TaskEnd::Failed { message });
        if let Error::Task(task) = &mut error {
            task.stop = StopOutcome::Ended;
        }
        error
    }

    /// The last status recorded.
    #[must_use]
    pub fn last_status(&self) -> Option<&str> {
        self.last_status.as_deref()
    }

    /// The polls that were not done so far.
    #[must_use]
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// Records `status` as the latest; a change is a `tracing` event and goes to the observer.
    pub(crate) fn record(&mut self, status: &str) {
        if self.last_status.as_deref() == Some(status) {
            return;
        }
        tracing::info!(
            task = self.task,
            id = %self.id,
            status,
            elapsed_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "looker task status"
        );
        if let Some(observer) = &mut self.options.observer {
            observer(status);
        }
        self.last_status = Some(status.to_owned());
    }

    /// The [`Error::Task`] ending this wait (nothing stopped yet: the caller says what it
    /// stopped with [`with_stop`]).
    pub(crate) fn ended(&self, end: TaskEnd) -> Error {
        Error::Task(Box::new(TaskError {
            task: self.task,
            id: self.id.clone(),
            end,
            last_status: self.last_status.clone(),
            stop: StopOutcome::Unstoppable,
        }))
    }
}

/// Sleeps `wait`; `true` when `cancel` was cancelled meanwhile.
async fn sleep_or_cancel(cancel: &CancelHandle, wait: Duration) -> bool {
    let mut sleep = pin!(tokio::time::sleep(wait));
    let mut cancelled = pin!(cancel.cancelled());
    std::future::poll_fn(|cx| {
        if cancelled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(true);
        }
        sleep.as_mut().poll(cx).map(|()| false)
    })
    .await
}

/// `error` (an [`Error::Task`]) saying that the work was stopped as `stop` says.
pub(crate) fn with_stop(mut error: Error, stop: StopOutcome) -> Error {
    if let Error::Task(task) = &mut error {
        if task.stop != StopOutcome::Ended {
            task.stop = stop;
        }
    }
    error
}

/// A random start for the jitter, different in each process and wait.
fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(Instant::now().elapsed().as_nanos());
    hasher.finish() | 1
}

/// The next number of an xorshift sequence: jitter needs no better randomness.
fn next_random(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

impl fmt::Debug for Waiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("task", &self.task)
            .field("id", &self.id)
            .field("last_status", &self.last_status)
            .field("polls", &self.polls)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn quick() -> WaitOptions {
        WaitOptions::new().policy(WaitPolicy::fixed(
            Duration::from_millis(5),
            Duration::from_secs(5),
        ))
    }

    #[tokio::test]
    async fn statuses_are_told_once_per_change() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let options = quick().on_status(move |s| {
            log.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(s.to_owned())
        });
        let mut waiter = Waiter::new("render task", "7", options);
        for status in ["enqueued", "enqueued", "rendering", "rendering"] {
            waiter
                .pending(status, None)
                .await
                .expect("within the deadline");
        }
        assert_eq!(
            *seen.lock().unwrap_or_else(|e| e.into_inner()),
            ["enqueued", "rendering"]
        );
        assert_eq!(waiter.polls(), 4);
        let failed = waiter.failed("failure", Some("no such dashboard".into()));
        assert_eq!(
            failed.to_string(),
            "render task 7: failed: no such dashboard (last status `failure`)"
        );
    }

    #[tokio::test]
    async fn the_deadline_ends_the_wait_with_the_last_status() {
        let policy = WaitPolicy::fixed(Duration::from_millis(20), Duration::from_millis(50));
        let mut waiter = Waiter::new("query task", "q1", WaitOptions::new().policy(policy));
        let started = Instant::now();
        let error = loop {
            if let Err(error) = waiter.pending("running", None).await {
                break error;
            }
        };
        assert!(started.elapsed() < Duration::from_millis(500));
        let Error::Task(task) = &error else {
            panic!("{error:?}")
        };
        assert!(
            matches!(task.end, TaskEnd::TimedOut { waited } if waited >= Duration::from_millis(50))
        );
        assert_eq!(task.last_status.as_deref(), Some("running"));
        assert!(
            error
                .to_string()
                .starts_with("query task q1: not done after 0."),
            "{error}"
        );
    }

    #[tokio::test]
    async fn cancelling_ends_a_sleep_at_once() {
        let policy = WaitPolicy::fixed(Duration::from_secs(30), Duration::from_secs(60));
        let options = WaitOptions::new().policy(policy);
        let handle = options.cancel_handle();
        let mut waiter = Waiter::new("PDT build", "m1", options);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            handle.cancel();
        });
        let started = Instant::now();
        let error = waiter
            .pending("running", None)
            .await
            .expect_err("cancelled");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(matches!(&error, Error::Task(task) if task.end == TaskEnd::Cancelled));
        assert!(waiter.check_cancelled().is_err());
    }

    #[tokio::test]
    async fn a_longer_retry_after_is_honoured_and_capped_by_the_deadline() {
        let policy = WaitPolicy::fixed(Duration::from_millis(1), Duration::from_millis(200));
        let mut waiter = Waiter::new("render task", "r", WaitOptions::new().policy(policy));
        let started = Instant::now();
        waiter
            .pending("results not ready", Some(Duration::from_millis(60)))
            .await
            .expect("waits");
        assert!(started.elapsed() >= Duration::from_millis(60));
        let far = Some(Duration::from_secs(u64::MAX));
        let _ = waiter.pending("results not ready", far).await;
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "never past the deadline"
        );
    }
}
