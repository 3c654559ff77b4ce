//! Requests as generated code describes them, their exchange over HTTP, and the answers.

use std::borrow::Cow;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

use crate::api::ApiDescription;
use crate::error::{excerpt, ApiError, Error, Result};
use crate::secret::Secret;

/// The `x-looker-appid` header and user agent: the SDK's name and version.
pub(crate) const APP_ID: &str = concat!("looker-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// One API call: method, path relative to the API path (already encoded), query, optional body.
#[doc(hidden)]
#[derive(Clone)]
pub struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(Cow<'static, str>, String)>,
    /// Extra headers of the caller, sent after (and so replacing) the SDK's own.
    headers: HeaderMap,
    body: Option<Body>,
    accept: &'static str,
    authenticated: bool,
    /// Why a query parameter cannot be sent (it failed to serialize): the request is refused.
    unsendable: Option<String>,
    /// The answer's body is handed over unread, to be streamed ([`Response::into_body`]).
    streamed: bool,
    /// Looker's `operationId`, for tracing (empty for the runtime's own requests).
    operation: &'static str,
    /// This call's timeout instead of the client's.
    timeout: Option<Duration>,
}

/// A request body with its content type.
#[derive(Clone)]
struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
}

/// Used by generated methods (`looker_sdk_rtl::codegen`); not a stable API.
impl Request {
    /// A request for `path` (relative to `/api/4.0`, segments encoded with [`path_segment`]).
    pub fn new(method: reqwest::Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            accept: "application/json",
            authenticated: true,
            unsendable: None,
            streamed: false,
            operation: "",
            timeout: None,
        }
    }

    /// A `GET` request for `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Request::new(reqwest::Method::GET, path.into())
    }

    /// A `POST` request for `path`.
    pub fn post(path: impl Into<String>) -> Self {
        Request::new(reqwest::Method::POST, path.into())
    }

    /// A `PUT` request for `path`.
    pub fn put(path: impl Into<String>) -> Self {
        Request::new(reqwest::Method::PUT, path.into())
    }

    /// A `PATCH` request for `path`.
    pub fn patch(path: impl Into<String>) -> Self {
        Request::new(reqwest::Method::PATCH, path.into())
    }

    /// A `DELETE` request for `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        Request::new(reqwest::Method::DELETE, path.into())
    }

    /// Sets a query parameter, replacing an earlier value of it; a value whose
    /// [`QueryValue::to_query`] is `None` removes it.
    pub fn query(mut self, name: &'static str, value: impl QueryValue) -> Self {
        if let Some(reason) = value.failure() {
            self.unsendable
                .get_or_insert_with(|| format!("query parameter `{name}` {reason}"));
        }
        self.query_named(Cow::Borrowed(name), value.to_query())
    }

    /// Sets (`Some`) or removes (`None`) the query parameter `name`, keeping its place.
    pub(crate) fn query_named(mut self, name: Cow<'static, str>, value: Option<String>) -> Self {
        let at = self
            .query
            .iter()
            .position(|(existing, _)| *existing == name);
        match (at, value) {
            (Some(at), Some(value)) => self.query[at].1 = value,
            (Some(at), None) => {
                self.query.remove(at);
            }
            (None, Some(value)) => self.query.push((name, value)),
            (None, None) => {}
        }
        self
    }

    /// The value of the query parameter `name`, if set.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        let (_, value) = self.query.iter().find(|(existing, _)| existing == name)?;
        Some(value)
    }

    /// Adds a header to send (after the SDK's own, so `accept` say is replaced). A name or value
    /// that HTTP cannot carry is an [`Error::InvalidArgument`]; the value is never shown.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidArgument {
            method: self.method.to_string(),
            path: self.path_without_query().to_owned(),
            reason,
        };
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            invalid(format!(
                "the value of header `{name}` has characters a header cannot carry"
            ))
        })?;
        value.set_sensitive(true);
        self.headers.append(name, value);
        Ok(self)
    }

    /// Asks for the answer's body unread: [`Response::into_body`] streams it.
    pub(crate) fn streamed(mut self) -> Self {
        self.streamed = true;
        self
    }

    /// The same request for `path_and_query` (relative to `/api/4.0`, already encoded, as a
    /// `Link` header gives it): the query set so far is dropped.
    pub(crate) fn retarget(mut self, path_and_query: String) -> Self {
        self.path = path_and_query;
        self.query.clear();
        self
    }

    /// The path without a query that a [`Request::retarget`] put in it: what errors name.
    pub(crate) fn path_without_query(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }

    /// Sets a JSON body (`application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.body = Some(Body {
            content_type: "application/json",
            bytes,
        });
        Ok(self)
    }

    /// Sets a plain text body (`text/plain`).
    pub fn text(mut self, body: String) -> Self {
        self.body = Some(Body {
            content_type: "text/plain",
            bytes: body.into_bytes(),
        });
        self
    }

    /// Sets a form body (`application/x-www-form-urlencoded`) from a struct or map.
    ///
    /// `null` fields are left out; strings, numbers and booleans are sent as text, nested
    /// arrays and objects as compact JSON.
    pub fn form<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self> {
        let value = serde_json::to_value(body).map_err(Error::Serialize)?;
        let serde_json::Value::Object(fields) = value else {
            return Err(Error::Serialize(serde::ser::Error::custom(
                "a form body must serialize to a map of fields",
            )));
        };
        let pairs: Vec<(String, String)> = fields
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.to_query()?)))
            .collect();
        Ok(self.form_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))))
    }

    /// Sets a form body from name/value pairs, in the given order.
    pub(crate) fn form_pairs<'a>(
        mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
            .collect();
        self.body = Some(Body {
            content_type: "application/x-www-form-urlencoded",
            bytes: encoded.join("&").into_bytes(),
        });
        self
    }

    /// Asks for another media type than `application/json` (images, CSV, ...).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// Names the request by Looker's `operationId` (in tracing spans).
    pub fn operation(mut self, operation_id: &'static str) -> Self {
        self.operation = operation_id;
        self
    }

    /// Sets this request's timeout (each attempt), instead of the settings' `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Rejects a request that cannot be sent as meant: a path with an empty segment or a dot
    /// segment in any spelling (`.`, `..`, `%2e%2e`, `%2E.`, ...: URL parsers resolve them, so
    /// `DELETE /connections/..` or a raw path `/%2e%2e/admin` would reach another endpoint or
    /// leave the API path), a path with control characters or `\` (which URL parsers drop or
    /// read as `/`), or a query parameter that failed to serialize. Generated paths have such
    /// segments only when a path parameter is empty, `.` or `..`, since every parameter is
    /// encoded and the generator refuses templates with empty segments.
    pub(crate) fn check_path(&self) -> Result<()> {
        let path = self.path_without_query();
        let reason = match (path_problem(path), &self.unsendable) {
            (Some(reason), _) => reason,
            (None, Some(reason)) => reason.clone(),
            (None, None) => return Ok(()),
        };
        Err(Error::InvalidArgument {
            method: self.method.to_string(),
            path: path.chars().take(200).collect(),
            reason,
        })
    }

    /// Sends the request without an `Authorization` header (login).
    pub(crate) fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// The HTTP method.
    pub(crate) fn method(&self) -> &reqwest::Method {
        &self.method
    }

    pub(crate) fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// The `operationId` given with [`Request::operation`], or `""`.
    pub(crate) fn operation_id(&self) -> &'static str {
        self.operation
    }

    /// The path relative to `/api/4.0`, without the query.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// `path?query`, relative to `/api/4.0`.
    fn path_and_query(&self) -> String {
        let mut target = String::with_capacity(self.path.len() + 1);
        if !self.path.starts_with('/') {
            target.push('/');
        }
        target.push_str(&self.path);
        for (i, (name, value)) in self.query.iter().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(&path_segment(name.as_ref()));
            target.push('=');
            target.push_str(&path_segment(value));
        }
        target
    }
}

