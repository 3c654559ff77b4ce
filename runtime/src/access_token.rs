//! Looker's `AccessToken`, the answer to a login: the runtime's type, which the generated models
//! use for the schema of that name (an extern type of the generator), so there is one.

use std::fmt;

/// The answer to `POST /login` and `POST /login/{user_id}`: an API token and its lifetime.
///
/// `Debug` never prints either token.
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct AccessToken {
    /// Access token used for API calls.
    pub access_token: Option<String>,
    /// Type of token (`Bearer`).
    pub token_type: Option<String>,
    /// Number of seconds before the token expires.
    pub expires_in: Option<i64>,
    /// Refresh token which can be used to obtain a new access token.
    pub refresh_token: Option<String>,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |token: &Option<String>| token.as_ref().map(|_| "<redacted>");
        f.debug_struct("AccessToken")
            .field("access_token", &redacted(&self.access_token))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &redacted(&self.refresh_token))
            .finish()
    }
}

impl serde::Serialize for AccessToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = crate::ser::present(&[
            self.access_token.is_some(),
            self.token_type.is_some(),
            self.expires_in.is_some(),
            self.refresh_token.is_some(),
        ]);
        let mut fields = crate::ser::Fields::start(serializer, "AccessToken", present)?;
        fields.optional("access_token", &self.access_token)?;
        fields.optional("token_type", &self.token_type)?;
        fields.optional("expires_in", &self.expires_in)?;
        fields.optional("refresh_token", &self.refresh_token)?;
        fields.end()
    }
}

impl<'de> serde::Deserialize<'de> for AccessToken {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::de::object(deserializer)
    }
}

impl crate::de::Object for AccessToken {
    const NAME: &'static str = "AccessToken";

    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "access_token" => crate::de::scalar(map, key, &mut self.access_token),
            "token_type" => crate::de::scalar(map, key, &mut self.token_type),
            "expires_in" => crate::de::scalar(map, key, &mut self.expires_in),
            "refresh_token" => crate::de::scalar(map, key, &mut self.refresh_token),
            _ => crate::de::skip(map),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AccessToken;

    #[test]
    fn decodes_looker_login_answer_and_hides_both_tokens() {
        let body = r#"{"access_token":"tok-123","token_type":"Bearer","expires_in":3600,
                       "refresh_token":"ref-456","extra":[1]}"#;
        let token: AccessToken = serde_json::from_str(body).expect("a login answer");
        assert_eq!(token.access_token.as_deref(), Some("tok-123"));
        assert_eq!(token.token_type.as_deref(), Some("Bearer"));
        assert_eq!(token.expires_in, Some(3600));
        assert_eq!(token.refresh_token.as_deref(), Some("ref-456"));
        let debug = format!("{token:?} {token:#?}");
        assert!(
            !debug.contains("tok-123") && !debug.contains("ref-456"),
            "{debug}"
        );
        assert_eq!(debug.matches("<redacted>").count(), 4, "{debug}");
        assert!(
            debug.contains("Bearer") && debug.contains("3600"),
            "{debug}"
        );
    }

    #[test]
    fn serializes_what_is_present() {
        let token = AccessToken {
            access_token: Some("tok".into()),
            expires_in: Some(60),
            ..AccessToken::default()
        };
        let json = serde_json::to_string(&token).expect("serializes");
        assert_eq!(json, r#"{"access_token":"tok","expires_in":60}"#);
    }
}
