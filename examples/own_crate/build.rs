//! Generates the Looker API from the document in `LOOKER_DOCUMENT` (by default Looker's 26.12
//! document, from the project's `looker-specs` crate) into `OUT_DIR/looker`, for `src/lib.rs`
//! to include.

use std::path::PathBuf;

use looker_codegen::{Config, Target};

fn main() {
    println!("cargo::rerun-if-env-changed=LOOKER_DOCUMENT");
    println!("cargo::rerun-if-env-changed=LOOKER_SPECS_DIR");
    let document = std::env::var_os("LOOKER_DOCUMENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| looker_specs::openapi("26.12"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("looker");
    if let Err(err) = Config::new(&document, out)
        .target(Target::OwnCrate)
        .emit_rerun_if_changed(true)
        .generate()
    {
        eprintln!(
            "error: cannot generate the Looker API from {}: {err}",
            document.display()
        );
        std::process::exit(1);
    }
}
