//! Golden files: the SDK generated from each document of `tests/corpus/` is checked in beside
//! it, in `tests/corpus/_expected/<document>/`, and must match a fresh render byte for byte.
//! A change to the generator's output shows as a diff of those files in review.
//!
//! After an intended change, bless the new output:
//!
//! ```sh
//! BLESS=1 cargo test -p looker-codegen --test golden
//! ```

use looker_codegen::Config;
use std::path::{Path, PathBuf};

/// The corpus documents, sorted.
fn corpus_documents(corpus: &Path) -> Vec<PathBuf> {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("the corpus directory")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    documents.sort();
    documents
}

#[test]
fn corpus_output_matches_the_golden_files() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let bless = std::env::var_os("BLESS").is_some_and(|v| v == "1");
    let documents = corpus_documents(&corpus);
    assert!(!documents.is_empty(), "no corpus documents");
    let mut stale = Vec::new();
    for document in &documents {
        let name = document.file_name().expect("a file name");
        let expected = corpus.join("_expected").join(name);
        let config = Config::new(document, &expected);
        if bless {
            config
                .generate()
                .unwrap_or_else(|e| panic!("{name:?}: {e}"));
        } else {
            let files = config.check().unwrap_or_else(|e| panic!("{name:?}: {e}"));
            stale.extend(files);
        }
    }
    // Expected output of a document that is gone.
    let expected_dirs = std::fs::read_dir(corpus.join("_expected"))
        .map(|dirs| dirs.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_else(|_| Vec::new());
    for dir in expected_dirs {
        if !documents
            .iter()
            .any(|d| d.file_name() == Some(dir.as_os_str()))
        {
            stale.push(format!(
                "_expected/{} (no such document)",
                dir.to_string_lossy()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "generated output differs from the golden files: {stale:#?}\n\
         if the change is intended: BLESS=1 cargo test -p looker-codegen --test golden"
    );
}
