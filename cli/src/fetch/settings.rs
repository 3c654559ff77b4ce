//! The settings of `fetch`: read exactly as the SDK reads them, except that the API
//! credentials are only needed when the instance wants a login for its document.

use looker_sdk_rtl::{ApiSettings, Error};
use std::path::Path;

/// Stands in for a credential that is not configured; never sent (see [`Settings::missing`]).
const UNSET: &str = "<not set>";

/// The SDK's settings, and what is missing to log in.
#[derive(Debug)]
pub struct Settings {
    /// `base_url`, `verify_ssl` and `timeout` as the SDK reads them; the credentials are only
    /// real when [`Settings::missing`] is empty.
    pub api: ApiSettings,
    /// The errors the SDK reports for the credentials that are not set: without them `fetch`
    /// works for instances that serve their document without a login.
    pub missing: Vec<Error>,
}

/// Loads `section` of the ini file `ini` (if it exists) and the `LOOKERSDK_*` variables with
/// [`ApiSettings::load`]. When only `client_id` or `client_secret` is missing, the settings are
/// read again by the SDK's own code with a stand-in for each missing credential, so every other
/// setting is still read and checked exactly as the SDK does.
///
/// # Errors
///
/// The SDK's [`Error::Settings`] for any other missing or invalid setting.
pub fn load(ini: &Path, section: &str) -> Result<Settings, Error> {
    let first = match ApiSettings::load(ini, section) {
        Ok(api) => {
            return Ok(Settings {
                api,
                missing: Vec::new(),
            })
        }
        Err(error) => error,
    };
    let mut stand_ins: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    let mut error = first;
    // `load` read the file before it reported a credential; a file it could not read is
    // reported as such, never as a missing credential.
    let text = std::fs::read_to_string(ini).ok();
    let name = ini.display().to_string();
    loop {
        let Some(variable) = missing_credential(&error) else {
            return Err(error);
        };
        if stand_ins.contains(&variable) {
            return Err(error);
        }
        stand_ins.push(variable);
        missing.push(error);
        let env = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
                .or_else(|| {
                    stand_ins
                        .iter()
                        .any(|v| v == name)
                        .then(|| UNSET.to_owned())
                })
        };
        let file = text.as_deref().map(|text| (name.as_str(), text));
        match ApiSettings::from_sources(file, section, env) {
            Ok(api) => return Ok(Settings { api, missing }),
            Err(next) => error = next,
        }
    }
}

/// The environment variable of the credential `error` reports as not set, if it does.
fn missing_credential(error: &Error) -> Option<String> {
    match error {
        Error::Settings { key, .. } if key == "client_id" || key == "client_secret" => {
            Some(format!("LOOKERSDK_{}", key.to_ascii_uppercase()))
        }
        _ => None,
    }
}
