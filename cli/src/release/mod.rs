//! The release flow: a new Looker document in, a crate ready to package out.
//!
//! [`bump`] diffs the workspace's document against the new one, puts the new one in the spec
//! directory, regenerates the generated code and the features block of the manifest, sets the
//! SDK's version from the semver verdict (with the Looker release as build metadata) and
//! prepends an entry to the changelog. Each document is read once; everything is computed in
//! memory, then written all or nothing ([`stage`]). Where the files are is the command line's
//! business ([`Layout`], `bump`'s options), not the generator library's.

mod manifest;
mod stage;

use looker_codegen::{
    diff_documents, stale_files, DiffReport, Document, Semver, Syntax, SPEC_NAMES,
};
use manifest::Manifest;
use stage::Staged;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The changelog the release flow maintains, relative to the workspace root by default.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Where the SDK's files are: the workspace root and, below it unless absolute, the spec
/// directory, the manifest, the changelog and the generated code.
#[derive(Clone, Debug)]
pub struct Layout {
    pub root: PathBuf,
    pub spec_dir: PathBuf,
    pub manifest: PathBuf,
    pub changelog: PathBuf,
    pub out_dir: PathBuf,
}

impl Layout {
    /// `path` relative to the root, with `/` separators, for reports.
    pub fn relative(&self, path: &Path) -> String {
        let path = path.strip_prefix(&self.root).unwrap_or(path);
        path.to_string_lossy().replace('\\', "/")
    }
}

/// What [`bump`] found and did.
#[derive(Clone, Debug)]
pub struct BumpReport {
    /// The SDK crate's version before the bump.
    pub old_version: String,
    /// The version after it (the old one when there was nothing to release).
    pub new_version: String,
    /// The semver step of the generated SDK between the two documents.
    pub verdict: Semver,
    /// The new document's `x-looker-release-version`, else its `info.version`.
    pub looker_release: String,
    /// The new document's `info.version`.
    pub api_version: String,
    /// The document the bump started from, relative to the root.
    pub old_document: String,
    /// Files written or removed, relative to the root; empty when nothing changed.
    pub written: Vec<String>,
    /// The diff between the two documents.
    pub diff: DiffReport,
}

impl BumpReport {
    /// Whether the new document changes nothing: then no file was written.
    pub fn nothing_to_release(&self) -> bool {
        self.written.is_empty()
    }
}

/// Releases `new_document` in the workspace laid out as `layout`, with `date` (YYYY-MM-DD) on
/// the changelog entry (see the module documentation).
///
/// # Errors
///
/// When the spec directory holds no document or several, when a document cannot be read,
/// diffed or rendered, when the manifest has no plain `version` in `[package]` or a
/// pre-release version, and when a file cannot be written; then no file has changed.
pub fn bump(layout: &Layout, new_document: &Path, date: &str) -> Result<BumpReport, String> {
    let current = find_document(&layout.spec_dir)?;
    let (old_text, new_text) = (read(&current)?, read(new_document)?);
    let (old, new) = std::thread::scope(|scope| {
        let new = scope.spawn(|| parse(new_document, &new_text));
        let old = parse(&current, &old_text);
        let new = new
            .join()
            .unwrap_or_else(|_| Err("the reading thread panicked".to_owned()));
        (old, new)
    });
    let (old, new) = (old?, new?);
    let diff = diff_documents(&old, &new).map_err(|e| e.to_string())?;
    let manifest_name = layout.relative(&layout.manifest);
    let mut manifest = Manifest::parse(&manifest_name, &read(&layout.manifest)?)?;
    let in_manifest = |message: String| format!("{manifest_name}: {message}");
    let old_version = manifest.package_version().map_err(in_manifest)?.to_owned();
    let mut report = BumpReport {
        new_version: old_version.clone(),
        old_version,
        verdict: diff.semver(),
        looker_release: new.release().unwrap_or(new.version()).to_owned(),
        api_version: new.version().to_owned(),
        old_document: layout.relative(&current),
        written: Vec::new(),
        diff,
    };
    if is_empty(&report.diff) && old.release() == new.release() {
        return Ok(report);
    }
    let rendered = new.render().map_err(|e| e.to_string())?;
    report.new_version = next_version(&report.old_version, report.verdict, &report.looker_release)
        .map_err(in_manifest)?;
    manifest
        .set_package_version(&report.new_version)
        .map_err(in_manifest)?;
    manifest
        .set_features(&rendered.areas)
        .map_err(in_manifest)?;
    let manifest_text = manifest.to_text(&rendered.areas).map_err(in_manifest)?;
    let changelog = match std::fs::read_to_string(&layout.changelog) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {}: {e}", layout.changelog.display())),
    };
    let changelog = with_entry(changelog.as_deref(), &entry(&report, date));
    let [json_name, yaml_name, _] = SPEC_NAMES;
    let spec = layout.spec_dir.join(match new.syntax() {
        Syntax::Json => json_name,
        Syntax::Yaml => yaml_name,
    });

    // Everything is known: stage it, then write it all or nothing.
    let mut staged = Staged::default();
    let mut written = Vec::new();
    staged.write(spec.clone(), new_text);
    written.push(spec.clone());
    if current != spec {
        staged.remove(current.clone());
        written.push(current);
    }
    staged.write(layout.manifest.clone(), manifest_text);
    written.push(layout.manifest.clone());
    let stale: BTreeSet<String> = stale_files(&layout.out_dir, &rendered.files)
        .into_iter()
        .collect();
    let rendered_paths: BTreeSet<String> = rendered
        .files
        .iter()
        .map(|file| file.path.clone())
        .collect();
    for file in rendered.files {
        if stale.contains(&file.path) {
            let path = layout.out_dir.join(&file.path);
            staged.write(path.clone(), file.content);
            written.push(path);
        }
    }
    for leftover in stale.difference(&rendered_paths) {
        let path = layout.out_dir.join(leftover);
        staged.remove(path.clone());
        written.push(path);
    }
    staged.write(layout.changelog.clone(), changelog);
    written.push(layout.changelog.clone());
    staged.commit()?;
    report.written = written.iter().map(|path| layout.relative(path)).collect();
    Ok(report)
}