/// Why `path` (relative to the API root, without query) cannot be sent, if it cannot.
pub(crate) fn path_problem(path: &str) -> Option<String> {
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Some("a path may not hold control characters or `\\`".to_owned());
    }
    let segments = path.strip_prefix('/').unwrap_or(path);
    if segments.is_empty() {
        return None;
    }
    let bad = segments
        .split('/')
        .find(|s| s.is_empty() || is_dot_segment(s))?;
    Some(if bad.is_empty() {
        "a path parameter may not be empty".to_owned()
    } else {
        format!("a path may not have the segment `{bad}`")
    })
}

/// Whether `segment` is `.` or `..` once `%2e` / `%2E` are read as `.`, as URL parsers read it.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let dots = lower.replace("%2e", ".");
    dots == "." || dots == ".."
}

/// A value that can be sent as a query parameter; `None` means "leave the parameter out".
#[doc(hidden)]
pub trait QueryValue {
    /// The parameter's text, before percent-encoding.
    fn to_query(&self) -> Option<String>;

    /// Why the value cannot be sent (`cannot be serialized: ...`), when it cannot.
    fn failure(&self) -> Option<String> {
        None
    }
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}
display_query_value!(str, String, bool, i32, i64, u32, u64, f32, f64);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query(&self) -> Option<String> {
        (**self).to_query()
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn to_query(&self) -> Option<String> {
        self.as_ref().and_then(QueryValue::to_query)
    }
}

