//! Cancelling a wait from elsewhere (a Ctrl-C handler): [`CancelHandle`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// Cancels a wait from another task: `handle.cancel()` ends the wait at once (between two
/// polls, or during one), the work is stopped on the server where Looker can stop it, and the
/// awaited call returns [`TaskEnd::Cancelled`](crate::TaskEnd::Cancelled). Clones cancel the
/// same wait.
///
/// ```no_run
/// # async fn run(task: impl std::future::IntoFuture<Output = ()>, handle: looker_sdk_rtl::wait::CancelHandle) {
/// tokio::spawn(async move {
///     let _ = tokio::signal::ctrl_c().await;
///     handle.cancel();
/// });
/// task.await; // returns once the work is stopped on the server
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct CancelHandle {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelHandle {
    /// A handle that has not cancelled anything yet.
    #[must_use]
    pub fn new() -> Self {
        CancelHandle::default()
    }

    /// Cancels the wait (again: nothing more).
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Whether [`CancelHandle::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Completes once [`CancelHandle::cancel`] is called.
    pub(crate) async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}
