//! The report as JSON: keys in a fixed order, lists sorted, pretty-printed.

use super::{Changed, DiffReport};
use serde_json::{json, Map, Value};

fn names(list: &[Changed]) -> Vec<&str> {
    list.iter().map(|c| c.name.as_str()).collect()
}

/// `{"operations", "schemas", "breaking", "semver", "descriptions"}`.
pub(super) fn render(report: &DiffReport) -> String {
    let ops = &report.operations;

    let renamed: Vec<[&str; 2]> = ops
        .renamed
        .iter()
        .map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    let mut operations = Map::new();
    operations.insert("added".into(), json!(ops.added));
    operations.insert("removed".into(), json!(ops.removed));
    operations.insert("changed".into(), json!(names(&ops.changed)));
    operations.insert("renamed".into(), json!(renamed));
    let mut schemas = Map::new();
    schemas.insert("added".into(), json!(report.schemas.added));
    schemas.insert("removed".into(), json!(report.schemas.removed));
    schemas.insert("changed".into(), json!(names(&report.schemas.changed)));
    let breaking: Vec<Value> = report
        .breaking
        .iter()
        .map(|b| {
            let mut entry = Map::new();
            entry.insert("kind".into(), json!(b.kind.as_str()));
            entry.insert("pointer".into(), json!(b.pointer));
            entry.insert("rust".into(), json!(b.rust));
            entry.insert("detail".into(), json!(b.detail));
            Value::Object(entry)
        })
        .collect();
    let mut descriptions = Map::new();
    descriptions.insert("operations".into(), json!(report.descriptions.operations));
    descriptions.insert("schemas".into(), json!(report.descriptions.schemas));
    let mut root = Map::new();
    root.insert("operations".into(), Value::Object(operations));
    root.insert("schemas".into(), Value::Object(schemas));
    root.insert("breaking".into(), Value::Array(breaking));
    root.insert("semver".into(), json!(report.semver().to_string()));
    root.insert("descriptions".into(), Value::Object(descriptions));
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}
