//! The prost-style example (`examples/own_crate`): a crate of its own that depends on the SDK's
//! runtime, generates the full 24.18 API in its build script with `looker-codegen`, and passes
//! connection tests against a loopback server. Slow: it compiles a full SDK.

mod workspace_copy;

use workspace_copy::{cargo_command, root};

#[test]
fn a_crate_of_its_own_generates_the_full_api_and_calls_it() {
    let example = root().join("examples/own_crate");
    let document = std::env::var_os("LOOKER_SPECS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/looker-specs"))
        .join("Looker.4.0.24.18.oas.json");
    assert!(document.is_file(), "{}", document.display());
    let output = cargo_command(&example, &["test", "--quiet"])
        .env("LOOKER_DOCUMENT", &document)
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(text.contains("test result: ok."), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}