/// Comma-delimited (`ids=1,2,3`), as Looker expects; an empty list is left out.
impl<T: QueryValue> QueryValue for [T] {
    fn to_query(&self) -> Option<String> {
        let items: Vec<String> = self.iter().filter_map(QueryValue::to_query).collect();
        (!items.is_empty()).then(|| items.join(","))
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn to_query(&self) -> Option<String> {
        self.as_slice().to_query()
    }
}

/// Strings are sent as they are, `null` is left out, anything else as compact JSON.
impl QueryValue for serde_json::Value {
    fn to_query(&self) -> Option<String> {
        match self {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// Percent-encodes one path segment (or query component): every UTF-8 byte outside the
/// RFC 3986 unreserved set `A-Z a-z 0-9 - . _ ~` becomes `%XX`.
#[doc(hidden)]
pub fn path_segment(value: impl std::fmt::Display) -> String {
    percent_encode(&value.to_string(), false)
}

/// `application/x-www-form-urlencoded` encoding, as Python's `urllib.parse.quote_plus`.
fn form_encode(value: &str) -> String {
    percent_encode(value, true)
}

fn percent_encode(value: &str, space_as_plus: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' if space_as_plus => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}

/// Sends [`Request`]s to one Looker instance and reads the answers.
///
/// What it guarantees against a misbehaving server: a request goes only to a URL below the API
/// root of the configured origin (checked on the URL as sent, after the URL parser's own
/// normalization); a redirect is never followed (the client is built without, and any 3xx
/// answer is an [`Error::Redirect`]); no body is read past `max_body` bytes; `Retry-After` is
/// read only on the answers a retry may follow.
#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    /// `https://host:port/api/4.0`, as the URL parser writes it.
    api_root: reqwest::Url,
    /// The largest body read into memory, in bytes.
    max_body: u64,
    /// The most memory an answer may decode to, in bytes ([`crate::budget`]).
    decode_limit: u64,
    /// The facts of the API document (API path, media table).
    api: &'static ApiDescription,
}

impl Transport {
    /// A transport for `base_url` (no trailing `/`) that reads bodies of at most `max_body`
    /// bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] when `base_url` with the API path is not a URL.
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: &str,
        source: &str,
        max_body: u64,
        api: &'static ApiDescription,
    ) -> Result<Self> {
        let root = format!("{base_url}{}", api.path());
        let api_root = reqwest::Url::parse(&root).map_err(|e| {
            Error::settings(
                "base_url",
                source,
                format!("{base_url:?} is not a URL: {e}"),
            )
        })?;
        Ok(Transport {
            http,
            api_root,
            max_body,
            decode_limit: u64::MAX,
            api,
        })
    }

    /// `https://host:port/api/4.0`: where every request goes.
    pub(crate) fn api_root(&self) -> &reqwest::Url {
        &self.api_root
    }

    /// The same transport, with answers decoding to at most `limit` bytes of memory.
    pub(crate) fn with_decode_limit(mut self, limit: u64) -> Self {
        self.decode_limit = limit;
        self
    }

    /// The URL of `request`: below the API root of the configured origin, or an
    /// [`Error::InvalidArgument`] and nothing is sent.
    fn url_of(&self, request: &Request) -> Result<reqwest::Url> {
        let text = format!("{}{}", self.api_root, request.path_and_query());
        let refuse = |reason: String| Error::InvalidArgument {
            method: request.method().to_string(),
            path: request.path_without_query().to_owned(),
            reason,
        };
        let url = reqwest::Url::parse(&text).map_err(|e| refuse(format!("not a URL: {e}")))?;
        let below = url
            .path()
            .strip_prefix(self.api_root.path())
            .is_some_and(|rest| rest.starts_with('/'));
        if url.origin() != self.api_root.origin() || !below {
            return Err(refuse(format!(
                "the path leaves {}; only paths below it are sent",
                self.api_root.path()
            )));
        }
        Ok(url)
    }

    /// Sends `request` with `Authorization: Bearer <token>` when a token is given.
    ///
    /// Only a 2xx answer is `Ok`; a 3xx is an [`Error::Redirect`] (never followed) and any
    /// other status an [`Error::Api`].
    pub(crate) async fn execute(
        &self,
        request: Request,
        token: Option<&Secret>,
    ) -> Result<Response> {
        let url = self.url_of(&request)?;
        let path = request.path_without_query().to_owned();
        let Request {
            method,
            body,
            accept,
            headers,
            streamed,
            timeout,
            ..
        } = request;
        let mut builder = self
            .http
            .request(method.clone(), url.clone())
            .header("x-looker-appid", APP_ID)
            .header(reqwest::header::ACCEPT, accept);
        if let Some(token) = token {
            builder = builder.header(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {}", token.expose()),
            );
        }
        if let Some(body) = body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        // After the SDK's headers, so that a caller's header of the same name replaces it.
        builder = builder.headers(headers);
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let method = method.to_string();
        let transport_error = |source: reqwest::Error| Error::Transport {
            method: method.clone(),
            path: path.clone(),
            origin: self.api_root.origin().ascii_serialization(),
            source: source.without_url(),
        };
        let mut answer = builder.send().await.map_err(transport_error)?;
        let status = answer.status().as_u16();
        if answer.status().is_redirection() || *answer.url() != url {
            let api_path = self.api.path();
            return Err(redirect_error(&answer, &url, &method, &path, api_path));
        }
        let content_type = answer
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let success = (200..300).contains(&status);
        let headers = answer.headers().clone();
        let (body, unread) = if success && streamed {
            (Vec::new(), Some(reqwest::Body::from(answer)))
        } else {
            let body = match read_body(&mut answer, self.max_body).await {
                Ok(body) => body,
                Err(BodyError::Transport(source)) => return Err(transport_error(source)),
                Err(BodyError::TooLarge(start)) => {
                    return Err(Error::BodyTooLarge {
                        status,
                        method,
                        path,
                        limit: self.max_body,
                        excerpt: excerpt(&start),
                    })
                }
            };
            (body, None)
        };
        if !success {
            let mut error = ApiError::from_body(status, &method, &path, &body);
            // Read only where a retry may follow (429, 502, 503, 504).
            if crate::retry::may_retry(status) {
                error.retry_after = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| {
                        crate::retry::retry_after(value, std::time::SystemTime::now())
                    });
            }
            return Err(error.into());
        }
        Ok(Response {
            status,
            content_type,
            headers,
            body,
            unread,
            method,
            path,
            decode_limit: self.decode_limit,
            api: self.api,
        })
    }
}

/// The [`Error::Redirect`] for a 3xx answer to a request for `sent` (or one the client followed
/// although it should not: a `with_client_builder` client is built without redirects, so this
/// is a second line).
fn redirect_error(
    answer: &reqwest::Response,
    sent: &reqwest::Url,
    method: &str,
    path: &str,
    api_path: &str,
) -> Error {
    let location = if *answer.url() == *sent {
        answer
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .and_then(|location| sent.join(location.trim()).ok())
    } else {
        Some(answer.url().clone())
    };
    Error::Redirect(Box::new(crate::error::RedirectError {
        status: answer.status().as_u16(),
        method: method.to_owned(),
        path: path.to_owned(),
        moved_to: location
            .as_ref()
            .and_then(|url| crate::error::moved_base_url(url, sent, api_path)),
        location: location.map(|url| crate::error::redirect_target(&url)),
    }))
}

/// Whether a `Content-Type` names JSON (`application/json`, `…+json`).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// Why a body could not be read.
enum BodyError {
    Transport(reqwest::Error),
    /// Longer than allowed; holds what was read.
    TooLarge(Vec<u8>),
}

/// Reads the body of `answer`, failing as soon as it is known to exceed `limit` bytes (at once
/// when its `Content-Length` says so).
async fn read_body(answer: &mut reqwest::Response, limit: u64) -> Result<Vec<u8>, BodyError> {
    let announced = answer.content_length();
    let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit).min(1 << 20) as usize);
    while let Some(chunk) = answer.chunk().await.map_err(BodyError::Transport)? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 > limit || announced.is_some_and(|length| length > limit) {
            return Err(BodyError::TooLarge(body));
        }
    }
    Ok(body)
}

