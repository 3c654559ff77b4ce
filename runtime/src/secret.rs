//! A string that must never be printed: client secrets and access tokens.

use std::fmt;

/// A secret string (a client secret, an access token).
///
/// `Debug` and `Display` print `<redacted>` instead of the value; call
/// [`Secret::expose`] to read it deliberately.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the secret value. Take care not to log it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"<redacted>\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_are_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(\"<redacted>\")");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(
            format!("{:#?}", Some(&secret)),
            "Some(\n    Secret(\"<redacted>\"),\n)"
        );
    }

    #[test]
    fn expose_and_conversions() {
        let secret = Secret::from("hunter2");
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(secret, Secret::from(String::from("hunter2")));
        assert_eq!(secret.clone(), secret);
        assert_ne!(secret, Secret::new("other"));
    }
}
