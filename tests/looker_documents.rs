//! The SDK generated from each of Looker's real documents compiles with zero warnings, is
//! clippy clean (`cargo clippy -- -D warnings` in a copy of the workspace with the document in
//! `spec/`) and documents without a rustdoc warning,
//! with all areas and with a few areas' features alone,
//! and the connection tests of the first slice pass unchanged against the full 24.18 SDK; so
//! does the SDK of every document of the generator's robustness corpus.
//! Slow (a full SDK per document); the documents come from the `looker-specs` crate (or
//! `$LOOKER_SPECS_DIR`).

mod workspace_copy;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use workspace_copy::{
    cargo, cargo_command, copy_sdk, generate, looker_document, remove_docs, root, run, use_spec,
};

/// Held while a test documents an SDK: the documentation directory is emptied first, and
/// another test's rustdoc must not be writing into it then.
static DOCUMENTING: Mutex<()> = Mutex::new(());

/// Makes Looker's `version` document the SDK of `copy` and checks it: clippy clean and rustdoc
/// clean with all areas, and with `subsets` also with one area alone and with none.
fn full_sdk_is_clippy_clean(copy: &Path, version: &str, subsets: bool) {
    let spec = looker_document(version);
    // As a user switching documents would: the document in spec/, the reviewed copy and the
    // features refreshed with `generate`, then the build.
    use_spec(copy, &spec);
    generate(copy);
    let clippy = |extra: &[&str]| {
        let mut args = vec!["clippy", "--quiet", "--lib"];
        args.extend_from_slice(extra);
        args.extend(["--", "-D", "warnings"]);
        cargo(copy, &args, None);
    };
    clippy(&[]);
    rustdoc_is_clean(copy);
    let methods = std::fs::read_dir(copy.join("generated/methods"))
        .unwrap()
        .count();
    assert!(
        methods > 20,
        "{version}: the full SDK has one methods file per area, found {methods}"
    );
    if !subsets {
        return;
    }
    // `generate` declared one Cargo feature per area; subsets compile on their own.
    let manifest = std::fs::read_to_string(copy.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nconnection = []\n") && manifest.contains("\nquery = []\n"));
    clippy(&["--no-default-features", "--features", "connection"]);
    clippy(&["--no-default-features"]);
}

/// `cargo doc` of the SDK in `copy` succeeds with `RUSTDOCFLAGS=-D warnings`, so rustdoc has
/// no warning: Looker's Markdown (bare URLs, `[value]` lists, code fences) reaches rustdoc
/// safely. The SDK's dependencies are already checked by clippy, so this documents the SDK
/// alone. (`run` fails the test when rustdoc fails; the build script's own note about a stale
/// `generated/` in a copy that was not regenerated is not rustdoc's.)
fn rustdoc_is_clean(copy: &Path) {
    let _alone = DOCUMENTING.lock().unwrap_or_else(|e| e.into_inner());
    remove_docs();
    run(
        cargo_command(copy, &["doc", "--no-deps", "--lib", "-p", "looker-sdk"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    );
}

// The six documents are checked in two workspace copies, one after the other in each: the
// generator builds once per copy, then only the SDK per document. (The copies share one target
// directory, so the dependencies compile once and cargo runs the copies' builds one at a time.)

#[test]
fn full_sdks_21_0_24_16_and_24_18_are_clippy_clean_and_the_connection_tests_pass_on_24_18() {
    let copy = copy_sdk("full-sdks-a");
    full_sdk_is_clippy_clean(&copy, "21.0", true);
    full_sdk_is_clippy_clean(&copy, "24.16", false);
    full_sdk_is_clippy_clean(&copy, "24.18", false);
    // The first slice's connection tests pass unchanged against the full 24.18 SDK. (Methods
    // only the full API has are tested by the own-crate example, `examples/own_crate/tests/`,
    // against 26.12.) `cargo` fails the test when a test fails; the output must also show that
    // they ran.
    let output = cargo(
        &copy,
        &["test", "--test", "connection_api", "--test", "example_cli"],
        None,
    );
    assert!(output.matches("test result: ok.").count() >= 2, "{output}");
    std::fs::remove_dir_all(&copy).unwrap();
}

#[test]
fn full_sdks_26_12_24_20_and_22_20_are_clippy_clean() {
    let copy = copy_sdk("full-sdks-b");
    full_sdk_is_clippy_clean(&copy, "26.12", true);
    full_sdk_is_clippy_clean(&copy, "24.20", false);
    full_sdk_is_clippy_clean(&copy, "22.20", false);
    std::fs::remove_dir_all(&copy).unwrap();
}

/// Every document of the generator's robustness corpus (keywords, colliding names, odd enums,
/// recursive types, every response shape, every parameter shape, a `Shared` tag, text that
/// needs escaping, arrays nested 40 deep) gives an SDK that compiles
/// clippy clean: what the corpus tests check by parsing, this checks with rustc.
#[test]
fn corpus_documents_give_clippy_clean_sdks() {
    let copy = copy_sdk("corpus");
    let corpus = root().join("generator/tests/corpus");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    documents.sort();
    assert!(documents.len() >= 11, "{documents:?}");
    for spec in &documents {
        cargo(
            &copy,
            &["clippy", "--quiet", "--lib", "--", "-D", "warnings"],
            Some(spec),
        );
    }
    std::fs::remove_dir_all(&copy).unwrap();
}