/// A 2xx answer, read completely unless its request was `Request::streamed`. Public only so
/// that [`crate::call::Decode`] can name it; nothing outside the crate can reach it.
pub struct Response {
    status: u16,
    content_type: Option<String>,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The body not read yet, for a streamed request (then `body` is empty).
    unread: Option<reqwest::Body>,
    method: String,
    path: String,
    /// The most memory the body may decode to, in bytes ([`crate::budget`]).
    decode_limit: u64,
    /// The facts of the API document (its media table, for [`Response::content`]).
    api: &'static ApiDescription,
}

impl Response {
    /// An answer as the transport would hand it over (for the decoders' tests).
    #[cfg(test)]
    pub(crate) fn from_parts(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Self {
        Response {
            status,
            content_type: content_type.map(str::to_owned),
            headers: HeaderMap::new(),
            body,
            unread: None,
            method: "GET".to_owned(),
            path: "/connections".to_owned(),
            decode_limit: u64::MAX,
            api: &crate::api::TEST_API,
        }
    }

    /// HTTP status code.
    #[doc(hidden)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, if any.
    #[doc(hidden)]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The answer's headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The answer's headers, taken out (the body stays).
    pub(crate) fn take_headers(&mut self) -> HeaderMap {
        std::mem::take(&mut self.headers)
    }

    /// The body unread: `None` when the request was not [`Request::streamed`] (then the body
    /// was read already).
    pub(crate) fn into_body(self) -> Option<reqwest::Body> {
        self.unread
    }

    /// Decodes the JSON body; an empty body (a 204) reads as `null`. A body of another shape
    /// is an [`Error::Decode`] with an excerpt; one that would decode to more memory than
    /// allowed an [`Error::DecodedTooLarge`].
    #[doc(hidden)]
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        let budget = crate::budget::Budget::new(self.decode_limit);
        let decoded = if self.is_empty() {
            T::deserialize(serde_json::Value::Null)
        } else {
            crate::budget::from_slice(&self.body, &budget)
        };
        if budget.is_spent() {
            return Err(Error::DecodedTooLarge {
                status: self.status,
                method: self.method,
                path: self.path,
                limit: self.decode_limit,
            });
        }
        match decoded {
            Ok(value) => Ok(value),
            Err(source) => {
                let source: Box<dyn std::error::Error + Send + Sync> = match self.content_type() {
                    Some(media) if !is_json(media) => {
                        format!("the answer is `{media}`, not JSON ({source})").into()
                    }
                    _ => Box::new(source),
                };
                Err(self.decode_error(excerpt(&self.body), source))
            }
        }
    }

