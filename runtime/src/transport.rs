//! The exchange over HTTP: a [`Request`] sent to one Looker instance, its answer read.

use crate::api::ApiDescription;
use crate::error::{excerpt, ApiError, Error, Result};
use crate::request::Request;
use crate::response::{Response, Unread};
use crate::secret::Secret;

/// The `x-looker-appid` header and user agent: the SDK's name and version.
pub(crate) const APP_ID: &str = concat!("looker-sdk-rust/", env!("CARGO_PKG_VERSION"));

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
    /// Whether answers decode strictly ([`crate::de::Strictly`]): the test kit's clients only.
    strict_answers: bool,
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
            strict_answers: false,
            api,
        })
    }

    /// What generated code told the runtime about its API document.
    pub(crate) fn api(&self) -> &'static ApiDescription {
        self.api
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

    /// The same transport, decoding answers strictly (the test kit's clients).
    #[cfg(feature = "testing")]
    pub(crate) fn with_strict_answers(mut self) -> Self {
        self.strict_answers = true;
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
        if let Some(encodings) = crate::gzip::ACCEPT_ENCODING {
            builder = builder.header(reqwest::header::ACCEPT_ENCODING, encodings);
        }
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
        let encoding = headers
            .get(reqwest::header::CONTENT_ENCODING)
            .and_then(|value| value.to_str().ok());
        let inflater = crate::gzip::for_answer(encoding);
        let (body, unread) = if success && streamed {
            let body = reqwest::Body::from(answer);
            (Vec::new(), Some(Unread { body, inflater }))
        } else {
            let body = match read_body(&mut answer, self.max_body, inflater).await {
                Ok(body) => body,
                Err(BodyError::Transport(source)) => return Err(transport_error(source)),
                Err(BodyError::Broken(source)) => {
                    return Err(Error::Decode {
                        status,
                        method,
                        path,
                        excerpt: String::new(),
                        source: Box::new(source),
                    })
                }
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
            strict: self.strict_answers,
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

/// Why a body could not be read.
pub(crate) enum BodyError {
    Transport(reqwest::Error),
    /// Its compression is broken (not gzip, a wrong CRC, cut off).
    Broken(std::io::Error),
    /// Longer than allowed; holds what was read.
    TooLarge(Vec<u8>),
}

/// Reads the body of `answer`, inflated by `inflater` when it is compressed, failing as soon as
/// it is known to exceed `limit` bytes (at once when an uncompressed body's `Content-Length`
/// says so; a compressed one is counted as it inflates).
pub(crate) async fn read_body(
    answer: &mut reqwest::Response,
    limit: u64,
    mut inflater: Option<crate::gzip::Inflater>,
) -> Result<Vec<u8>, BodyError> {
    let announced = answer.content_length().filter(|_| inflater.is_none());
    let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit).min(1 << 20) as usize);
    // An announced length past the limit fails after the first chunk, kept for the excerpt.
    let too_long = |body: &Vec<u8>| {
        body.len() as u64 > limit || announced.is_some_and(|length| length > limit)
    };
    while let Some(chunk) = answer.chunk().await.map_err(BodyError::Transport)? {
        let Some(inflater) = &mut inflater else {
            body.extend_from_slice(&chunk);
            if too_long(&body) {
                return Err(BodyError::TooLarge(body));
            }
            continue;
        };
        inflater.feed(&chunk);
        while let Some(piece) = inflater.next_piece().map_err(BodyError::Broken)? {
            body.extend_from_slice(&piece);
            if too_long(&body) {
                return Err(BodyError::TooLarge(body));
            }
        }
    }
    if let Some(inflater) = &inflater {
        inflater.finish().map_err(BodyError::Broken)?;
    }
    Ok(body)
}
