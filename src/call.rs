//! A request of the API, then its answer decoded: [`Call`] and the future it becomes.
//!
//! Every generated request builder is a newtype of a `Call`: the request is built when the
//! method is called, optional parameters are set on it, and `.await` turns it into a
//! [`CallFuture`]. One non-generic future sends every request; decoding into the method's result
//! type happens in [`CallFuture`]'s generic `poll`, so it is compiled only for the methods a
//! program awaits. This keeps the ~500 generated methods cheap to compile: each is a plain
//! function that builds a request, not an `async fn` with a state machine of its own.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::LookerSdk;
use crate::error::{Error, Result};
use crate::request::{Content, QueryValue, Request, Response};

/// One API request, not sent yet: `.await` it for the result.
///
/// `T` is the result type; `D` says how the answer's body becomes a `T` (JSON by default; see
/// the other markers of this module). An argument that cannot be sent (a body that does not
/// serialize, a `..` path parameter) is reported by the `.await`, and nothing is sent. A call
/// borrows nothing, so its future can be spawned: `tokio::spawn(sdk.me().send())`.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T, D = Json> {
    sdk: LookerSdk,
    request: Result<Request>,
    decode: PhantomData<fn() -> (T, D)>,
}

/// Used by generated request builders (`looker_sdk::codegen`); not a stable API.
impl<T, D> Call<T, D> {
    /// The call of `request` through (a clone of) `sdk` (the runtime's client, or the handle of
    /// a crate that generated its own API), or of why it could not be built.
    #[doc(hidden)]
    pub fn new(sdk: &impl AsRef<LookerSdk>, request: Result<Request>) -> Self {
        Call {
            sdk: sdk.as_ref().clone(),
            request,
            decode: PhantomData,
        }
    }

    /// Sets a query parameter (a request builder's setter).
    #[doc(hidden)]
    pub fn query(mut self, name: &'static str, value: impl QueryValue) -> Self {
        self.request = self.request.map(|request| request.query(name, value));
        self
    }

    /// Sets a JSON body (an optional body's setter).
    #[doc(hidden)]
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request = self.request.and_then(|request| request.json(body));
        self
    }

    /// Sets a form body (an optional body's setter).
    #[doc(hidden)]
    pub fn form<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request = self.request.and_then(|request| request.form(body));
        self
    }

    /// Sets a text body (an optional body's setter).
    #[doc(hidden)]
    pub fn text(mut self, body: String) -> Self {
        self.request = self.request.map(|request| request.text(body));
        self
    }

    /// Gives this call its own timeout instead of the settings' `timeout`: each attempt must
    /// be answered, body included, within `timeout`, or it fails with
    /// [`Error::Transport`] (`timed out`).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.request = self.request.map(|request| request.timeout(timeout));
        self
    }
}

impl<T, D: Decode<T>> IntoFuture for Call<T, D> {
    type Output = Result<T>;
    type IntoFuture = CallFuture<T, D>;

    fn into_future(self) -> CallFuture<T, D> {
        let state = match self.request {
            Ok(request) => {
                let sdk = self.sdk;
                State::Sending(Box::pin(async move { sdk.send(request).await }))
            }
            Err(error) => State::Failed(Some(error)),
        };
        CallFuture {
            state,
            decode: PhantomData,
        }
    }
}

impl<T, D> std::fmt::Debug for Call<T, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let request = if self.request.is_ok() {
            "ready"
        } else {
            "failed"
        };
        f.debug_struct("Call").field("request", &request).finish()
    }
}

/// A [`Call`] in flight: the request being sent, then its answer decoded.
#[must_use = "a future does nothing until it is awaited"]
pub struct CallFuture<T, D = Json> {
    state: State,
    decode: PhantomData<fn() -> (T, D)>,
}

/// The send future shared by all calls: one type, so compiled once.
type Sending = Pin<Box<dyn Future<Output = Result<Response>> + Send>>;

enum State {
    Sending(Sending),
    /// The request could not be built; the error is handed out by the first poll.
    Failed(Option<Error>),
}

