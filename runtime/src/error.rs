//! The SDK's one error type.

use std::fmt;

/// `Result` with the SDK's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longest body excerpt kept in an error, in characters.
const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong when configuring the SDK or calling Looker.
///
/// `Debug` prints what `Display` does (method, path, status, Looker's message, the field, an
/// excerpt of the body), then each cause of [`std::error::Error::source`]'s chain, so that
/// `fn main() -> Result<(), looker_sdk::Error>` prints a readable failure. Match on the
/// variants for the details.
#[non_exhaustive]
pub enum Error {
    /// Looker answered with a non-2xx status.
    Api(Box<ApiError>),
    /// A 2xx answer whose body is not what the operation documents.
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0`, without the query string.
        path: String,
        /// The start of the body (at most ~200 characters), or a note that it was withheld.
        excerpt: String,
        /// Why the body could not be decoded (usually a `serde_json::Error`).
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The request could not be sent or its answer not read (connect, timeout, TLS).
    Transport {
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0`, without the query string.
        path: String,
        /// The server asked: scheme, host and port of `base_url` (`https://x.looker.com:19999`).
        origin: String,
        /// The underlying error, with its URL removed.
        source: reqwest::Error,
    },
    /// Settings are missing or invalid.
    Settings {
        /// The setting concerned (`base_url`, `client_id`, ...).
        key: String,
        /// Where it came from: `looker.ini [Looker]`, `env LOOKERSDK_BASE_URL`, ...
        source_name: String,
        /// What is wrong with it (never contains a secret value).
        reason: String,
    },
    /// A request body could not be serialized.
    Serialize(serde_json::Error),
    /// An argument cannot be sent as given (a path parameter `.` or `..` would name another
    /// endpoint); nothing was sent.
    InvalidArgument {
        method: String,
        path: String,
        reason: String,
    },
    /// The HTTP client could not be built (for example the TLS backend failed to start).
    Client(reqwest::Error),
    /// The answer's body is longer than the SDK reads into memory
    /// ([`ApiSettings::max_body_bytes`](crate::ApiSettings::max_body_bytes)); reading stopped.
    BodyTooLarge {
        /// HTTP status of the answer.
        status: u16,
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0`, without the query string.
        path: String,
        /// The limit, in bytes.
        limit: u64,
        /// The start of the body.
        excerpt: String,
    },
    /// The server answered with a redirect (3xx). The SDK follows none: a request that carries
    /// credentials (the login's client secret, the token, the app id) goes only to `base_url`.
    /// Nothing was sent to the redirect's target.
    Redirect(Box<RedirectError>),
    /// A 2xx answer that would take more memory to decode than allowed
    /// ([`ApiSettings::max_decoded_bytes`](crate::ApiSettings::max_decoded_bytes)): every
    /// element decoded is charged its size in memory, and decoding stopped at the limit.
    DecodedTooLarge {
        /// HTTP status of the answer.
        status: u16,
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0`, without the query string.
        path: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A paging stream ([`Pages`](crate::Pages)) stopped because the server would page forever;
    /// the items before it were delivered.
    Paging {
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0` of the last page asked for, without the query.
        path: String,
        /// What showed the loop.
        reason: PagingLoop,
    },
    /// A streamed answer could not be written where the caller asked (`write_to`,
    /// `download_to`).
    Write {
        /// HTTP method of the request.
        method: String,
        /// Request path relative to `/api/4.0`, without the query string.
        path: String,
        /// Where the body was being written: a file's path, or `the writer`.
        target: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Long-running work (a render, an async query, a PDT build, a deploy) ended without its
    /// result: Looker said it failed, the deadline passed, or the caller cancelled it.
    Task(Box<TaskError>),
}

impl Error {
    /// The HTTP status of Looker's answer, if one was received.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::DecodedTooLarge { status, .. } => Some(*status),
            Error::Redirect(redirect) => Some(redirect.status),
            _ => None,
        }
    }

    /// Looker's per-field validation errors (the `errors` of a 422 answer); empty otherwise.
    #[must_use]
    pub fn validation_errors(&self) -> &[ValidationErrorDetail] {
        match self {
            Error::Api(api) => &api.errors,
            _ => &[],
        }
    }

    /// Looker's error answer, if this is an [`Error::Api`].
    #[must_use]
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    pub(crate) fn settings(
        key: impl Into<String>,
        source_name: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::Settings {
            key: key.into(),
            source_name: source_name.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => api.fmt(f),
            Error::Decode {
                status,
                method,
                path,
                excerpt,
                source,
            } => {
                write!(f, "{method} {path}: ")?;
                write_status(f, *status)?;
                write!(
                    f,
                    ": response body is not what the operation documents: {source}; body: {excerpt:?}"
                )
            }
            Error::Transport {
                method,
                path,
                origin,
                source,
            } => {
                let what = match TransportFailure::of(source) {
                    TransportFailure::TimedOut => "timed out waiting for",
                    TransportFailure::Connect => "could not connect to",
                    TransportFailure::Other => "transport error with",
                };
                // reqwest's own message is generic ("error sending request"); the innermost
                // cause says what happened (refused, certificate, ...) and holds no URL.
                let cause = innermost_cause(source);
                write!(f, "{method} {path}: {what} {origin}: {cause}")?;
                let text = cause.to_string();
                if text.contains("InvalidContentType") || text.contains("corrupt message") {
                    let plain = origin.replacen("https://", "http://", 1);
                    write!(
                        f,
                        " (the server does not answer TLS: if it serves plain HTTP, set \
                         `base_url` to {plain})"
                    )?;
                }
                Ok(())
            }
            Error::Settings {
                key,
                source_name,
                reason,
            } => write!(f, "setting `{key}` ({source_name}): {reason}"),
            Error::Serialize(source) => write!(f, "cannot serialize the request body: {source}"),
            Error::InvalidArgument {
                method,
                path,
                reason,
            } => write!(f, "{method} {path}: not sent: {reason}"),
            Error::Client(source) => write!(f, "cannot build the HTTP client: {source}"),
            Error::BodyTooLarge {
                status,
                method,
                path,
                limit,
                excerpt,
            } => {
                write!(f, "{method} {path}: ")?;
                write_status(f, *status)?;
                write!(
                    f,
                    ": body longer than the {limit} bytes allowed (setting `max_body_mb`); \
                     it starts: {excerpt:?}"
                )
            }
            Error::Redirect(redirect) => redirect.fmt(f),
            Error::DecodedTooLarge {
                status,
                method,
                path,
                limit,
            } => {
                write!(f, "{method} {path}: ")?;
                write_status(f, *status)?;
                write!(
                    f,
                    ": the answer decodes to more than the {limit} bytes of memory allowed \
                     (setting `max_decoded_mb`); decoding stopped"
                )
            }
            Error::Paging {
                method,
                path,
                reason,
            } => write!(f, "{method} {path}: paging stopped: {reason}"),
            Error::Write {
                method,
                path,
                target,
                source,
            } => write!(
                f,
                "{method} {path}: cannot write the answer to {target}: {source}"
            ),
            Error::Task(task) => task.fmt(f),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let display = self.to_string();
        write!(f, "{display}")?;
        let mut shown = vec![display];
        let mut cause = std::error::Error::source(self);
        while let Some(current) = cause {
            let text = current.to_string();
            // A cause already said (the Display of a transport error ends with its innermost
            // cause; wrappers repeat their inner error's text) is not said again.
            if !shown.iter().any(|said| said.contains(&text)) {
                write!(f, "\n  caused by: {text}")?;
                shown.push(text);
            }
            cause = current.source();
        }
        Ok(())
    }
}

/// How long-running work ended without its result ([`Error::Task`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskError {
    /// What was awaited: `render task`, `query task`, `PDT build`, `deploy`.
    pub task: &'static str,
    /// Looker's id of it (render task id, query task id, materialization id, deployment id).
    pub id: String,
    /// Why the wait ended.
    pub end: TaskEnd,
    /// The last status Looker reported, if any.
    pub last_status: Option<String>,
    /// What became of the work on the server.
    pub stop: StopOutcome,
}

/// Why a wait ended without the result.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskEnd {
    /// Looker reported a failure, with its message when it gave one.
    Failed {
        /// Looker's message (`status_detail`, `error`, the build's message).
        message: Option<String>,
    },
    /// The wait's deadline passed.
    TimedOut {
        /// How long the wait lasted.
        waited: std::time::Duration,
    },
    /// The caller cancelled the wait (`wait::CancelHandle::cancel`).
    Cancelled,
}

/// What became of the work on the server when the wait ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopOutcome {
    /// Nothing to stop: the work ended on the server (it failed).
    Ended,
    /// Looker offers no way to stop this kind of work: it runs to its end on the server.
    Unstoppable,
    /// Stopped with this operation (`kill_query`, `stop_pdt_build`).
    Stopped(&'static str),
    /// Stopping with this operation failed, or could not be tried (no id to stop it by); the
    /// work may still run.
    StopFailed {
        /// The operation that stops this kind of work.
        operation: &'static str,
        /// Why it failed.
        reason: String,
    },
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: ", self.task, self.id)?;
        match &self.end {
            TaskEnd::Failed { message } => {
                f.write_str("failed")?;
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
            }
            TaskEnd::TimedOut { waited } => {
                write!(
                    f,
                    "not done after {:.1} s (the wait's deadline)",
                    waited.as_secs_f64()
                )?;
            }
            TaskEnd::Cancelled => f.write_str("cancelled")?,
        }
        if let Some(status) = &self.last_status {
            write!(f, " (last status `{status}`)")?;
        }
        match &self.stop {
            StopOutcome::Ended => Ok(()),
            StopOutcome::Unstoppable => {
                write!(
                    f,
                    "; Looker cannot stop a {}: it runs to its end",
                    self.task
                )
            }
            StopOutcome::Stopped(operation) => write!(f, "; stopped on the server (`{operation}`)"),
            StopOutcome::StopFailed { operation, reason } => write!(
                f,
                "; stopping it (`{operation}`) failed, it may still run: {reason}"
            ),
        }
    }
}

/// The kind of a transport failure: the one reading of reqwest's errors, for the SDK's errors,
/// its tracing and retries, and the command line's `fetch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportFailure {
    /// No answer within the timeout.
    TimedOut,
    /// No connection (refused, unreachable, DNS, TLS handshake).
    Connect,
    /// The connection broke (reset, a body cut off) or another transport error.
    Other,
}

impl TransportFailure {
    /// The kind of `error`.
    #[must_use]
    pub fn of(error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            TransportFailure::TimedOut
        } else if error.is_connect() {
            TransportFailure::Connect
        } else {
            TransportFailure::Other
        }
    }
}

/// The innermost cause of `error`: what happened, under the wrappers' generic messages
/// (reqwest's own is "error sending request").
#[must_use]
pub fn innermost_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(_)
            | Error::Settings { .. }
            | Error::InvalidArgument { .. }
            | Error::BodyTooLarge { .. }
            | Error::DecodedTooLarge { .. }
            | Error::Redirect(_)
            | Error::Paging { .. }
            | Error::Task(_) => None,
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::Transport { source, .. } | Error::Client(source) => Some(source),
            Error::Serialize(source) => Some(source),
            Error::Write { source, .. } => Some(source),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

/// Why a paging stream stopped ([`Error::Paging`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingLoop {
    /// The answer's `Link: rel="next"` names a page already followed.
    LinkRepeated,
    /// A page's body is the same as the previous page's (the server ignores the position).
    PageRepeated,
    /// The stream asked for this many pages, its limit
    /// ([`Pages::max_pages`](crate::Pages::max_pages)), and the server named more.
    PageLimit(u64),
}

