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

/// The type a method takes for a required argument: borrowed where borrowing is natural;
/// `lifetime` is `"'a "` or empty.
pub fn borrowed(ty: &TypeRef, types: &[TypeDef], lifetime: &str) -> String {
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => owned(ty, types),
        TypeRef::String => format!("&{lifetime}str"),
        TypeRef::Vec(inner) => format!("&{lifetime}[{}]", owned(inner, types)),
        TypeRef::DateTime | TypeRef::Json | TypeRef::Named(_) | TypeRef::Map(_) => {
            format!("&{lifetime}{}", owned(ty, types))
        }
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
}
