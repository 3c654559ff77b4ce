//! What the stand-in answers: a status, headers and a body, after an optional delay.

use std::time::Duration;

/// One answer of the stand-in. Build it from what the operation answers: a model
/// ([`Reply::json`], checked by the SDK's strict decoding), Looker's error JSON
/// ([`Reply::error`], [`Reply::validation_error`]), text, bytes or a bare status; then add
/// headers (`X-Total-Count`, `Link`, `Retry-After`) and a delay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) delay: Duration,
}

impl Reply {
    /// `200 OK` with `value` as JSON: a generated model (`&models::User`), a `Vec` of them, or
    /// raw JSON (`&serde_json::json!(..)`). The SDK made by the stand-in decodes answers
    /// strictly, so JSON with a property the operation's model does not have, or a value of the
    /// wrong type, fails the call that reads it.
    ///
    /// # Panics
    ///
    /// When `value` cannot be written as JSON (a map with non-string keys).
    #[must_use]
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Reply {
        let body = serde_json::to_vec(value)
            .unwrap_or_else(|error| panic!("stand-in: the reply is not JSON: {error}"));
        Reply::bytes("application/json", body)
    }

    /// `200 OK` with `text` as `text/plain` (a `csv` or `sql` result, say: change the type
    /// with [`Reply::content_type`]).
    #[must_use]
    pub fn text(text: impl Into<String>) -> Reply {
        Reply::bytes("text/plain", text.into().into_bytes())
    }

    /// `200 OK` with `body` of media type `media_type` (`image/png`).
    #[must_use]
    pub fn bytes(media_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".to_owned(), media_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// `status` with no body (`204`, or a `202` of a task not done yet).
    #[must_use]
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// `status` with Looker's error JSON: `{"message": .., "documentation_url": ..}`.
    #[must_use]
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(&serde_json::json!({
            "message": message,
            "documentation_url": "https://cloud.google.com/looker/docs/",
        }))
        .with_status(status)
    }

    /// `422 Unprocessable Entity` with Looker's validation error JSON: `errors` are
    /// `(field, code, message)` (`("email", "duplicate", "is already taken")`).
    #[must_use]
    pub fn validation_error(message: &str, errors: &[(&str, &str, &str)]) -> Reply {
        let errors: Vec<_> = errors
            .iter()
            .map(|(field, code, message)| {
                serde_json::json!({"field": field, "code": code, "message": message})
            })
            .collect();
        Reply::json(&serde_json::json!({
            "message": message,
            "errors": errors,
            "documentation_url": "https://cloud.google.com/looker/docs/",
        }))
        .with_status(422)
    }

    /// `429 Too Many Requests` asking to wait `seconds` (`Retry-After`); the SDK's retry policy
    /// waits and tries again.
    #[must_use]
    pub fn too_many_requests(seconds: u32) -> Reply {
        Reply::error(429, "Too many requests").header("retry-after", &seconds.to_string())
    }

    /// The same reply with another status.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// The same reply with the header `name: value` added.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The same reply with another `Content-Type`.
    #[must_use]
    pub fn content_type(mut self, media_type: &str) -> Reply {
        self.headers.retain(|(name, _)| name != "content-type");
        self.header("content-type", media_type)
    }

    /// The same reply with `X-Total-Count: total`, as Looker sends with a page.
    #[must_use]
    pub fn total_count(self, total: u64) -> Reply {
        self.header("x-total-count", &total.to_string())
    }

    /// The same reply, sent after `delay` (to test timeouts and progress).
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// The same reply with its body gzip-compressed (`Content-Encoding: gzip`), as Looker
    /// compresses answers for a client that accepts it.
    #[must_use]
    pub fn gzip(mut self) -> Reply {
        self.body = crate::gzip_format::gzip(&self.body);
        self.header("content-encoding", "gzip")
    }

    /// The reply's status.
    #[must_use]
    pub fn status_code(&self) -> u16 {
        self.status
    }

    /// The reply's body.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The reply's headers, names in lower case.
    #[must_use]
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}
