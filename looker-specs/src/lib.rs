//! Looker's released API 4.0 documents, for the project's tests, benchmarks and examples: the
//! OpenAPI 3.0 document Looker publishes and its Swagger 2.0 twin (what an instance serves) of
//! each release in [`RELEASES`]. They are kept compressed in `documents/` and unpacked by the
//! build script, so a clone with nothing beside it has them; `LOOKER_SPECS_DIR` names another
//! folder of the same files instead (the team's `shared/looker-specs/`, say).

use std::path::{Path, PathBuf};

/// The releases held, oldest first.
pub const RELEASES: [&str; 6] = ["21.0", "22.20", "24.16", "24.18", "24.20", "26.12"];

/// The newest release held.
pub const NEWEST: &str = "26.12";

/// The two forms of a release's document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The OpenAPI 3.0 document Looker publishes (`Looker.4.0.<release>.oas.json`).
    OpenApi,
    /// The Swagger 2.0 document an instance serves (`Looker.4.0.<release>.swagger.json`).
    Swagger,
}

/// The file name of `release`'s document in `form`.
#[must_use]
pub fn file_name(release: &str, form: Form) -> String {
    let suffix = match form {
        Form::OpenApi => "oas",
        Form::Swagger => "swagger",
    };
    format!("Looker.4.0.{release}.{suffix}.json")
}

/// The folder the documents are read from: `$LOOKER_SPECS_DIR`, else the unpacked copies.
#[must_use]
pub fn dir() -> PathBuf {
    std::env::var_os("LOOKER_SPECS_DIR")
        .map_or_else(|| Path::new(env!("OUT_DIR")).to_path_buf(), PathBuf::from)
}

/// The path of `release`'s document in `form`.
#[must_use]
pub fn path(release: &str, form: Form) -> PathBuf {
    dir().join(file_name(release, form))
}

/// The path of `release`'s OpenAPI document.
#[must_use]
pub fn openapi(release: &str) -> PathBuf {
    path(release, Form::OpenApi)
}

/// The bytes of `release`'s document in `form`.
///
/// # Panics
///
/// When the file cannot be read (a test helper: the message names the file).
#[must_use]
pub fn read(release: &str, form: Form) -> Vec<u8> {
    let path = path(release, form);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_is_held_in_both_forms() {
        for release in RELEASES {
            for (form, marker) in [
                (Form::OpenApi, "\"openapi\""),
                (Form::Swagger, "\"swagger\""),
            ] {
                let text = String::from_utf8(read(release, form)).expect("UTF-8");
                let name = file_name(release, form);
                assert!(text.trim_start().starts_with('{'), "{name}");
                assert!(text.contains(marker), "{name}");
                assert!(text.contains(&format!("4.0.{release}")), "{name}");
            }
        }
        assert_eq!(RELEASES.last(), Some(&NEWEST));
    }
}
