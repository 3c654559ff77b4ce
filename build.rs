//! Regenerates `generated/` from the API document before the SDK is compiled, so that one
//! `cargo build` both regenerates and compiles the fresh code. The document is
//! `spec/looker-4.0.yaml`, or the file named by `LOOKER_SPEC`. A packaged crate has no `spec/`
//! and compiles the committed `generated/` as it is.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-env-changed=LOOKER_SPEC");
    let chosen = std::env::var_os("LOOKER_SPEC").map(PathBuf::from);
    let spec = chosen
        .clone()
        .unwrap_or_else(|| root.join(looker_codegen::DEFAULT_SPEC));
    println!("cargo:rerun-if-changed={}", spec.display());
    if chosen.is_none() && !spec.exists() {
        return;
    }
    let config = looker_codegen::Config::new(&spec, root.join(looker_codegen::DEFAULT_OUT_DIR));
    if let Err(err) = config.generate() {
        eprintln!(
            "error: cannot generate the SDK from {}: {err}",
            spec.display()
        );
        std::process::exit(1);
    }
}
