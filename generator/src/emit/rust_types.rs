//! Rust type syntax for model type references.

use crate::model::{TypeDef, TypeKind, TypeRef};

/// The owned Rust type of a type reference; `types` is the model's type table.
pub fn owned(ty: &TypeRef, types: &[TypeDef]) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::DateTime => "rt::DateTime".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Named(id) => match &types[id.index()] {
            TypeDef {
                kind: TypeKind::Extern(path),
                ..
            } => path.clone(),
            def => def.name.to_string(),
        },
        TypeRef::Vec(inner) => format!("Vec<{}>", owned(inner, types)),
        TypeRef::Map(inner) => {
            format!(
                "std::collections::BTreeMap<String, {}>",
                owned(inner, types)
            )
        }
    }
}

/// How a method takes a required argument: the one decision behind [`borrowed`] and
/// [`is_borrowed`].
enum Taken<'t> {
    /// By value: the `Copy` scalars.
    Value,
    /// As `&str`.
    Str,
    /// As a slice of the list's items.
    Slice(&'t TypeRef),
    /// As a reference to the owned type.
    Ref,
}

fn taken(ty: &TypeRef) -> Taken<'_> {
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => Taken::Value,
        TypeRef::String => Taken::Str,
        TypeRef::Vec(inner) => Taken::Slice(inner),
        TypeRef::DateTime | TypeRef::Json | TypeRef::Named(_) | TypeRef::Map(_) => Taken::Ref,
    }
}

/// Whether a method takes a required argument of type `ty` by reference (what [`borrowed`]
/// writes is a `&` type).
pub fn is_borrowed(ty: &TypeRef) -> bool {
    !matches!(taken(ty), Taken::Value)
}

/// The type a method takes for a required argument: borrowed where borrowing is natural;
/// `lifetime` is `"'a "` or empty.
pub fn borrowed(ty: &TypeRef, types: &[TypeDef], lifetime: &str) -> String {
    match taken(ty) {
        Taken::Value => owned(ty, types),
        Taken::Str => format!("&{lifetime}str"),
        Taken::Slice(inner) => format!("&{lifetime}[{}]", owned(inner, types)),
        Taken::Ref => format!("&{lifetime}{}", owned(ty, types)),
    }
}

/// The type as a reader sees it in docs (`Vec<DbConnection>`).
pub fn display(ty: &TypeRef, types: &[TypeDef]) -> String {
    match ty {
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display(inner, types)),
        TypeRef::Vec(inner) => format!("Vec<{}>", display(inner, types)),
        TypeRef::DateTime => "DateTime".into(),
        other => owned(other, types),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_types() {
        let list = TypeRef::Vec(Box::new(TypeRef::I64));
        assert_eq!(borrowed(&list, &[], ""), "&[i64]");
        assert_eq!(borrowed(&TypeRef::String, &[], ""), "&str");
        assert_eq!(borrowed(&TypeRef::Bool, &[], ""), "bool");
    }

    #[test]
    fn is_borrowed_agrees_with_the_rendered_type() {
        let list = TypeRef::Vec(Box::new(TypeRef::String));
        let map = TypeRef::Map(Box::new(TypeRef::I64));
        let scalars = [TypeRef::Bool, TypeRef::I32, TypeRef::I64, TypeRef::F64];
        let refs = [TypeRef::String, TypeRef::DateTime, TypeRef::Json, list, map];
        for ty in scalars.iter().chain(&refs) {
            let rendered = borrowed(ty, &[], "'a ");
            assert_eq!(is_borrowed(ty), rendered.starts_with("&'a "), "{rendered}");
        }
    }
}
