//! Whatever document the SDK is built from, every cargo command, in any order, compiles the SDK
//! of that document: sequences of check, doc, build, clippy, test and a downstream crate's build
//! that switch the document in `spec/` between the project's slice (24.18) and a next release of
//! it (another version, one more area: `search_dashboards`), in a copy of the workspace, never
//! cleaning. After each command the test asserts which document was compiled:
//! - check, build, clippy, test: the copy's `src/lib.rs` gets a constant that fails to compile
//!   unless `SPEC_VERSION` is the one the test expects (`LOOKER_SDK_EXPECTED_SPEC`, which rustc
//!   tracks);
//! - doc: the rendered page of `LookerSdk` has `search_dashboards` exactly for the full document;
//! - a downstream crate inside the tree prints the `SPEC_VERSION` it was built with;
//! - a downstream crate outside the tree (no generator: it compiles the committed copy) refuses a
//!   stale copy with a clear error, and compiles once `generate` refreshed it.
//!
//! What is switched is the document, not its size: Looker's full documents are compiled, linted
//! and documented by `tests/looker_documents.rs` (and built by the own-crate example), so this
//! test switches between two small SDKs. Slow: the first copy builds the dependencies of the
//! copies' target directory, and the downstream crates (the SDK without its default features)
//! some of them again.

mod workspace_copy;

use std::fs;
use std::path::Path;
use workspace_copy::{cargo_command, copy_sdk, generate, remove_docs, use_spec};

/// The version of the slice's next release ([`next_release`]).
const NEXT: &str = "4.0.99.1";
const SLICE: &str = "4.0.24.18";

/// The slice's document as a next release would have it: version [`NEXT`] and one more area
/// (`Dashboard`: `search_dashboards`).
fn next_release(slice: &str) -> String {
    let search = "  /dashboards/search:\n    get:\n      tags:\n        - Dashboard\n      \
                  operationId: search_dashboards\n      summary: Search Dashboards\n      \
                  parameters:\n        - name: title\n          in: query\n          \
                  schema:\n            type: string\n      responses:\n        '200':\n          \
                  description: dashboards\n          content:\n            application/json:\n              \
                  schema:\n                type: array\n                items:\n                  \
                  type: object\n                  additionalProperties: true\n";
    let next = slice
        .replacen("  version: 4.0.24.18\n", &format!("  version: {NEXT}\n"), 1)
        .replacen(
            "tags:\n",
            "tags:\n  - name: Dashboard\n    description: Manage Dashboards\n",
            1,
        )
        .replacen("paths:\n", &format!("paths:\n{search}"), 1);
    assert!(next.contains(NEXT) && next.contains("search_dashboards"));
    next
}

/// Runs `cargo <args>` in `dir` expecting the SDK of `expected`; returns the output.
fn run(dir: &Path, args: &[&str], expected: &str) -> String {
    workspace_copy::run(cargo_command(dir, args).env("LOOKER_SDK_EXPECTED_SPEC", expected))
}

/// Whether the documentation of `LookerSdk` in `target` has `search_dashboards`.
fn documented_search_dashboards(target: &Path) -> bool {
    let page = target.join("doc/looker_sdk/struct.LookerSdk.html");
    let html = fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    assert!(html.contains("create_connection"), "{}", page.display());
    html.contains("search_dashboards")
}

