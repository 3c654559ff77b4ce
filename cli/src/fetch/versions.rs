//! Looker's `GET /versions` answer (`ApiVersion`), the choice of an API version, and the URL
//! of its document.

use reqwest::Url;
use serde::Deserialize;

/// Looker's `ApiVersion`: the release and the API versions the instance serves.
#[derive(Debug, Deserialize)]
pub struct ApiVersion {
    /// The Looker release, `26.12.14`.
    #[serde(default)]
    pub looker_release_version: Option<String>,
    /// The version the instance considers current.
    #[serde(default)]
    pub current_version: Option<ApiVersionElement>,
    /// Every version the instance serves.
    #[serde(default)]
    pub supported_versions: Option<Vec<ApiVersionElement>>,
}

/// Looker's `ApiVersionElement`: one API version and where its document is.
#[derive(Clone, Debug, Deserialize)]
pub struct ApiVersionElement {
    /// The version as it appears in `/api/4.0/` URLs.
    #[serde(default)]
    pub version: Option<String>,
    /// The version with its minor version, `4.0.26.12`.
    #[serde(default)]
    pub full_version: Option<String>,
    /// `current`, `stable`, `deprecated`, ...
    #[serde(default)]
    pub status: Option<String>,
    /// The document's URL (may be relative to the instance).
    #[serde(default)]
    pub swagger_url: Option<String>,
}

impl ApiVersion {
    /// The versions offered: `supported_versions`, or the current version when that is absent.
    fn offered(&self) -> Vec<&ApiVersionElement> {
        match &self.supported_versions {
            Some(versions) if !versions.is_empty() => versions.iter().collect(),
            _ => self.current_version.iter().collect(),
        }
    }

    /// The element of `requested` (its `version` or `full_version`).
    ///
    /// # Errors
    ///
    /// The versions offered, `4.0 (current), 3.1 (deprecated)`, when `requested` is not one.
    pub fn pick(&self, requested: &str) -> Result<&ApiVersionElement, String> {
        let offered = self.offered();
        let wanted = |element: &&ApiVersionElement| {
            element.version.as_deref() == Some(requested)
                || element.full_version.as_deref() == Some(requested)
        };
        if let Some(element) = offered.iter().copied().find(wanted) {
            return Ok(element);
        }
        let names: Vec<String> = offered
            .iter()
            .filter_map(|element| {
                let version = element.version.as_deref()?;
                Some(match &element.status {
                    Some(status) => format!("{version} ({status})"),
                    None => version.to_owned(),
                })
            })
            .collect();
        Err(if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        })
    }
}

/// The URL to fetch `swagger_url` from: resolved against `base` when relative; when it names
/// `base`'s host with another scheme or port (an instance behind a proxy advertises its
/// internal API port), `base`'s scheme and port, as Looker's own code generator does.
///
/// # Errors
///
/// Why `swagger_url` is not a usable URL.
pub fn document_url(base: &Url, swagger_url: &str) -> Result<Url, String> {
    let mut url = base
        .join(swagger_url.trim())
        .map_err(|e| format!("`swagger_url` {swagger_url:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`swagger_url` {swagger_url:?} is not an http(s) URL"
        ));
    }
    if url.host_str() == base.host_str() && !same_origin(&url, base) {
        url.set_scheme(base.scheme())
            .and_then(|()| url.set_port(base.port()))
            .map_err(|()| format!("cannot move `swagger_url` {swagger_url:?} to {base}"))?;
    }
    Ok(url)
}

/// Same scheme, host and port: where the credentials of `base` may be sent.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a test URL")
    }

    fn moved(base: &str, swagger_url: &str) -> String {
        document_url(&url(base), swagger_url)
            .expect("a usable URL")
            .to_string()
    }

    #[test]
    fn swagger_url_on_another_port_of_the_same_host_uses_the_base_port() {
        assert_eq!(
            moved(
                "https://x.looker.com",
                "https://x.looker.com:19999/api/4.0/swagger.json"
            ),
            "https://x.looker.com/api/4.0/swagger.json"
        );
        assert_eq!(
            moved(
                "http://localhost:8080",
                "https://LOCALHOST:19999/api/4.0/swagger.json?a=1"
            ),
            "http://localhost:8080/api/4.0/swagger.json?a=1"
        );
        assert_eq!(
            moved(
                "https://x.looker.com:19999",
                "https://x.looker.com:19999/api/4.0/swagger.json"
            ),
            "https://x.looker.com:19999/api/4.0/swagger.json"
        );
        assert_eq!(
            moved("https://x.looker.com:19999", "/api/4.0/swagger.json"),
            "https://x.looker.com:19999/api/4.0/swagger.json"
        );
        assert_eq!(
            moved(
                "https://x.looker.com",
                "https://cdn.example.com/swagger.json"
            ),
            "https://cdn.example.com/swagger.json"
        );
        assert!(document_url(&url("https://x"), "ftp://x/swagger.json").is_err());
    }

    #[test]
    fn pick_by_version_or_lists_the_offered_ones() {
        let versions: ApiVersion = serde_json::from_str(
            r#"{"looker_release_version": "26.12.14",
                "current_version": {"version": "4.0", "status": "current"},
                "supported_versions": [
                  {"version": "3.1", "full_version": "3.1.0", "status": "legacy", "swagger_url": null},
                  {"version": "4.0", "full_version": "4.0.26.12", "status": "current",
                   "swagger_url": "https://x:19999/api/4.0/swagger.json"}]}"#,
        )
        .expect("ApiVersion JSON");
        let picked = versions.pick("4.0").expect("4.0 is offered");
        assert_eq!(picked.full_version.as_deref(), Some("4.0.26.12"));
        assert!(versions.pick("3.1.0").is_ok());
        assert_eq!(
            versions.pick("5.0").expect_err("5.0 is not offered"),
            "3.1 (legacy), 4.0 (current)"
        );
        let empty: ApiVersion = serde_json::from_str("{}").expect("ApiVersion JSON");
        assert_eq!(empty.pick("4.0").expect_err("nothing offered"), "none");
    }
}
