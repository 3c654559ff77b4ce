//! One `cargo build` regenerates the SDK from an edited spec *and* compiles the fresh code, and
//! a second build changes nothing. Runs cargo on a copy of the workspace (slow the first time:
//! it builds the SDK's dependencies in its own target directory).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const COPIED: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "README.md",
    "generator",
    "src",
    "spec",
    "generated",
];

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

fn cargo_build(workspace: &Path, target_dir: &Path) {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--lib"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("LOOKER_SPEC")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn one_build_regenerates_and_compiles_the_edited_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy: PathBuf =
        std::env::temp_dir().join(format!("looker-sdk-regen-{}", std::process::id()));
    let _ = fs::remove_dir_all(&copy);
    for name in COPIED {
        copy_tree(&root.join(name), &copy.join(name));
    }
    // The edit: a new DBConnection property, as a Looker release would add one.
    let spec_path = copy.join("spec/looker-4.0.yaml");
    let spec = fs::read_to_string(&spec_path).unwrap();
    let anchor = "\n    DBConnection:\n      properties:\n";
    assert!(
        spec.contains(anchor),
        "the spec declares DBConnection's properties"
    );
    let edited = spec.replacen(
        anchor,
        &format!("{anchor}        regen_probe:\n          type: string\n          nullable: true\n          description: Added by the regeneration test\n"),
        1,
    );
    fs::write(&spec_path, edited).unwrap();
    // Code that only compiles if the fresh models were compiled in the same build.
    let mut lib = fs::read_to_string(copy.join("src/lib.rs")).unwrap();
    lib.push_str(
        "\n/// Compiles only with the regenerated models.\npub fn regen_probe(c: &models::WriteDbConnection) -> Option<&str> {\n    c.regen_probe.as_deref()\n}\n",
    );
    fs::write(copy.join("src/lib.rs"), lib).unwrap();

    let target_dir = root.join("target/regenerate-on-build");
    cargo_build(&copy, &target_dir);
    let models = copy.join("generated/models/connection.rs");
    let generated = fs::read_to_string(&models).unwrap();
    assert!(generated.contains("pub regen_probe: Option<String>,"));

    let before = modified(&models);
    cargo_build(&copy, &target_dir);
    assert_eq!(
        before,
        modified(&models),
        "a build with nothing to regenerate rewrote the models"
    );
    fs::remove_dir_all(&copy).unwrap();
}
