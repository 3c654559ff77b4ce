//! The seam between the runtime and generated code: what a generated API tells the runtime about
//! its document. Generated code defines one `static API: ApiDescription` and hands it to
//! [`Client::new`](crate::Client::new); the runtime reads every fact of the document from it and
//! from nowhere else, so the same runtime serves this SDK and any crate that generates its own
//! API (another document, another instance's).

/// One operation of the document: what the test kit matches requests by, and what long-running
/// work and tracing name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Looker's `operationId` (`create_connection`).
    pub id: &'static str,
    /// The HTTP method, upper case (`POST`).
    pub method: &'static str,
    /// The path template below the API path (`/connections/{connection_name}`).
    pub path: &'static str,
}

impl Operation {
    /// The values of the path parameters when `path` (below the API path, percent-encoded, no
    /// query) is this operation's path template filled in: `(name, value as sent)`, in order.
    #[must_use]
    pub fn path_params<'p>(&self, path: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
        let mut parts = self.path.trim_start_matches('/').split('/');
        let mut segments = path.trim_start_matches('/').split('/');
        let mut params = Vec::new();
        loop {
            match (parts.next(), segments.next()) {
                (None, None) => return Some(params),
                (Some(part), Some(segment)) => {
                    match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                        Some(name) if !segment.is_empty() => params.push((name, segment)),
                        None if part == segment => {}
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// The template's path with each `{name}` replaced by `values`' (already encoded) value;
    /// `None` when one is missing.
    #[cfg(feature = "wait")]
    pub(crate) fn fill(&self, values: &[(&str, &str)]) -> Option<String> {
        let mut path = String::new();
        for part in self.path.trim_start_matches('/').split('/') {
            path.push('/');
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    let (_, value) = values.iter().find(|(key, _)| *key == name)?;
                    path.push_str(value);
                }
                None => path.push_str(part),
            }
        }
        Some(path)
    }
}

/// What a generated API tells the runtime about its document.
#[derive(Debug)]
pub struct ApiDescription {
    path: &'static str,
    text_media: fn(&str) -> bool,
    operations: &'static [Operation],
    secret_fields: &'static [&'static str],
}

impl ApiDescription {
    /// The description generated code writes (`looker_sdk_rtl::codegen`); not a stable API.
    #[doc(hidden)]
    #[must_use]
    pub const fn new(
        path: &'static str,
        text_media: fn(&str) -> bool,
        operations: &'static [Operation],
        secret_fields: &'static [&'static str],
    ) -> Self {
        ApiDescription {
            path,
            text_media,
            operations,
            secret_fields,
        }
    }

    /// The path of the API below the instance's `base_url` (`/api/4.0`).
    #[must_use]
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// Whether an answer of media type `essence` (lower case, without parameters) is text, by
    /// the generator's media table.
    #[must_use]
    pub fn is_text_media(&self, essence: &str) -> bool {
        (self.text_media)(essence)
    }

    /// The document's operations, in the document's order.
    #[must_use]
    pub fn operations(&self) -> &'static [Operation] {
        self.operations
    }

    /// The operation `id`, if the document has it.
    #[must_use]
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|operation| operation.id == id)
    }

    /// The JSON property names the document marks as secret (passwords, certificates,
    /// write-only fields), sorted: what must never be logged or recorded.
    #[must_use]
    pub fn secret_fields(&self) -> &'static [&'static str] {
        self.secret_fields
    }
}

/// The handle generated code defines around a [`Client`](crate::Client) (`LookerSdk`): what
/// code that works with any generated API, such as the test kit, builds one from.
pub trait Sdk: Sized {
    /// What generated code tells the runtime about its API document (its `API`).
    fn api() -> &'static ApiDescription;

    /// The handle around `client`, a client of [`Sdk::api`].
    fn from_client(client: crate::Client) -> Self;
}

/// The description the runtime's own tests use: the API path of Looker's 4.0 documents and the
/// generator's media table.
#[cfg(test)]
pub(crate) static TEST_API: ApiDescription = ApiDescription::new(
    "/api/4.0",
    |essence| {
        essence == "application/json"
            || essence.ends_with("+json")
            || essence.starts_with("text/")
            || essence.ends_with("+xml")
    },
    &[Operation {
        id: "create_connection",
        method: "POST",
        path: "/connections",
    }],
    &["certificate", "password"],
);

/// A client of [`TEST_API`].
#[cfg(test)]
pub(crate) fn test_client(settings: crate::ApiSettings) -> crate::Result<crate::Client> {
    crate::Client::new(settings, &TEST_API)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_answers_from_what_generated_code_gave() {
        assert_eq!(TEST_API.path(), "/api/4.0");
        assert!(TEST_API.is_text_media("text/csv") && !TEST_API.is_text_media("image/png"));
        let operation = TEST_API.operation("create_connection").expect("listed");
        assert_eq!((operation.method, operation.path), ("POST", "/connections"));
        assert!(TEST_API.operation("nope").is_none());
        assert_eq!(TEST_API.secret_fields(), ["certificate", "password"]);
    }

    #[test]
    fn a_template_is_matched_segment_by_segment() {
        let op = Operation {
            id: "user",
            method: "GET",
            path: "/users/{user_id}/roles",
        };
        assert_eq!(
            op.path_params("/users/a%2Fb/roles"),
            Some(vec![("user_id", "a%2Fb")])
        );
        assert_eq!(op.path_params("/users//roles"), None);
        assert_eq!(op.path_params("/users/7"), None);
        assert_eq!(op.path_params("/users/7/roles/x"), None);
    }

    #[cfg(feature = "wait")]
    #[test]
    fn a_template_is_filled_segment_by_segment() {
        let op = Operation {
            id: "user",
            method: "GET",
            path: "/users/{user_id}/roles",
        };
        assert_eq!(
            op.fill(&[("user_id", "7")]).as_deref(),
            Some("/users/7/roles")
        );
        assert_eq!(op.fill(&[]), None);
    }
}
