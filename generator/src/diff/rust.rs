//! The Rust half of the diff: the surfaces of the two generated SDKs compared item by item,
//! each break tied to the place in a document that causes it.

use super::shape::resolve;
use super::surface::{Anchor, Arg, Item, Kind, Surface};
use super::{Breaking, BreakingKind};
use crate::error::pointer_push;
use crate::model::{area_module, Api};
use serde_json::Value;

/// What the surfaces say.
pub(super) struct RustDiff {
    /// Sorted by Rust item, then kind (by name, as the reports list them).
    pub breaking: Vec<Breaking>,
    /// Item keys only in the new surface, sorted.
    pub added: Vec<String>,
}

/// One side of the comparison: the document as written and its SDK's surface.
type Side<'a> = (&'a Value, &'a Surface);

const GONE: &str = "removed in the new release; no replacement";

/// Compares the surfaces of the two SDKs.
pub(super) fn compare(old: Side, new: Side) -> RustDiff {
    let (before, after) = (old.1, new.1);
    let mut breaking = Vec::new();
    for (key, item) in before {
        match after.get(key) {
            None => {
                let parent_gone = item.parent.as_ref().is_some_and(|p| !after.contains_key(p));
                if !parent_gone {
                    breaking.push(removal(item, old.0));
                }
            }
            Some(now) if now.sig != item.sig => changes(item, now, (old.0, new.0), &mut breaking),
            Some(_) => {}
        }
    }
    breaking.sort_by(|a, b| {
        (&a.rust, a.kind.as_str(), &a.detail).cmp(&(&b.rust, b.kind.as_str(), &b.detail))
    });
    let added = after
        .keys()
        .filter(|key| !before.contains_key(*key))
        .cloned()
        .collect();
    RustDiff { breaking, added }
}

/// Turns the removal of each renamed operation's method into `method-renamed`, pointing to
/// the new method; `renamed` are `(old, new)` operationIds.
pub(super) fn mark_renamed(
    breaking: &mut [Breaking],
    renamed: &[(String, String)],
    apis: (&Api, &Api),
) {
    let method_of = |api: &Api, id: &str| {
        api.operations
            .iter()
            .find(|op| op.operation_id == id)
            .map(|op| format!("LookerSdk::{}", op.name))
    };
    for (old_id, new_id) in renamed {
        let (Some(old), Some(new)) = (method_of(apis.0, old_id), method_of(apis.1, new_id)) else {
            continue;
        };
        for entry in breaking.iter_mut() {
            if entry.kind == BreakingKind::MethodRemoved && entry.rust == old {
                entry.kind = BreakingKind::MethodRenamed;
                entry.detail = format!("operation `{old_id}` is now `{new_id}`: `{new}`");
                entry.hint = format!("renamed: call `{new}`");
            }
        }
    }
}

fn entry(
    kind: BreakingKind,
    item: &Item,
    pointer: String,
    detail: String,
    hint: String,
) -> Breaking {
    Breaking {
        kind,
        pointer,
        rust: item.rust.clone(),
        detail,
        hint,
    }
}

/// An item of the old SDK that the new one lacks.
fn removal(item: &Item, doc: &Value) -> Breaking {
    let pointer = pointer(doc, &item.anchor);
    let (kind, hint) = match item.kind {
        Kind::Method => (BreakingKind::MethodRemoved, GONE.to_owned()),
        Kind::Type | Kind::Output => (BreakingKind::TypeRemoved, GONE.to_owned()),
        Kind::Field => (
            BreakingKind::FieldRemoved,
            "the field is gone; stop reading or setting it".to_owned(),
        ),
        Kind::Variant => (
            BreakingKind::VariantRemoved,
            "match on the value's string instead, or drop the arm".to_owned(),
        ),
        Kind::Setter => (
            BreakingKind::SetterRemoved,
            "the parameter is gone or became a required argument".to_owned(),
        ),
        Kind::Pager => (
            BreakingKind::PagerRemoved,
            "the operation no longer pages: send the request and read its one answer".to_owned(),
        ),
        Kind::Constructor => (
            BreakingKind::ConstructorRemoved,
            "the type is now only received".to_owned(),
        ),
        Kind::Trait => (BreakingKind::TraitRemoved, trait_hint(&item.rust)),
        Kind::Feature => (
            BreakingKind::FeatureRemoved,
            "drop the feature from your `Cargo.toml`".to_owned(),
        ),
    };
    let detail = match item.sig.as_str() {
        "" => "removed".to_owned(),
        sig => format!("removed (was `{sig}`)"),
    };
    entry(kind, item, pointer, detail, hint)
}

