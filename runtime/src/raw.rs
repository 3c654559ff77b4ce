//! The escape hatch: a call to any path of the API, for an endpoint this SDK's document does
//! not have (a newer Looker release's), with the session, retries and errors of every call.

use std::borrow::Cow;

use reqwest::Method;

use crate::call::{Bytes, Call, Text};
use crate::client::Client;
use crate::request::Request;

/// A request to any path of the API, built by [`Client::raw`]: set its query, body and
/// headers, then `.await` it for the answer as a `serde_json::Value`, or choose another
/// result with [`decode`](RawRequest::decode), [`text`](RawRequest::text) or
/// [`bytes`](RawRequest::bytes). Like every request builder it has `header`,
/// `with_response`, `bytes_stream`, `write_to` and `download`.
///
/// ```no_run
/// # async fn run(sdk: looker_sdk_rtl::Client) -> looker_sdk_rtl::Result<()> {
/// use reqwest::Method;
/// let models: serde_json::Value = sdk
///     .raw(Method::GET, "/new_endpoint")
///     .query("fields", "id,name")
///     .await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct RawRequest(Call<serde_json::Value>);

impl Client {
    /// A request `method path`, `path` relative to the API root (`/api/4.0`) and sent as
    /// given (encode its segments yourself). A path with a `.` or `..` segment is refused
    /// when the request is awaited.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest(Call::new(self, Ok(Request::new(method, path.into()))))
    }
}

impl RawRequest {
    /// Sets the query parameter `name` (encoded when sent), replacing an earlier value.
    pub fn query(self, name: impl Into<String>, value: impl ToString) -> Self {
        let name = Cow::Owned(name.into());
        let value = Some(value.to_string());
        RawRequest(
            self.0
                .map_request(|request| Ok(request.query_named(name, value))),
        )
    }

    /// Sends `body` as JSON (`application/json`).
    pub fn json<B: serde::Serialize + ?Sized>(self, body: &B) -> Self {
        RawRequest(self.0.json(body))
    }

    /// Sends `body` as a form (`application/x-www-form-urlencoded`) of its fields.
    pub fn form<B: serde::Serialize + ?Sized>(self, body: &B) -> Self {
        RawRequest(self.0.form(body))
    }

    /// Sends `body` as `text/plain`.
    pub fn text_body(self, body: impl Into<String>) -> Self {
        RawRequest(self.0.text(body.into()))
    }

    /// Decodes the JSON answer as a `T` (an empty answer reads as `null`, so `Option<T>` is
    /// `None` for a 204).
    pub fn decode<T: serde::de::DeserializeOwned>(self) -> Call<T> {
        self.0.map_request(Ok)
    }

    /// The answer as text, whatever its media type (`Accept: */*`).
    pub fn text(self) -> Call<String, Text> {
        self.0.map_request(|request| Ok(request.accept("*/*")))
    }

    /// The answer's bytes, whatever its media type (`Accept: */*`).
    pub fn bytes(self) -> Call<Vec<u8>, Bytes> {
        self.0.map_request(|request| Ok(request.accept("*/*")))
    }
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RawRequest").field(&self.0).finish()
    }
}

crate::request_builder!(RawRequest, serde_json::Value);
