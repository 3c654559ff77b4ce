//! One `cargo build` regenerates the SDK from an edited spec *and* compiles the fresh code, and
//! a second build changes nothing. Runs cargo on a copy of the workspace (slow the first time:
//! it builds the SDK's dependencies in its own target directory).

mod workspace_copy;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use workspace_copy::{cargo, copy_sdk};

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

/// The `OUT_DIR` of the SDK's build script in the copy, from cargo's JSON messages.
fn out_dir(copy: &Path) -> PathBuf {
    let messages = cargo(
        copy,
        &["build", "--quiet", "--lib", "--message-format=json"],
        None,
    );
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "build-script-executed")
        .filter(|message| {
            message["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("looker-sdk"))
        })
        .find_map(|message| message["out_dir"].as_str().map(PathBuf::from))
        .expect("cargo reports the SDK build script's OUT_DIR")
}

#[test]
fn one_build_regenerates_and_compiles_the_edited_spec() {
    let copy = copy_sdk("regenerate");
    // The edit: a new DBConnection property, as a Looker release would add one.
    let spec_path = copy.join("spec/looker-4.0.yaml");
    let spec = fs::read_to_string(&spec_path).unwrap();
    let anchor = "\n    DBConnection:\n      properties:\n";
    assert!(
        spec.contains(anchor),
        "the spec declares DBConnection's properties"
    );
    let added =
        "        regen_probe:\n          type: string\n          nullable: true\n          \
                 description: Added by the regeneration test\n";
    fs::write(
        &spec_path,
        spec.replacen(anchor, &format!("{anchor}{added}"), 1),
    )
    .unwrap();
    // Code that only compiles if the fresh models were compiled in the same build.
    let mut lib = fs::read_to_string(copy.join("src/lib.rs")).unwrap();
    lib.push_str(
        "\n/// Compiles only with the regenerated models.\n\
         pub fn regen_probe(c: &models::WriteDbConnection) -> Option<&str> {\n    \
         c.regen_probe.as_deref()\n}\n",
    );
    fs::write(copy.join("src/lib.rs"), lib).unwrap();

    cargo(&copy, &["build", "--quiet", "--lib"], None);
    let models = out_dir(&copy).join("generated/models/connection.rs");
    let generated = fs::read_to_string(&models).unwrap();
    assert!(generated.contains("pub regen_probe: Option<String>,"));
    // The reviewed copy is left to `cargo codegen generate`: a build writes only to OUT_DIR.
    let committed = fs::read_to_string(copy.join("generated/models/connection.rs")).unwrap();
    assert!(!committed.contains("regen_probe"));

    let before = modified(&models);
    cargo(&copy, &["build", "--quiet", "--lib"], None);
    assert_eq!(
        before,
        modified(&models),
        "a build with nothing to regenerate rewrote the models"
    );
    fs::remove_dir_all(&copy).unwrap();
}
