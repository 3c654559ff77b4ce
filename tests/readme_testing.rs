//! The README's "Testing code that uses the SDK" shows code that compiles and passes: each of
//! its Rust blocks is, word for word, part of `examples/own_crate/tests/readme_testing.rs`,
//! which the own crate's tests run (`tests/own_crate_example.rs`).

use std::fs;
use std::path::Path;

fn section(readme: &str) -> &str {
    let start = readme
        .find("## Testing code that uses the SDK")
        .expect("the README's testing section");
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |at| at + 3);
    &rest[..end]
}

/// The bodies of the section's ```` ```rust ```` blocks.
fn rust_blocks(section: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```rust") {
        let body = &rest[open..];
        let body = &body[body.find('\n').expect("a fence line") + 1..];
        let close = body.find("```").expect("a closing fence");
        blocks.push(&body[..close]);
        rest = &body[close + 3..];
    }
    blocks
}

#[test]
fn every_rust_block_of_the_testing_section_is_compiled_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let compiled = root.join("examples/own_crate/tests/readme_testing.rs");
    let compiled = fs::read_to_string(compiled).expect("the own crate's readme_testing.rs");
    let blocks = rust_blocks(section(&readme));
    assert_eq!(
        blocks.len(),
        4,
        "typed answers, paging, an error, a cassette"
    );
    for block in blocks {
        assert!(
            compiled.contains(block),
            "not in examples/own_crate/tests/readme_testing.rs:\n{block}"
        );
    }
    for shown in [
        "fn disable(",
        ".total_count(3)",
        "Reply::error(403",
        "StandIn::<LookerSdk>::replay(",
    ] {
        assert!(section(&readme).contains(shown), "{shown}");
    }
}
