//! Property tests of the generator's entry point (`looker_codegen::render_str`: load, Swagger
//! conversion, repairs, model, emit): arbitrary bytes, arbitrary JSON, and real documents with
//! one part replaced by arbitrary JSON end in a value or an error, never in a panic. Case
//! counts are modest, for CI's time.

use std::path::Path;

use looker_codegen::{parse_document as parse, Syntax};
use looker_codegen::{render_str, CodegenError};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Any JSON value, up to a few levels deep, with keys that OpenAPI documents use so that the
/// loader's paths past "not an object" are reached.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("type".to_owned()),
        Just("properties".to_owned()),
        Just("items".to_owned()),
        Just("$ref".to_owned()),
        Just("required".to_owned()),
        Just("enum".to_owned()),
        Just("schema".to_owned()),
        Just("in".to_owned()),
        Just("name".to_owned()),
        Just("operationId".to_owned()),
        Just("responses".to_owned()),
        Just("content".to_owned()),
        Just("application/json".to_owned()),
        Just("200".to_owned()),
        "[a-z_{}/#]{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("string".to_owned()),
            Just("object".to_owned()),
            Just("array".to_owned()),
            Just("integer".to_owned()),
            Just("#/components/schemas/DBConnection".to_owned()),
            Just("#/definitions/Missing".to_owned()),
            any::<String>(),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The documents mutated: this repository's slice (YAML) and two of the corpus (JSON, YAML).
fn seeds() -> Vec<(&'static str, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        ("looker-4.0.yaml", root.join("../spec/looker-4.0.yaml")),
        ("equivalent.json", root.join("tests/corpus/equivalent.json")),
        ("parameters.yaml", root.join("tests/corpus/parameters.yaml")),
    ]
    .into_iter()
    .map(|(name, path)| {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value = parse(&text, Syntax::detect(name, &text))
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        (name, value)
    })
    .collect()
}

/// Every node of `value`, as the path of keys and indexes that reaches it.
fn nodes(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        at.push(key);
        nodes(child, at, out);
        at.pop();
    }
}

/// `value` with the node at `path` replaced by `replacement` (or removed, when `None`).
fn mutate(mut value: Value, path: &[String], replacement: Option<Value>) -> Value {
    let Some((last, parents)) = path.split_last() else {
        return replacement.unwrap_or(Value::Null);
    };
    let mut node = &mut value;
    for key in parents {
        node = match node {
            Value::Object(map) => map.get_mut(key).expect("an existing node"),
            Value::Array(items) => &mut items[key.parse::<usize>().expect("an index")],
            _ => unreachable!("paths come from `nodes`"),
        };
    }
    match (node, replacement) {
        (Value::Object(map), Some(new)) => {
            map.insert(last.clone(), new);
        }
        (Value::Object(map), None) => {
            map.shift_remove(last);
        }
        (Value::Array(items), new) => {
            let index = last.parse::<usize>().expect("an index");
            match new {
                Some(new) => items[index] = new,
                None => {
                    items.remove(index);
                }
            }
        }
        _ => unreachable!("paths come from `nodes`"),
    }
    value
}

/// Renders `text`: a document renders to files, anything else is an error that says where. A
/// panic of the pipeline (which `render_str` reports as `Internal` rather than unwinding into
/// the caller) fails the property.
fn check(name: &str, text: &str) -> Result<(), TestCaseError> {
    match render_str(name, text) {
        Ok(rendered) => prop_assert!(!rendered.files.is_empty()),
        Err(CodegenError::Internal { message }) => {
            prop_assert!(false, "the generator panicked ({message}) on: {text}")
        }
        Err(CodegenError::Syntax { location, .. }) => {
            prop_assert!(
                location.starts_with("line ") || location == "end of input",
                "{location}"
            )
        }
        Err(CodegenError::Invalid { pointer, message }) => {
            prop_assert!(pointer.is_empty() || pointer.starts_with('/'), "{pointer}");
            prop_assert!(!message.is_empty());
        }
        Err(error) => prop_assert!(false, "not a document error: {error}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_an_error_or_a_document(
        text in prop_oneof![any::<String>(), "(openapi|swagger|paths|[:{}\\[\\]\"', \n-]|[a-z0-9]){0,200}"],
        name in prop_oneof![Just("spec.json"), Just("spec.yaml")],
    ) {
        check(name, &text)?;
    }

    #[test]
    fn arbitrary_json_is_an_error_or_a_document(value in any_json()) {
        check("spec.json", &value.to_string())?;
    }

    #[test]
    fn a_real_document_with_one_part_replaced_is_an_error_or_a_document(
        seed in 0usize..3,
        pick in any::<prop::sample::Index>(),
        replacement in prop::option::weighted(0.8, any_json()),
    ) {
        let (name, document) = seeds().swap_remove(seed);
        let mut all = Vec::new();
        nodes(&document, &mut Vec::new(), &mut all);
        let path = all[pick.index(all.len())].clone();
        let mutated = mutate(document, &path, replacement);
        let text = if name.ends_with(".json") {
            mutated.to_string()
        } else {
            // JSON is YAML: the YAML loader reads it.
            serde_json::to_string_pretty(&mutated).expect("serializable")
        };
        check(name, &text)?;
    }
}
