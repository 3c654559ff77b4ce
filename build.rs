//! Chooses the generated code the SDK compiles and the API areas it enables.
//!
//! In this repository, `.cargo/config.toml` sets `--cfg looker_sdk_dev`, which makes the
//! generator a build-dependency: the document in `spec/` is rendered into `OUT_DIR` and the
//! crate compiles that, so one `cargo build` regenerates and compiles, and every cargo command
//! (build, check, doc, test, clippy, rust-analyzer, a crate built inside this tree) compiles the
//! SDK of the document in `spec/`, whatever ran before. `generated/` is the reviewed copy of the
//! same code, refreshed by `cargo codegen generate` and proven equal by CI.
//!
//! Elsewhere (the published crate, a git or path dependency built from outside this tree) no
//! generator is built: the crate compiles the committed `generated/`, after checking that it was
//! made from the `spec/` beside it, if there is one.
//!
//! Generated code is gated by `cfg(looker_area = "...")`, set here for each enabled area feature
//! and, in this repository, for areas of the document that `Cargo.toml` does not declare yet.

use std::path::{Path, PathBuf};

/// What the crate compiles: a directory of generated code and the areas to enable in it.
struct Chosen {
    dir: PathBuf,
    areas: Vec<String>,
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo::rustc-check-cfg=cfg(looker_area, values(any()))");
    let chosen = match spec_path(&root) {
        Ok(Some(spec)) => {
            println!("cargo::rerun-if-changed=spec");
            from_spec(&root, &spec)
        }
        Ok(None) => committed(&root, None),
        Err(message) => Err(message),
    };
    match chosen {
        Ok(chosen) => {
            println!(
                "cargo::rustc-env=LOOKER_SDK_GENERATED={}",
                chosen.dir.display()
            );
            for area in chosen.areas {
                println!("cargo::rustc-cfg=looker_area=\"{area}\"");
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(1);
        }
    }
}

/// The SDK's document: `spec/looker-4.0.json`, `.yaml` or `.yml`, when exactly one exists.
fn spec_path(root: &Path) -> Result<Option<PathBuf>, String> {
    let found: Vec<PathBuf> = ["json", "yaml", "yml"]
        .iter()
        .map(|ext| root.join("spec").join(format!("looker-4.0.{ext}")))
        .filter(|path| path.is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        _ => Err(format!(
            "several documents in {}: keep the one the SDK is built from",
            root.join("spec").display()
        )),
    }
}

/// In this repository: the SDK generated from `spec` into `OUT_DIR`.
#[cfg(looker_sdk_dev)]
fn from_spec(root: &Path, spec: &Path) -> Result<Chosen, String> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("generated");
    let config = looker_codegen::Config::new(spec, &out);
    let (rendered, _) = config
        .generate()
        .map_err(|err| format!("cannot generate the SDK from {}: {err}", spec.display()))?;
    // Both are read only to warn when the reviewed copy is stale, so that the warning goes
    // away once `cargo codegen generate` refreshed them.
    println!("cargo::rerun-if-changed=generated");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let declared = looker_codegen::declared_areas(&manifest);
    if declared != rendered.areas
        || !looker_codegen::stale_files(&root.join("generated"), &rendered.files).is_empty()
    {
        println!(
            "cargo::warning=generated/ and the features of Cargo.toml are not what {} generates; \
             this build compiles the fresh SDK, run `cargo codegen generate` to refresh the \
             reviewed copy before committing",
            spec.display()
        );
    }
    let areas = rendered
        .areas
        .into_iter()
        .filter(|area| feature_enabled(area) || !declared.contains(area))
        .collect();
    Ok(Chosen { dir: out, areas })
}

/// Without the generator: the committed copy, which must have been made from `spec`.
#[cfg(not(looker_sdk_dev))]
fn from_spec(root: &Path, spec: &Path) -> Result<Chosen, String> {
    committed(root, Some(spec))
}

/// The committed `generated/`, with the areas of the enabled features. When `spec` is given,
/// the copy's header must name that document's hash: a stale copy is an error, never compiled.
fn committed(root: &Path, spec: Option<&Path>) -> Result<Chosen, String> {
    let dir = root.join("generated");
    let root_file = dir.join("mod.rs");
    println!("cargo::rerun-if-changed={}", root_file.display());
    let header = std::fs::read_to_string(&root_file)
        .map_err(|err| format!("cannot read {}: {err}", root_file.display()))?;
    if let Some(spec) = spec {
        let bytes =
            std::fs::read(spec).map_err(|err| format!("cannot read {}: {err}", spec.display()))?;
        let hash = format!("(spec fnv1a-64 {:016x})", fnv1a64(&bytes));
        if !header
            .lines()
            .next()
            .is_some_and(|line| line.contains(&hash))
        {
            return Err(format!(
                "{} was not generated from {}: run `cargo codegen generate` in the SDK's \
                 repository (building inside it regenerates the SDK by itself)",
                dir.display(),
                spec.display()
            ));
        }
    }
    let areas = std::env::vars()
        .filter_map(|(name, _)| Some(name.strip_prefix("CARGO_FEATURE_")?.to_ascii_lowercase()))
        .collect();
    Ok(Chosen { dir, areas })
}

/// Whether the Cargo feature of `area` is enabled in this build.
#[cfg(looker_sdk_dev)]
fn feature_enabled(area: &str) -> bool {
    let name = format!(
        "CARGO_FEATURE_{}",
        area.to_ascii_uppercase().replace('-', "_")
    );
    std::env::var_os(name).is_some()
}

/// FNV-1a, 64 bits: the fingerprint of the document that the generator writes in headers.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
