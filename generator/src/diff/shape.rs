//! The comparable shape of schemas and operations as written: only what the diff rules count,
//! with absent flags as `false` and `$ref`s as the names they point to.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The keys of a schema the rules compare, recursively.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Shape<'a> {
    pub ty: Option<&'a Value>,
    pub format: Option<&'a Value>,
    /// The name a `$ref` points to (its last segment).
    pub reference: Option<String>,
    pub items: Option<Box<Shape<'a>>>,
    /// Enum values as text (strings bare, others as JSON).
    pub values: Option<BTreeSet<String>>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub additional: Additional<'a>,
    pub properties: BTreeMap<&'a str, Shape<'a>>,
    pub required: BTreeSet<&'a str>,
}

/// `additionalProperties`: a flag (absent is `false`) or a schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) enum Additional<'a> {
    #[default]
    No,
    Yes,
    Schema(Box<Shape<'a>>),
}

/// Whether an absent-means-false flag is set.
pub(super) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The name a `$ref` points to: its last pointer segment, unescaped.
pub(super) fn ref_name(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    last.replace("~1", "/").replace("~0", "~")
}

impl<'a> Shape<'a> {
    /// The shape of a schema as written.
    pub fn of(schema: &'a Value) -> Shape<'a> {
        let nested = |key: &str| schema.get(key).map(|s| Box::new(Shape::of(s)));
        Shape {
            ty: schema.get("type"),
            format: schema.get("format"),
            reference: schema.get("$ref").and_then(Value::as_str).map(ref_name),
            items: nested("items"),
            values: schema.get("enum").and_then(Value::as_array).map(|values| {
                values
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect()
            }),
            nullable: flag(schema, "nullable"),
            read_only: flag(schema, "readOnly"),
            write_only: flag(schema, "x-looker-write-only"),
            additional: match schema.get("additionalProperties") {
                None | Some(Value::Bool(false)) => Additional::No,
                Some(Value::Bool(true)) => Additional::Yes,
                Some(other) => Additional::Schema(Box::new(Shape::of(other))),
            },
            properties: schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(k, v)| (k.as_str(), Shape::of(v)))
                        .collect()
                })
                .unwrap_or_default(),
            required: schema
                .get("required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        }
    }

    /// A short Rust-like rendering for reports: `Dashboard`, `string`, `array<integer/int64>`.
    pub fn label(&self) -> String {
        let base = if let Some(name) = &self.reference {
            name.clone()
        } else {
            let ty = match self.ty {
                Some(Value::String(ty)) => ty.clone(),
                Some(other) => other.to_string(),
                None => "any".to_owned(),
            };
            let mut label = match &self.items {
                Some(items) => format!("{ty}<{}>", items.label()),
                None => ty,
            };
            if let Some(format) = self.format.and_then(Value::as_str) {
                label = format!("{label}/{format}");
            }
            label
        };
        if self.nullable {
            format!("{base}?")
        } else {
            base
        }
    }
}

/// A schema slot that may be missing: the shape of `value[key]`, if any.
pub(super) fn shape_at<'a>(value: &'a Value, key: &str) -> Option<Shape<'a>> {
    value.get(key).map(Shape::of)
}

/// Media type -> schema shape of a `content` object.
pub(super) type Content<'a> = BTreeMap<&'a str, Option<Shape<'a>>>;

fn content(value: &Value) -> Content<'_> {
    value
        .get("content")
        .and_then(Value::as_object)
        .map(|media| {
            media
                .iter()
                .map(|(kind, m)| (kind.as_str(), shape_at(m, "schema")))
                .collect()
        })
        .unwrap_or_default()
}

/// What the rules compare of a parameter.
#[derive(Debug, PartialEq)]
pub(super) struct ParamShape<'a> {
    pub required: bool,
    pub schema: Option<Shape<'a>>,
    pub content: Content<'a>,
}

/// What the rules compare of an operation.
#[derive(Debug, PartialEq)]
pub(super) struct OpShape<'a> {
    pub verb: &'a str,
    pub path: &'a str,
    pub status: Option<&'a Value>,
    /// By `(in, name)`.
    pub params: BTreeMap<(&'a str, &'a str), ParamShape<'a>>,
    /// Media types of the request body, when there is one.
    pub body: Option<Content<'a>>,
    /// By status code.
    pub responses: BTreeMap<&'a str, Content<'a>>,
}

/// `value` itself, or what its local `$ref` points to in `doc` (one level, as Looker uses).
pub(super) fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer))
            .unwrap_or(value),
        None => value,
    }
}

impl<'a> OpShape<'a> {
    /// The shape of the operation `op` at `verb path` of `doc`; `shared` are the parameters of
    /// its path item, which its own override.
    pub fn of(
        doc: &'a Value,
        verb: &'a str,
        path: &'a str,
        op: &'a Value,
        shared: &'a Value,
    ) -> Self {
        let mut params = BTreeMap::new();
        for list in [shared, op.get("parameters").unwrap_or(&Value::Null)] {
            for param in list.as_array().into_iter().flatten() {
                let param = resolve(doc, param);
                let key = (
                    param.get("in").and_then(Value::as_str).unwrap_or(""),
                    param.get("name").and_then(Value::as_str).unwrap_or(""),
                );
                let shape = ParamShape {
                    required: flag(param, "required"),
                    schema: shape_at(param, "schema"),
                    content: content(param),
                };
                params.insert(key, shape);
            }
        }
        let responses = op
            .get("responses")
            .and_then(Value::as_object)
            .map(|codes| {
                codes
                    .iter()
                    .map(|(code, r)| (code.as_str(), content(resolve(doc, r))))
                    .collect()
            })
            .unwrap_or_default();
        OpShape {
            verb,
            path,
            status: op.get("x-looker-status"),
            params,
            body: op.get("requestBody").map(|b| content(resolve(doc, b))),
            responses,
        }
    }
}

/// The texts of `value` (descriptions, summaries, titles, examples) by where they are;
/// elements of a list that have a `name` are placed by it, so reordering moves no text.
pub(super) fn texts<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if matches!(
                    key.as_str(),
                    "description" | "summary" | "title" | "example" | "examples"
                ) {
                    out.push((format!("{at}/{key}"), item));
                } else {
                    texts(item, format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let place = item
                    .get("name")
                    .and_then(Value::as_str)
                    .map_or_else(|| index.to_string(), str::to_owned);
                texts(item, format!("{at}/{place}"), out);
            }
        }
        _ => {}
    }
}

/// Whether the texts of two values differ.
pub(super) fn texts_differ(old: &Value, new: &Value) -> bool {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    texts(old, String::new(), &mut a);
    texts(new, String::new(), &mut b);
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    a != b
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_flags_are_false_and_refs_compare_by_name() {
        let a = json!({"type": "string", "readOnly": false});
        let b = json!({"type": "string"});
        assert_eq!(Shape::of(&a), Shape::of(&b));
        let r1 = json!({"$ref": "#/components/schemas/User"});
        let r2 = json!({"$ref": "#/components/schemas/User", "description": "x"});
        assert_eq!(Shape::of(&r1), Shape::of(&r2));
        assert_eq!(Shape::of(&r1).label(), "User");
    }

    #[test]
    fn texts_ignore_everything_else() {
        let a = json!({"description": "a", "type": "string"});
        let b = json!({"description": "a", "type": "integer"});
        assert!(!texts_differ(&a, &b));
        assert!(texts_differ(&a, &json!({"description": "b"})));
    }
}
