//! Settings from `looker.ini` and `LOOKERSDK_*` environment variables, as Looker's own SDKs read them.

use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Default request timeout, as in Looker's other SDKs.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Default time allowed to open a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default largest body read into memory: 256 MiB.
const DEFAULT_MAX_BODY_MB: u64 = 256;

/// One MiB, the unit of `max_body_mb`.
const MIB: u64 = 1 << 20;

/// How to reach and log in to one Looker instance.
#[derive(Clone, Debug)]
pub struct ApiSettings {
    /// `https://company.looker.com` (or with the API port, `:19999`); no trailing `/`.
    pub base_url: String,
    /// API client id.
    pub client_id: String,
    /// API client secret.
    pub client_secret: Secret,
    /// Verify the server's TLS certificate (default `true`).
    pub verify_ssl: bool,
    /// Timeout of each request, from connecting until the whole body is read (default
    /// 120 s; `timeout`). A call can set its own: `sdk.me().timeout(..)`.
    pub timeout: Duration,
    /// Time allowed to open a connection (default 10 s; `connect_timeout`).
    pub connect_timeout: Duration,
    /// Which failed requests are sent again, how often and how long (default: 4 attempts,
    /// at most 60 s of waiting; `max_tries` and `max_retry_wait`;
    /// [`RetryPolicy::none`](crate::RetryPolicy::none) turns it off).
    pub retry: crate::RetryPolicy,
    /// The longest answer body read into memory, in bytes (default 256 MiB; `max_body_mb`):
    /// a longer one fails with [`Error::BodyTooLarge`] instead of exhausting memory.
    pub max_body_bytes: u64,
    /// The most memory an answer may decode to, in bytes (default twice `max_body_bytes`,
    /// 512 MiB; `max_decoded_mb`): each element of an array and entry of an object decoded is
    /// charged its size in memory (a model its `size_of`), so that a small answer of many empty
    /// objects fails with [`Error::DecodedTooLarge`] instead of exhausting memory.
    pub max_decoded_bytes: u64,
    /// Where the settings were read, so that each login reads the credentials again (a
    /// rotated secret is picked up); `None` for settings made in code.
    origin: Option<Origin>,
}

/// The sources [`ApiSettings::load`] or [`ApiSettings::from_env`] read.
#[derive(Clone, Debug)]
struct Origin {
    ini_path: Option<std::path::PathBuf>,
    section: String,
}

