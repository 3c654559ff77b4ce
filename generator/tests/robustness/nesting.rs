//! Deeply nested documents: an error on a small stack past the limit, generated code up to it.

use looker_codegen::{render_str, CodegenError};

use crate::declared::*;
use crate::support::*;

#[test]
fn json_nested_100_000_deep_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let arrays = "[".repeat(100_000) + &"]".repeat(100_000);
        let objects = "{\"a\":".repeat(100_000);
        for (name, text, location, message) in [
            (
                "arrays.json",
                &arrays,
                "line 1 column 128",
                "recursion limit exceeded",
            ),
            (
                "objects.json",
                &objects,
                "line 1 column 636",
                "recursion limit exceeded",
            ),
            // JSON is YAML. Read as YAML, deep flow nesting is rejected before the YAML
            // parser, which takes minutes over 100,000 nested flow mappings.
            (
                "arrays.yaml",
                &arrays,
                "line 1 column 129",
                "nested deeper than 128 levels",
            ),
            (
                "objects.yaml",
                &objects,
                "line 1 column 641",
                "nested deeper than 128 levels",
            ),
        ] {
            let err = assert_quick(name, || generate_fails(name, text));
            let format = if name.ends_with(".json") {
                "JSON"
            } else {
                "YAML"
            };
            assert_syntax(&err, format, location, message);
        }
    });
}

#[test]
fn yaml_nested_deep_in_block_style_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let mut text = String::new();
        for level in 0..2_000 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        let err = assert_quick("block nesting", || generate_fails("block.yaml", &text));
        assert_syntax(
            &err,
            "YAML",
            "line 129 column 129",
            "recursion limit exceeded",
        );
    });
}

/// A JSON document with one component schema `Deep`, `levels` levels of `wrap` deep: `wrap`
/// puts a schema (`{}`) into another.
fn nested_schema_document(levels: usize, wrap: &str) -> String {
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..levels {
        schema = wrap.replace("{}", &schema);
    }
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\n\
         \"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}"
    )
}

const PROPERTIES: &str = r#"{"type": "object", "properties": {"next": {}}}"#;

#[test]
fn a_schema_nested_300_levels_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let text = nested_schema_document(300, PROPERTIES);
        let err = generate_fails("deep.json", &text);
        assert_syntax(
            &err,
            "JSON",
            "line 2 column 2640",
            "recursion limit exceeded",
        );
        let err = generate_fails("deep.yaml", &text);
        assert_syntax(
            &err,
            "YAML",
            "line 2 column 2673",
            "nested deeper than 128 levels",
        );

        // In block style YAML.
        let mut block = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep:\n");
        for level in 0..300 {
            let indent = " ".repeat(6 + 4 * level);
            block.push_str(&format!(
                "{indent}type: object\n{indent}properties:\n{indent}  next:\n"
            ));
        }
        let err = generate_fails("deep.yaml", &block);
        assert_syntax(
            &err,
            "YAML",
            "line 195 column 257",
            "recursion limit exceeded",
        );
    });
}

#[test]
fn schemas_nested_to_the_limit_generate_and_one_more_level_is_a_syntax_error() {
    on_small_stack(|| {
        for (wrap, min_levels) in [
            (PROPERTIES, 60),
            (r#"{"type": "array", "items": {}}"#, 120),
            (r#"{"type": "object", "additionalProperties": {}}"#, 120),
            (r#"{"allOf": [{}]}"#, 60),
            (r#"{"oneOf": [{}]}"#, 60),
            (r#"{"not": {}}"#, 120),
        ] {
            // The deepest document that generates: one level more is refused by the JSON
            // reader's nesting limit, with a location, not by an overflow.
            let mut levels = min_levels;
            while render_str("deep.json", &nested_schema_document(levels + 1, wrap)).is_ok() {
                levels += 1;
            }
            assert!(levels < 200, "{wrap}: no nesting limit");
            let err = generate_fails("deep.json", nested_schema_document(levels + 1, wrap));
            assert!(
                matches!(&err, CodegenError::Syntax { message, .. } if message.contains("recursion limit exceeded")),
                "{wrap}: {err}"
            );
        }
        let nested = declared(&render(
            "deep.json",
            &nested_schema_document(14, PROPERTIES),
        ));
        // 14 models and the client, `LookerSdk`.
        assert_eq!(nested.structs.len(), 15, "{:?}", nested.structs.keys());
        assert_eq!(nested.field("Deep", "next").ty, "Option<DeepNext>");
        assert_eq!(nested.field("DeepNext", "next").ty, "Option<DeepNextNext>");
        let vectors = declared(&render(
            "deep.json",
            &nested_schema_document(40, r#"{"type": "array", "items": {}}"#),
        ));
        assert_eq!(
            vectors.aliases["Deep"],
            format!("{}String{}", "Vec<".repeat(40), ">".repeat(40))
        );
    });
}
