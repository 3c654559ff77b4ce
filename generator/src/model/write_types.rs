//! Write types, derived as Looker's SDKs derive them: for every struct sent as a request body,
//! `Write<Name>` drops the read-only properties, drops properties whose type is all read-only
//! (like `Dialect`), and replaces nested types by their own Write types.

use super::resolve::Context;
use super::{names, Field, Ident, Operation, TypeDef, TypeId, TypeKind, TypeRef};
use crate::normalize::Repair;
use std::collections::{BTreeMap, BTreeSet};

/// The Write types made so far, by the type they are made from, and those still to fill in.
struct WriteTypes {
    needs_write: BTreeSet<TypeId>,
    made: BTreeMap<TypeId, TypeId>,
    pending: Vec<TypeId>,
}

/// Adds the Write types that request bodies need and points the bodies at them.
pub fn derive_write_types(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    ctx: &mut Context,
) {
    let all_read_only: BTreeSet<TypeId> = (0..types.len())
        .map(TypeId)
        .filter(|id| {
            fields_of(types, *id).is_some_and(|f| !f.is_empty() && f.iter().all(|f| f.read_only))
        })
        .collect();
    let mut write = WriteTypes {
        needs_write: needs_write(types, &all_read_only),
        made: BTreeMap::new(),
        pending: Vec::new(),
    };
    // A document that declares `WriteX` with exactly the properties the Write type of `X` would
    // have (Looker's `WriteScheduledPlan`) already has it: use the document's, as Looker's SDKs do.
    let by_name: BTreeMap<&Ident, TypeId> = types
        .iter()
        .enumerate()
        .map(|(index, def)| (&def.name, TypeId(index)))
        .collect();
    for &id in &write.needs_write {
        let own_name = names::type_name(&format!("Write{}", types[id.0].name));
        let Some(&own) = by_name.get(&own_name) else {
            continue;
        };
        let kept: Option<Vec<&str>> = fields_of(types, id).map(|fields| {
            fields
                .iter()
                .filter(|f| !dropped(f, &all_read_only))
                .map(|f| f.json_name.as_str())
                .collect()
        });
        let declared: Option<Vec<&str>> = fields_of(types, own)
            .map(|fields| fields.iter().map(|f| f.json_name.as_str()).collect());
        if kept.is_some() && kept == declared {
            ctx.note(
                "/components/schemas",
                Repair::WriteTypeFromDocument,
                format!(
                    "`{own_name}` of the document is the Write type of `{}`",
                    types[id.0].name
                ),
            );
            write.made.insert(id, own);
        }
    }
    for own in write.made.values() {
        write.needs_write.remove(own);
    }

    for op in operations.iter_mut() {
        if let Some(body) = &mut op.body {
            body.ty = write.write_of(&body.ty, types, ctx);
        }
    }
    while let Some(original) = write.pending.pop() {
        let Some(fields) = fields_of(types, original).map(<[Field]>::to_vec) else {
            continue;
        };
        let mut removed = Vec::new();
        let mut write_fields = Vec::new();
        for mut field in fields {
            if dropped(&field, &all_read_only) {
                removed.push(field.json_name);
                continue;
            }
            field.ty = write.write_of(&field.ty, types, ctx);
            write_fields.push(field);
        }
        let Some(&write_id) = write.made.get(&original) else {
            continue;
        };
        let note = format!(
            "Dynamic writeable type for {} removes: {}",
            types[original.0].source,
            removed.join(", ")
        );
        let def = &mut types[write_id.0];
        def.doc = Some(match def.doc.take() {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note,
        });
        def.kind = TypeKind::Struct(write_fields);
    }
}

/// The fields of a struct.
fn fields_of(types: &[TypeDef], id: TypeId) -> Option<&[Field]> {
    match &types[id.0].kind {
        TypeKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

/// Whether a Write type leaves `field` out: it is read-only, or its type is all read-only.
fn dropped(field: &Field, all_read_only: &BTreeSet<TypeId>) -> bool {
    field.read_only
        || field
            .ty
            .inner_named()
            .is_some_and(|id| all_read_only.contains(&id))
}

/// The structs that need a Write type: those with a read-only property, or a property whose
/// struct is all read-only or needs a Write type itself (a fixed point, cycles included).
fn needs_write(types: &[TypeDef], all_read_only: &BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let structs: Vec<(TypeId, &[Field])> = (0..types.len())
        .map(TypeId)
        .filter_map(|id| fields_of(types, id).map(|fields| (id, fields)))
        .collect();
    let mut needed: BTreeSet<TypeId> = structs
        .iter()
        .filter(|(_, fields)| fields.iter().any(|f| dropped(f, all_read_only)))
        .map(|(id, _)| *id)
        .collect();
    loop {
        let more: Vec<TypeId> = structs
            .iter()
            .filter(|(id, fields)| {
                !needed.contains(id)
                    && fields
                        .iter()
                        .any(|f| f.ty.inner_named().is_some_and(|n| needed.contains(&n)))
            })
            .map(|(id, _)| *id)
            .collect();
        if more.is_empty() {
            return needed;
        }
        needed.extend(more);
    }
}

impl WriteTypes {
    /// `ty` with every struct that needs a Write type replaced by that Write type, which is
    /// added (its fields filled in later) the first time it is needed.
    fn write_of(&mut self, ty: &TypeRef, types: &mut Vec<TypeDef>, ctx: &mut Context) -> TypeRef {
        match ty {
            TypeRef::Named(id) if self.needs_write.contains(id) => {
                if let Some(made) = self.made.get(id) {
                    return TypeRef::Named(*made);
                }
                let original = &types[id.0];
                let wanted = names::type_name(&format!("Write{}", original.name));
                let claimed = ctx.type_names.claim(wanted.clone());
                if claimed != wanted {
                    ctx.note(
                        "/components/schemas",
                        Repair::WriteTypeNameTaken,
                        format!(
                            "the document has its own `{wanted}`; the Write type of `{}` is `{claimed}`",
                            original.name
                        ),
                    );
                }
                let write_type = TypeDef {
                    name: claimed,
                    kind: TypeKind::Struct(Vec::new()),
                    ..original.clone()
                };
                types.push(write_type);
                let made = TypeId(types.len() - 1);
                self.made.insert(*id, made);
                self.pending.push(*id);
                TypeRef::Named(made)
            }
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(self.write_of(inner, types, ctx))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.write_of(inner, types, ctx))),
            other => other.clone(),
        }
    }
}