    /// The body as text; a body that is not UTF-8 is an [`Error::Decode`].
    #[doc(hidden)]
    pub fn text(self) -> Result<String> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(text),
            Err(source) => {
                let excerpt = excerpt(source.as_bytes());
                Err(Error::Decode {
                    status: self.status,
                    method: self.method,
                    path: self.path,
                    excerpt,
                    source: Box::new(source.utf8_error()),
                })
            }
        }
    }

    /// The raw body.
    #[doc(hidden)]
    pub fn bytes(self) -> Vec<u8> {
        self.body
    }

    /// An [`Error::Decode`] for this answer.
    pub(crate) fn decode_error(
        &self,
        excerpt: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> Error {
        Error::Decode {
            status: self.status,
            method: self.method.clone(),
            path: self.path.clone(),
            excerpt,
            source,
        }
    }

    /// The raw body, borrowed.
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the answer has no body (204, or nothing sent).
    pub(crate) fn is_empty(&self) -> bool {
        self.status == 204 || self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The body as text or bytes, as its `Content-Type` says.
    #[doc(hidden)]
    pub fn content(self) -> Content {
        let media = self.content_type.clone().unwrap_or_default();
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        // The generator's media table, which also chose this operation's decoder.
        let textual = self.api.is_text_media(&essence);
        match (textual, String::from_utf8(self.body)) {
            (true, Ok(text)) => Content::Text {
                content_type: media,
                text,
            },
            (_, Ok(text)) => Content::Binary {
                content_type: media,
                bytes: text.into_bytes(),
            },
            (_, Err(not_utf8)) => Content::Binary {
                content_type: media,
                bytes: not_utf8.into_bytes(),
            },
        }
    }
}

/// The result of an operation that answers in several media types (`run_query` with a
/// `result_format`: JSON, CSV, text, PNG, JPEG, ...), as the answer's `Content-Type` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// A textual answer (`text/*`, JSON, XML).
    Text { content_type: String, text: String },
    /// Any other answer (images, PDF).
    Binary {
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl Content {
    /// The answer's `Content-Type`.
    pub fn content_type(&self) -> &str {
        match self {
            Content::Text { content_type, .. } | Content::Binary { content_type, .. } => {
                content_type
            }
        }
    }

    /// The body's bytes, whatever its kind.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Content::Text { text, .. } => text.as_bytes(),
            Content::Binary { bytes, .. } => bytes,
        }
    }

    /// The media type without its parameters, lower case: `text/csv` for
    /// `text/csv; charset=utf-8`.
    pub fn media_type(&self) -> String {
        let content_type = self.content_type();
        let essence = content_type.split(';').next().unwrap_or_default();
        essence.trim().to_ascii_lowercase()
    }

    /// The body as text, when it is text (a binary body that is not UTF-8 is `None`).
    pub fn text(&self) -> Option<&str> {
        match self {
            Content::Text { text, .. } => Some(text),
            Content::Binary { bytes, .. } => std::str::from_utf8(bytes).ok(),
        }
    }

    /// The body's bytes, taken out.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Content::Text { text, .. } => text.into_bytes(),
            Content::Binary { bytes, .. } => bytes,
        }
    }

    /// The body decoded as JSON (`run_query` with `result_format` `json`, rows as a
    /// `Vec<serde_json::Value>` or a type of your own).
    ///
    /// # Errors
    ///
    /// A `serde_json::Error` naming the line and column when the body is not that JSON.
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
    ) -> std::result::Result<T, serde_json::Error> {
        serde_json::from_slice(self.as_bytes())
    }
}

