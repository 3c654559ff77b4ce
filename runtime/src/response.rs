//! The answer: a 2xx [`Response`] read (or handed over unread, to be streamed), decoded as
//! JSON within the memory budget, as text, or as [`Content`] by its media type.

use reqwest::header::HeaderMap;

use crate::api::ApiDescription;
use crate::error::{excerpt, Error, Result};

/// Whether a `Content-Type` names JSON (`application/json`, `…+json`).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// An answer's body not read yet (a streamed request's), with its inflater when it is
/// compressed.
pub(crate) struct Unread {
    pub(crate) body: reqwest::Body,
    pub(crate) inflater: Option<crate::gzip::Inflater>,
}

/// A 2xx answer, read completely unless its request was `Request::streamed`. Public only so
/// that [`crate::call::Decode`] can name it; nothing outside the crate can build it. The
/// transport builds it field by field.
pub struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The body not read yet, for a streamed request (then `body` is empty).
    pub(crate) unread: Option<Unread>,
    pub(crate) method: String,
    pub(crate) path: String,
    /// The most memory the body may decode to, in bytes ([`crate::budget`]).
    pub(crate) decode_limit: u64,
    /// Whether models refuse properties they do not have (the test kit's clients).
    pub(crate) strict: bool,
    /// The facts of the API document (its media table, for [`Response::content`]).
    pub(crate) api: &'static ApiDescription,
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
            strict: false,
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
    pub(crate) fn into_body(self) -> Option<Unread> {
        self.unread
    }

    /// Decodes the JSON body; an empty body (a 204) reads as `null`. A body of another shape
    /// is an [`Error::Decode`] with an excerpt; one that would decode to more memory than
    /// allowed an [`Error::DecodedTooLarge`].
    #[doc(hidden)]
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        let budget = crate::budget::Budget::new(self.decode_limit);
        let strictly = self.strict.then(crate::de::Strictly::begin);
        let decoded = if self.is_empty() {
            T::deserialize(serde_json::Value::Null)
        } else {
            crate::budget::from_slice(&self.body, &budget)
        };
        drop(strictly);
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

#[cfg(test)]
mod tests {
    use super::*;

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
            strict: false,
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
