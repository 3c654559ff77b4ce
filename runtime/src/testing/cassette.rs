//! Cassettes: exchanges with a real instance, recorded with secrets redacted, replayed in order.
//!
//! A cassette is pretty-printed JSON, one object per exchange, so that it diffs well when it is
//! recorded again:
//!
//! ```json
//! {
//!   "cassette": "looker-sdk-rtl/1",
//!   "api_path": "/api/4.0",
//!   "exchanges": [
//!     {
//!       "operation": "search_users",
//!       "method": "GET",
//!       "path": "/users/search",
//!       "query": {"email": "ada@example.com"},
//!       "status": 200,
//!       "headers": {"content-type": "application/json"},
//!       "answer": {"json": [{"id": "7"}]}
//!     }
//!   ]
//! }
//! ```
//!
//! Bodies are `{"json": ..}`, `{"text": ".."}` or `{"base64": ".."}`; a request body is under
//! `"request"`. Logging in and out is never recorded, nor any header but those listed in
//! [`KEPT_HEADERS`]; every property and query parameter named as a secret is `"[redacted]"`.

use std::path::Path;

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::received::Received;
use super::reply::Reply;
use super::state::Replay;
use crate::api::ApiDescription;

/// The format's name and version, the cassette's first property.
const FORMAT: &str = "looker-sdk-rtl/1";

/// What a redacted value reads in a cassette.
pub(crate) const REDACTED: &str = "[redacted]";

/// The answer headers a cassette keeps: what the SDK reads of an answer.
pub(crate) const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "content-disposition",
    "x-total-count",
    "link",
    "retry-after",
];

/// The last words of names that are secret whatever the document says (for `raw` calls): the
/// generator's rule for the document's properties too (`client_secret`, `access_token`).
const SECRET_LAST_WORDS: &[&str] = &["password", "secret", "token", "certificate"];

/// A body of a request or answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    Empty,
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
}

