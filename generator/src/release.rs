//! The release flow: a new Looker document in, a crate ready to package out.
//!
//! [`bump`] diffs the workspace's document against the new one, puts the new one in `spec/`,
//! regenerates `generated/` and the features block, sets the SDK's version from the semver
//! verdict (with the Looker release as build metadata) and prepends an entry to `CHANGELOG.md`.
//! Everything is computed before the first file is written.

use crate::diff::{diff_files, DiffReport, Semver};
use crate::error::CodegenError;
use crate::{find_spec, load, render_str, write, Config, DEFAULT_MANIFEST};
use crate::{DEFAULT_OUT_DIR, SPEC_DIR};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The changelog the release flow maintains, relative to the workspace root.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// What [`bump`] found and did.
#[derive(Clone, Debug)]
#[non_exhaustive]
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
    /// Files written or removed, relative to the workspace root; empty when nothing changed.
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

/// Releases `new_document` in the workspace at `root` (see the module documentation).
///
/// # Errors
///
/// When `spec/` holds no document or several, when a document cannot be read, diffed or
/// rendered, when `Cargo.toml` has no plain `version` in `[package]` or a pre-release version,
/// and when a file cannot be written. Nothing is written unless every step before writing
/// succeeded.
pub fn bump(root: &Path, new_document: &Path) -> Result<BumpReport, CodegenError> {
    let current = find_spec(root)?.ok_or_else(|| {
        CodegenError::invalid(
            "",
            format!("no document in {}", root.join(SPEC_DIR).display()),
        )
    })?;
    let diff = diff_files(&current, new_document)?;
    let (old_text, new_text) = (read(&current)?, read(new_document)?);
    let new_name = file_name(new_document);
    let rendered = render_str(&new_name, &new_text)?;
    let manifest_path = root.join(DEFAULT_MANIFEST);
    let manifest_text = read(&manifest_path)?;
    let old_version = package_version(&manifest_text)?.to_owned();
    let looker_release = rendered
        .release
        .clone()
        .unwrap_or_else(|| rendered.version.clone());
    let mut report = BumpReport {
        new_version: old_version.clone(),
        old_version,
        verdict: diff.semver(),
        looker_release,
        api_version: rendered.version.clone(),
        written: Vec::new(),
        diff,
    };
    if is_empty(&report.diff) && release_of(&current, &old_text)? == rendered.release {
        return Ok(report);
    }
    report.new_version = next_version(&report.old_version, report.verdict, &report.looker_release)?;
    let manifest_text = set_package_version(&manifest_text, &report.new_version)?;
    let changelog_path = root.join(CHANGELOG);
    let changelog = with_entry(
        std::fs::read_to_string(&changelog_path).ok().as_deref(),
        &entry(&report, &today_utc()),
    );
    let [json_name, yaml_name, _] = crate::SPEC_NAMES;
    let spec_name = match load::Syntax::detect(&new_name, &new_text) {
        load::Syntax::Json => json_name,
        load::Syntax::Yaml => yaml_name,
    };
    let spec = root.join(SPEC_DIR).join(spec_name);

    // Everything is known: write.
    write::write_atomically(&spec, new_text.as_bytes())?;
    report.written.push(relative(root, &spec));
    if current != spec {
        std::fs::remove_file(&current).map_err(|source| CodegenError::Write {
            path: current.clone(),
            source,
        })?;
        report.written.push(relative(root, &current));
    }
    write::write_atomically(&manifest_path, manifest_text.as_bytes())?;
    report.written.push(DEFAULT_MANIFEST.to_owned());
    let out_dir = root.join(DEFAULT_OUT_DIR);
    let (_, written) = Config::new(&spec, &out_dir)
        .manifest(&manifest_path)
        .generate()?;
    for path in written.written.iter().chain(&written.removed) {
        let path = Path::new(path);
        if path != manifest_path {
            report.written.push(relative(root, &out_dir.join(path)));
        }
    }
    write::write_atomically(&changelog_path, changelog.as_bytes())?;
    report.written.push(CHANGELOG.to_owned());
    Ok(report)
}

/// Whether the diff lists no change at all and both documents have the same `info.version`.
fn is_empty(diff: &DiffReport) -> bool {
    let empty = DiffReport {
        old_version: diff.old_version.clone(),
        new_version: diff.old_version.clone(),
        endpoints: diff.endpoints.clone(),
        ..DiffReport::default()
    };
    *diff == empty
}

