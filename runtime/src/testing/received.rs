//! A request as the stand-in received it.

/// A request the stand-in received, with the operation it was routed to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Received {
    /// The operation's id (`search_users`); `None` for a path of no operation.
    pub operation: Option<&'static str>,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path below the API path (`/users/7`), as sent.
    pub path: String,
    /// The path parameters by the operation's template, decoded (`user_id` = `7`).
    pub params: Vec<(String, String)>,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The request's headers, names in lower case (`authorization` reads `[redacted]`).
    pub headers: Vec<(String, String)>,
    /// The `Content-Type` of the body, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The value of path parameter `name`, or else of query parameter `name`.
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .chain(&self.query)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The value of header `name` (any case), if it was sent.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON, if it is JSON.
    #[must_use]
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `GET /users/7?fields=id` (for messages).
    pub(crate) fn line(&self) -> String {
        let mut line = format!("{} {}", self.method, self.path);
        for (at, (name, value)) in self.query.iter().enumerate() {
            line.push(if at == 0 { '?' } else { '&' });
            line.push_str(&format!("{name}={value}"));
        }
        line
    }
}
