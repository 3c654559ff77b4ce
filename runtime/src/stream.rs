//! Answers consumed as they arrive: a byte stream, written to any `AsyncWrite` or to a file,
//! in flat memory whatever the size of the body.

use std::path::Path;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::Client;
use crate::client::{sending, Sending};
use crate::error::{Error, Result};
use crate::request::Request;
use crate::response::Unread;

/// The body of an answer as a [`Stream`] of byte chunks, read from the network as it is
/// consumed: what a request builder's `bytes_stream()` gives.
///
/// The request is sent at the first poll, with the session, retries and errors of any call.
/// A non-2xx answer is the stream's single error item; a connection lost midway is an error
/// item after the chunks received before it. The stream ends after an error.
#[must_use = "a stream does nothing until it is polled"]
pub struct ByteStream {
    state: State,
    /// The request's method and path, for errors.
    method: String,
    path: String,
    /// `base_url`'s scheme, host and port, for transport errors.
    origin: String,
    /// The answer's status, once it arrived (for errors).
    status: u16,
}

enum State {
    /// The request is being sent.
    Sending(Sending),
    /// Reading the body (inflating it when it is compressed).
    Reading(Unread),
    /// The request could not be built; the error is the first item.
    Failed(Error),
    Done,
}

impl ByteStream {
    pub(crate) fn new(sdk: Client, request: Result<Request>) -> Self {
        match request {
            Ok(request) => ByteStream {
                status: 0,
                method: request.method().to_string(),
                path: request.path_without_query().to_owned(),
                origin: sdk.api_root().origin().ascii_serialization(),
                state: State::Sending(sending(sdk, request.streamed())),
            },
            Err(error) => ByteStream {
                status: 0,
                state: State::Failed(error),
                method: String::new(),
                path: String::new(),
                origin: String::new(),
            },
        }
    }

    /// The body of `response`, an answer to a streamed request of `sdk` already received.
    #[cfg(feature = "wait")]
    pub(crate) fn answered(sdk: &Client, response: crate::response::Response) -> Self {
        let method = response.method.clone();
        let path = response.path.clone();
        let status = response.status;
        let state = match response.into_body() {
            Some(unread) => State::Reading(unread),
            None => State::Done,
        };
        ByteStream {
            state,
            status,
            method,
            path,
            origin: sdk.api_root().origin().ascii_serialization(),
        }
    }

    /// The error for a compressed body that does not inflate; the stream ends with it.
    fn broken(&mut self, source: std::io::Error) -> Error {
        self.state = State::Done;
        Error::Decode {
            status: self.status,
            method: self.method.clone(),
            path: self.path.clone(),
            excerpt: String::new(),
            source: Box::new(source),
        }
    }

    /// The next chunk: `None` at the end of the body (or after an error).
    pub(crate) async fn next_chunk(&mut self) -> Option<Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Sending(sending) => match ready!(sending.as_mut().poll(cx)) {
                    Ok(response) => {
                        this.status = response.status;
                        this.state = match response.into_body() {
                            Some(unread) => State::Reading(unread),
                            None => State::Done,
                        };
                    }
                    Err(error) => {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(error)));
                    }
                },
                State::Reading(unread) => {
                    if let Some(inflater) = &mut unread.inflater {
                        match inflater.next_piece() {
                            Ok(Some(piece)) => return Poll::Ready(Some(Ok(Bytes::from(piece)))),
                            Ok(None) => {}
                            Err(broken) => return Poll::Ready(Some(Err(this.broken(broken)))),
                        }
                    }
                    match ready!(Pin::new(&mut unread.body).poll_frame(cx)) {
                        None => {
                            let finished = unread.inflater.as_ref().map(|i| i.finish());
                            this.state = State::Done;
                            if let Some(Err(broken)) = finished {
                                return Poll::Ready(Some(Err(this.broken(broken))));
                            }
                        }
                        Some(Ok(frame)) => match frame.into_data() {
                            Ok(data) if !data.is_empty() => match &mut unread.inflater {
                                Some(inflater) => inflater.feed(&data),
                                None => return Poll::Ready(Some(Ok(data))),
                            },
                            // An empty chunk or trailers: nothing for the caller.
                            _ => {}
                        },
                        Some(Err(source)) => {
                            let error = Error::Transport {
                                method: this.method.clone(),
                                path: this.path.clone(),
                                origin: this.origin.clone(),
                                source: source.without_url(),
                            };
                            this.state = State::Done;
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                }
                State::Failed(_) => {
                    let State::Failed(error) = std::mem::replace(&mut this.state, State::Done)
                    else {
                        unreachable!("matched just above")
                    };
                    return Poll::Ready(Some(Err(error)));
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Sending(_) => "sending",
            State::Reading(_) => "reading",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("ByteStream").field("state", &state).finish()
    }
}

/// Writes every chunk of `stream` to `writer`, then flushes it; the bytes written.
pub(crate) async fn write_to<W>(mut stream: ByteStream, writer: &mut W) -> Result<u64>
where
    W: AsyncWrite + Unpin + Send + ?Sized,
{
    let mut written = 0;
    while let Some(chunk) = stream.next_chunk().await {
        written += write_chunk(&stream, writer, &chunk?, "the writer").await?;
    }
    flush(&stream, writer, "the writer").await?;
    Ok(written)
}

/// Writes the body to the file at `path`, created once the first chunk (or the end of an
/// empty body) arrived and removed again when the transfer fails.
pub(crate) async fn download(mut stream: ByteStream, path: &Path) -> Result<u64> {
    let first = stream.next_chunk().await.transpose()?;
    let target = path.display().to_string();
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(|source| write_error(&stream, &target, source))?;
    let copied = async {
        let mut written = 0;
        if let Some(chunk) = first {
            written += write_chunk(&stream, &mut file, &chunk, &target).await?;
        }
        while let Some(chunk) = stream.next_chunk().await {
            written += write_chunk(&stream, &mut file, &chunk?, &target).await?;
        }
        flush(&stream, &mut file, &target).await?;
        Ok(written)
    }
    .await;
    if copied.is_err() {
        drop(file);
        // Best effort: the error being reported matters more than a failed clean-up.
        let _ = tokio::fs::remove_file(path).await;
    }
    copied
}

async fn write_chunk<W>(
    stream: &ByteStream,
    writer: &mut W,
    chunk: &[u8],
    target: &str,
) -> Result<u64>
where
    W: AsyncWrite + Unpin + Send + ?Sized,
{
    writer
        .write_all(chunk)
        .await
        .map_err(|source| write_error(stream, target, source))?;
    Ok(chunk.len() as u64)
}

async fn flush<W>(stream: &ByteStream, writer: &mut W, target: &str) -> Result<()>
where
    W: AsyncWrite + Unpin + Send + ?Sized,
{
    writer
        .flush()
        .await
        .map_err(|source| write_error(stream, target, source))
}

fn write_error(stream: &ByteStream, target: &str, source: std::io::Error) -> Error {
    Error::Write {
        method: stream.method.clone(),
        path: stream.path.clone(),
        target: target.to_owned(),
        source,
    }
}
