//! Write types, derived as Looker's SDKs derive them: for every struct sent as a request body,
//! `Write<Name>` drops the read-only properties, drops properties whose type is all read-only
//! (like `Dialect`), and replaces nested types by their own Write types.

use super::resolve::Context;
use super::{names, Field, Operation, TypeDef, TypeKind, TypeRef};
use crate::error::CodegenError;
use std::collections::{BTreeMap, BTreeSet};

/// Adds the Write types that request bodies need and points the bodies at them.
pub fn derive_write_types(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    ctx: &mut Context,
) -> Result<(), CodegenError> {
    let structs: BTreeMap<String, Vec<Field>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(fields) => Some((t.name.clone(), fields.clone())),
            _ => None,
        })
        .collect();
    let all_read_only: BTreeSet<String> = structs
        .iter()
        .filter(|(_, fields)| !fields.is_empty() && fields.iter().all(|f| f.read_only))
        .map(|(name, _)| name.clone())
        .collect();
    let mut needs_write = needs_write(&structs, &all_read_only);
    // A document that declares `WriteX` with exactly the properties the Write type of `X` would
    // have (Looker's `WriteScheduledPlan`) already has it: use the document's, as Looker's SDKs do.
    let mut write_names: BTreeMap<String, String> = BTreeMap::new();
    for name in &needs_write {
        let own = names::type_name(&format!("Write{name}"));
        let kept = |fields: &[Field]| -> Vec<String> {
            fields
                .iter()
                .filter(|f| !dropped(f, &all_read_only))
                .map(|f| f.json_name.clone())
                .collect()
        };
        let same_shape = match (structs.get(name), structs.get(&own)) {
            (Some(fields), Some(own_fields)) => {
                kept(fields)
                    == own_fields
                        .iter()
                        .map(|f| f.json_name.clone())
                        .collect::<Vec<_>>()
            }
            _ => false,
        };
        if same_shape {
            ctx.note(
                "/components/schemas",
                "write-type-from-document",
                format!("`{own}` of the document is the Write type of `{name}`"),
            );
            write_names.insert(name.clone(), own);
        }
    }
    for own in write_names.values() {
        needs_write.remove(own);
    }

    let mut pending: Vec<String> = Vec::new();
    for op in operations.iter_mut() {
        if let Some(body) = &mut op.body {
            body.ty = to_write(&body.ty, &needs_write, &mut write_names, &mut pending, ctx);
        }
    }
    let originals: BTreeMap<String, TypeDef> =
        types.iter().map(|t| (t.name.clone(), t.clone())).collect();
    let mut done = BTreeSet::new();
    while let Some(original) = pending.pop() {
        if !done.insert(original.clone()) {
            continue;
        }
        let (Some(def), Some(fields)) = (originals.get(&original), structs.get(&original)) else {
            continue;
        };
        let mut removed = Vec::new();
        let mut write_fields = Vec::new();
        for field in fields {
            if dropped(field, &all_read_only) {
                removed.push(field.json_name.clone());
                continue;
            }
            let mut field = field.clone();
            field.ty = to_write(&field.ty, &needs_write, &mut write_names, &mut pending, ctx);
            write_fields.push(field);
        }
        let name = write_names.get(&original).cloned().unwrap_or_default();
        let note = format!(
            "Dynamic writeable type for {} removes: {}",
            def.source,
            removed.join(", ")
        );
        types.push(TypeDef {
            name,
            source: def.source.clone(),
            doc: Some(match &def.doc {
                Some(doc) => format!("{doc}\n\n{note}"),
                None => note,
            }),
            deprecated: def.deprecated,
            status: def.status.clone(),
            area: String::new(),
            areas: BTreeSet::new(),
            received: false,
            sent: false,
            kind: TypeKind::Struct(write_fields),
        });
    }
    Ok(())
}

/// Whether a Write type leaves `field` out: it is read-only, or its type is all read-only.
fn dropped(field: &Field, all_read_only: &BTreeSet<String>) -> bool {
    field.read_only
        || field
            .ty
            .inner_named()
            .is_some_and(|n| all_read_only.contains(n))
}

/// The structs that need a Write type: those with a read-only property, or a property whose
/// struct is all read-only or needs a Write type itself (a fixed point, cycles included).
fn needs_write(
    structs: &BTreeMap<String, Vec<Field>>,
    all_read_only: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut needed: BTreeSet<String> = structs
        .iter()
        .filter(|(_, fields)| fields.iter().any(|f| dropped(f, all_read_only)))
        .map(|(name, _)| name.clone())
        .collect();
    loop {
        let more: Vec<String> = structs
            .iter()
            .filter(|(name, fields)| {
                !needed.contains(*name)
                    && fields
                        .iter()
                        .any(|f| f.ty.inner_named().is_some_and(|n| needed.contains(n)))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            return needed;
        }
        needed.extend(more);
    }
}

/// `ty` with every struct that needs a Write type replaced by that Write type.
fn to_write(
    ty: &TypeRef,
    needs_write: &BTreeSet<String>,
    write_names: &mut BTreeMap<String, String>,
    pending: &mut Vec<String>,
    ctx: &mut Context,
) -> TypeRef {
    match ty {
        TypeRef::Named(name) if needs_write.contains(name) => {
            let write_name = write_names.entry(name.clone()).or_insert_with(|| {
                pending.push(name.clone());
                let wanted = names::type_name(&format!("Write{name}"));
                let claimed = ctx.type_names.claim(wanted.clone());
                if claimed != wanted {
                    ctx.note(
                        "/components/schemas",
                        "write-type-name-taken",
                        format!("the document has its own `{wanted}`; the Write type of `{name}` is `{claimed}`"),
                    );
                }
                claimed
            });
            TypeRef::Named(write_name.clone())
        }
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(to_write(
            inner,
            needs_write,
            write_names,
            pending,
            ctx,
        ))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(to_write(
            inner,
            needs_write,
            write_names,
            pending,
            ctx,
        ))),
        other => other.clone(),
    }
}
