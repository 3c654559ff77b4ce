//! Who uses each type: which API areas reach it (its file and its Cargo features), and whether
//! it is received (needs `Deserialize`; a type that is only sent does not).

use super::TypeRef;
use super::{Ident, Operation, Payload, Placement, ResponseShape, TypeDef, TypeId, TypeKind};
use std::collections::BTreeSet;

/// Fills `placement`, `areas`, `received` and `sent` of every type.
pub fn assign(types: &mut [TypeDef], operations: &[Operation]) {
    let mut areas: Vec<BTreeSet<Ident>> = vec![BTreeSet::new(); types.len()];
    let mut received = BTreeSet::new();
    let mut sent = BTreeSet::new();
    for op in operations {
        let request: Vec<&TypeRef> = op
            .required_params
            .iter()
            .chain(&op.optional_params)
            .map(|p| &p.ty)
            .chain(op.body.as_ref().map(|b| &b.ty))
            .collect();
        let request = reachable(types, request.into_iter().filter_map(TypeRef::inner_named));
        let response = reachable(types, response_types(&op.response));
        for id in request.iter().chain(&response) {
            areas[id.0].insert(op.area.clone());
        }
        sent.extend(request);
        received.extend(response);
    }
    // A type no operation uses is received too (it may come in any payload), with all it contains.
    let unused: Vec<TypeId> = (0..types.len())
        .filter(|index| areas[*index].is_empty())
        .map(TypeId)
        .collect();
    let kept_whole = reachable(types, unused.into_iter());
    received.extend(&kept_whole);
    for (index, (def, mut areas)) in types.iter_mut().zip(areas).enumerate() {
        let id = TypeId(index);
        if kept_whole.contains(&id) {
            // Compiled whatever the features: an always-compiled type contains it.
            areas.clear();
        }
        def.placement = match areas.iter().next() {
            Some(only) if areas.len() == 1 => Placement::Area(only.clone()),
            _ => Placement::Shared,
        };
        def.areas = areas;
        def.received = received.contains(&id);
        def.sent = sent.contains(&id);
    }
}

/// The types `roots` and every type those contain.
fn reachable(types: &[TypeDef], roots: impl Iterator<Item = TypeId>) -> BTreeSet<TypeId> {
    let mut stack: Vec<TypeId> = roots.collect();
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &types[id.0].kind {
            TypeKind::Struct(fields) => {
                stack.extend(fields.iter().filter_map(|f| f.ty.inner_named()));
            }
            TypeKind::Alias(target) => stack.extend(target.inner_named()),
            TypeKind::Enum(_) | TypeKind::Extern(_) => {}
        }
    }
    seen
}

fn response_types(shape: &ResponseShape) -> impl Iterator<Item = TypeId> + '_ {
    shape.payloads().into_iter().filter_map(|p| match p {
        Payload::Json(ty) => ty.inner_named(),
        _ => None,
    })
}
