//! Spec diff: what changed between two releases of the document, named as the document names
//! it (operationIds, schema names) and as the generated Rust crate names it, with the semver
//! verdict for the SDK.
//!
//! Two independent halves: `document` compares the documents as written (raw JSON values, no
//! repairs) and lists added, removed, changed and renamed operations and schemas; `rust` diffs
//! the Rust API surface (`surface`) of the two generated models and finds what would break a
//! caller. `markdown` and `json` render the report.

mod breaking;
mod describe;
mod document;
mod json;
mod markdown;
mod rust;
mod shape;
mod surface;

pub use breaking::BreakingKind;

use crate::error::CodegenError;
use crate::model;
use crate::Document;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The semver step the generated SDK takes between two documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Semver {
    /// Nothing a caller can see changed (descriptions at most).
    Patch,
    /// Only additions: code that compiled still compiles and means the same.
    Minor,
    /// Code that compiled against the old SDK may fail to compile against the new one.
    Major,
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        })
    }
}

/// An operation or schema present in both documents that changed, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Changed {
    /// The operationId or schema name.
    pub name: String,
    /// What changed, one short phrase each (`parameter \`limit\` added`).
    pub what: Vec<String>,
}

/// The operations of the two documents, by operationId; every list is sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationChanges {
    /// Only in the new document (the new ids of renamed operations included).
    pub added: Vec<String>,
    /// Only in the old document (the old ids of renamed operations included).
    pub removed: Vec<String>,
    /// In both, with a different verb, path, status, parameter, body or response.
    pub changed: Vec<Changed>,
    /// `(old, new)`: the same verb and path under another operationId.
    pub renamed: Vec<(String, String)>,
}

/// The component schemas of the two documents, by name; every list is sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaChanges {
    /// Only in the new document.
    pub added: Vec<String>,
    /// Only in the old document.
    pub removed: Vec<String>,
    /// In both, with different properties, required names or property shapes.
    pub changed: Vec<Changed>,
}

/// Operations and schemas whose only differences are texts (descriptions, summaries, titles,
/// examples); sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescriptionChanges {
    /// operationIds.
    pub operations: Vec<String>,
    /// Schema names.
    pub schemas: Vec<String>,
}

/// A change that may break code written against the old SDK.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Breaking {
    /// What kind of break (`method-removed`, `field-type-changed`, ...).
    pub kind: BreakingKind,
    /// JSON pointer of the cause: in the new document, or in the old one for removals.
    pub pointer: String,
    /// The Rust item concerned (`LookerSdk::search_dashboards`, `models::Dashboard::title`).
    pub rust: String,
    /// What changed (old -> new types).
    pub detail: String,
    /// How a caller migrates, for the Markdown report.
    pub hint: String,
}

/// Everything that changed between two documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiffReport {
    /// `info.version` of the old document.
    pub old_version: String,
    /// `info.version` of the new document.
    pub new_version: String,
    /// Operation lists.
    pub operations: OperationChanges,
    /// Component schema lists.
    pub schemas: SchemaChanges,
    /// Text-only changes, counted apart.
    pub descriptions: DescriptionChanges,
    /// Breaking changes of the generated Rust API, sorted by Rust item.
    pub breaking: Vec<Breaking>,
    /// Rust items only in the new SDK, sorted.
    pub rust_added: Vec<String>,
    /// `VERB /path` of every operation the lists name (the new document's for those in both).
    pub endpoints: BTreeMap<String, String>,
}

impl DiffReport {
    /// Major when anything breaks; minor when anything was added or changed; else patch.
    pub fn semver(&self) -> Semver {
        let ops = &self.operations;
        let schemas = &self.schemas;
        if self.has_breaking() {
            Semver::Major
        } else if !self.rust_added.is_empty()
            || !ops.added.is_empty()
            || !ops.changed.is_empty()
            || !ops.renamed.is_empty()
            || !schemas.added.is_empty()
            || !schemas.changed.is_empty()
        {
            Semver::Minor
        } else {
            Semver::Patch
        }
    }

    /// Whether code written against the old SDK may not compile against the new one.
    pub fn has_breaking(&self) -> bool {
        !self.breaking.is_empty()
    }

    /// The report for a pull request: summary line, breaking changes, operations, schemas,
    /// then the description-only changes collapsed.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report as pretty JSON with a stable key order.
    pub fn to_json(&self) -> String {
        json::render(self)
    }
}

/// Compares two documents read from files (JSON or YAML, told apart by name and content).
pub fn diff_files(old: &Path, new: &Path) -> Result<DiffReport, CodegenError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
            path: path.to_owned(),
            source,
        })
    };
    let name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (old_text, new_text) = (read(old)?, read(new)?);
    diff_str(&name(old), &old_text, &name(new), &new_text)
}

/// Compares two documents given as text; the names only help tell JSON from YAML. The two
/// documents are read on two threads, then compared by [`diff_documents`].
pub fn diff_str(
    old_name: &str,
    old: &str,
    new_name: &str,
    new: &str,
) -> Result<DiffReport, CodegenError> {
    let (old, new) = std::thread::scope(|scope| {
        let other = scope.spawn(|| Document::parse(new_name, new));
        let old = Document::parse(old_name, old);
        (old, other.join().unwrap_or_else(|_| Err(panicked())))
    });
    diff_documents(&old?, &new?)
}

/// Compares two documents already read (each parsed once, whatever else uses it): the document
/// lists and the Rust surfaces are compared on two threads.
pub fn diff_documents(old: &Document, new: &Document) -> Result<DiffReport, CodegenError> {
    let (old, new) = (Side::of(old), Side::of(new));
    let (documents, rust) = std::thread::scope(|scope| {
        let documents = scope.spawn(|| document::compare(old.raw, new.raw));
        let rust = rust::compare((old.raw, &old.surface), (new.raw, &new.surface));
        (documents.join().map_err(|_| panicked()), rust)
    });
    let documents = documents?;
    let mut breaking = rust.breaking;
    rust::mark_renamed(
        &mut breaking,
        &documents.operations.renamed,
        (old.api, new.api),
    );
    Ok(DiffReport {
        old_version: old.api.version.clone(),
        new_version: new.api.version.clone(),
        operations: documents.operations,
        schemas: documents.schemas,
        descriptions: documents.descriptions,
        breaking,
        rust_added: rust.added,
        endpoints: documents.endpoints,
    })
}

fn panicked() -> CodegenError {
    CodegenError::invalid("", "a diff thread panicked")
}

/// One read document and the Rust surface of its SDK.
struct Side<'a> {
    raw: &'a Value,
    api: &'a model::Api,
    surface: surface::Surface,
}

impl<'a> Side<'a> {
    fn of(document: &'a Document) -> Side<'a> {
        Side {
            raw: &document.raw,
            api: &document.api,
            surface: surface::surface(&document.api),
        }
    }
}
