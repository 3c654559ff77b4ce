//! Short phrases saying how an operation or schema changed, for the Markdown report.

use super::shape::{Additional, Content, OpShape, ParamShape, Shape};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// `a`, `b`, `c` in backticks.
fn ticked<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Keys only in `old` and only in `new`.
fn split_keys<'k, K: Ord + Copy, V, W>(
    old: &'k BTreeMap<K, V>,
    new: &'k BTreeMap<K, W>,
) -> (Vec<K>, Vec<K>) {
    let removed = old
        .keys()
        .filter(|k| !new.contains_key(k))
        .copied()
        .collect();
    let added = new
        .keys()
        .filter(|k| !old.contains_key(k))
        .copied()
        .collect();
    (added, removed)
}

/// How an operation changed.
pub(super) fn operation(old: &OpShape, new: &OpShape) -> Vec<String> {
    let mut what = Vec::new();
    if (old.verb, old.path) != (new.verb, new.path) {
        what.push(format!(
            "moved from `{} {}` to `{} {}`",
            old.verb.to_ascii_uppercase(),
            old.path,
            new.verb.to_ascii_uppercase(),
            new.path
        ));
    }
    if old.status != new.status {
        let status = |s: Option<&Value>| s.and_then(Value::as_str).unwrap_or("none").to_owned();
        what.push(format!(
            "`x-looker-status` {} -> {}",
            status(old.status),
            status(new.status)
        ));
    }
    let (added, removed) = split_keys(&old.params, &new.params);
    let label = |(location, name): (&str, &str), p: &ParamShape| {
        let required = if p.required { ", required" } else { "" };
        format!("`{name}` ({location}{required})")
    };
    if !added.is_empty() {
        let names: Vec<String> = added.iter().map(|k| label(*k, &new.params[k])).collect();
        what.push(format!("parameters added: {}", names.join(", ")));
    }
    if !removed.is_empty() {
        what.push(format!(
            "parameters removed: {}",
            ticked(removed.iter().map(|(_, name)| *name))
        ));
    }
    for (key, before) in &old.params {
        let Some(after) = new.params.get(key).filter(|after| *after != before) else {
            continue;
        };
        let mut changes = Vec::new();
        if before.required != after.required {
            changes.push(
                if after.required {
                    "now required"
                } else {
                    "now optional"
                }
                .to_owned(),
            );
        }
        changes.extend(slot(before.schema.as_ref(), after.schema.as_ref()));
        changes.extend(content(&before.content, &after.content));
        what.push(format!("parameter `{}`: {}", key.1, changes.join("; ")));
    }
    match (&old.body, &new.body) {
        (None, Some(_)) => what.push("request body added".to_owned()),
        (Some(_), None) => what.push("request body removed".to_owned()),
        (Some(a), Some(b)) if a != b => {
            what.push(format!("request body: {}", content(a, b).join("; ")));
        }
        _ => {}
    }
    let (added, removed) = split_keys(&old.responses, &new.responses);
    if !added.is_empty() {
        what.push(format!("responses added: {}", ticked(added)));
    }
    if !removed.is_empty() {
        what.push(format!("responses removed: {}", ticked(removed)));
    }
    for (code, before) in &old.responses {
        if let Some(after) = new.responses.get(code).filter(|after| *after != before) {
            what.push(format!(
                "response `{code}`: {}",
                content(before, after).join("; ")
            ));
        }
    }
    what
}

/// How the media types of a body or response changed.
fn content(old: &Content, new: &Content) -> Vec<String> {
    let (added, removed) = split_keys(old, new);
    let mut what = Vec::new();
    if !added.is_empty() {
        what.push(format!("media types added: {}", ticked(added)));
    }
    if !removed.is_empty() {
        what.push(format!("media types removed: {}", ticked(removed)));
    }
    for (media, before) in old {
        if let Some(after) = new.get(media).filter(|after| *after != before) {
            let changes = slot(before.as_ref(), after.as_ref());
            if old.len() == 1 && new.len() == 1 {
                what.extend(changes);
            } else {
                what.push(format!("`{media}`: {}", changes.join(", ")));
            }
        }
    }
    what
}