/// The next version of a crate at `version` for `verdict`, with `release` as build metadata.
/// Below 1.0 a major step bumps the minor number and a minor step the patch number.
pub fn next_version(version: &str, verdict: Semver, release: &str) -> Result<String, CodegenError> {
    let core = version.split_once('+').map_or(version, |(core, _)| core);
    let invalid =
        |why: &str| CodegenError::invalid(DEFAULT_MANIFEST, format!("version `{version}` {why}"));
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
        (_, Semver::Patch) => (major, minor, patch + 1),
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

/// The `version` of the `[package]` table of a `Cargo.toml`.
pub fn package_version(manifest: &str) -> Result<&str, CodegenError> {
    Ok(&manifest[package_version_range(manifest)?])
}

/// The manifest with the `version` of its `[package]` table set to `version`.
pub fn set_package_version(manifest: &str, version: &str) -> Result<String, CodegenError> {
    let range = package_version_range(manifest)?;
    Ok(format!(
        "{}{version}{}",
        &manifest[..range.start],
        &manifest[range.end..]
    ))
}

/// Byte range of the text between the quotes of the first `version = "..."` line of
/// `[package]`.
fn package_version_range(manifest: &str) -> Result<Range<usize>, CodegenError> {
    let mut in_package = false;
    let mut offset = 0;
    for line in manifest.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split('#').next().unwrap_or_default().trim();
        if code.starts_with('[') {
            in_package = code == "[package]";
            continue;
        }
        let Some((key, value)) = code.split_once('=') else {
            continue;
        };
        if !in_package || key.trim() != "version" {
            continue;
        }
        let quoted = value.trim();
        let inner = quoted
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .filter(|inner| !inner.is_empty() && !inner.contains(['"', '\\']))
            .ok_or_else(|| {
                CodegenError::invalid(
                    DEFAULT_MANIFEST,
                    format!("[package] version is `{quoted}`, not a plain \"x.y.z\" string"),
                )
            })?;
        let at = start + line.find(quoted).unwrap_or_default() + 1;
        return Ok(at..at + inner.len());
    }
    Err(CodegenError::invalid(
        DEFAULT_MANIFEST,
        "no `version = \"...\"` line in [package]",
    ))
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

/// Today's date in UTC, as YYYY-MM-DD.
fn today_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The `info.x-looker-release-version` of a document.
fn release_of(path: &Path, text: &str) -> Result<Option<String>, CodegenError> {
    let value = load::parse(text, load::Syntax::detect(&file_name(path), text))?;
    let release = &value["info"]["x-looker-release-version"];
    Ok(release.as_str().map(str::to_owned))
}

fn read(path: &Path) -> Result<String, CodegenError> {
    std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
        path: path.to_owned(),
        source,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn relative(root: &Path, path: &Path) -> String {
    let path: PathBuf = path.strip_prefix(root).unwrap_or(path).to_owned();
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str =
        "[workspace]\nversion = \"9.9.9\"\n\n[package] # the SDK\nname = \"x\"\n\
                            version.workspace = false\nversion  =  \"0.1.3\" # bumped\n\n\
                            [dependencies]\nversion = \"1\"\n";

    #[test]
    fn reads_and_sets_the_package_version_only() {
        assert_eq!(package_version(MANIFEST).unwrap(), "0.1.3");
        let set = set_package_version(MANIFEST, "0.2.0+looker.24.18.48").unwrap();
        assert_eq!(
            set,
            MANIFEST.replace("\"0.1.3\" # bumped", "\"0.2.0+looker.24.18.48\" # bumped")
        );
        assert_eq!(package_version(&set).unwrap(), "0.2.0+looker.24.18.48");
        for bad in [
            "[package]\nname = \"x\"\n",
            "[dependencies]\nversion = \"1\"\n",
            "[package]\nversion = { workspace = true }\n",
            "[package]\nversion = \"\"\n",
        ] {
            assert!(package_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_versions_follow_cargo_semver() {
        let next = |v, s| next_version(v, s, "24.18.48").unwrap();
        assert_eq!(next("0.1.3", Semver::Major), "0.2.0+looker.24.18.48");
        assert_eq!(next("0.1.3", Semver::Minor), "0.1.4+looker.24.18.48");
        assert_eq!(
            next("0.1.3+looker.1", Semver::Patch),
            "0.1.4+looker.24.18.48"
        );
        assert_eq!(next("1.2.3", Semver::Major), "2.0.0+looker.24.18.48");
        assert_eq!(next("1.2.3", Semver::Minor), "1.3.0+looker.24.18.48");
        assert_eq!(next("1.2.3", Semver::Patch), "1.2.4+looker.24.18.48");
        assert_eq!(
            next_version("1.0.0", Semver::Patch, "4.0 b").unwrap(),
            "1.0.1+looker.4.0-b"
        );
        assert!(next_version("1.0.0-rc.1", Semver::Patch, "1").is_err());
        assert!(next_version("1.0", Semver::Patch, "1").is_err());
    }

    #[test]
    fn entries_go_first_below_the_title() {
        assert_eq!(with_entry(None, "## 1\n"), "# Changelog\n\n## 1\n");
        let once = with_entry(Some("# Changes\n\n## 1\n"), "## 2\n\nx\n");
        assert_eq!(once, "# Changes\n\n## 2\n\nx\n\n## 1\n");
        assert_eq!(
            with_entry(Some("## 1\n"), "## 2\n"),
            "# Changelog\n\n## 2\n\n## 1\n"
        );
    }

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_518), "2026-03-06");
    }
}
