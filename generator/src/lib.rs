//! `looker-codegen`: generates the Rust Looker SDK from a Looker API 4.0 OpenAPI document.
//!
//! The public API is small: [`Config`] (what to read, where to write, for which crate, which
//! schemas map to existing types, which operations the runtime owns) with its
//! [`render`](Config::render), [`generate`](Config::generate) and [`check`](Config::check);
//! [`render_str`] for a document in memory; the errors ([`CodegenError`]) and repairs
//! ([`Diagnostic`], of a kind of [`Repair`]) it reports; [`diff`] between two documents; [`Document`], one document read once for
//! both.
//!
//! Inside, the pipeline runs one way (see `ARCHITECTURE.md`): `load` (JSON or YAML) ->
//! `swagger` (Swagger 2.0 only: to OpenAPI 3.0) -> `normalize` (repair Looker's known
//! deviations, then `openapiv3`) -> `model` (every Rust decision) -> `emit` (Rust text laid
//! out as rustfmt would) -> `write` (atomic, only what changed). `build.rs` of the SDK uses
//! [`Config`]; the `looker-codegen` binary (package `looker-codegen-cli`, `cli/`) wraps the
//! same calls.

pub mod diff;
mod emit;
mod error;
mod load;
mod manifest;
mod media;
mod model;
mod normalize;
mod swagger;
mod write;

pub use diff::{diff_documents, diff_files, diff_str, DiffReport, Semver};
pub use emit::GeneratedFile;
pub use error::CodegenError;
pub use load::{parse as parse_document, Syntax};
pub use manifest::{declared_areas, features_block, BEGIN as FEATURES_BEGIN, END as FEATURES_END};
pub use normalize::{Diagnostic, Repair};
pub use write::{stale_files, write_atomically, WriteReport};

use std::path::{Path, PathBuf};

/// The directory of the SDK's document, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The names the SDK's document may have in [`SPEC_DIR`]; exactly one of them must exist.
pub const SPEC_NAMES: [&str; 3] = ["looker-4.0.json", "looker-4.0.yaml", "looker-4.0.yml"];
/// Where the SDK's generated code lives, relative to the workspace root.
pub const DEFAULT_OUT_DIR: &str = "generated";
/// The SDK's manifest, whose features block the generator maintains.
pub const DEFAULT_MANIFEST: &str = "Cargo.toml";

/// What to generate from and where to: the entry point for `build.rs` and the CLI.
#[derive(Clone, Debug)]
pub struct Config {
    spec: PathBuf,
    out_dir: PathBuf,
    manifest: Option<PathBuf>,
    target: Target,
    options: model::Options,
    rerun_if_changed: bool,
}

/// The crate the generated code is compiled in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// The `looker-sdk` crate itself: methods on its `LookerSdk`, each API area gated by its
    /// Cargo feature.
    #[default]
    Sdk,
    /// A crate of a user's own that depends on `looker-sdk-rtl` (the runtime) and generates its
    /// API in `build.rs`, prost-style: a `LookerSdk` handle of its own around the runtime's
    /// client, every area compiled. Include the output's `mod.rs` in a module:
    /// `mod looker { include!(concat!(env!("OUT_DIR"), "/looker/mod.rs")); }`.
    OwnCrate,
}

/// A document rendered in memory: the files and what they hold.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rendered {
    pub title: String,
    pub version: String,
    /// `info.x-looker-release-version`: the Looker release that published the document.
    pub release: Option<String>,
    /// FNV-1a 64 hash of the document's bytes, in hex.
    pub spec_hash: String,
    pub type_count: usize,
    pub method_count: usize,
    /// The API areas (module and feature names), sorted.
    pub areas: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<GeneratedFile>,
}

impl Rendered {
    fn of(api: &model::Api, spec_hash: String, files: Vec<GeneratedFile>) -> Rendered {
        Rendered {
            areas: api.areas().into_iter().map(|a| a.to_string()).collect(),
            type_count: api.types.len(),
            method_count: api.operations.len(),
            title: api.title.clone(),
            version: api.version.clone(),
            release: api.release.clone(),
            spec_hash,
            diagnostics: api.diagnostics.clone(),
            files,
        }
    }
}

/// A document read once: parsed, converted, repaired and modelled with [`Config::new`]'s
/// defaults, for [`diff_documents`] and [`Document::render`] alike.
#[derive(Debug)]
pub struct Document {
    syntax: Syntax,
    spec_hash: String,
    raw: serde_json::Value,
    api: model::Api,
}