impl ApiSettings {
    /// Settings with the defaults: `verify_ssl = true`, `timeout = 120 s`,
    /// `connect_timeout = 10 s`, the default [`RetryPolicy`](crate::RetryPolicy) and
    /// `max_body_bytes = 256 MiB`, `max_decoded_bytes = 512 MiB`. The client id and secret are these for the client's life.
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        ApiSettings {
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            verify_ssl: true,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: crate::RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_MB * MIB,
            max_decoded_bytes: 2 * DEFAULT_MAX_BODY_MB * MIB,
            origin: None,
        }
    }

    /// Settings from the `LOOKERSDK_*` environment variables only.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] naming the key and variable that is missing or invalid.
    pub fn from_env() -> Result<Self> {
        let mut settings = Self::from_sources(None, "Looker", env_var)?;
        settings.origin = Some(Origin {
            ini_path: None,
            section: "Looker".to_owned(),
        });
        Ok(settings)
    }

    /// Settings from section `section` of the ini file at `ini_path` (if the file exists),
    /// overridden by the `LOOKERSDK_*` environment variables.
    ///
    /// A missing file is fine when the environment provides everything; a file that exists
    /// but cannot be read is an error. Each login reads `client_id` and `client_secret` from
    /// the same sources again, so a rotated secret is used without restarting.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] naming the key and its source (file and section, or variable).
    pub fn load(ini_path: impl AsRef<Path>, section: &str) -> Result<Self> {
        let mut settings = Self::read(ini_path.as_ref(), section)?;
        settings.origin = Some(Origin {
            ini_path: Some(ini_path.as_ref().to_path_buf()),
            section: section.to_owned(),
        });
        Ok(settings)
    }

    /// Where the client id and secret come from, for errors that ask to check them.
    pub(crate) fn credentials_source(&self) -> String {
        let variables = "LOOKERSDK_CLIENT_ID / LOOKERSDK_CLIENT_SECRET";
        match &self.origin {
            None => "as given to `ApiSettings`".to_owned(),
            Some(Origin {
                ini_path: Some(path),
                section,
            }) => format!("`{}` [{section}], or {variables}", path.display()),
            Some(Origin { ini_path: None, .. }) => variables.to_owned(),
        }
    }

    /// The client id and secret to log in with now: read again from the file and environment
    /// the settings came from, or the ones held for settings made in code.
    pub(crate) fn current_credentials(&self) -> Result<(String, Secret)> {
        match &self.origin {
            None => Ok((self.client_id.clone(), self.client_secret.clone())),
            Some(origin) => {
                let fresh = match &origin.ini_path {
                    Some(path) => Self::read(path, &origin.section)?,
                    None => Self::from_sources(None, &origin.section, env_var)?,
                };
                Ok((fresh.client_id, fresh.client_secret))
            }
        }
    }

    /// Settings from the ini file at `path` (if it exists) and the environment.
    fn read(path: &Path, section: &str) -> Result<Self> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_sources(Some((&name, &text)), section, env_var),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Self::from_sources(None, section, env_var)
            }
            Err(e) => Err(Error::settings(
                "ini file",
                name,
                format!("cannot be read: {e}"),
            )),
        }
    }

    /// Settings from ini text (`(source name, text)`) and an environment lookup, which
    /// overrides the ini values. [`ApiSettings::load`] and [`ApiSettings::from_env`] use this
    /// with the real file system and environment. Empty values count as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] naming the key and its source; never contains the secret.
    pub fn from_sources(
        ini_text: Option<(&str, &str)>,
        section: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let file = match ini_text {
            Some((name, text)) => Some((
                format!("{name} [{section}]"),
                parse_ini(name, text, section)?,
            )),
            None => None,
        };
        let lookup = |key: &str| {
            let env_name = env_name(key);
            let from_env = env(&env_name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
                .map(|value| Setting {
                    value,
                    source: format!("env {env_name}"),
                });
            from_env.or_else(|| {
                let (source, entries) = file.as_ref()?;
                let (_, value) = entries.iter().rev().find(|(k, _)| k == key)?;
                let source = source.clone();
                (!value.is_empty()).then(|| Setting {
                    value: value.clone(),
                    source,
                })
            })
        };
        let where_to_set = |key: &str| match &file {
            Some((source, entries)) if entries.is_empty() => {
                format!(
                    "{source} (section absent or empty) or env {}",
                    env_name(key)
                )
            }
            Some((source, _)) => format!("{source} or env {}", env_name(key)),
            None => format!("env {}", env_name(key)),
        };
        let required = |key: &str, setting: Option<Setting>| {
            setting
                .ok_or_else(|| Error::settings(key, where_to_set(key), "is required but not set"))
        };
        let base_url = required("base_url", lookup("base_url"))?;
        let client_id = required("client_id", lookup("client_id"))?;
        let client_secret = required("client_secret", lookup("client_secret"))?;
        let max_body_bytes = match lookup("max_body_mb") {
            Some(setting) => whole(&setting, "max_body_mb", "MiB", 1)?.saturating_mul(MIB),
            None => DEFAULT_MAX_BODY_MB * MIB,
        };
        Ok(ApiSettings {
            base_url: normalize_base_url(&base_url.value, &base_url.source)?,
            client_id: client_id.value,
            client_secret: Secret::new(client_secret.value),
            verify_ssl: match lookup("verify_ssl") {
                Some(setting) => parse_bool(&setting)?,
                None => true,
            },
            timeout: match lookup("timeout") {
                Some(setting) => seconds(&setting, "timeout", 1)?,
                None => DEFAULT_TIMEOUT,
            },
            connect_timeout: match lookup("connect_timeout") {
                Some(setting) => seconds(&setting, "connect_timeout", 1)?,
                None => DEFAULT_CONNECT_TIMEOUT,
            },
            retry: retry_policy(lookup("max_tries"), lookup("max_retry_wait"))?,
            max_body_bytes,
            max_decoded_bytes: match lookup("max_decoded_mb") {
                Some(setting) => whole(&setting, "max_decoded_mb", "MiB", 1)?.saturating_mul(MIB),
                None => max_body_bytes.saturating_mul(2),
            },
            origin: None,
        })
    }
}