impl fmt::Display for PagingLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagingLoop::LinkRepeated => {
                f.write_str("the answer's `Link: rel=\"next\"` names a page already followed")
            }
            PagingLoop::PageRepeated => f.write_str("the page repeats the previous page"),
            PagingLoop::PageLimit(pages) => write!(
                f,
                "{pages} pages asked for, the stream's limit (`Pages::max_pages`), and the \
                 server names more"
            ),
        }
    }
}

/// A redirect the SDK did not follow ([`Error::Redirect`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedirectError {
    /// HTTP status of the answer (301, 302, 303, 307, 308, ...).
    pub status: u16,
    /// HTTP method of the request.
    pub method: String,
    /// Request path relative to `/api/4.0`, without the query string.
    pub path: String,
    /// Where the server sent the request (its `Location` made absolute, without query or
    /// fragment, at most ~200 characters), when it named a valid one.
    pub location: Option<String>,
    /// The `base_url` to set when the answer looks like an instance that moved: the same API
    /// path on another origin.
    pub moved_to: Option<String>,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: ", self.method, self.path)?;
        write_status(f, self.status)?;
        match &self.location {
            Some(location) => write!(f, ": redirect to {location} not followed")?,
            None => write!(f, ": redirect not followed")?,
        }
        write!(
            f,
            " (the SDK follows no redirect, so credentials go only to `base_url`)"
        )?;
        if let Some(base_url) = &self.moved_to {
            write!(
                f,
                "; if the instance has moved, set `base_url` to {base_url}"
            )?;
        }
        Ok(())
    }
}