/// A binary crate depending on the SDK by path, printing the `SPEC_VERSION` it was built with.
/// It starts from the SDK's lock file, as a crate added to a project would: the same versions
/// (no registry needed, and the dependencies the copies built already are built).
fn downstream_crate(dir: &Path, sdk: &Path) {
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::copy(sdk.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let manifest = format!(
        "[package]\nname = \"downstream\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nlooker-sdk = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        sdk.display().to_string()
    );
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    println!(\"built with {}\", looker_sdk::SPEC_VERSION);\n}\n",
    )
    .unwrap();
}

#[test]
fn every_command_in_any_order_compiles_the_chosen_document() {
    let copy = copy_sdk("sequences");
    let slice = copy.join("spec/looker-4.0.yaml");
    let slice_text = fs::read_to_string(&slice).unwrap();
    let next = copy.with_extension("next-release.yaml");
    fs::write(&next, next_release(&slice_text)).unwrap();
    let use_slice = || {
        let _ = fs::remove_file(copy.join("spec/looker-4.0.json"));
        fs::write(&slice, &slice_text).unwrap();
    };
    let mut lib = fs::read_to_string(copy.join("src/lib.rs")).unwrap();
    lib.push_str(
        "\n/// Compiles only when the SDK is the one of the document the test expects.\n\
         const _: () = assert!(\n    \
             same(SPEC_VERSION, env!(\"LOOKER_SDK_EXPECTED_SPEC\")),\n    \
             \"the SDK was not generated from the chosen document\"\n);\n\n\
         const fn same(a: &str, b: &str) -> bool {\n    \
             let (a, b) = (a.as_bytes(), b.as_bytes());\n    \
             if a.len() != b.len() {\n        return false;\n    }\n    \
             let mut i = 0;\n    \
             while i < a.len() {\n        \
                 if a[i] != b[i] {\n            return false;\n        }\n        \
                 i += 1;\n    }\n    \
             true\n}\n",
    );
    fs::write(copy.join("src/lib.rs"), lib).unwrap();
    let target = workspace_copy::target_dir();

    // The sequence that used to leave one unit with the wrong SDK, then more units and orders.
    use_spec(&copy, &next);
    run(&copy, &["check", "--quiet", "--lib"], NEXT);
    use_slice();
    remove_docs();
    run(&copy, &["doc", "--quiet", "--no-deps", "--lib"], SLICE);
    assert!(!documented_search_dashboards(&target));
    use_spec(&copy, &next);
    run(&copy, &["check", "--quiet", "--lib"], NEXT);
    remove_docs();
    run(&copy, &["doc", "--quiet", "--no-deps", "--lib"], NEXT);
    assert!(documented_search_dashboards(&target));
    run(&copy, &["clippy", "--quiet", "--lib"], NEXT);
    use_slice();
    run(&copy, &["clippy", "--quiet", "--lib"], SLICE);
    run(&copy, &["build", "--quiet", "--lib"], SLICE);
    run(&copy, &["test", "--quiet", "--lib", "--no-run"], SLICE);
    use_spec(&copy, &next);
    run(&copy, &["build", "--quiet", "--lib"], NEXT);

    // A downstream crate inside the tree regenerates too (it sees the repository's config).
    let inside = copy.join("downstream");
    downstream_crate(&inside, &copy);
    let printed = run(&inside, &["run", "--quiet"], NEXT);
    assert!(printed.contains(&format!("built with {NEXT}")), "{printed}");
    use_slice();
    let printed = run(&inside, &["run", "--quiet"], SLICE);
    assert!(
        printed.contains(&format!("built with {SLICE}")),
        "{printed}"
    );

    // Outside the tree there is no generator: a stale committed copy is an error, not a build.
    use_spec(&copy, &next);
    let outside = copy.with_file_name(format!(
        "{}-outside",
        copy.file_name().unwrap().to_string_lossy()
    ));
    let _ = fs::remove_dir_all(&outside);
    downstream_crate(&outside, &copy);
    let stale = cargo_command(&outside, &["check", "--quiet"])
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(!stale.status.success(), "{stderr}");
    assert!(
        stderr.contains("was not generated from") && stderr.contains("cargo codegen generate"),
        "{stderr}"
    );
    generate(&copy);
    let printed = run(&outside, &["run", "--quiet"], NEXT);
    assert!(printed.contains(&format!("built with {NEXT}")), "{printed}");

    fs::remove_dir_all(&outside).unwrap();
    fs::remove_dir_all(&copy).unwrap();
    fs::remove_file(&next).unwrap();
}