/// A value and where it came from.
struct Setting {
    value: String,
    source: String,
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn env_name(key: &str) -> String {
    format!("LOOKERSDK_{}", key.to_ascii_uppercase())
}

/// Trims the trailing `/` and checks the scheme.
pub(crate) fn normalize_base_url(value: &str, source: &str) -> Result<String> {
    let url = without_api_path(value.trim().trim_end_matches('/'));
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() => Ok(url.to_owned()),
        _ => Err(Error::settings(
            "base_url",
            source,
            format!("must be an http:// or https:// URL with a host, got {url:?}"),
        )),
    }
}

/// `url` without a trailing API path (`/api/4.0`, `/api/3.1`): what the API Explorer shows and
/// many copy. Looker's own SDKs take the host; the SDK adds the API path itself.
fn without_api_path(url: &str) -> &str {
    let Some((base, version)) = url.rsplit_once("/api/") else {
        return url;
    };
    let is_version = version.split_once('.').is_some_and(|(major, minor)| {
        [major, minor]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    if is_version {
        base.trim_end_matches('/')
    } else {
        url
    }
}

fn parse_bool(setting: &Setting) -> Result<bool> {
    match setting.value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "t" | "on" => Ok(true),
        "false" | "0" | "no" | "n" | "f" | "off" => Ok(false),
        _ => Err(Error::settings(
            "verify_ssl",
            &setting.source,
            format!(
                "expected true/false, 1/0, yes/no, y/n, t/f or on/off, got {:?}",
                setting.value
            ),
        )),
    }
}

/// A whole number of seconds, at least `min`.
fn seconds(setting: &Setting, key: &str, min: u64) -> Result<Duration> {
    whole(setting, key, "seconds", min).map(Duration::from_secs)
}

/// A whole number of `unit`s, at least `min`.
fn whole(setting: &Setting, key: &str, unit: &str, min: u64) -> Result<u64> {
    match setting.value.parse::<u64>() {
        Ok(value) if value >= min => Ok(value),
        Ok(_) => Err(Error::settings(
            key,
            &setting.source,
            format!("must be at least {min}"),
        )),
        Err(_) => Err(Error::settings(
            key,
            &setting.source,
            format!("expected a whole number of {unit}, got {:?}", setting.value),
        )),
    }
}

/// The default [`RetryPolicy`](crate::RetryPolicy) with `max_tries` attempts (1 = never
/// retry) and at most `max_retry_wait` seconds of waiting, when set.
fn retry_policy(
    max_tries: Option<Setting>,
    max_retry_wait: Option<Setting>,
) -> Result<crate::RetryPolicy> {
    let mut policy = crate::RetryPolicy::default();
    if let Some(setting) = max_tries {
        let tries = whole(&setting, "max_tries", "attempts", 1)?;
        policy.max_attempts = u32::try_from(tries).unwrap_or(u32::MAX);
    }
    if let Some(setting) = max_retry_wait {
        policy.max_wait = seconds(&setting, "max_retry_wait", 0)?;
    }
    Ok(policy)
}

/// The `key = value` entries of `section` in ini `text`, keys lower-cased, values trimmed
/// and unquoted. Lines are `[section]`, `key = value`, `key: value`, `#`/`;` comments or blank.
fn parse_ini(name: &str, text: &str, section: &str) -> Result<Vec<(String, String)>> {
    let mut entries = Vec::new();
    let mut current: Option<&str> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            match header.strip_suffix(']') {
                Some(header) => current = Some(header.trim()),
                None => return Err(syntax_error(name, index, "unclosed section header")),
            }
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            return Err(syntax_error(
                name,
                index,
                "expected `key = value` or `key: value`",
            ));
        };
        let key = line[..split].trim();
        if key.is_empty() {
            return Err(syntax_error(name, index, "empty key"));
        }
        if current.is_none() {
            return Err(syntax_error(name, index, "key outside of any [section]"));
        }
        if current == Some(section) {
            let value = unquote(line[split + 1..].trim());
            entries.push((key.to_ascii_lowercase(), value.to_owned()));
        }
    }
    Ok(entries)
}

