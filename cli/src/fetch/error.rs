//! Why `fetch` failed, said so that the user knows what to do; never with a secret (no
//! credential or token is ever put into an error).

use std::fmt;

use looker_sdk_rtl::error::{innermost_cause, TransportFailure};

/// A failure of `fetch`; every one exits with code 1.
#[derive(Debug)]
pub enum FetchError {
    /// A setting is missing or invalid (the SDK's error), or the SDK could not be built.
    Runtime(looker_sdk_rtl::Error),
    /// The HTTP client or the async runtime could not be started.
    Setup(String),
    /// A request did not get an answer (refused, timed out, TLS failure).
    Unreachable {
        /// The instance's base URL.
        base_url: String,
        /// The URL requested.
        url: String,
        /// What reqwest reports.
        source: reqwest::Error,
    },
    /// An answer with an unexpected status or body.
    Answer {
        /// The URL requested.
        url: String,
        /// Its HTTP status.
        status: u16,
        /// What is wrong with it.
        reason: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The requested API version is not offered by the instance.
    VersionNotOffered {
        /// The version asked for.
        requested: String,
        /// The versions offered, `4.0 (current), 3.1 (deprecated)`.
        offered: String,
        /// The instance's base URL.
        base_url: String,
    },
    /// The instance wants a login for its document, and the credentials are not configured.
    LoginNeeded {
        /// The document's URL.
        url: String,
        /// The status of the refusal.
        status: u16,
        /// The SDK's messages naming the missing settings.
        missing: Vec<String>,
    },
    /// The instance wants a login for a document on another host: no credential is sent there.
    ForeignLogin {
        /// The document's URL.
        url: String,
        /// The instance's base URL.
        base_url: String,
    },
    /// Logging in failed (the SDK's error: Looker's 4xx for wrong credentials, ...).
    Login {
        /// The instance's base URL.
        base_url: String,
        /// The SDK's error.
        source: looker_sdk_rtl::Error,
    },
    /// The document could not be written, or the other spec file not removed.
    Write(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Runtime(error) => write!(f, "{error}"),
            FetchError::Setup(message) | FetchError::Write(message) => f.write_str(message),
            FetchError::Unreachable {
                base_url,
                url,
                source,
            } => {
                let what = match TransportFailure::of(source) {
                    TransportFailure::TimedOut => "timed out",
                    TransportFailure::Connect => "could not connect",
                    _ => "no answer",
                };
                write!(
                    f,
                    "cannot reach the Looker instance at {base_url} (GET {url}): {what}: {}",
                    innermost_cause(source)
                )?;
                if is_tls(url, source) {
                    write!(
                        f,
                        "\nhint: the TLS connection failed; for a development instance with a \
                         self-signed certificate set LOOKERSDK_VERIFY_SSL=false"
                    )?;
                }
                Ok(())
            }
            FetchError::Answer {
                url,
                status,
                reason,
                excerpt,
            } => {
                write!(f, "GET {url}: status {status}: {reason}")?;
                if !excerpt.is_empty() {
                    write!(f, ": {excerpt:?}")?;
                }
                Ok(())
            }
            FetchError::VersionNotOffered {
                requested,
                offered,
                base_url,
            } => write!(
                f,
                "API version {requested} is not offered by {base_url}; it offers: {offered} \
                 (choose one with --api-version)"
            ),
            FetchError::LoginNeeded {
                url,
                status,
                missing,
            } => {
                write!(
                    f,
                    "GET {url} answered {status} without a login, and logging in needs the \
                     API credentials: {}",
                    missing.join("; ")
                )
            }
            FetchError::ForeignLogin { url, base_url } => write!(
                f,
                "GET {url} wants a login, but it is not on {base_url}: the credentials of \
                 {base_url} are not sent to another host"
            ),
            FetchError::Login { base_url, source } => {
                write!(f, "cannot log in to {base_url}: {source}")?;
                if source
                    .status()
                    .is_some_and(|status| (400..500).contains(&status))
                {
                    write!(
                        f,
                        "\nhint: check client_id and client_secret (looker.ini or \
                         LOOKERSDK_CLIENT_ID / LOOKERSDK_CLIENT_SECRET)"
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FetchError {}

/// Whether an https request failed in TLS: rustls reports through an I/O error of kind
/// `InvalidData` (wrapped in further I/O errors, reached by `get_ref`, not `source`), or names
/// the certificate or TLS in its message.
fn is_tls(url: &str, error: &reqwest::Error) -> bool {
    if !url.starts_with("https://") {
        return false;
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        let io = current.downcast_ref::<std::io::Error>();
        let text = current.to_string().to_ascii_lowercase();
        if io.is_some_and(|e| e.kind() == std::io::ErrorKind::InvalidData)
            || text.contains("certificate")
            || text.contains("tls")
        {
            return true;
        }
        cause = match io.and_then(std::io::Error::get_ref) {
            Some(inner) => Some(inner),
            None => current.source(),
        };
    }
    false
}
