//! A copy of this workspace in a temporary directory, and cargo run on it: for tests that must
//! see what a real `cargo build` does with an edited or different spec.
//!
//! Every test binary that uses copies compiles this module, and none uses every helper.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a whole copy holds besides [`SDK_PACKAGE`]: the other workspace members (the
/// generator's library, the command line, the documents' crate, the runtime).
const OTHER_MEMBERS: &[&str] = &[
    "generator/Cargo.toml",
    "generator/src",
    "cli/Cargo.toml",
    "cli/src",
    "looker-specs",
    "runtime",
];

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Looker's released OpenAPI document of `release` (`24.18`), from the `looker-specs` crate
/// (or `$LOOKER_SPECS_DIR`).
pub fn looker_document(release: &str) -> PathBuf {
    let path = looker_specs::openapi(release);
    assert!(
        path.is_file(),
        "Looker's document {} is missing",
        path.display()
    );
    path
}

/// Where the copies build: the target directory of this test run (`target/` unless
/// `CARGO_TARGET_DIR` says otherwise), so the copies, the own-crate example and the downstream
/// crates reuse the dependencies `cargo test` built, and one another's. cargo does not hold the
/// directory's lock while tests run, so the nested cargo does not wait for this one. A copy of
/// the SDK package names the runtime and the generator outside itself ([`copy_sdk`]): its
/// crates never take the names of this workspace's own builds.
pub fn target_dir() -> PathBuf {
    // This test's executable is `<target>/debug/deps/<name>`.
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| root().join("target"))
}

/// What a copy of the SDK package alone holds ([`copy_sdk`]): the manifests, the build script,
/// the spec, the committed generated code, tests, examples and benchmarks.
const SDK_PACKAGE: &[&str] = &[
    ".cargo",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "README.md",
    "src",
    "spec",
    "generated",
    "tests",
    "examples",
    "benches",
];

/// The workspace members a copy of the SDK package names where they are.
const SHARED_MEMBERS: &[&str] = &["runtime", "generator", "looker-specs"];

/// A fresh copy of the SDK package alone, named `name`: its manifest names the runtime, the
/// generator and the documents' crate in this repository by absolute path, so every such copy
/// builds them once, in the copies' shared target directory (a whole copy compiles its own).
/// Its workspace has no other member: regenerate its reviewed copy with [`generate`].
pub fn copy_sdk(name: &str) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("looker-sdk-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&copy);
    for item in SDK_PACKAGE {
        copy_tree(&root().join(item), &copy.join(item));
    }
    let manifest = copy.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    let members = "members = [\"runtime\", \"generator\", \"cli\", \"looker-specs\"]";
    assert!(
        text.contains(members),
        "the workspace's members changed: {text}"
    );
    text = text.replacen(members, "members = []", 1);
    for member in SHARED_MEMBERS {
        let relative = format!("path = \"{member}\"");
        assert!(text.contains(&relative), "no `{relative}` in the manifest");
        let absolute = format!("path = {:?}", root().join(member).display().to_string());
        text = text.replace(&relative, &absolute);
    }
    fs::write(&manifest, text).unwrap();
    copy
}

/// `cargo codegen generate` in `workspace`, done in this process: the command line's
/// `generate` is these calls of the generator's library (the document found in `spec/`, the
/// reviewed copy written to `generated/`, the area features of `Cargo.toml` kept in step), so
/// no copy has to build the command line.
pub fn generate(workspace: &Path) {
    let spec = looker_codegen::find_spec(workspace)
        .unwrap_or_else(|e| panic!("{}: {e}", workspace.display()))
        .unwrap_or_else(|| panic!("no document in {}/spec", workspace.display()));
    looker_codegen::Config::new(spec, workspace.join(looker_codegen::DEFAULT_OUT_DIR))
        .manifest(workspace.join(looker_codegen::DEFAULT_MANIFEST))
        .generate()
        .unwrap_or_else(|e| panic!("generate in {}: {e}", workspace.display()));
}

/// Removes the documentation in the copies' target directory (this workspace's too, which the
/// next `cargo doc` writes again): rustdoc merges each crate it documents into the search index
/// of everything already in `doc/`, which grows with every SDK documented there (80 MB made a
/// 6 s `cargo doc` take 30 s). Call it before a `cargo doc` with no other one running.
pub fn remove_docs() {
    match fs::remove_dir_all(target_dir().join("doc")) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            panic!("removing the copies' documentation: {error}")
        }
        _ => {}
    }
}

/// A fresh copy of the workspace named `name` (removed first if it exists).
pub fn copy_workspace(name: &str) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("looker-sdk-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&copy);
    for item in SDK_PACKAGE.iter().chain(OTHER_MEMBERS) {
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

/// Makes `spec` the document of the SDK in `workspace`: copied to `spec/looker-4.0.<ext>`, the
/// workspace's other document removed, as `looker-codegen fetch` or a user's copy would.
pub fn use_spec(workspace: &Path, spec: &Path) {
    let dir = workspace.join("spec");
    for name in ["looker-4.0.json", "looker-4.0.yaml", "looker-4.0.yml"] {
        let _ = fs::remove_file(dir.join(name));
    }
    let ext = spec.extension().and_then(|e| e.to_str()).unwrap_or("json");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(spec, dir.join(format!("looker-4.0.{ext}"))).unwrap();
}

/// Runs `cargo <args>` in `workspace`, first making `spec` its document when given, and panics
/// with cargo's output when it fails.
pub fn cargo(workspace: &Path, args: &[&str], spec: Option<&Path>) -> String {
    if let Some(spec) = spec {
        use_spec(workspace, spec);
    }
    run(&mut cargo_command(workspace, args))
}

/// Runs `command`, panicking with the command (directory and environment included) and its
/// output when it fails; returns stdout and stderr. How long it took goes to stderr (shown with
/// `--nocapture`: where a slow test spends its time).
pub fn run(command: &mut Command) -> String {
    let started = std::time::Instant::now();
    let output = command.output().expect("the command runs");
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy()).collect();
    eprintln!(
        "[{:6.1} s] {} {} (in {})",
        started.elapsed().as_secs_f64(),
        Path::new(command.get_program())
            .file_name()
            .map_or_else(Default::default, |name| name.to_string_lossy()),
        args.join(" "),
        command
            .get_current_dir()
            .map_or_else(|| ".".into(), |d| d.display().to_string())
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}

/// `cargo <args>` in `workspace`, with the copies' shared target directory. Crates outside this
/// workspace (the own-crate example, downstream crates) build with line tables only, as this
/// workspace and its copies do: one build of a dependency serves them all.
pub fn cargo_command(workspace: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env_remove("RUSTFLAGS");
    command
}
