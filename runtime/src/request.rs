//! A request as generated code describes it: method, path, query, headers, body, options.

use std::borrow::Cow;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::{Error, Result};
use crate::query::{form_encode, path_segment, QueryValue};

/// One API call: method, path relative to the API path (already encoded), query, optional body.
#[doc(hidden)]
#[derive(Clone)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Extra headers of the caller, sent after (and so replacing) the SDK's own.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    pub(crate) accept: &'static str,
    pub(crate) authenticated: bool,
    /// Why a query parameter cannot be sent (it failed to serialize): the request is refused.
    pub(crate) unsendable: Option<String>,
    /// The answer's body is handed over unread, to be streamed ([`Response::into_body`]).
    pub(crate) streamed: bool,
    /// Looker's `operationId`, for tracing (empty for the runtime's own requests).
    pub(crate) operation: &'static str,
    /// This call's timeout instead of the client's.
    pub(crate) timeout: Option<Duration>,
}

/// A request body with its content type.
#[derive(Clone)]
pub(crate) struct Body {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
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
    pub(crate) fn path_and_query(&self) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{json_path_segment, json_query};
    use reqwest::Method;

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
}
