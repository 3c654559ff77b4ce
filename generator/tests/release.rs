//! `looker_codegen::release::bump` on a small workspace: the SDK's own document, then a JSON
//! release of it with one more property (a minor step), then the same again (nothing to
//! release), and a broken document (nothing written).

use looker_codegen::release::{bump, package_version};
use looker_codegen::{find_spec, Semver};
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};

const SPEC: &str = include_str!("../../spec/looker-4.0.yaml");
const MANIFEST: &str = "[package]\nname = \"looker-sdk\"\nversion = \"1.4.2\"\n\n[features]\n";

/// A workspace with the YAML document, its generated code and a manifest.
fn workspace(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("looker-codegen-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("spec")).unwrap();
    fs::write(root.join("spec/looker-4.0.yaml"), SPEC).unwrap();
    fs::write(root.join("Cargo.toml"), MANIFEST).unwrap();
    let config =
        looker_codegen::Config::new(root.join("spec/looker-4.0.yaml"), root.join("generated"))
            .manifest(root.join("Cargo.toml"));
    config.generate().unwrap();
    root
}

/// The SDK's document as JSON, released as 24.20.1 with one more `DBConnection` property.
fn next_release(dir: &Path) -> PathBuf {
    let mut doc: Value = serde_yaml_ng::from_str(SPEC).unwrap();
    doc["info"]["x-looker-release-version"] = json!("24.20.1");
    doc["components"]["schemas"]["DBConnection"]["properties"]["release_probe"] =
        json!({"type": "string", "nullable": true});
    let path = dir.join("Looker.4.0.next.oas.json");
    fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

/// Every file below `dir` with its content.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn bumps_once_then_finds_nothing_to_release() {
    let root = workspace("release");
    let documents =
        std::env::temp_dir().join(format!("looker-codegen-documents-{}", std::process::id()));
    fs::create_dir_all(&documents).unwrap();
    let new = next_release(&documents);
    let report = bump(&root, &new).unwrap();
    assert_eq!(report.verdict, Semver::Minor);
    assert_eq!(
        (report.old_version.as_str(), report.new_version.as_str()),
        ("1.4.2", "1.5.0+looker.24.20.1")
    );
    assert_eq!(
        find_spec(&root).unwrap(),
        Some(root.join("spec/looker-4.0.json"))
    );
    assert!(
        report.written.contains(&"spec/looker-4.0.yaml".to_owned()),
        "{:?}",
        report.written
    );
    assert!(report
        .written
        .contains(&"generated/models/connection.rs".to_owned()));
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert_eq!(package_version(&manifest).unwrap(), "1.5.0+looker.24.20.1");
    assert!(
        manifest.contains("connection = []"),
        "the features block is kept: {manifest}"
    );
    let models = fs::read_to_string(root.join("generated/models/connection.rs")).unwrap();
    assert!(models.contains("pub release_probe: Option<String>,"));
    let changelog = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.starts_with(
            "# Changelog\n\n## 1.5.0+looker.24.20.1 — Looker 24.20.1 (API 4.0.24.18)\n\n"
        ),
        "{changelog}"
    );
    assert!(changelog.contains("semver **minor**"));
    assert!(
        changelog.contains("\n### Breaking changes\n"),
        "headings are demoted: {changelog}"
    );
    assert!(changelog.contains("DBConnection"), "{changelog}");

    let before = snapshot(&root);
    let again = bump(&root, &new).unwrap();
    assert!(again.nothing_to_release());
    assert_eq!(again.new_version, "1.5.0+looker.24.20.1");
    assert_eq!(snapshot(&root), before, "nothing to release writes nothing");

    let broken = new.with_file_name("broken.json");
    fs::write(&broken, "{\"openapi\": \"3.0.0\", \"info\": {").unwrap();
    assert!(bump(&root, &broken).is_err());
    let wrong_version = root.join("Cargo.toml");
    fs::write(
        &wrong_version,
        manifest.replace("1.5.0+looker.24.20.1", "2.0.0-rc.1"),
    )
    .unwrap();
    let other = new.with_file_name("other.json");
    fs::write(
        &other,
        fs::read_to_string(&new)
            .unwrap()
            .replace("24.20.1", "24.20.2"),
    )
    .unwrap();
    let failed = snapshot(&root);
    assert!(
        bump(&root, &other).is_err(),
        "a pre-release version is not bumped"
    );
    assert_eq!(snapshot(&root), failed, "a failed bump writes nothing");
    fs::remove_dir_all(&root).unwrap();
    fs::remove_dir_all(&documents).unwrap();
}