impl Document {
    /// Reads a document given as text; `file_name` only helps tell JSON from YAML.
    pub fn parse(file_name: &str, text: &str) -> Result<Document, CodegenError> {
        let syntax = Syntax::detect(file_name, text);
        let (raw, api) = read_model(file_name, text, true, &model::Options::default())?;
        Ok(Document {
            syntax,
            spec_hash: format!("{:016x}", fnv1a64(text.as_bytes())),
            raw: raw.unwrap_or_default(),
            api,
        })
    }

    /// JSON or YAML, as written.
    pub fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// `info.version`.
    pub fn version(&self) -> &str {
        &self.api.version
    }

    /// `info.x-looker-release-version`, when the document has one.
    pub fn release(&self) -> Option<&str> {
        self.api.release.as_deref()
    }

    /// Renders the document for the `looker-sdk` crate, as [`render_str`] does, without
    /// reading it again.
    pub fn render(&self) -> Result<Rendered, CodegenError> {
        let files = emit::emit(&self.api, &self.spec_hash, Target::Sdk)?;
        Ok(Rendered::of(&self.api, self.spec_hash.clone(), files))
    }
}

impl Config {
    /// Generates from `spec` into `out_dir`, for the `looker-sdk` crate, with the runtime's
    /// own types and operations: `AccessToken` and `ValidationErrorDetail` are the runtime's
    /// (`looker_sdk_rtl::AccessToken`, `looker_sdk_rtl::ValidationErrorDetail`), and `login`, `logout`
    /// and `login_user` are the login session's (`sdk.auth()`, `sdk.login_user(id)`), not methods.
    pub fn new(spec: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        Config {
            spec: spec.into(),
            out_dir: out_dir.into(),
            manifest: None,
            target: Target::Sdk,
            options: model::Options::default(),
            rerun_if_changed: false,
        }
    }

    /// Uses the existing Rust type at `rust_path` (`::my_crate::Detail`) for the component
    /// schema `schema` instead of generating one, prost's `extern_path`: models refer to it by
    /// that path and re-export it under the schema's Rust name. The type must implement what
    /// a model does where it is used (`Clone`, `Debug`, `PartialEq`, `Serialize`, and
    /// `Deserialize` when received).
    pub fn extern_type(mut self, schema: impl Into<String>, rust_path: impl Into<String>) -> Self {
        self.options
            .extern_types
            .insert(schema.into(), rust_path.into());
        self
    }

    /// Generates no method for these `operationId`s, which the runtime performs itself
    /// (replaces the default, `login`, `logout` and `login_user`).
    pub fn runtime_owned<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        operation_ids: I,
    ) -> Self {
        self.options.runtime_owned = operation_ids.into_iter().map(Into::into).collect();
        self
    }

    /// Generates for `target` (by default the `looker-sdk` crate itself).
    pub fn target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }

    /// In a build script: [`Config::generate`] tells cargo what it read
    /// (`cargo:rerun-if-changed=` the document), so that cargo runs the build script again only
    /// when the document changes, not on every edit of the crate (tonic-build's
    /// `emit_rerun_if_changed`). Off by default: outside a build script the lines mean nothing.
    pub fn emit_rerun_if_changed(mut self, emit: bool) -> Self {
        self.rerun_if_changed = emit;
        self
    }

    /// Also keeps the features block of this `Cargo.toml` in step with the API's areas.
    pub fn manifest(mut self, manifest: impl Into<PathBuf>) -> Self {
        self.manifest = Some(manifest.into());
        self
    }

    /// The document this configuration reads.
    pub fn spec(&self) -> &Path {
        &self.spec
    }

    /// The directory this configuration writes.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Reads and renders the document without writing anything.
    pub fn render(&self) -> Result<Rendered, CodegenError> {
        let bytes = std::fs::read(&self.spec).map_err(|source| CodegenError::Read {
            path: self.spec.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| CodegenError::Syntax {
            format: "UTF-8",
            location: format!("byte {}", e.utf8_error().valid_up_to()),
            message: "the document is not UTF-8 text".to_owned(),
        })?;
        let name = self
            .spec
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        self.render_text(&name, &text)
    }

    /// Renders a document given as text (not the configured file); `file_name` only helps
    /// tell JSON from YAML.
    pub fn render_text(&self, file_name: &str, text: &str) -> Result<Rendered, CodegenError> {
        let spec_hash = format!("{:016x}", fnv1a64(text.as_bytes()));
        let (_, api) = read_model(file_name, text, false, &self.options)?;
        let files = emit::emit(&api, &spec_hash, self.target)?;
        Ok(Rendered::of(&api, spec_hash, files))
    }

    /// Renders, then writes what changed. Nothing is written when rendering fails. With
    /// [`Config::emit_rerun_if_changed`], first prints the build-script lines for what it reads.
    pub fn generate(&self) -> Result<(Rendered, WriteReport), CodegenError> {
        if self.rerun_if_changed {
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        let rendered = self.render()?;
        let manifest = self.updated_manifest(&rendered)?;
        let mut report = write::write_all(&self.out_dir, &rendered.files)?;
        if let (Some(path), Some((old, new))) = (&self.manifest, manifest) {
            if old != new {
                write::write_atomically(path, new.as_bytes())?;
                report.written.push(path.display().to_string());
            }
        }
        Ok((rendered, report))
    }

    /// The generated files that are missing, differ from a fresh render, or are left over.
    pub fn check(&self) -> Result<Vec<String>, CodegenError> {
        let rendered = self.render()?;
        let mut stale = write::stale_files(&self.out_dir, &rendered.files);
        if let (Some(path), Some((old, new))) = (&self.manifest, self.updated_manifest(&rendered)?)
        {
            if old != new {
                stale.push(path.display().to_string());
            }
        }
        Ok(stale)
    }

    /// The manifest as it is and as it should be, when one is configured.
    fn updated_manifest(
        &self,
        rendered: &Rendered,
    ) -> Result<Option<(String, String)>, CodegenError> {
        let Some(path) = &self.manifest else {
            return Ok(None);
        };
        let old = std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
            path: path.clone(),
            source,
        })?;
        let new = manifest::with_features(&old, &rendered.areas)?;
        Ok(Some((old, new)))
    }
}