impl Body {
    /// `bytes` of media type `content_type`, as a cassette keeps them.
    pub(crate) fn of(bytes: &[u8], content_type: Option<&str>, api: &ApiDescription) -> Body {
        if bytes.is_empty() {
            return Body::Empty;
        }
        let essence = content_type
            .and_then(|media| media.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if essence.contains("json") {
            if let Ok(value) = serde_json::from_slice(bytes) {
                return Body::Json(value);
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(text) if api.is_text_media(&essence) || essence.is_empty() => {
                Body::Text(text.to_owned())
            }
            _ => Body::Bytes(bytes.to_vec()),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        match self {
            Body::Empty => Vec::new(),
            Body::Json(value) => serde_json::to_vec(value).unwrap_or_default(),
            Body::Text(text) => text.clone().into_bytes(),
            Body::Bytes(bytes) => bytes.clone(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Body::Empty => Value::Null,
            Body::Json(value) => json!({ "json": value }),
            Body::Text(text) => json!({ "text": text }),
            Body::Bytes(bytes) => {
                json!({ "base64": base64::engine::general_purpose::STANDARD.encode(bytes) })
            }
        }
    }

    fn from_json(value: Option<&Value>, at: &str) -> Result<Body, String> {
        let Some(value) = value.filter(|value| !value.is_null()) else {
            return Ok(Body::Empty);
        };
        if let Some(json) = value.get("json") {
            return Ok(Body::Json(json.clone()));
        }
        if let Some(text) = value.get("text").and_then(Value::as_str) {
            return Ok(Body::Text(text.to_owned()));
        }
        let encoded = value.get("base64").and_then(Value::as_str);
        let decoded = encoded.map(|text| base64::engine::general_purpose::STANDARD.decode(text));
        match decoded {
            Some(Ok(bytes)) => Ok(Body::Bytes(bytes)),
            Some(Err(error)) => Err(format!("{at}/base64: {error}")),
            None => Err(format!(
                "{at}: expected {{\"json\"|\"text\"|\"base64\": ..}}"
            )),
        }
    }

    /// The same body with every secret property `"[redacted]"`.
    fn redacted(mut self, api: &ApiDescription) -> Body {
        if let Body::Json(value) = &mut self {
            redact(value, api);
        }
        self
    }
}

/// Whether a property or parameter named `name` holds a secret: one the document marks
/// (passwords, certificates, write-only fields) or one whose last word is a secret's
/// (`password`, `secret`, `token`, `certificate`, in any case: `clientSecret` too).
pub(crate) fn is_secret(name: &str, api: &ApiDescription) -> bool {
    api.secret_fields().binary_search(&name).is_ok()
        || SECRET_LAST_WORDS
            .iter()
            .any(|word| last_word(name).eq_ignore_ascii_case(word))
}

/// The last word of `name` in snake, kebab or camel case.
fn last_word(name: &str) -> &str {
    let start = name
        .char_indices()
        .rev()
        .find(|&(at, c)| {
            !c.is_ascii_alphanumeric()
                || (c.is_ascii_uppercase()
                    && name[..at].ends_with(|p: char| p.is_ascii_lowercase()))
        })
        .map_or(0, |(at, c)| {
            if c.is_ascii_alphanumeric() {
                at
            } else {
                at + c.len_utf8()
            }
        });
    &name[start..]
}

/// `value` with every secret text, at any depth, replaced by `"[redacted]"` (flags such as
/// `has_password` stay: no secret is a flag, and the replayed answer must still decode).
pub(crate) fn redact(value: &mut Value, api: &ApiDescription) {
    match value {
        Value::Object(map) => {
            for (name, value) in map.iter_mut() {
                match value {
                    Value::String(text) if is_secret(name, api) && !text.is_empty() => {
                        *text = REDACTED.to_owned();
                    }
                    _ => redact(value, api),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact(item, api)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TEST_API;

    #[test]
    fn secrets_are_known_by_the_document_or_by_their_last_word() {
        for name in [
            "password",
            "certificate",
            "client_secret",
            "access_token",
            "clientSecret",
            "x-api-token",
        ] {
            assert!(is_secret(name, &TEST_API), "{name}");
        }
        for name in ["token_type", "tokens", "secretive", "name", "Token_count"] {
            assert!(!is_secret(name, &TEST_API), "{name}");
        }
    }

    #[test]
    fn redaction_replaces_secret_texts_at_any_depth_and_keeps_flags() {
        let mut value = serde_json::json!({
            "password": "p", "has_password": true, "nested": [{"api_token": "t", "port": 1}],
            "empty_secret": "", "name": "n"
        });
        redact(&mut value, &TEST_API);
        assert_eq!(
            value,
            serde_json::json!({
                "password": "[redacted]", "has_password": true,
                "nested": [{"api_token": "[redacted]", "port": 1}], "empty_secret": "", "name": "n"
            })
        );
    }
}

/// One recorded exchange: a request and its answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Exchange {
    pub(crate) operation: Option<String>,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) request: Body,
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) answer: Body,
}

impl Exchange {
    /// The exchange of `request` and its answer, redacted.
    pub(crate) fn recorded(request: &Received, reply: &Reply, api: &ApiDescription) -> Exchange {
        let answer_type = reply
            .headers
            .iter()
            .find(|(name, _)| name == "content-type")
            .map(|(_, value)| value.as_str());
        Exchange {
            operation: request.operation.map(str::to_owned),
            method: request.method.clone(),
            path: request.path.clone(),
            query: redacted_query(&request.query, api),
            request: Body::of(&request.body, request.content_type.as_deref(), api).redacted(api),
            status: reply.status,
            headers: reply.headers.clone(),
            answer: Body::of(&reply.body, answer_type, api).redacted(api),
        }
    }

    /// `GET /users/search?email=..` (for messages).
    pub(crate) fn line(&self) -> String {
        let received = Received {
            operation: None,
            method: self.method.clone(),
            path: self.path.clone(),
            params: Vec::new(),
            query: self.query.clone(),
            headers: Vec::new(),
            content_type: None,
            body: Vec::new(),
        };
        received.line()
    }

    fn reply(&self) -> Reply {
        let mut reply = Reply::status(self.status);
        reply.headers.clone_from(&self.headers);
        reply.body = self.answer.bytes();
        reply
    }

    fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("operation".into(), json!(self.operation));
        object.insert("method".into(), json!(self.method));
        object.insert("path".into(), json!(self.path));
        object.insert("query".into(), pairs_to_json(&self.query));
        if self.request != Body::Empty {
            object.insert("request".into(), self.request.to_json());
        }
        object.insert("status".into(), json!(self.status));
        object.insert("headers".into(), pairs_to_json(&self.headers));
        object.insert("answer".into(), self.answer.to_json());
        Value::Object(object)
    }

    fn from_json(value: &Value, at: &str) -> Result<Exchange, String> {
        let text = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("{at}/{name}: expected a string"))
        };
        let pairs = |name: &str| pairs_from_json(value.get(name), &format!("{at}/{name}"));
        let status = value
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|status| u16::try_from(status).ok())
            .filter(|status| (100..=599).contains(status))
            .ok_or_else(|| format!("{at}/status: expected an HTTP status"))?;
        Ok(Exchange {
            operation: value
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            method: text("method")?,
            path: text("path")?,
            query: pairs("query")?,
            request: Body::from_json(value.get("request"), &format!("{at}/request"))?,
            status,
            headers: pairs("headers")?,
            answer: Body::from_json(value.get("answer"), &format!("{at}/answer"))?,
        })
    }
}

/// `{"name": "value", ..}`, one property a line in the file; a name given more than once has
/// an array of its values.
fn pairs_to_json(pairs: &[(String, String)]) -> Value {
    let mut object = Map::new();
    for (name, value) in pairs {
        match object.get_mut(name) {
            None => {
                object.insert(name.clone(), Value::String(value.clone()));
            }
            Some(Value::Array(values)) => values.push(Value::String(value.clone())),
            Some(first) => *first = json!([first.take(), value]),
        }
    }
    Value::Object(object)
}

/// The pairs of [`pairs_to_json`]'s object (none when absent).
fn pairs_from_json(value: Option<&Value>, at: &str) -> Result<Vec<(String, String)>, String> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok(Vec::new());
    };
    let object = value
        .as_object()
        .ok_or_else(|| format!("{at}: expected an object of strings"))?;
    let mut pairs = Vec::new();
    for (name, value) in object {
        let values = match value {
            Value::Array(values) => values.iter().collect(),
            single => vec![single],
        };
        for value in values {
            let text = value
                .as_str()
                .ok_or_else(|| format!("{at}/{name}: expected a string"))?;
            pairs.push((name.clone(), text.to_owned()));
        }
    }
    Ok(pairs)
}

