//! A copy of this workspace in a temporary directory, and cargo run on it: for tests that must
//! see what a real `cargo build` does with an edited or different spec.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What cargo needs to build the SDK and its tests: the manifests, the build script, the
/// generator's library, the command line (a workspace member), the runtime, the spec, the
/// committed generated code, tests and examples.
const COPIED: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "README.md",
    "generator/Cargo.toml",
    "generator/src",
    "cli/Cargo.toml",
    "cli/src",
    "src",
    "spec",
    "generated",
    "tests",
    "examples",
];

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the copies build: one target directory shared by every copy, so dependencies are
/// compiled once.
pub fn target_dir() -> PathBuf {
    root().join("target/workspace-copies")
}

/// A fresh copy of the workspace named `name` (removed first if it exists).
pub fn copy_workspace(name: &str) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("looker-sdk-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&copy);
    for item in COPIED {
        copy_tree(&root().join(item), &copy.join(item));
    }
    copy
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

/// Runs `cargo <args>` in `workspace` with `LOOKER_SPEC` set to `spec` (or unset) and panics
/// with cargo's output when it fails.
pub fn cargo(workspace: &Path, args: &[&str], spec: Option<&Path>) -> String {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("LOOKER_SPEC");
    if let Some(spec) = spec {
        command.env("LOOKER_SPEC", spec);
    }
    let output = command.output().expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{stdout}\n{stderr}",
        workspace.display()
    );
    format!("{stdout}{stderr}")
}