/// A structured parameter value (an enum, an object, a list of them) as Looker reads it:
/// strings as they are, lists comma-delimited, anything else as compact JSON. A value that
/// fails to serialize makes the request fail (`Error::InvalidArgument`), not go without it.
#[doc(hidden)]
pub fn json_query<T: serde::Serialize + ?Sized>(value: &T) -> JsonQuery {
    JsonQuery(
        serde_json::to_value(value)
            .map(|value| match value {
                serde_json::Value::Array(items) => items.to_query(),
                other => other.to_query(),
            })
            .map_err(|e| e.to_string()),
    )
}

/// A structured parameter value written by [`json_query`], or why it could not be.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonQuery(std::result::Result<Option<String>, String>);

impl QueryValue for JsonQuery {
    fn to_query(&self) -> Option<String> {
        self.0.clone().ok().flatten()
    }

    fn failure(&self) -> Option<String> {
        self.0
            .as_ref()
            .err()
            .map(|e| format!("cannot be serialized: {e}"))
    }
}

/// A structured path parameter (an enum, an object, a list), written as [`json_query`]
/// writes it, then percent-encoded; empty when it fails to serialize, which the request
/// refuses like any empty path parameter.
#[doc(hidden)]
pub fn json_path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    path_segment(json_query(value).to_query().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn content_helpers_read_text_bytes_json_and_the_media_type() {
        let rows = Content::Text {
            content_type: "Application/JSON; charset=utf-8".into(),
            text: r#"[{"orders.count": 3}]"#.into(),
        };
        assert_eq!(rows.media_type(), "application/json");
        assert_eq!(rows.text(), Some(r#"[{"orders.count": 3}]"#));
        let parsed: Vec<serde_json::Value> = rows.json().unwrap();
        assert_eq!(parsed[0]["orders.count"], 3);
        assert!(rows.json::<Vec<u32>>().is_err());
        let png = Content::Binary {
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', b'N', b'G'],
        };
        assert_eq!(png.text(), None);
        assert_eq!(png.media_type(), "image/png");
        assert_eq!(png.into_bytes(), [0x89, b'P', b'N', b'G']);
        assert_eq!(rows.into_bytes(), br#"[{"orders.count": 3}]"#);
    }

    #[test]
    fn dot_segments_from_parameters_are_refused() {
        for bad in [".", ".."] {
            let path = format!("/connections/{}", path_segment(bad));
            let err = Request::new(Method::DELETE, path).check_path().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
            assert!(err.to_string().starts_with("DELETE /connections/"), "{err}");
            assert!(
                err.to_string().contains("may not have the segment"),
                "{err}"
            );
        }
        let empty = format!("/connections/{}", path_segment(""));
        let err = Request::new(Method::DELETE, empty)
            .check_path()
            .unwrap_err();
        assert!(err.to_string().contains("may not be empty"), "{err}");
        let inner = format!("/connections/{}/test", path_segment(""));
        assert!(Request::new(Method::PUT, inner).check_path().is_err());
        assert!(Request::get("/").check_path().is_ok());
        for fine in ["...", ".x", "a.b", "%2E"] {
            let path = format!("/connections/{}", path_segment(fine));
            assert!(
                Request::new(Method::DELETE, path).check_path().is_ok(),
                "{fine}"
            );
        }
    }

    #[test]
    fn path_segment_encodes_everything_but_unreserved() {
        assert_eq!(path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(path_segment("my connection"), "my%20connection");
        assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("100%+&=,;:@"), "100%25%2B%26%3D%2C%3B%3A%40");
        assert_eq!(path_segment("ünï 😀"), "%C3%BCn%C3%AF%20%F0%9F%98%80");
        assert_eq!(path_segment(42), "42");
        assert_eq!(path_segment(""), "");
    }

    #[test]
    fn form_encoding_matches_quote_plus() {
        assert_eq!(form_encode("a b+c&d=e/é~"), "a+b%2Bc%26d%3De%2F%C3%A9~");
    }

    #[test]
    fn scalar_query_values() {
        assert_eq!("x y".to_query().as_deref(), Some("x y"));
        assert_eq!(String::from("s").to_query().as_deref(), Some("s"));
        assert_eq!(true.to_query().as_deref(), Some("true"));
        assert_eq!((-7i32).to_query().as_deref(), Some("-7"));
        assert_eq!(
            9_007_199_254_740_993i64.to_query().as_deref(),
            Some("9007199254740993")
        );
        assert_eq!(1.5f64.to_query().as_deref(), Some("1.5"));
        assert_eq!(2f32.to_query().as_deref(), Some("2"));
        assert_eq!((&&5i64).to_query().as_deref(), Some("5"));
    }

    #[test]
    fn optional_and_list_query_values() {
        assert_eq!(None::<i64>.to_query(), None);
        assert_eq!(Some("a").to_query().as_deref(), Some("a"));
        assert_eq!(vec![1i64, 2, 3].to_query().as_deref(), Some("1,2,3"));
        assert_eq!(
            [String::from("a"), String::from("b")][..]
                .to_query()
                .as_deref(),
            Some("a,b")
        );
        assert_eq!(Vec::<i64>::new().to_query(), None);
        assert_eq!(Some(vec!["x"]).to_query().as_deref(), Some("x"));
    }

    /// A map with keys JSON cannot have: serializing it fails.
    struct TupleKeys;

    impl serde::Serialize for TupleKeys {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(&(1, 2), &3)?;
            map.end()
        }
    }

    #[test]
    fn a_query_value_that_fails_to_serialize_refuses_the_request() {
        let request = Request::get("/looks").query("filters", json_query(&TupleKeys));
        let err = request.check_path().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("query parameter `filters` cannot be serialized"),
            "{err}"
        );
        assert_eq!(json_path_segment(&TupleKeys), "");
    }

    #[test]
    fn json_query_values() {
        use serde_json::json;
        assert_eq!(json!("plain").to_query().as_deref(), Some("plain"));
        assert_eq!(json!(null).to_query(), None);
        assert_eq!(
            json!({"a": [1, true]}).to_query().as_deref(),
            Some(r#"{"a":[1,true]}"#)
        );
        assert_eq!(json!(3).to_query().as_deref(), Some("3"));
        assert_eq!(
            json_query(&["daily", "weekly"]).to_query().as_deref(),
            Some("daily,weekly")
        );
        assert_eq!(json_query(&Vec::<String>::new()).to_query(), None);
        assert_eq!(
            json_query(&json!({"a": 1})).to_query().as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(json_path_segment(&[1, 2][..]), "1%2C2");
        assert_eq!(
            json_path_segment(&json!({"a": "b c"})),
            "%7B%22a%22%3A%22b%20c%22%7D"
        );
    }

    #[test]
    fn request_target_encodes_query_and_skips_none() {
        let request = Request::new(Method::GET, "/users/search".to_owned())
            .query("fields", "id,email")
            .query("page", None::<i64>)
            .query("ids", vec![1i64, 2])
            .query("q", "a&b=c d");
        assert_eq!(
            request.path_and_query(),
            "/users/search?fields=id%2Cemail&ids=1%2C2&q=a%26b%3Dc%20d"
        );
        assert_eq!(
            Request::new(Method::GET, "user".to_owned()).path_and_query(),
            "/user"
        );
    }

    #[test]
    fn bodies_carry_their_content_type() -> Result<()> {
        let request =
            Request::new(Method::POST, "/x".to_owned()).json(&serde_json::json!({"a": 1}))?;
        let body = request
            .body
            .as_ref()
            .map(|b| (b.content_type, b.bytes.clone()));
        assert_eq!(body, Some(("application/json", br#"{"a":1}"#.to_vec())));

        let request = Request::new(Method::POST, "/x".to_owned()).text("SELECT 1".to_owned());
        let body = request
            .body
            .as_ref()
            .map(|b| (b.content_type, b.bytes.clone()));
        assert_eq!(body, Some(("text/plain", b"SELECT 1".to_vec())));

        #[derive(serde::Serialize)]
        struct Form {
            name: &'static str,
            skip: Option<i32>,
            count: i32,
            tags: Vec<&'static str>,
        }
        let form = Form {
            name: "a b",
            skip: None,
            count: 2,
            tags: vec!["x"],
        };
        let request = Request::new(Method::POST, "/x".to_owned()).form(&form)?;
        let body = request
            .body
            .as_ref()
            .map(|b| (b.content_type, b.bytes.clone()));
        let expected = b"name=a+b&count=2&tags=%5B%22x%22%5D".to_vec();
        assert_eq!(body, Some(("application/x-www-form-urlencoded", expected)));

        let not_a_map = Request::new(Method::POST, "/x".to_owned()).form(&[1, 2]);
        assert!(matches!(not_a_map, Err(Error::Serialize(_))));
        Ok(())
    }

    fn response(body: &[u8]) -> Response {
        Response {
            status: 200,
            content_type: Some("application/json".to_owned()),
            headers: HeaderMap::new(),
            body: body.to_vec(),
            unread: None,
            method: "GET".to_owned(),
            path: "/looks/1".to_owned(),
            decode_limit: u64::MAX,
            api: &crate::api::TEST_API,
        }
    }

    #[test]
    fn response_decoding() -> Result<()> {
        let value: serde_json::Value = response(br#"{"id":"1"}"#).json()?;
        assert_eq!(value["id"], "1");
        assert_eq!(response(b"hi").text()?, "hi");
        assert_eq!(response(b"\x89PNG").bytes(), b"\x89PNG");
        let answer = response(b"");
        assert_eq!(
            (answer.status(), answer.content_type()),
            (200, Some("application/json"))
        );

        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Look {
            id: u32,
        }
        match response(br#"{"id":"not a number"}"#).json::<Look>() {
            Err(Error::Decode {
                status,
                path,
                excerpt,
                ..
            }) => {
                assert_eq!((status, path.as_str()), (200, "/looks/1"));
                assert_eq!(excerpt, r#"{"id":"not a number"}"#);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(
            response(b"\xff\xfe").text(),
            Err(Error::Decode { .. })
        ));
        Ok(())
    }
}