/// How an [`Error::Redirect`] names a redirect target: absolute, without query or fragment, at
/// most [`EXCERPT_CHARS`] characters.
pub(crate) fn redirect_target(target: &reqwest::Url) -> String {
    let mut shown = target.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    shown.as_str().chars().take(EXCERPT_CHARS).collect()
}

/// The `base_url` of an instance that moved: `target` names the same API path as `sent`, on
/// another origin (or below another prefix). `None` for any other redirect.
pub(crate) fn moved_base_url(
    target: &reqwest::Url,
    sent: &reqwest::Url,
    api_path: &str,
) -> Option<String> {
    let suffix = sent.path().find(api_path).map(|at| &sent.path()[at..])?;
    let prefix = target.path().strip_suffix(suffix)?;
    let moved =
        target.origin() != sent.origin() || sent.path().strip_suffix(suffix) != Some(prefix);
    let base = format!("{}{prefix}", target.origin().ascii_serialization());
    (moved && target.origin().is_tuple()).then(|| base.chars().take(EXCERPT_CHARS).collect())
}

/// Looker's answer to a request that failed with a non-2xx status.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// HTTP method of the request.
    pub method: String,
    /// Request path relative to `/api/4.0`, without the query string.
    pub path: String,
    /// Looker's `message`, when the body is Looker's error JSON.
    pub message: Option<String>,
    /// Looker's `documentation_url`.
    pub documentation_url: Option<String>,
    /// Looker's per-field validation errors (422 answers).
    pub errors: Vec<ValidationErrorDetail>,
    /// The start of the body when it is not Looker's error JSON (an HTML page from a proxy, ...).
    pub body_excerpt: Option<String>,
    /// How long Looker asked to wait before trying again (`Retry-After`, on a 429 or 503).
    pub retry_after: Option<std::time::Duration>,
    /// What to fix, when the SDK knows (a refused login names the credentials' settings).
    pub hint: Option<String>,
}