/// The SDK's document below `root`: the one file of [`SPEC_DIR`] named as in [`SPEC_NAMES`],
/// or `None` when there is none (a packaged crate has no `spec/`).
///
/// # Errors
///
/// [`CodegenError::Invalid`] when several exist: which one the SDK is built from would be a
/// guess.
pub fn find_spec(root: &Path) -> Result<Option<PathBuf>, CodegenError> {
    let found: Vec<PathBuf> = SPEC_NAMES
        .iter()
        .map(|name| root.join(SPEC_DIR).join(name))
        .filter(|path| path.is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        several => Err(CodegenError::invalid(
            "",
            format!(
                "{} documents in {}: {}; keep the one the SDK is built from",
                several.len(),
                root.join(SPEC_DIR).display(),
                several
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Renders a document given as text for the `looker-sdk` crate, with [`Config::new`]'s
/// defaults; `file_name` only helps tell JSON from YAML.
pub fn render_str(file_name: &str, text: &str) -> Result<Rendered, CodegenError> {
    Config::new(file_name, "").render_text(file_name, text)
}

/// Steps 1 to 3 of the pipeline: the document parsed, converted to OpenAPI 3.0 when it is
/// Swagger 2.0, repaired and modelled. With `keep_raw`, also its OpenAPI form as written
/// (converted, not yet repaired), which the diff compares.
pub(crate) fn read_model(
    file_name: &str,
    text: &str,
    keep_raw: bool,
    options: &model::Options,
) -> Result<(Option<serde_json::Value>, model::Api), CodegenError> {
    on_pipeline_stack(|| read_model_here(file_name, text, keep_raw, options))
}

/// The stack of the thread that reads and models a document. Reading a schema into `openapiv3`
/// takes about 40 kB of stack per nesting level in a debug build (serde's `flatten` and
/// untagged enums): [`normalize::MAX_DEPTH`] levels need about 5 MiB, more than the 2 MiB a
/// spawned thread (a test, a build script's caller) gets by default.
const PIPELINE_STACK: usize = 16 << 20;

/// Runs `job` on a thread with [`PIPELINE_STACK`] of stack.
fn on_pipeline_stack<T: Send>(
    job: impl FnOnce() -> Result<T, CodegenError> + Send,
) -> Result<T, CodegenError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("looker-codegen".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, job)
            .map_err(|e| CodegenError::Internal {
                message: format!("cannot start the generator's thread: {e}"),
            })?;
        handle.join().unwrap_or_else(|_| {
            Err(CodegenError::Internal {
                message: "the generator's thread panicked".to_owned(),
            })
        })
    })
}

fn read_model_here(
    file_name: &str,
    text: &str,
    keep_raw: bool,
    options: &model::Options,
) -> Result<(Option<serde_json::Value>, model::Api), CodegenError> {
    let mut value = load::parse(text, load::Syntax::detect(file_name, text))?;
    let mut diagnostics = Vec::new();
    if swagger::is_swagger(&value) {
        (value, diagnostics) = swagger::convert(value)?;
    }
    let raw = keep_raw.then(|| value.clone());
    diagnostics.extend(normalize::repair(&mut value)?);
    let document = normalize::into_openapi(value)?;
    let api = model::build(&document, diagnostics, options)?;
    Ok((raw, api))
}

/// FNV-1a, 64 bits: a stable fingerprint of the document for file headers.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
