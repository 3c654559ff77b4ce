//! Robustness of `looker-codegen` against broken and awkward documents.
//!
//! Broken documents must end in an error that says where (a JSON pointer, or a line and column
//! for syntax errors) and must write nothing. Awkward but valid documents must generate code
//! that parses as Rust and declares every name once. Rendering must be deterministic, and a
//! YAML document and its JSON twin must render the same files.
//!
//! The valid documents are small hand-written files in `tests/corpus/`; the broken ones are
//! inline in `broken.rs` and `nesting.rs`, each next to the assertion about it.
//!
//! One test binary, a module per topic: `support` and `declared` are the helpers.

mod broken;
mod declared;
mod determinism;
mod nesting;
mod support;
mod valid;