/// The error for line `index` (0-based); never quotes the line, which may hold a secret.
fn syntax_error(name: &str, index: usize, reason: &str) -> Error {
    Error::settings(format!("line {}", index + 1), name, reason)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-value";

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn env_from(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn ini(text: &str) -> Option<(&str, &str)> {
        Some(("looker.ini", text))
    }

    const FULL_INI: &str = "\
# Looker settings
; another comment
[Looker]
base_url = https://example.looker.com:19999/
client_id: abc
client_secret=\"s3cr3t-value\"
verify_ssl = False
timeout = 30

[Other]
base_url = https://other
";

    fn message(result: Result<ApiSettings>) -> String {
        match result {
            Ok(settings) => panic!("expected an error, got {settings:?}"),
            Err(error) => {
                let text = error.to_string();
                assert!(!text.contains(SECRET), "secret leaked: {text}");
                assert!(
                    !format!("{error:?}").contains(SECRET),
                    "secret leaked: {error:?}"
                );
                text
            }
        }
    }

    #[test]
    fn file_only() -> Result<()> {
        let settings = ApiSettings::from_sources(ini(FULL_INI), "Looker", no_env)?;
        assert_eq!(settings.base_url, "https://example.looker.com:19999");
        assert_eq!(settings.client_id, "abc");
        assert_eq!(settings.client_secret.expose(), SECRET);
        assert!(!settings.verify_ssl);
        assert_eq!(settings.timeout, Duration::from_secs(30));
        let other = ApiSettings::from_sources(
            ini(FULL_INI),
            "Other",
            env_from(&[
                ("LOOKERSDK_CLIENT_ID", "i"),
                ("LOOKERSDK_CLIENT_SECRET", "s"),
            ]),
        )?;
        assert_eq!(other.base_url, "https://other");
        Ok(())
    }

    #[test]
    fn env_only_with_defaults() -> Result<()> {
        let env = env_from(&[
            ("LOOKERSDK_BASE_URL", "http://localhost:19999"),
            ("LOOKERSDK_CLIENT_ID", "id"),
            ("LOOKERSDK_CLIENT_SECRET", SECRET),
        ]);
        let settings = ApiSettings::from_sources(None, "Looker", env)?;
        assert_eq!(settings.base_url, "http://localhost:19999");
        assert_eq!(settings.client_id, "id");
        assert!(settings.verify_ssl);
        assert_eq!(settings.timeout, Duration::from_secs(120));
        Ok(())
    }

    #[test]
    fn env_overrides_file() -> Result<()> {
        let env = env_from(&[
            ("LOOKERSDK_BASE_URL", "https://env.example.com"),
            ("LOOKERSDK_VERIFY_SSL", " YES "),
            ("LOOKERSDK_TIMEOUT", "5"),
            ("LOOKERSDK_CLIENT_ID", ""),
        ]);
        let settings = ApiSettings::from_sources(ini(FULL_INI), "Looker", env)?;
        assert_eq!(settings.base_url, "https://env.example.com");
        assert_eq!(
            settings.client_id, "abc",
            "an empty variable does not override"
        );
        assert_eq!(settings.client_secret.expose(), SECRET);
        assert!(settings.verify_ssl);
        assert_eq!(settings.timeout, Duration::from_secs(5));
        Ok(())
    }

    #[test]
    fn booleans() -> Result<()> {
        for (text, expected) in [
            ("true", true),
            ("1", true),
            ("yes", true),
            ("Y", true),
            ("t", true),
            ("ON", true),
            ("FALSE", false),
            ("0", false),
            ("no", false),
            ("n", false),
            ("F", false),
            ("off", false),
        ] {
            let setting = Setting {
                value: text.to_owned(),
                source: "test".to_owned(),
            };
            assert_eq!(parse_bool(&setting)?, expected, "{text}");
        }
        Ok(())
    }

    #[test]
    fn bad_verify_ssl() {
        let text = FULL_INI.replace("verify_ssl = False", "verify_ssl = maybe");
        let error = message(ApiSettings::from_sources(ini(&text), "Looker", no_env));
        assert_eq!(
            error,
            "setting `verify_ssl` (looker.ini [Looker]): expected true/false, 1/0, yes/no, \
             y/n, t/f or on/off, got \"maybe\""
        );
        let env = env_from(&[("LOOKERSDK_VERIFY_SSL", "2")]);
        let error = message(ApiSettings::from_sources(ini(FULL_INI), "Looker", env));
        assert!(
            error.starts_with("setting `verify_ssl` (env LOOKERSDK_VERIFY_SSL)"),
            "{error}"
        );
    }

    #[test]
    fn bad_timeout() {
        for bad in ["1.5", "-3", "soon"] {
            let env = move |name: &str| (name == "LOOKERSDK_TIMEOUT").then(|| bad.to_owned());
            let error = message(ApiSettings::from_sources(ini(FULL_INI), "Looker", env));
            assert_eq!(
                error,
                format!(
                    "setting `timeout` (env LOOKERSDK_TIMEOUT): expected a whole number of \
                     seconds, got {bad:?}"
                )
            );
        }
        let text = FULL_INI.replace("timeout = 30", "timeout = 0");
        let error = message(ApiSettings::from_sources(ini(&text), "Looker", no_env));
        assert_eq!(
            error,
            "setting `timeout` (looker.ini [Looker]): must be at least 1"
        );
    }

    #[test]
    fn missing_keys() {
        let error = message(ApiSettings::from_sources(None, "Looker", no_env));
        assert_eq!(
            error,
            "setting `base_url` (env LOOKERSDK_BASE_URL): is required but not set"
        );
        let text = FULL_INI.replace("client_id: abc", "");
        let error = message(ApiSettings::from_sources(ini(&text), "Looker", no_env));
        assert_eq!(
            error,
            "setting `client_id` (looker.ini [Looker] or env LOOKERSDK_CLIENT_ID): \
             is required but not set"
        );
        let text = FULL_INI.replace("client_secret=\"s3cr3t-value\"", "client_secret=");
        let error = message(ApiSettings::from_sources(ini(&text), "Looker", no_env));
        assert!(
            error.starts_with("setting `client_secret` (looker.ini"),
            "{error}"
        );
        let error = message(ApiSettings::from_sources(ini(FULL_INI), "Missing", no_env));
        assert_eq!(
            error,
            "setting `base_url` (looker.ini [Missing] (section absent or empty) or env \
             LOOKERSDK_BASE_URL): is required but not set"
        );
    }

    #[test]
    fn bad_base_url() {
        for bad in ["example.com", "ftp://x", "https://", "https:///"] {
            let env = move |name: &str| (name == "LOOKERSDK_BASE_URL").then(|| bad.to_owned());
            let error = message(ApiSettings::from_sources(ini(FULL_INI), "Looker", env));
            assert!(
                error.starts_with("setting `base_url` (env LOOKERSDK_BASE_URL): must be an http"),
                "{error}"
            );
        }
    }

    /// What the API Explorer shows (`https://x.looker.com/api/4.0`) is taken as the host.
    #[test]
    fn a_base_url_with_the_api_path_is_taken_as_its_host() -> Result<()> {
        for (given, expected) in [
            ("https://x.looker.com/api/4.0", "https://x.looker.com"),
            (
                "https://x.looker.com:19999/api/4.0/",
                "https://x.looker.com:19999",
            ),
            (
                "https://x.looker.com/looker/api/3.1",
                "https://x.looker.com/looker",
            ),
            (
                "https://x.looker.com/api/latest",
                "https://x.looker.com/api/latest",
            ),
            (
                "https://x.looker.com/apis/4.0",
                "https://x.looker.com/apis/4.0",
            ),
        ] {
            assert_eq!(normalize_base_url(given, "test")?, expected, "{given}");
        }
        Ok(())
    }

    #[test]
    fn comments_quotes_and_whitespace() -> Result<()> {
        let text = "\r\n  # comment = not a key\n[Looker]\r\n  BASE_URL = 'https://q.example.com'  \r\n\
                    ; client_id = commented\nclient_id = \"id with # hash\"\nclient_secret = pa=ss:word\n\
                    \n[ Looker ]\nverify_ssl = \"off\"\n";
        let settings = ApiSettings::from_sources(ini(text), "Looker", no_env)?;
        assert_eq!(settings.base_url, "https://q.example.com");
        assert_eq!(settings.client_id, "id with # hash");
        assert_eq!(settings.client_secret.expose(), "pa=ss:word");
        assert!(!settings.verify_ssl);
        Ok(())
    }

    #[test]
    fn syntax_errors_name_the_line_not_its_content() {
        let text = "[Looker]\nbase_url = https://x\nclient_secret s3cr3t-value\n";
        let error = message(ApiSettings::from_sources(ini(text), "Looker", no_env));
        assert_eq!(
            error,
            "setting `line 3` (looker.ini): expected `key = value` or `key: value`"
        );
        let error = message(ApiSettings::from_sources(
            ini("base_url = x\n"),
            "Looker",
            no_env,
        ));
        assert!(error.contains("outside of any [section]"), "{error}");
        let error = message(ApiSettings::from_sources(
            ini("[Looker\n"),
            "Looker",
            no_env,
        ));
        assert!(error.contains("unclosed section header"), "{error}");
    }

    #[test]
    fn secret_is_redacted_in_debug() -> Result<()> {
        let settings = ApiSettings::from_sources(ini(FULL_INI), "Looker", no_env)?;
        let debug = format!("{settings:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        Ok(())
    }

    #[test]
    fn load_reads_files_and_tolerates_a_missing_one() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("looker-sdk-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::settings("dir", "test", e.to_string()))?;
        let path = dir.join("looker.ini");
        std::fs::write(&path, FULL_INI)
            .map_err(|e| Error::settings("file", "test", e.to_string()))?;
        // Only checks what the environment of the test process cannot override.
        let loaded = ApiSettings::load(&path, "Looker");
        if std::env::var_os("LOOKERSDK_CLIENT_SECRET").is_none() {
            assert_eq!(loaded?.client_secret.expose(), SECRET);
        }
        // A directory exists but cannot be read as a file.
        let error = message(ApiSettings::load(&dir, "Looker"));
        assert!(error.starts_with("setting `ini file`"), "{error}");
        assert!(error.contains("cannot be read"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn timeouts_retries_and_body_size_from_file_and_env() -> Result<()> {
        let text = format!(
            "{FULL_INI}\n[Tuned]\nbase_url = https://t\nclient_id = i\nclient_secret = s\n\
             connect_timeout = 3\nmax_tries = 1\nmax_retry_wait = 0\nmax_body_mb = 2\n"
        );
        let tuned = ApiSettings::from_sources(ini(&text), "Tuned", no_env)?;
        assert_eq!(tuned.connect_timeout, Duration::from_secs(3));
        assert_eq!(tuned.retry.max_attempts, 1);
        assert_eq!(tuned.retry.max_wait, Duration::ZERO);
        assert_eq!(tuned.max_body_bytes, 2 * 1024 * 1024);
        let env = env_from(&[
            ("LOOKERSDK_CONNECT_TIMEOUT", "7"),
            ("LOOKERSDK_MAX_TRIES", "6"),
            ("LOOKERSDK_MAX_RETRY_WAIT", "90"),
            ("LOOKERSDK_MAX_BODY_MB", "1024"),
        ]);
        let from_env = ApiSettings::from_sources(ini(&text), "Tuned", env)?;
        assert_eq!(from_env.connect_timeout, Duration::from_secs(7));
        assert_eq!(from_env.retry.max_attempts, 6);
        assert_eq!(from_env.retry.max_wait, Duration::from_secs(90));
        assert_eq!(from_env.max_body_bytes, 1 << 30);
        let defaults = ApiSettings::from_sources(ini(FULL_INI), "Looker", no_env)?;
        assert_eq!(defaults.connect_timeout, Duration::from_secs(10));
        assert_eq!(defaults.retry, crate::RetryPolicy::default());
        assert_eq!(defaults.max_body_bytes, 256 << 20);
        for (name, value, expected) in [
            ("LOOKERSDK_MAX_TRIES", "0", "setting `max_tries` (env LOOKERSDK_MAX_TRIES): must be at least 1"),
            ("LOOKERSDK_MAX_TRIES", "many", "setting `max_tries` (env LOOKERSDK_MAX_TRIES): expected a whole number of attempts, got \"many\""),
            ("LOOKERSDK_CONNECT_TIMEOUT", "0", "setting `connect_timeout` (env LOOKERSDK_CONNECT_TIMEOUT): must be at least 1"),
            ("LOOKERSDK_MAX_RETRY_WAIT", "1m", "setting `max_retry_wait` (env LOOKERSDK_MAX_RETRY_WAIT): expected a whole number of seconds, got \"1m\""),
            ("LOOKERSDK_MAX_BODY_MB", "0", "setting `max_body_mb` (env LOOKERSDK_MAX_BODY_MB): must be at least 1"),
        ] {
            let env = move |n: &str| (n == name).then(|| value.to_owned());
            assert_eq!(message(ApiSettings::from_sources(ini(FULL_INI), "Looker", env)), expected);
        }
        Ok(())
    }

    #[test]
    fn settings_made_in_code_keep_their_credentials() -> Result<()> {
        let settings = ApiSettings::new("https://x", "id", SECRET);
        let (id, secret) = settings.current_credentials()?;
        assert_eq!((id.as_str(), secret.expose()), ("id", SECRET));
        Ok(())
    }

    #[test]
    fn new_uses_defaults() {
        let settings = ApiSettings::new("https://x", "id", SECRET);
        assert!(settings.verify_ssl);
        assert_eq!(settings.timeout, DEFAULT_TIMEOUT);
    }
}