impl ApiError {
    /// Builds the error from a non-2xx answer, reading Looker's error JSON leniently.
    pub(crate) fn from_body(status: u16, method: &str, path: &str, body: &[u8]) -> Self {
        let mut error = ApiError {
            status,
            method: method.to_owned(),
            path: path.to_owned(),
            message: None,
            documentation_url: None,
            errors: Vec::new(),
            body_excerpt: None,
            retry_after: None,
            hint: None,
        };
        let text_of = |value: &serde_json::Value, key: &str| {
            value
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
        let recognized = parsed.as_ref().is_some_and(|json| {
            json.get("message").is_some_and(|m| m.is_string())
                || json.get("errors").is_some_and(|e| e.is_array())
        });
        match parsed {
            Some(json) if recognized => {
                error.message = text_of(&json, "message");
                error.documentation_url = text_of(&json, "documentation_url");
                let details = json.get("errors").and_then(|e| e.as_array());
                error.errors = details
                    .into_iter()
                    .flatten()
                    .map(|detail| ValidationErrorDetail {
                        field: text_of(detail, "field"),
                        code: text_of(detail, "code"),
                        message: text_of(detail, "message"),
                        documentation_url: text_of(detail, "documentation_url"),
                    })
                    .collect();
            }
            _ => {
                let excerpt = excerpt(body);
                error.body_excerpt = (!excerpt.is_empty()).then_some(excerpt);
            }
        }
        error
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: ", self.method, self.path)?;
        write_status(f, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        let details: Vec<String> = self
            .errors
            .iter()
            .map(ValidationErrorDetail::summary)
            .filter(|s| !s.is_empty())
            .collect();
        if !details.is_empty() {
            write!(f, " ({})", details.join("; "))?;
        }
        if self.message.is_none() && details.is_empty() {
            match &self.body_excerpt {
                Some(excerpt) => write!(f, ": body is not Looker's error JSON: {excerpt:?}")?,
                None => f.write_str(": empty body")?,
            }
        }
        if let Some(url) = &self.documentation_url {
            write!(f, " see {url}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, ". {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// One entry of the `errors` list of Looker's 422 answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationErrorDetail {
    /// The field that failed validation.
    pub field: Option<String>,
    /// Looker's error code, e.g. `missing`.
    pub code: Option<String>,
    /// Human-readable message.
    pub message: Option<String>,
    /// Link to Looker's documentation for this error.
    pub documentation_url: Option<String>,
}

/// The same JSON as Looker's `ValidationErrorDetail` schema: the generated models use this type
/// for it (an extern type of the generator), so there is one.
impl serde::Serialize for ValidationErrorDetail {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let fields = [
            ("field", &self.field),
            ("code", &self.code),
            ("message", &self.message),
            ("documentation_url", &self.documentation_url),
        ];
        let present = crate::ser::present(&fields.map(|(_, value)| value.is_some()));
        let mut out = crate::ser::Fields::start(serializer, "ValidationErrorDetail", present)?;
        for (key, value) in fields {
            out.optional(key, value)?;
        }
        out.end()
    }
}

impl<'de> serde::Deserialize<'de> for ValidationErrorDetail {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        crate::de::object(deserializer)
    }
}

impl crate::de::Object for ValidationErrorDetail {
    const NAME: &'static str = "ValidationErrorDetail";

    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> std::result::Result<(), A::Error> {
        match key {
            "field" => crate::de::scalar(map, key, &mut self.field),
            "code" => crate::de::scalar(map, key, &mut self.code),
            "message" => crate::de::scalar(map, key, &mut self.message),
            "documentation_url" => crate::de::scalar(map, key, &mut self.documentation_url),
            _ => crate::de::skip(map),
        }
    }
}

impl ValidationErrorDetail {
    /// `field: code: message`, leaving out what is absent.
    fn summary(&self) -> String {
        [&self.field, &self.code, &self.message]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(": ")
    }
}

/// Writes `422 Unprocessable Entity` (or just `599` for statuses without a reason phrase).
fn write_status(f: &mut fmt::Formatter<'_>, status: u16) -> fmt::Result {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => write!(f, "{status} {reason}"),
        None => write!(f, "{status}"),
    }
}

/// The start of a body for an error message: lossy UTF-8, trimmed, at most ~200 characters,
/// cut on a character boundary and ending in `…` when cut.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> ApiError {
        ApiError::from_body(status, "POST", "/connections", body.as_bytes())
    }

    #[test]
    fn validation_error_is_decoded_and_displayed() {
        let body = r#"{"message":"Validation Failed","errors":[
            {"field":"name","code":"missing","message":"This field is required","documentation_url":"https://docs/x"},
            {"field":"host","code":"invalid","message":null,"extra":1}],
            "documentation_url":"https://cloud.google.com/looker/docs/r/err/4.0/422","unknown":true}"#;
        let error = Error::from(api(422, body));
        assert_eq!(error.status(), Some(422));
        assert_eq!(error.validation_errors().len(), 2);
        assert_eq!(error.validation_errors()[0].field.as_deref(), Some("name"));
        assert_eq!(error.validation_errors()[1].message, None);
        assert_eq!(
            error.to_string(),
            "POST /connections: 422 Unprocessable Entity: Validation Failed \
             (name: missing: This field is required; host: invalid) \
             see https://cloud.google.com/looker/docs/r/err/4.0/422"
        );
        assert_eq!(error.api_error().and_then(|a| a.body_excerpt.clone()), None);
    }

    #[test]
    fn plain_looker_error() {
        let error = api(404, r#"{"message":"Not found","documentation_url":null}"#);
        assert_eq!(error.message.as_deref(), Some("Not found"));
        assert_eq!(error.documentation_url, None);
        assert_eq!(
            error.to_string(),
            "POST /connections: 404 Not Found: Not found"
        );
    }

    #[test]
    fn html_body_keeps_an_excerpt() {
        let error = api(502, "<html>\n<body>Bad gateway</body></html>");
        assert_eq!(error.message, None);
        assert_eq!(
            error.to_string(),
            "POST /connections: 502 Bad Gateway: body is not Looker's error JSON: \
             \"<html>\\n<body>Bad gateway</body></html>\""
        );
    }

    #[test]
    fn json_that_is_not_lookers_error_keeps_an_excerpt() {
        let error = api(500, r#"{"error":"boom"}"#);
        assert_eq!(error.body_excerpt.as_deref(), Some(r#"{"error":"boom"}"#));
        let error = api(500, r#"{"message": 42}"#);
        assert_eq!(error.message, None);
        assert!(error.body_excerpt.is_some());
    }

    #[test]
    fn empty_and_truncated_bodies() {
        assert_eq!(
            api(503, "  ").to_string(),
            "POST /connections: 503 Service Unavailable: empty body"
        );
        let truncated = api(500, r#"{"message":"Internal"#);
        assert_eq!(truncated.message, None);
        assert_eq!(
            truncated.body_excerpt.as_deref(),
            Some(r#"{"message":"Internal"#)
        );
        assert_eq!(
            api(599, "").to_string(),
            "POST /connections: 599: empty body"
        );
    }

    #[test]
    fn debug_reads_like_display_then_the_causes() {
        let api = Error::from(api(
            422,
            r#"{"message":"Validation Failed","errors":[{"field":"host","code":"missing"}]}"#,
        ));
        assert_eq!(
            format!("{api:?}"),
            "POST /connections: 422 Unprocessable Entity: Validation Failed (host: missing)"
        );
        let source = match serde_json::from_str::<u32>("\"x\"") {
            Err(e) => e,
            Ok(_) => return,
        };
        let decode = Error::Decode {
            status: 200,
            method: "GET".into(),
            path: "/user".into(),
            excerpt: "\"x\"".into(),
            source: Box::new(source),
        };
        // The cause is part of Display already: not repeated.
        assert_eq!(format!("{decode:?}"), decode.to_string());
        assert!(!format!("{decode:?}").contains("line: "), "{decode:?}");
        let too_large = Error::BodyTooLarge {
            status: 200,
            method: "GET".into(),
            path: "/looks".into(),
            limit: 10,
            excerpt: "[{".into(),
        };
        assert_eq!(
            format!("{too_large:?}"),
            "GET /looks: 200 OK: body longer than the 10 bytes allowed (setting `max_body_mb`); \
             it starts: \"[{\""
        );
        assert_eq!(too_large.status(), Some(200));
    }

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        assert_eq!(excerpt(b"short"), "short");
        let exact = "é".repeat(EXCERPT_CHARS);
        assert_eq!(excerpt(exact.as_bytes()), exact);
        let long = "é".repeat(EXCERPT_CHARS + 1);
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with("é…"));
        assert_eq!(excerpt(&[0xff, b'a', 0xfe]), "\u{fffd}a\u{fffd}");
    }

    #[test]
    fn settings_error_display_and_accessors() {
        let error = Error::settings("timeout", "env LOOKERSDK_TIMEOUT", "expected whole seconds");
        assert_eq!(
            error.to_string(),
            "setting `timeout` (env LOOKERSDK_TIMEOUT): expected whole seconds"
        );
        assert_eq!(error.status(), None);
        assert!(error.validation_errors().is_empty());
        assert!(std::error::Error::source(&error).is_none());
    }

    #[test]
    fn decode_error_display_and_source() {
        let source = match serde_json::from_str::<u32>("\"x\"") {
            Err(e) => e,
            Ok(_) => return,
        };
        let error = Error::Decode {
            status: 200,
            method: "GET".into(),
            path: "/user".into(),
            excerpt: "\"x\"".into(),
            source: Box::new(source),
        };
        assert_eq!(error.status(), Some(200));
        let text = error.to_string();
        assert!(
            text.starts_with("GET /user: 200 OK: response body is not what"),
            "{text}"
        );
        assert!(text.ends_with("body: \"\\\"x\\\"\""), "{text}");
        assert!(std::error::Error::source(&error).is_some());
    }
}
