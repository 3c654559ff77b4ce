//! What the SDK tells `tracing`: one span per call.
//!
//! Each call runs in an `INFO` span named `looker_sdk.call` with the fields `operation`
//! (Looker's `operationId`, empty for the login session's own requests), `method`, `path`
//! (relative to `/api/4.0`, without the query), and, once the call is over, `status` (of the
//! last answer, if one came), `attempt` (HTTP requests sent, logins not counted) and
//! `elapsed_ms`. Retries and logins again are `INFO` events inside it. Nothing is written
//! unless the application installs a subscriber; no field holds a query, a body, a header or a
//! credential.

use std::time::Instant;

use tracing::field::Empty;

use crate::error::{Error, Result, TransportFailure};
use crate::request::Request;
use crate::response::Response;

/// The span of one call and when it started.
pub(crate) struct CallSpan {
    span: tracing::Span,
    started: Instant,
}

impl CallSpan {
    /// Opens the span of `request`.
    pub(crate) fn new(request: &Request) -> Self {
        let span = tracing::info_span!(
            "looker_sdk.call",
            operation = request.operation_id(),
            method = %request.method(),
            path = request.path(),
            status = Empty,
            attempt = Empty,
            elapsed_ms = Empty,
        );
        CallSpan {
            span,
            started: Instant::now(),
        }
    }

    /// The span, to instrument the call's future with.
    pub(crate) fn span(&self) -> tracing::Span {
        self.span.clone()
    }

    /// Records that attempt `attempt` (1 for the first) is being sent.
    pub(crate) fn attempt(&self, attempt: u32) {
        self.span.record("attempt", attempt);
    }

    /// Records the outcome of the call.
    pub(crate) fn finish(&self, result: &Result<Response>) {
        let status = match result {
            Ok(answer) => Some(answer.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            self.span.record("status", status);
        }
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.span.record("elapsed_ms", elapsed);
        if let Err(error) = result {
            let _entered = self.span.enter();
            tracing::info!("failed: {}", reason(error));
        }
    }
}

/// A short reason for a failure, without bodies or messages that could quote a request.
pub(crate) fn reason(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "error status",
        Error::Decode { .. } => "undecodable body",
        Error::Transport { source, .. } => match TransportFailure::of(source) {
            TransportFailure::TimedOut => "timed out",
            TransportFailure::Connect => "could not connect",
            TransportFailure::Other => "transport error",
        },
        Error::BodyTooLarge { .. } => "body too large",
        Error::DecodedTooLarge { .. } => "decodes too large",
        Error::Redirect(_) => "redirect not followed",
        Error::Paging { .. } => "paging stopped",
        Error::Settings { .. } => "settings",
        Error::Serialize(_) => "unserializable body",
        Error::InvalidArgument { .. } => "invalid argument",
        Error::Client(_) => "HTTP client",
        Error::Write { .. } => "cannot write the body",
        Error::Task(_) => "long-running work ended",
    }
}
