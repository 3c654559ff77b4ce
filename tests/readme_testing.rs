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

/// `block` indented by four spaces (as the body of a function).
fn indented(block: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}

#[test]
fn every_rust_block_of_the_long_running_section_is_part_of_an_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let start = readme
        .find("## Long-running work")
        .expect("the long-running section");
    let rest = &readme[start..];
    let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |at| at + 3)];
    let examples = ["render_dashboard", "async_query", "rebuild_pdt", "deploy"];
    let blocks = rust_blocks(section);
    assert_eq!(blocks.len(), examples.len(), "one block per family");
    for (block, example) in blocks.iter().zip(examples) {
        let file = root.join(format!("examples/own_crate/examples/{example}.rs"));
        let code = fs::read_to_string(&file).expect("the example");
        assert!(
            code.contains(&indented(block)),
            "not in {}:\n{block}",
            file.display()
        );
    }
}
