use super::*;
use std::sync::Mutex;

/// The documents [`parse`] read, in order.
static PARSED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(super) fn count_parse(path: &Path) {
    if let Ok(mut parsed) = PARSED.lock() {
        parsed.push(path.to_owned());
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

const SPEC: &str = include_str!("../../../spec/looker-4.0.yaml");
const MANIFEST: &str = "[package]\nname = \"looker-sdk\"\nversion = \"1.4.2\" # set by bump\n\n\
                        # Hand-written.\n[dependencies]\n";
const DATE: &str = "2026-03-06";

/// A workspace with the YAML document, its generated code and a manifest.
fn workspace(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("looker-release-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::write(root.join("spec/looker-4.0.yaml"), SPEC).unwrap();
    std::fs::write(root.join("Cargo.toml"), MANIFEST).unwrap();
    let config =
        looker_codegen::Config::new(root.join("spec/looker-4.0.yaml"), root.join("generated"))
            .manifest(root.join("Cargo.toml"));
    config.generate().unwrap();
    root
}

fn layout(root: &Path) -> Layout {
    Layout {
        root: root.to_owned(),
        spec_dir: root.join("spec"),
        manifest: root.join("Cargo.toml"),
        changelog: root.join("CHANGELOG.md"),
        out_dir: root.join("generated"),
    }
}

/// The SDK's document as JSON, released as `release` with one more `DBConnection` property.
fn next_release(root: &Path, release: &str) -> PathBuf {
    let mut doc: serde_json::Value = serde_yaml_ng::from_str(SPEC).unwrap();
    doc["info"]["x-looker-release-version"] = serde_json::json!(release);
    doc["components"]["schemas"]["DBConnection"]["properties"]["release_probe"] =
        serde_json::json!({"type": "string", "nullable": true});
    let path = root.with_extension(format!("{release}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

/// Every file and directory below `dir` with its content.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
                files.push((path, None));
            } else {
                files.push((path.clone(), Some(std::fs::read(&path).unwrap())));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn bumps_once_then_finds_nothing_to_release() {
    let root = workspace("once");
    let new = next_release(&root, "24.20.1");
    let report = bump(&layout(&root), &new, DATE).unwrap();
    assert_eq!(report.verdict, Semver::Minor);
    assert_eq!(
        (report.old_version.as_str(), report.new_version.as_str()),
        ("1.4.2", "1.5.0+looker.24.20.1")
    );
    assert!(root.join("spec/looker-4.0.json").is_file());
    assert!(!root.join("spec/looker-4.0.yaml").exists());
    assert_eq!(
        &report.written[..3],
        ["spec/looker-4.0.json", "spec/looker-4.0.yaml", "Cargo.toml"]
    );
    assert!(report
        .written
        .contains(&"generated/models/connection.rs".to_owned()));
    assert_eq!(report.written.last().unwrap(), "CHANGELOG.md");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.starts_with(
            "[package]\nname = \"looker-sdk\"\nversion = \"1.5.0+looker.24.20.1\" # set by bump\n\n\
             # Hand-written.\n[dependencies]\n\n[features]\n"
        ),
        "comments and layout are kept: {manifest}"
    );
    assert!(
        manifest.contains("connection = []"),
        "the features block is kept: {manifest}"
    );
    let models = std::fs::read_to_string(root.join("generated/models/connection.rs")).unwrap();
    assert!(models.contains("pub release_probe: Option<String>,"));
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.starts_with(
            "# Changelog\n\n## 1.5.0+looker.24.20.1 — Looker 24.20.1 (API 4.0.24.18)\n\n\
             2026-03-06: semver **minor**"
        ),
        "{changelog}"
    );
    assert!(
        changelog.contains("\n### Breaking changes\n"),
        "headings are demoted: {changelog}"
    );
    assert!(changelog.contains("DBConnection"), "{changelog}");
    // What `cargo codegen check` compares: the generated code and the features block.
    let check =
        looker_codegen::Config::new(root.join("spec/looker-4.0.json"), root.join("generated"))
            .manifest(root.join("Cargo.toml"))
            .check()
            .unwrap();
    assert!(check.is_empty(), "stale after the bump: {check:?}");

    let before = snapshot(&root);
    let again = bump(&layout(&root), &new, DATE).unwrap();
    assert!(again.nothing_to_release());
    assert_eq!(again.new_version, "1.5.0+looker.24.20.1");
    assert_eq!(snapshot(&root), before, "nothing to release writes nothing");

    let broken = root.with_extension("broken.json");
    std::fs::write(&broken, "{\"openapi\": \"3.0.0\", \"info\": {").unwrap();
    assert!(bump(&layout(&root), &broken, DATE).is_err());
    std::fs::write(
        root.join("Cargo.toml"),
        manifest.replace("1.5.0+looker.24.20.1", "2.0.0-rc.1"),
    )
    .unwrap();
    let other = next_release(&root, "24.20.2");
    let failed = snapshot(&root);
    assert!(
        bump(&layout(&root), &other, DATE).is_err(),
        "a pre-release version is not bumped"
    );
    assert_eq!(snapshot(&root), failed, "a failed bump writes nothing");
    for path in [new, broken, other] {
        std::fs::remove_file(path).unwrap();
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn each_document_is_read_once() {
    let root = workspace("parses");
    let new = next_release(&root, "24.20.3");
    bump(&layout(&root), &new, DATE).unwrap();
    let old = root.join("spec/looker-4.0.yaml");
    let reads = |path: &Path| {
        PARSED
            .lock()
            .unwrap()
            .iter()
            .filter(|parsed| *parsed == path)
            .count()
    };
    // Before parsing once, a bump read the new document 3 times (diff, render, generate) and
    // the old one once (twice when there was nothing to release).
    assert_eq!((reads(&new), reads(&old)), (1, 1));
    let json = root.join("spec/looker-4.0.json");
    bump(&layout(&root), &new, DATE).unwrap();
    assert_eq!((reads(&new), reads(&json)), (2, 1), "nothing to release");
    std::fs::remove_file(new).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
}

/// A failure while staging, after the first temporary files were written (the changelog,
/// written last, is a directory), one while replacing, after all files but the changelog were
/// replaced, and one for the generated code: no file changed.
#[test]
fn a_failure_while_writing_changes_nothing() {
    let root = workspace("fails");
    std::fs::create_dir_all(root.join("CHANGELOG.md/in-the-way")).unwrap();
    let new = next_release(&root, "24.20.4");
    let before = snapshot(&root);
    let error = bump(&layout(&root), &new, DATE).unwrap_err();
    assert!(error.contains("CHANGELOG.md"), "{error}");
    assert_eq!(snapshot(&root), before);

    // The changelog, replaced last, fails after everything else was replaced or removed.
    std::fs::remove_dir_all(root.join("CHANGELOG.md")).unwrap();
    std::fs::write(root.join("CHANGELOG.md"), "# Changelog\n").unwrap();
    let before = snapshot(&root);
    stage::tests::fail_at(Some(root.join("CHANGELOG.md")));
    let error = bump(&layout(&root), &new, DATE).unwrap_err();
    stage::tests::fail_at(None);
    assert!(error.contains("injected failure"), "{error}");
    assert!(error.contains("nothing was changed"), "{error}");
    assert_eq!(snapshot(&root), before);

    // The generated code's directory is a file: its files cannot be staged.
    let generated = root.join("generated");
    std::fs::rename(&generated, root.join("elsewhere")).unwrap();
    std::fs::write(&generated, "not a directory").unwrap();
    let before = snapshot(&root);
    assert!(bump(&layout(&root), &new, DATE).is_err());
    assert_eq!(snapshot(&root), before);
    std::fs::remove_file(new).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
}
