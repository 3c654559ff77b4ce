//! Determinism, and YAML against JSON: the same document renders the same files.

use looker_codegen::{Config, Rendered};
use std::fs;

use crate::declared::*;
use crate::support::*;

#[test]
fn rendering_twice_gives_byte_identical_files() {
    for name in [
        "recursive.yaml",
        "keywords.yaml",
        "collisions.yaml",
        "odd_enums.yaml",
        "equivalent.json",
    ] {
        let text = corpus(name);
        let first = render(name, &text);
        let second = render(name, &text);
        assert_eq!(first.files, second.files, "{name}");
        assert_eq!(first.spec_hash, second.spec_hash, "{name}");
    }

    // Through the file system: the second generation changes nothing and `check` agrees.
    let dir = TempDir::new("twice");
    let spec = dir.0.join("collisions.yaml");
    fs::write(&spec, corpus("collisions.yaml")).unwrap();
    let config = Config::new(&spec, dir.0.join("out"));
    let (rendered, first) = config.generate().unwrap();
    assert_eq!(first.written.len(), rendered.files.len());
    let (_, second) = config.generate().unwrap();
    assert!(
        second.written.is_empty() && second.removed.is_empty(),
        "{second:?}"
    );
    assert_eq!(second.unchanged.len(), rendered.files.len());
    assert_eq!(config.check().unwrap(), Vec::<String>::new());
}

/// Asserts that two renders have the same files, except for the document hash in `mod.rs`.
#[track_caller]
fn assert_same_but_hash(yaml: &Rendered, json: &Rendered) {
    assert_ne!(
        yaml.spec_hash, json.spec_hash,
        "different bytes, different hashes"
    );
    let paths = |r: &Rendered| r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(yaml), paths(json));
    for (a, b) in yaml.files.iter().zip(&json.files) {
        if a.path == "mod.rs" {
            assert!(a.content.contains(&yaml.spec_hash), "{}", a.content);
            let a = a.content.replace(&yaml.spec_hash, "HASH");
            let b = b.content.replace(&json.spec_hash, "HASH");
            assert_eq!(a, b, "mod.rs differs beyond the hash");
        } else {
            assert_eq!(a.content, b.content, "{} differs", a.path);
        }
    }
    assert_eq!(yaml.diagnostics, json.diagnostics);
}

#[test]
fn a_yaml_document_and_its_json_twin_render_the_same_files() {
    let yaml = render_corpus("equivalent.yaml");
    let json = render_corpus("equivalent.json");
    assert_same_but_hash(&yaml, &json);
    let declared = declared(&yaml);
    assert_eq!(declared.methods["look"], "LookRequest");
    assert_eq!(declared.method("update_look"), "rt::Result<Look>");
    assert!(declared.structs.contains_key("WriteLook"));

    // Every YAML corpus document, converted to JSON by serde alone (not by the generator).
    for name in [
        "recursive.yaml",
        "keywords.yaml",
        "collisions.yaml",
        "odd_enums.yaml",
        "responses.yaml",
    ] {
        let value: serde_json::Value =
            serde_yaml_ng::from_str(&corpus(name)).expect("the corpus converts to JSON");
        let json_text = serde_json::to_string_pretty(&value).unwrap();
        let json_name = name.replace(".yaml", ".json");
        assert_same_but_hash(&render_corpus(name), &render(&json_name, &json_text));
    }
}
