//! The document-level lists: operations and component schemas added, removed, changed and
//! renamed, compared on the documents as written.

use super::describe;
use super::shape::{flag, texts_differ, OpShape, Shape};
use super::{Changed, DescriptionChanges, OperationChanges, SchemaChanges};
use crate::model::HttpMethod;
use serde_json::Value;
use std::collections::BTreeMap;

/// The lists of one document pair.
pub(super) struct DocumentDiff {
    pub operations: OperationChanges,
    pub schemas: SchemaChanges,
    pub descriptions: DescriptionChanges,
    pub endpoints: BTreeMap<String, String>,
}

/// One operation as written: where it is and its value.
struct Located<'a> {
    verb: &'a str,
    path: &'a str,
    op: &'a Value,
    shared: &'a Value,
}

/// The operations of a document by operationId (the first one wins a duplicated id; one
/// without an id is named `verb_path`, as the model names it).
fn operations(doc: &Value) -> BTreeMap<String, Located<'_>> {
    let mut found = BTreeMap::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let shared = item.get("parameters").unwrap_or(&Value::Null);
        for verb in HttpMethod::ALL.map(HttpMethod::key) {
            let Some(op) = item.get(verb).filter(|op| op.is_object()) else {
                continue;
            };
            let id = match op.get("operationId").and_then(Value::as_str) {
                Some(id) if !id.trim().is_empty() => id.to_owned(),
                _ => format!("{verb}_{path}"),
            };
            found.entry(id).or_insert(Located {
                verb,
                path,
                op,
                shared,
            });
        }
    }
    found
}

fn schemas(doc: &Value) -> BTreeMap<&str, &Value> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

/// Compares the documents by the rules of the lists.
pub(super) fn compare(old: &Value, new: &Value) -> DocumentDiff {
    let (old_ops, new_ops) = (operations(old), operations(new));
    let mut result = OperationChanges::default();
    let mut descriptions = DescriptionChanges::default();
    let mut endpoints = BTreeMap::new();
    for (id, located) in &new_ops {
        endpoints.insert(id.clone(), endpoint(located));
        if !old_ops.contains_key(id) {
            result.added.push(id.clone());
        }
    }
    for (id, before) in &old_ops {
        let Some(after) = new_ops.get(id) else {
            result.removed.push(id.clone());
            endpoints.insert(id.clone(), endpoint(before));
            continue;
        };
        let old_shape = OpShape::of(old, before.verb, before.path, before.op, before.shared);
        let new_shape = OpShape::of(new, after.verb, after.path, after.op, after.shared);
        if old_shape != new_shape {
            let mut what = describe::operation(&old_shape, &new_shape);
            if flag(before.op, "deprecated") != flag(after.op, "deprecated") {
                what.push(if flag(after.op, "deprecated") {
                    "deprecated".to_owned()
                } else {
                    "no longer deprecated".to_owned()
                });
            }
            result.changed.push(Changed {
                name: id.clone(),
                what,
            });
        } else if texts_differ(before.op, after.op) {
            descriptions.operations.push(id.clone());
        }
    }
    result.renamed = renamed(&old_ops, &new_ops);

    let (old_schemas, new_schemas) = (schemas(old), schemas(new));
    let mut schema_changes = SchemaChanges::default();
    for name in new_schemas.keys().filter(|n| !old_schemas.contains_key(*n)) {
        schema_changes.added.push((*name).to_owned());
    }
    for (name, before) in &old_schemas {
        let Some(after) = new_schemas.get(name) else {
            schema_changes.removed.push((*name).to_owned());
            continue;
        };
        let (old_shape, new_shape) = (Shape::of(before), Shape::of(after));
        if old_shape != new_shape {
            schema_changes.changed.push(Changed {
                name: (*name).to_owned(),
                what: describe::schema(&old_shape, &new_shape),
            });
        } else if texts_differ(before, after) {
            descriptions.schemas.push((*name).to_owned());
        }
    }
    DocumentDiff {
        operations: result,
        schemas: schema_changes,
        descriptions,
        endpoints,
    }
}

fn endpoint(located: &Located) -> String {
    format!("{} {}", located.verb.to_ascii_uppercase(), located.path)
}

/// `(old, new)` ids of the operations at the same verb and path whose old id is gone and whose
/// new id is new, sorted.
fn renamed<'a>(
    old: &BTreeMap<String, Located<'a>>,
    new: &BTreeMap<String, Located<'a>>,
) -> Vec<(String, String)> {
    let gone = by_place(old, new);
    let fresh = by_place(new, old);
    let mut pairs: Vec<(String, String)> = gone
        .iter()
        .filter_map(|(place, old_id)| Some((old_id.clone(), fresh.get(place)?.clone())))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}

/// `(verb, path)` -> id of the operations of `ops` whose id is not in `other`.
fn by_place<'a>(
    ops: &BTreeMap<String, Located<'a>>,
    other: &BTreeMap<String, Located<'a>>,
) -> BTreeMap<(&'a str, &'a str), String> {
    ops.iter()
        .filter(|(id, _)| !other.contains_key(*id))
        .map(|(id, l)| ((l.verb, l.path), id.clone()))
        .collect()
}
