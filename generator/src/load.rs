//! Step 1 of the pipeline: read a JSON or YAML document into a `serde_json::Value`.

use crate::error::CodegenError;
use crate::normalize::MAX_DEPTH;
use serde_json::{Map, Number, Value};

/// Which syntax a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// Guesses the syntax from a file name, then from the first non-blank character.
    pub fn detect(file_name: &str, text: &str) -> Syntax {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Syntax::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Syntax::Yaml
        } else if text.trim_start().starts_with('{') {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// Parses `text` as `syntax` into a JSON value.
pub fn parse(text: &str, syntax: Syntax) -> Result<Value, CodegenError> {
    match syntax {
        Syntax::Json => serde_json::from_str(text).map_err(|e| CodegenError::Syntax {
            format: "JSON",
            location: format!("line {} column {}", e.line(), e.column()),
            message: e.to_string(),
        }),
        Syntax::Yaml => {
            check_flow_depth(text)?;
            let yaml: serde_yaml_ng::Value =
                serde_yaml_ng::from_str(text).map_err(|e| CodegenError::Syntax {
                    format: "YAML",
                    location: e
                        .location()
                        .map(|l| format!("line {} column {}", l.line(), l.column()))
                        .unwrap_or_else(|| "end of input".to_owned()),
                    message: e.to_string(),
                })?;
            yaml_to_json(yaml, "")
        }
    }
}

/// Rejects YAML whose `[`/`{` nesting is deeper than [`MAX_DEPTH`]: the YAML parser rejects
/// such documents only after scanning them in time quadratic in their nesting (`{a: ` repeated
/// 100,000 times takes a minute). Brackets inside strings count too, which only matters for
/// documents with hundreds of unclosed ones.
fn check_flow_depth(text: &str) -> Result<(), CodegenError> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        for (column, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_DEPTH {
                return Err(CodegenError::Syntax {
                    format: "YAML",
                    location: format!("line {} column {}", index + 1, column + 1),
                    message: format!("nested deeper than {MAX_DEPTH} levels"),
                });
            }
        }
    }
    Ok(())
}

/// Converts a YAML value to JSON: scalar map keys become strings (`200:` is the key `"200"`).
fn yaml_to_json(value: serde_yaml_ng::Value, pointer: &str) -> Result<Value, CodegenError> {
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => yaml_number(&n, pointer)?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = Map::with_capacity(mapping.len());
            for (key, item) in mapping {
                let key = yaml_key(key, pointer)?;
                let child = crate::error::pointer_push(pointer, &key);
                map.insert(key, yaml_to_json(item, &child)?);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn yaml_number(n: &serde_yaml_ng::Number, pointer: &str) -> Result<Value, CodegenError> {
    if let Some(i) = n.as_i64() {
        Ok(Value::Number(i.into()))
    } else if let Some(u) = n.as_u64() {
        Ok(Value::Number(u.into()))
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| CodegenError::invalid(pointer, format!("number {n} is not finite")))
    }
}

fn yaml_key(key: serde_yaml_ng::Value, pointer: &str) -> Result<String, CodegenError> {
    use serde_yaml_ng::Value as Y;
    match key {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_owned()),
        _ => Err(CodegenError::invalid(
            pointer,
            "a mapping key must be a string, number or boolean",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let value = parse("responses:\n  200:\n    description: ok\n", Syntax::Yaml).unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn json_syntax_error_names_line_and_column() {
        let err = parse("{\n  \"a\": [1,\n", Syntax::Json).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 3"), "{text}");
    }

    #[test]
    fn yaml_syntax_error_names_location() {
        let err = parse("a: [1, 2\nb: c\n", Syntax::Yaml).unwrap_err();
        assert!(err.to_string().contains("line"), "{err}");
    }

    #[test]
    fn detect_by_name_then_content() {
        assert_eq!(Syntax::detect("x.yml", "{"), Syntax::Yaml);
        assert_eq!(Syntax::detect("x", " {\"a\":1}"), Syntax::Json);
        assert_eq!(Syntax::detect("x", "openapi: 3.0.0"), Syntax::Yaml);
    }
}
