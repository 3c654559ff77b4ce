//! Regenerates `generated/` (and the API-area features of `Cargo.toml`) from the API document
//! before the SDK is compiled, so that one `cargo build` both regenerates and compiles the
//! fresh code. The document is `spec/looker-4.0.yaml`, or the file named by `LOOKER_SPEC`. A
//! packaged crate has no `spec/` and compiles the committed `generated/` as it is.
//!
//! Generated code is gated by `cfg(looker_area = "...")`, set here for each enabled area
//! feature, and for areas that `Cargo.toml` does not declare yet (a new Looker release adds a
//! tag): those are compiled in this build, and declared from the next one on.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let manifest = root.join(looker_codegen::DEFAULT_MANIFEST);
    println!("cargo::rerun-if-env-changed=LOOKER_SPEC");
    let chosen = std::env::var_os("LOOKER_SPEC").map(PathBuf::from);
    let spec = chosen
        .clone()
        .unwrap_or_else(|| root.join(looker_codegen::DEFAULT_SPEC));
    println!("cargo::rerun-if-changed={}", spec.display());

    let declared = declared_areas(&manifest);
    let areas = if chosen.is_none() && !spec.exists() {
        if declared.is_empty() {
            // The SDK would compile without a single model or method.
            eprintln!(
                "error: {} declares no API area features and there is no spec to generate from",
                manifest.display()
            );
            std::process::exit(1);
        }
        declared.clone()
    } else {
        regenerate(&spec, &root, &manifest)
    };
    let values: Vec<String> = areas.iter().map(|a| format!("\"{a}\"")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(looker_area, values({}))",
        values.join(", ")
    );
    for area in &areas {
        let feature = format!("CARGO_FEATURE_{}", area.to_uppercase().replace('-', "_"));
        if std::env::var_os(feature).is_some() || !declared.contains(area) {
            println!("cargo::rustc-cfg=looker_area=\"{area}\"");
        }
    }
}

/// Regenerates the SDK and returns its areas; a failure stops the build with the error.
fn regenerate(spec: &Path, root: &Path, manifest: &Path) -> Vec<String> {
    let config = looker_codegen::Config::new(spec, root.join(looker_codegen::DEFAULT_OUT_DIR))
        .manifest(manifest);
    match config.generate() {
        Ok((rendered, _)) => rendered.areas,
        Err(err) => {
            eprintln!(
                "error: cannot generate the SDK from {}: {err}",
                spec.display()
            );
            std::process::exit(1);
        }
    }
}

fn declared_areas(manifest: &Path) -> Vec<String> {
    std::fs::read_to_string(manifest)
        .map(|text| looker_codegen::manifest::declared_areas(&text))
        .unwrap_or_default()
}