fn trait_hint(rust: &str) -> String {
    if rust.starts_with("impl Default") {
        "build values with `new` and the setters".to_owned()
    } else {
        "the type is no longer read from responses".to_owned()
    }
}

/// An item whose signature changed: one entry per argument for methods and constructors.
fn changes(old: &Item, new: &Item, docs: (&Value, &Value), out: &mut Vec<Breaking>) {
    let at_new = |anchor: &Anchor| pointer(docs.1, anchor);
    let change =
        |kind, detail: String, hint: String| entry(kind, old, at_new(&new.anchor), detail, hint);
    match old.kind {
        Kind::Method | Kind::Constructor => {
            let before = out.len();
            arguments(old, new, docs, out);
            let builder = |item: &Item| {
                item.sig
                    .rsplit(" -> ")
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            };
            if old.kind == Kind::Method && builder(old) != builder(new) {
                let detail = format!("returns `{}` instead of `{}`", builder(new), builder(old));
                out.push(change(
                    BreakingKind::BuilderRenamed,
                    detail,
                    format!("name `{}`", builder(new)),
                ));
            }
            if out.len() == before {
                let detail = format!("`{}` -> `{}`", old.sig, new.sig);
                out.push(change(
                    BreakingKind::ArgumentChanged,
                    detail,
                    format!("now `{}{}`", old.rust, new.sig),
                ));
            }
        }
        Kind::Output => out.push(change(
            BreakingKind::OutputChanged,
            format!("awaiting it gives `{}` instead of `{}`", new.sig, old.sig),
            format!("now returns `{}`", new.sig),
        )),
        Kind::Type => {
            let kind = if old.sig.starts_with("type =") && new.sig.starts_with("type =") {
                BreakingKind::AliasChanged
            } else {
                BreakingKind::TypeKindChanged
            };
            let detail = format!("`{}` -> `{}`", old.sig, new.sig);
            out.push(change(kind, detail, format!("now `{}`", new.sig)));
        }
        Kind::Field => out.push(change(
            BreakingKind::FieldTypeChanged,
            format!("`{}` -> `{}`", old.sig, new.sig),
            format!("now `{}`", new.sig),
        )),
        Kind::Setter => out.push(change(
            BreakingKind::SetterChanged,
            format!("takes `{}` instead of `{}`", new.sig, old.sig),
            format!("now takes `{}`", new.sig),
        )),
        Kind::Pager => out.push(change(
            BreakingKind::PagerChanged,
            format!("streams `{}` instead of `{}`", new.sig, old.sig),
            format!("now streams `{}`", new.sig),
        )),
        Kind::Variant => out.push(change(
            BreakingKind::VariantChanged,
            format!("payload `{}` -> `{}`", old.sig, new.sig),
            format!("now `{}{}`", old.rust, new.sig),
        )),
        Kind::Trait | Kind::Feature => {}
    }
}

