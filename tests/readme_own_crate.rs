//! The README's own-crate section, built exactly as written: its `Cargo.toml`, `build.rs`,
//! `src/lib.rs` and `src/main.rs` (only the two dependencies are pointed at this checkout, and a
//! `[workspace]` table keeps the crate standalone), with the project's slice as `looker.json`.
//! It builds without a warning; touching a source file does not run the build script again
//! (`emit_rerun_if_changed`), touching the document does. Slow: it compiles a crate of its own
//! (dependencies come from the copies' shared target directory).

mod workspace_copy;

use std::fs;
use std::path::{Path, PathBuf};

use workspace_copy::{cargo_command, root, run};

/// The fenced code blocks of the README's own-crate section, each as (file name, text): the
/// file is named by the block's first line (`# Cargo.toml`, `// build.rs: ...`).
fn readme_crate() -> Vec<(String, String)> {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("is the whole crate (`tests/readme_own_crate.rs`")
        .expect("the README's own-crate section");
    let mut files = Vec::new();
    let mut rest = &readme[start..];
    while files.len() < 4 {
        let open = rest.find("\n```").expect("a code block");
        let after_fence = &rest[open + 4..];
        let body_start = after_fence.find('\n').expect("a fence line") + 1;
        let body = &after_fence[body_start..];
        let close = body.find("\n```").expect("a closing fence");
        let text = &body[..close + 1];
        let first = text.lines().next().unwrap_or_default();
        let name = first
            .trim_start_matches(['#', '/', ' '])
            .split([':', ' '])
            .next()
            .unwrap_or_default()
            .to_owned();
        files.push((name, text.to_owned()));
        rest = &body[close + 4..];
    }
    files
}

/// `cargo <args>` in `dir`, offline, with the copies' target directory; stdout and stderr.
fn cargo(dir: &Path, args: &[&str]) -> String {
    run(cargo_command(dir, args).arg("--offline"))
}

/// Whether cargo's verbose output shows `my-looker`'s build script running.
fn build_script_ran(output: &str) -> bool {
    output.lines().any(|line| {
        line.contains("Running")
            && line.contains("my-looker-")
            && line.contains("build-script-build")
    })
}

#[test]
fn the_readmes_own_crate_builds_as_written_and_reruns_its_build_script_only_for_the_document() {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("looker-readme-crate-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let files = readme_crate();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["Cargo.toml", "build.rs", "src/lib.rs", "src/main.rs"]
    );
    for (name, text) in &files {
        let text = match name.as_str() {
            "Cargo.toml" => {
                let runtime = format!("looker-sdk-rtl = {{ path = {:?} }}", root().join("runtime"));
                let generator = format!(
                    "looker-codegen = {{ path = {:?} }}",
                    root().join("generator")
                );
                let pointed = text
                    .replace("looker-sdk-rtl = \"0.1\"", &runtime)
                    .replace("looker-codegen = \"0.1\"", &generator);
                assert_ne!(&pointed, text, "the dependencies are as the test expects");
                format!("{pointed}\n[workspace]\n")
            }
            _ => text.clone(),
        };
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // The project's slice (create_connection) as the JSON document the README names.
    let slice = fs::read_to_string(root().join("spec/looker-4.0.yaml")).expect("the slice");
    let document =
        looker_codegen::parse_document(&slice, looker_codegen::Syntax::Yaml).expect("YAML");
    fs::write(
        dir.join("looker.json"),
        serde_json::to_vec_pretty(&document).unwrap(),
    )
    .unwrap();

    let first = cargo(&dir, &["build", "--all-targets"]);
    assert!(
        !first.contains("warning"),
        "the README's crate warns:\n{first}"
    );
    assert!(dir.join("Cargo.lock").is_file());

    // A source edit does not regenerate the API; a document edit does.
    let main = dir.join("src/main.rs");
    fs::write(&main, fs::read_to_string(&main).unwrap() + "\n").unwrap();
    let after_edit = cargo(&dir, &["build", "-v"]);
    assert!(!build_script_ran(&after_edit), "{after_edit}");
    let json = dir.join("looker.json");
    fs::write(&json, fs::read_to_string(&json).unwrap() + "\n").unwrap();
    let after_document = cargo(&dir, &["build", "-v"]);
    assert!(build_script_ran(&after_document), "{after_document}");
    let _ = fs::remove_dir_all(&dir);
}
