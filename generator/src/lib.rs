//! `looker-codegen`: generates the Rust Looker SDK from a Looker API 4.0 OpenAPI document.
//!
//! The pipeline runs one way: [`load`] (JSON or YAML) -> [`normalize`] (repair Looker's known
//! deviations, then `openapiv3`) -> [`model`] (every Rust decision) -> [`emit`] (`quote!`,
//! `prettyplease`) -> [`write`] (atomic, only what changed). `build.rs` of the SDK uses
//! [`Config`]; the `looker-codegen` binary (package `looker-codegen-cli`, `cli/`) wraps the same
//! calls.

pub mod emit;
pub mod error;
pub mod load;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod write;

pub use emit::GeneratedFile;
pub use error::CodegenError;
pub use normalize::Diagnostic;
pub use write::WriteReport;

use std::path::{Path, PathBuf};

/// The project's own document, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/looker-4.0.yaml";
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
}

/// A document rendered in memory: the files and what they hold.
#[derive(Debug)]
pub struct Rendered {
    pub title: String,
    pub version: String,
    /// FNV-1a 64 hash of the document's bytes, in hex.
    pub spec_hash: String,
    pub type_count: usize,
    pub method_count: usize,
    /// The API areas (module and feature names), sorted.
    pub areas: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<GeneratedFile>,
}

impl Config {
    /// Generates from `spec` into `out_dir`.
    pub fn new(spec: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        Config {
            spec: spec.into(),
            out_dir: out_dir.into(),
            manifest: None,
        }
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
        render_str(&name, &text)
    }

    /// Renders, then writes what changed. Nothing is written when rendering fails.
    pub fn generate(&self) -> Result<(Rendered, WriteReport), CodegenError> {
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

/// Renders a document given as text; `file_name` only helps tell JSON from YAML.
pub fn render_str(file_name: &str, text: &str) -> Result<Rendered, CodegenError> {
    let spec_hash = format!("{:016x}", fnv1a64(text.as_bytes()));
    let mut value = load::parse(text, load::Syntax::detect(file_name, text))?;
    let diagnostics = normalize::repair(&mut value)?;
    let document = normalize::into_openapi(value)?;
    let api = model::build(&document, diagnostics)?;
    let files = emit::emit(&api, &spec_hash)?;
    let areas: std::collections::BTreeSet<String> =
        api.operations.iter().map(|op| op.area.clone()).collect();
    Ok(Rendered {
        areas: areas.into_iter().collect(),
        title: api.title,
        version: api.version,
        spec_hash,
        type_count: api.types.len(),
        method_count: api.operations.len(),
        diagnostics: api.diagnostics,
        files,
    })
}

/// FNV-1a, 64 bits: a stable fingerprint of the document for file headers.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
