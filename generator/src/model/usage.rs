//! Who uses each type: which API areas reach it (its file and its Cargo features), and whether
//! it is received (needs `Deserialize`; a type that is only sent does not).

use super::{Operation, Payload, ResponseShape, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Name of the area that holds types used by several areas (or by none).
pub const SHARED_AREA: &str = "shared";

/// Fills `area`, `areas`, `received` and `sent` of every type.
pub fn assign(types: &mut [TypeDef], operations: &[Operation]) {
    let by_name: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut areas: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
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
        let request = reachable(types, &by_name, request);
        let response = reachable(types, &by_name, response_types(&op.response));
        for &index in request.iter().chain(&response) {
            areas[index].insert(op.area.clone());
        }
        sent.extend(request);
        received.extend(response);
    }
    // A type no operation uses is received too (it may come in any payload), with all it contains.
    let unused: Vec<TypeRef> = types
        .iter()
        .zip(&areas)
        .filter(|(_, areas)| areas.is_empty())
        .map(|(def, _)| TypeRef::Named(def.name.clone()))
        .collect();
    let kept_whole = reachable(types, &by_name, unused.iter().collect());
    received.extend(&kept_whole);
    for (index, (def, mut areas)) in types.iter_mut().zip(areas).enumerate() {
        if kept_whole.contains(&index) {
            // Compiled whatever the features: an always-compiled type contains it.
            areas.clear();
        }
        def.area = match areas.len() {
            1 => areas.iter().next().cloned().unwrap_or_default(),
            _ => SHARED_AREA.to_owned(),
        };
        def.areas = areas;
        def.received = received.contains(&index);
        def.sent = sent.contains(&index);
    }
}

/// The indexes of the types `roots` name, and of every type those contain.
fn reachable(
    types: &[TypeDef],
    by_name: &BTreeMap<&str, usize>,
    roots: Vec<&TypeRef>,
) -> BTreeSet<usize> {
    let mut stack = roots;
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        let Some(&index) = ty.inner_named().and_then(|n| by_name.get(n)) else {
            continue;
        };
        if !seen.insert(index) {
            continue;
        }
        match &types[index].kind {
            TypeKind::Struct(fields) => stack.extend(fields.iter().map(|f| &f.ty)),
            TypeKind::Alias(target) => stack.push(target),
            TypeKind::Enum(_) => {}
        }
    }
    seen
}

fn response_types(shape: &ResponseShape) -> Vec<&TypeRef> {
    shape
        .payloads()
        .into_iter()
        .filter_map(|p| match p {
            Payload::Json(ty) => Some(ty),
            _ => None,
        })
        .collect()
}