/// Arguments added, removed and retyped (by name), then a reordering.
fn arguments(old: &Item, new: &Item, docs: (&Value, &Value), out: &mut Vec<Breaking>) {
    let find = |args: &'_ [Arg], name: &str| args.iter().position(|a| a.name == name);
    let show = |a: &Arg| format!("`{}: {}`", a.name, a.ty);
    for arg in &new.args {
        match find(&old.args, &arg.name) {
            None => out.push(entry(
                BreakingKind::ArgumentAdded,
                old,
                pointer(docs.1, &arg.anchor),
                format!("new required argument {}", show(arg)),
                format!("now takes {}", show(arg)),
            )),
            Some(i) if old.args[i].ty != arg.ty => out.push(entry(
                BreakingKind::ArgumentChanged,
                old,
                pointer(docs.1, &arg.anchor),
                format!("{} -> {}", show(&old.args[i]), show(arg)),
                format!("now takes {}", show(arg)),
            )),
            Some(_) => {}
        }
    }
    for arg in &old.args {
        if find(&new.args, &arg.name).is_none() {
            let hint = match arg.anchor {
                Anchor::Param(..) => "no longer required: drop it, or set it on the builder",
                _ => "drop the argument",
            };
            out.push(entry(
                BreakingKind::ArgumentRemoved,
                old,
                pointer(docs.0, &arg.anchor),
                format!("argument {} removed", show(arg)),
                hint.to_owned(),
            ));
        }
    }
    let order = |args: &[Arg], other: &[Arg]| -> Vec<String> {
        args.iter()
            .filter(|a| find(other, &a.name).is_some())
            .map(|a| a.name.clone())
            .collect()
    };
    if order(&old.args, &new.args) != order(&new.args, &old.args) {
        out.push(entry(
            BreakingKind::ArgumentChanged,
            old,
            pointer(docs.1, &new.anchor),
            format!("arguments reordered: `{}` -> `{}`", old.sig, new.sig),
            format!("now `{}{}`", old.rust, new.sig),
        ));
    }
}

/// The JSON pointer of an anchor in `doc`, as precise as the document allows.
pub(super) fn pointer(doc: &Value, anchor: &Anchor) -> String {
    let schema = |source: &str| {
        if source.starts_with('/') {
            source.to_owned()
        } else {
            pointer_push("/components/schemas", source)
        }
    };
    let operation = |path: &str, verb: &str| pointer_push(&pointer_push("/paths", path), verb);
    match anchor {
        Anchor::Schema(source) => schema(source),
        Anchor::Property(source, name) => {
            pointer_push(&pointer_push(&schema(source), "properties"), name)
        }
        Anchor::Value(source, value) => {
            let at = schema(source);
            let node = doc.pointer(&at).unwrap_or(&Value::Null);
            [
                ("", node),
                ("/items", node.get("items").unwrap_or(&Value::Null)),
            ]
            .into_iter()
            .find_map(|(prefix, node)| {
                let values = node.get("enum")?.as_array()?;
                let index = values.iter().position(|v| v.as_str() == Some(value))?;
                Some(format!("{at}{prefix}/enum/{index}"))
            })
            .unwrap_or(at)
        }
        Anchor::Operation(path, verb) => operation(path, verb),
        Anchor::Param(path, verb, wire) => {
            let at = operation(path, verb);
            let item = pointer_push("/paths", path);
            param_index(doc, &at, wire)
                .or_else(|| param_index(doc, &item, wire))
                .unwrap_or(at)
        }
        Anchor::Body(path, verb) => pointer_push(&operation(path, verb), "requestBody"),
        Anchor::Response(path, verb, status) => pointer_push(
            &pointer_push(&operation(path, verb), "responses"),
            &status.to_string(),
        ),
        Anchor::Area(area) => area_pointer(doc, area),
    }
}

/// `base/parameters/N` for the parameter named `wire` of the operation or path item `base`.
fn param_index(doc: &Value, base: &str, wire: &str) -> Option<String> {
    let list = doc.pointer(&format!("{base}/parameters"))?.as_array()?;
    let index = list
        .iter()
        .position(|p| resolve(doc, p).get("name").and_then(Value::as_str) == Some(wire))?;
    Some(format!("{base}/parameters/{index}"))
}

/// The tag of an area: in the top-level `tags`, else on the first operation of that area.
fn area_pointer(doc: &Value, area: &str) -> String {
    let tags = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let names_area = |tag: &Value| tag.as_str().is_some_and(|t| area_module(t) == area);
    for (index, tag) in tags.enumerate() {
        if tag.get("name").is_some_and(names_area) {
            return format!("/tags/{index}");
        }
    }
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (path, item) in paths {
        for (verb, op) in item.as_object().into_iter().flatten() {
            if op.pointer("/tags/0").is_some_and(names_area) {
                let op = pointer_push(&pointer_push("/paths", path), verb);
                return format!("{op}/tags/0");
            }
        }
    }
    String::new()
}