impl<T, D: Decode<T>> Future for CallFuture<T, D> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().state {
            State::Sending(sending) => sending
                .as_mut()
                .poll(cx)
                .map(|answer| answer.and_then(D::decode)),
            State::Failed(error) => match error.take() {
                Some(error) => Poll::Ready(Err(error)),
                None => panic!("`CallFuture` polled after it completed"),
            },
        }
    }
}

impl<T, D> std::fmt::Debug for CallFuture<T, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Sending(_) => "sending",
            State::Failed(_) => "failed",
        };
        f.debug_struct("CallFuture").field("state", &state).finish()
    }
}

/// How a [`Call`] turns a successful answer into a `T`. Implemented by this module's markers
/// (and, for result enums by status, by generated code); not meant to be implemented elsewhere.
pub trait Decode<T> {
    /// Decodes a 2xx answer.
    #[doc(hidden)]
    fn decode(response: Response) -> Result<T>;
}

/// A JSON body. An empty body (a 204) reads as `null`, so `Option<T>` results are `None`.
#[derive(Clone, Copy, Debug)]
pub enum Json {}

/// No body: the answer's body, if any, is ignored.
#[derive(Clone, Copy, Debug)]
pub enum NoBody {}

/// A text body (`text/plain` and the like).
#[derive(Clone, Copy, Debug)]
pub enum Text {}

/// A binary body (images, PDF).
#[derive(Clone, Copy, Debug)]
pub enum Bytes {}

/// A body in one of several media types, text or binary as its `Content-Type` says.
#[derive(Clone, Copy, Debug)]
pub enum AnyContent {}

/// Different payloads by HTTP status: decoded by the generated result enum.
#[derive(Clone, Copy, Debug)]
pub enum ByStatus {}

impl<T: serde::de::DeserializeOwned> Decode<T> for Json {
    fn decode(response: Response) -> Result<T> {
        response.json()
    }
}

impl Decode<()> for NoBody {
    fn decode(_: Response) -> Result<()> {
        Ok(())
    }
}

impl Decode<String> for Text {
    fn decode(response: Response) -> Result<String> {
        response.text()
    }
}

impl Decode<Vec<u8>> for Bytes {
    fn decode(response: Response) -> Result<Vec<u8>> {
        Ok(response.bytes())
    }
}

impl Decode<Content> for AnyContent {
    fn decode(response: Response) -> Result<Content> {
        Ok(response.content())
    }
}

/// Text, bytes or content when the answer has a body, `None` when it has none (a 204).
macro_rules! optional_decode {
    ($($marker:ty => $t:ty),*) => {$(
        impl Decode<Option<$t>> for $marker {
            fn decode(response: Response) -> Result<Option<$t>> {
                if response.is_empty() {
                    Ok(None)
                } else {
                    <$marker as Decode<$t>>::decode(response).map(Some)
                }
            }
        }
    )*};
}
optional_decode!(Text => String, Bytes => Vec<u8>, AnyContent => Content);

/// What every generated request builder has, whatever its operation: `send`, `IntoFuture`
/// and the per-call options (`timeout`). Generated code invokes it as
/// `rt::request_builder!(Builder, Output[, Decoder]);` on a newtype of [`Call`]; one definition
/// here instead of ~500 copies in the generated files.
#[doc(hidden)]
#[macro_export]
macro_rules! request_builder {
    ($builder:ident, $output:ty $(, $decoder:ty)?) => {
        impl $builder {
            /// The future that sends the request and decodes the answer: what `.await` does.
            pub fn send(self) -> $crate::call::CallFuture<$output $(, $decoder)?> {
                ::std::future::IntoFuture::into_future(self.0)
            }

            /// This call's own timeout instead of the settings' `timeout` (each attempt,
            /// body included): `sdk.me().timeout(Duration::from_secs(5)).await`.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }
        }

        impl ::std::future::IntoFuture for $builder {
            type Output = $crate::Result<$output>;
            type IntoFuture = $crate::call::CallFuture<$output $(, $decoder)?>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
