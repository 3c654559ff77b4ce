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

use crate::answer::Answer;
use crate::client::{sending, Client, Sending};
use crate::error::{Error, Result};
use crate::query::QueryValue;
use crate::request::Request;
use crate::response::{Content, Response};
use crate::stream::ByteStream;

/// One API request, not sent yet: `.await` it for the result.
///
/// `T` is the result type; `D` says how the answer's body becomes a `T` (JSON by default; see
/// the other markers of this module). An argument that cannot be sent (a body that does not
/// serialize, a `..` path parameter) is reported by the `.await`, and nothing is sent. A call
/// borrows nothing, so its future can be spawned: `tokio::spawn(sdk.me().send())`.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T, D = Json> {
    sdk: Client,
    request: Result<Request>,
    decode: PhantomData<fn() -> (T, D)>,
}

/// Used by generated request builders (`looker_sdk_rtl::codegen`); not a stable API.
impl<T, D> Call<T, D> {
    /// The call of `request` through (a clone of) `sdk` (the runtime's client, or the handle of
    /// a crate that generated its own API), or of why it could not be built.
    #[doc(hidden)]
    pub fn new(sdk: &impl AsRef<Client>, request: Result<Request>) -> Self {
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

    /// The client and the request (or why it could not be built), for the other ways of
    /// sending a call (pages, byte streams).
    pub(crate) fn into_parts(self) -> (Client, Result<Request>) {
        (self.sdk, self.request)
    }

    /// Changes the request: the runtime's own options (headers, decoding as another type).
    pub(crate) fn map_request<U, E>(
        self,
        change: impl FnOnce(Request) -> Result<Request>,
    ) -> Call<U, E> {
        Call {
            sdk: self.sdk,
            request: self.request.and_then(change),
            decode: PhantomData,
        }
    }

    /// Sends the header `name: value` with this call, besides (or, for a name the SDK sends
    /// itself such as `accept`, instead of) the SDK's own headers. A name or value that HTTP
    /// cannot carry fails the call when it is awaited, naming the header but never its value.
    #[inline]
    pub fn header(self, name: &str, value: &str) -> Self {
        self.map_request(|request| request.header(name, value))
    }

    /// The answer with its status and headers: `.await` gives an [`Answer`] holding the
    /// decoded value.
    #[inline]
    pub fn with_response(self) -> Call<Answer<T>, WithResponse<D>> {
        self.map_request(Ok)
    }

    /// The answer's body as a stream of byte chunks, read from the network as it is consumed
    /// (flat memory, whatever the size). The request is sent, with the call's session, retries
    /// and errors, at the first poll; an answer that is not 2xx is the stream's one error item.
    #[inline]
    pub fn bytes_stream(self) -> ByteStream {
        ByteStream::new(self.sdk, self.request)
    }

    /// Streams the answer's body into `writer` (flushed at the end) and returns the number of
    /// bytes written: flat memory, whatever the size.
    ///
    /// # Errors
    ///
    /// The call's errors, and [`Error::Write`] when `writer` fails.
    #[inline]
    pub async fn write_to<W>(self, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized,
    {
        crate::stream::write_to(self.bytes_stream(), writer).await
    }

    /// Streams the answer's body into the file at `path` (created, or truncated) and returns the
    /// number of bytes written. The file is created only once Looker has answered with a 2xx
    /// status, and removed again when the transfer fails midway, so no partial file is left.
    ///
    /// # Errors
    ///
    /// The call's errors, and [`Error::Write`] when the file cannot be created or written.
    #[inline]
    pub async fn download_to(self, path: impl AsRef<std::path::Path>) -> Result<u64> {
        crate::stream::download(self.bytes_stream(), path.as_ref()).await
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
            Ok(request) => State::Sending(sending(self.sdk, request)),
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

/// The answer's status and headers with the value that `D` decodes: [`Call::with_response`].
#[derive(Clone, Copy, Debug)]
pub struct WithResponse<D>(PhantomData<fn() -> D>, std::convert::Infallible);

/// What a request builder's `with_response()` returns: a call whose `.await` gives an
/// [`Answer`] of the builder's result (`D` its decoder).
pub type Answered<T, D = Json> = Call<Answer<T>, WithResponse<D>>;

impl<T, D: Decode<T>> Decode<Answer<T>> for WithResponse<D> {
    fn decode(mut response: Response) -> Result<Answer<T>> {
        let status = response.status();
        let headers = response.take_headers();
        D::decode(response).map(|value| Answer::new(status, headers, value))
    }
}

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
/// here instead of ~500 copies in the generated files. Each option delegates to [`Call`]'s
/// method of the same name and is `#[inline]`, so only the ones a program uses are compiled.
#[doc(hidden)]
#[macro_export]
macro_rules! request_builder {
    ($builder:ident, $output:ty $(, $decoder:ty)? $(,)?) => {
        impl $builder {
            /// The future that sends the request and decodes the answer: what `.await` does.
            #[inline]
            pub fn send(self) -> $crate::call::CallFuture<$output $(, $decoder)?> {
                ::std::future::IntoFuture::into_future(self.0)
            }

            /// Sends the header `name: value` with this request (see [`Call::header`]).
            ///
            /// [`Call::header`]: $crate::Call::header
            #[inline]
            pub fn header(self, name: &str, value: &str) -> Self {
                Self(self.0.header(name, value))
            }

            /// The answer with its status and headers: `.await` gives an
            /// [`Answer`]($crate::Answer) holding the decoded value.
            #[inline]
            pub fn with_response(self) -> $crate::call::Answered<$output $(, $decoder)?> {
                self.0.with_response()
            }

            /// The answer's body as a stream of byte chunks, in flat memory
            /// (see [`Call::bytes_stream`]).
            ///
            /// [`Call::bytes_stream`]: $crate::Call::bytes_stream
            #[inline]
            pub fn bytes_stream(self) -> $crate::ByteStream {
                self.0.bytes_stream()
            }

            /// Streams the answer's body into `writer`; returns the bytes written
            /// (see [`Call::write_to`]).
            ///
            /// [`Call::write_to`]: $crate::Call::write_to
            #[inline]
            pub fn write_to<'w, W>(
                self,
                writer: &'w mut W,
            ) -> impl ::std::future::Future<Output = $crate::Result<u64>> + 'w
            where
                W: $crate::codegen::AsyncWrite + ::std::marker::Unpin + ::std::marker::Send + ?::std::marker::Sized,
            {
                self.0.write_to(writer)
            }

            /// Streams the answer's body into the file at `path`; returns the bytes written
            /// (see [`Call::download_to`]).
            ///
            /// [`Call::download_to`]: $crate::Call::download_to
            #[inline]
            pub fn download_to(
                self,
                path: impl ::std::convert::AsRef<::std::path::Path>,
            ) -> impl ::std::future::Future<Output = $crate::Result<u64>> {
                self.0.download_to(path)
            }

            /// This call's own timeout instead of the settings' `timeout` (each attempt,
            /// body included): `sdk.me().timeout(Duration::from_secs(5)).await`.
            #[inline]
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }
        }

        impl ::std::future::IntoFuture for $builder {
            type Output = $crate::Result<$output>;
            type IntoFuture = $crate::call::CallFuture<$output $(, $decoder)?>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