/// `query` with the values of secret parameters redacted.
fn redacted_query(query: &[(String, String)], api: &ApiDescription) -> Vec<(String, String)> {
    query
        .iter()
        .map(|(name, value)| {
            let value = if is_secret(name, api) {
                REDACTED
            } else {
                value
            };
            (name.clone(), value.to_owned())
        })
        .collect()
}

/// The exchanges of one cassette file.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Cassette {
    pub(crate) exchanges: Vec<Exchange>,
}

impl Cassette {
    /// The cassette in `text` (of the file `file`, for errors).
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Cassette, String> {
        let file = file.display();
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("cassette {file}: not JSON: {e}"))?;
        if value.get("cassette").and_then(Value::as_str) != Some(FORMAT) {
            return Err(format!("cassette {file}: /cassette: expected \"{FORMAT}\""));
        }
        let exchanges = value
            .get("exchanges")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("cassette {file}: /exchanges: expected an array"))?;
        let exchanges = exchanges
            .iter()
            .enumerate()
            .map(|(at, exchange)| Exchange::from_json(exchange, &format!("/exchanges/{at}")))
            .collect::<Result<_, _>>()
            .map_err(|error| format!("cassette {file}: {error}"))?;
        Ok(Cassette { exchanges })
    }

    /// The cassette as its file holds it.
    pub(crate) fn to_text(&self, api: &ApiDescription) -> String {
        let exchanges: Vec<Value> = self.exchanges.iter().map(Exchange::to_json).collect();
        let value = json!({"cassette": FORMAT, "api_path": api.path(), "exchanges": exchanges});
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The reply to `request` from the next exchange of `replay`, or what does not match.
pub(crate) fn replay(
    replay: &mut Replay,
    request: &Received,
    api: &ApiDescription,
) -> Result<Reply, String> {
    let number = replay.next + 1;
    let Some(expected) = replay.cassette.exchanges.get(replay.next) else {
        let line = request.line();
        return Err(format!(
            "replay: {line} came after the cassette's last exchange"
        ));
    };
    let got = Exchange::recorded(request, &Reply::status(expected.status), api);
    let differences = [
        (
            expected.method != got.method || expected.path != got.path,
            "method and path",
        ),
        (expected.query != got.query, "query"),
        (expected.request != got.request, "body"),
    ];
    let differ: Vec<&str> = differences.iter().filter(|d| d.0).map(|d| d.1).collect();
    if !differ.is_empty() {
        let (expected_line, got_line) = (expected.line(), got.line());
        return Err(format!(
            "replay: exchange {number} expected {expected_line}, got {got_line} (they differ in {})",
            differ.join(", ")
        ));
    }
    replay.next += 1;
    Ok(expected.reply())
}
