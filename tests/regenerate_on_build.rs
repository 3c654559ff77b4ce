//! One `cargo build` regenerates the SDK from an edited spec *and* compiles the fresh code, and
//! a second build changes nothing. Runs cargo on a copy of the workspace (slow the first time:
//! it builds the SDK's dependencies in its own target directory).

mod workspace_copy;

use std::fs;
use std::path::Path;
use std::time::SystemTime;
use workspace_copy::{cargo, copy_workspace};

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn one_build_regenerates_and_compiles_the_edited_spec() {
    let copy = copy_workspace("regenerate");
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
    let models = copy.join("generated/models/connection.rs");
    let generated = fs::read_to_string(&models).unwrap();
    assert!(generated.contains("pub regen_probe: Option<String>,"));

    let before = modified(&models);
    cargo(&copy, &["build", "--quiet", "--lib"], None);
    assert_eq!(
        before,
        modified(&models),
        "a build with nothing to regenerate rewrote the models"
    );
    fs::remove_dir_all(&copy).unwrap();
}