/// How an optional schema changed.
fn slot(old: Option<&Shape>, new: Option<&Shape>) -> Vec<String> {
    match (old, new) {
        (Some(a), Some(b)) => shape(a, b),
        (None, Some(b)) => vec![format!("schema `{}` added", b.label())],
        (Some(a), None) => vec![format!("schema `{}` removed", a.label())],
        (None, None) => Vec::new(),
    }
}

/// How a component schema changed: properties and required names, then each property.
pub(super) fn schema(old: &Shape, new: &Shape) -> Vec<String> {
    let mut what = Vec::new();
    let own_old = Shape {
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        ..old.clone()
    };
    let own_new = Shape {
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        ..new.clone()
    };
    if own_old != own_new {
        what.extend(shape(&own_old, &own_new));
    }
    what.extend(members(old, new, ""));
    what
}

/// Properties and required names of an object shape; `prefix` names an inline parent.
fn members(old: &Shape, new: &Shape, prefix: &str) -> Vec<String> {
    let mut what = Vec::new();
    let (added, removed) = split_keys(&old.properties, &new.properties);
    let full = |names: Vec<&str>| {
        let names: Vec<String> = names.iter().map(|n| format!("`{prefix}{n}`")).collect();
        names.join(", ")
    };
    if !added.is_empty() {
        what.push(format!("properties added: {}", full(added)));
    }
    if !removed.is_empty() {
        what.push(format!("properties removed: {}", full(removed)));
    }
    let now_required: Vec<&str> = new.required.difference(&old.required).copied().collect();
    let not_required: Vec<&str> = old.required.difference(&new.required).copied().collect();
    if !now_required.is_empty() {
        what.push(format!("now required: {}", full(now_required)));
    }
    if !not_required.is_empty() {
        what.push(format!("no longer required: {}", full(not_required)));
    }
    for (name, before) in &old.properties {
        if let Some(after) = new.properties.get(name).filter(|after| *after != before) {
            what.push(format!(
                "property `{prefix}{name}`: {}",
                shape(before, after).join(", ")
            ));
        }
    }
    what
}

/// How one schema shape changed, in a few words each.
fn shape(old: &Shape, new: &Shape) -> Vec<String> {
    let mut what = Vec::new();
    if (old.ty, old.format, &old.reference) != (new.ty, new.format, &new.reference)
        || old.items.is_some() != new.items.is_some()
    {
        what.push(format!("type `{}` -> `{}`", old.label(), new.label()));
    } else if let (Some(a), Some(b)) = (&old.items, &new.items) {
        if a != b {
            what.extend(shape(a, b).into_iter().map(|c| format!("items {c}")));
        }
    }
    let flags = [
        (old.nullable, new.nullable, "nullable"),
        (old.read_only, new.read_only, "read-only"),
        (old.write_only, new.write_only, "write-only"),
    ];
    for (before, after, name) in flags {
        if before != after {
            what.push(if after {
                format!("now {name}")
            } else {
                format!("no longer {name}")
            });
        }
    }
    let empty = BTreeSet::new();
    let (a, b) = (
        old.values.as_ref().unwrap_or(&empty),
        new.values.as_ref().unwrap_or(&empty),
    );
    let added: Vec<&str> = b.difference(a).map(String::as_str).collect();
    let removed: Vec<&str> = a.difference(b).map(String::as_str).collect();
    if !added.is_empty() {
        what.push(format!("enum values added: {}", ticked(added)));
    }
    if !removed.is_empty() {
        what.push(format!("enum values removed: {}", ticked(removed)));
    }
    if old.additional != new.additional {
        let label = |a: &Additional| match a {
            Additional::No => "none".to_owned(),
            Additional::Yes => "any".to_owned(),
            Additional::Schema(s) => s.label(),
        };
        what.push(format!(
            "additional properties `{}` -> `{}`",
            label(&old.additional),
            label(&new.additional)
        ));
    }
    what.extend(members(old, new, "."));
    if what.is_empty() {
        what.push("changed".to_owned());
    }
    what
}
