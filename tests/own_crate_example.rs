//! The prost-style example (`examples/own_crate`): a crate of its own that depends on the SDK's
//! runtime, generates the full 26.12 API in its build script with `looker-codegen`, and passes
//! its tests there against a loopback server: connections, decoding through methods only the
//! full API has (`tests/decoding.rs`), a partial answer (`fields=`) of every model with required
//! properties (`tests/partial_answers.rs`), the everyday programs and paging. Slow: it compiles
//! a full SDK.

mod workspace_copy;

use workspace_copy::{cargo_command, looker_document, root, run};

#[test]
fn a_crate_of_its_own_generates_the_full_api_and_calls_it() {
    let example = root().join("examples/own_crate");
    let document = looker_document("26.12");
    let text = run(cargo_command(&example, &["test", "--quiet"]).env("LOOKER_DOCUMENT", &document));
    assert!(text.contains("test result: ok."), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}