/// The one document of `spec_dir`, named as in [`SPEC_NAMES`].
fn find_document(spec_dir: &Path) -> Result<PathBuf, String> {
    let found: Vec<PathBuf> = SPEC_NAMES
        .iter()
        .map(|name| spec_dir.join(name))
        .filter(|path| path.is_file())
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "no document in {} ({})",
            spec_dir.display(),
            SPEC_NAMES.join(", ")
        )),
        several => Err(format!(
            "{} documents in {}: keep the one the SDK is built from",
            several.len(),
            spec_dir.display()
        )),
    }
}

/// Reads a document once, for the diff and the rendering alike.
fn parse(path: &Path, text: &str) -> Result<Document, String> {
    #[cfg(test)]
    tests::count_parse(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Document::parse(&name, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether the diff lists no change at all and both documents have the same `info.version`.
fn is_empty(diff: &DiffReport) -> bool {
    let mut empty = DiffReport::default();
    empty.old_version.clone_from(&diff.old_version);
    empty.new_version.clone_from(&diff.old_version);
    empty.endpoints.clone_from(&diff.endpoints);
    *diff == empty
}

/// The next version of a crate at `version` for `verdict`, with `release` as build metadata.
/// Below 1.0 a major step bumps the minor number and a minor step the patch number.
pub fn next_version(version: &str, verdict: Semver, release: &str) -> Result<String, String> {
    let core = version.split_once('+').map_or(version, |(core, _)| core);
    let invalid = |why: &str| format!("version `{version}` {why}");
    if core.contains('-') {
        return Err(invalid("is a pre-release: set the release version by hand"));
    }
    let numbers: Vec<u64> = core
        .split('.')
        .map(|n| n.parse().map_err(|_| invalid("is not x.y.z")))
        .collect::<Result<_, _>>()?;
    let [major, minor, patch] = numbers[..] else {
        return Err(invalid("is not x.y.z"));
    };
    let (major, minor, patch) = match (major, verdict) {
        (0, Semver::Major) => (0, minor + 1, 0),
        (0, _) => (0, minor, patch + 1),
        (_, Semver::Major) => (major + 1, 0, 0),
        (_, Semver::Minor) => (major, minor + 1, 0),
        _ => (major, minor, patch + 1),
    };
    // Build metadata is dot-separated [0-9A-Za-z-] identifiers.
    let metadata: String = release
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let metadata = metadata.trim_matches('.');
    Ok(format!("{major}.{minor}.{patch}+looker.{metadata}"))
}

/// The changelog entry of a release, dated `date` (YYYY-MM-DD).
fn entry(report: &BumpReport, date: &str) -> String {
    let mut out = format!(
        "## {} — Looker {} (API {})\n\n{date}: semver **{}** for the SDK (from {}, API {}).\n\n",
        report.new_version,
        report.looker_release,
        report.api_version,
        report.verdict,
        report.old_version,
        report.diff.old_version,
    );
    let mut fenced = false;
    for line in report.diff.to_markdown().lines() {
        fenced ^= line.trim_start().starts_with("```");
        if !fenced && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The changelog with `entry` first, below its `# ` title (created when missing).
fn with_entry(changelog: Option<&str>, entry: &str) -> String {
    let changelog = changelog.unwrap_or("# Changelog\n");
    let (title, rest) = match changelog.split_once('\n') {
        Some((first, rest)) if first.starts_with("# ") => (first, rest),
        _ => ("# Changelog", changelog),
    };
    let rest = rest.trim_start_matches('\n');
    let separator = if rest.is_empty() { "" } else { "\n" };
    format!(
        "{title}\n\n{}{separator}{rest}",
        entry.trim_end().to_owned() + "\n"
    )
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests;
