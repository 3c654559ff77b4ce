//! Rust type syntax for model type references, and identifiers.

use crate::error::CodegenError;
use crate::model::{is_keyword, TypeRef};

/// `name` checked to be an identifier: a name the model should never have produced is an
/// error, not broken output.
pub fn ident(name: &str) -> Result<&str, CodegenError> {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_"
        && (bare.len() != name.len() || !is_keyword(bare));
    if valid {
        Ok(name)
    } else {
        Err(CodegenError::Emit {
            file: name.to_owned(),
            message: format!("`{name}` is not an identifier"),
        })
    }
}

/// The owned Rust type of a type reference.
pub fn owned(ty: &TypeRef) -> Result<String, CodegenError> {
    Ok(match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::DateTime => "rt::DateTime".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Named(name) => ident(name)?.to_owned(),
        TypeRef::Vec(inner) => format!("Vec<{}>", owned(inner)?),
        TypeRef::Map(inner) => format!("std::collections::BTreeMap<String, {}>", owned(inner)?),
    })
}

/// The type a method takes for a required argument: borrowed where borrowing is natural;
/// `lifetime` is `"'a "` or empty.
pub fn borrowed(ty: &TypeRef, lifetime: &str) -> Result<String, CodegenError> {
    Ok(match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => owned(ty)?,
        TypeRef::String => format!("&{lifetime}str"),
        TypeRef::Vec(inner) => format!("&{lifetime}[{}]", owned(inner)?),
        TypeRef::DateTime | TypeRef::Json | TypeRef::Named(_) | TypeRef::Map(_) => {
            format!("&{lifetime}{}", owned(ty)?)
        }
    })
}

/// The type as a reader sees it in docs (`Vec<DbConnection>`).
pub fn display(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", display(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for good in ["a", "_a", "Type2", "r#type", "type_"] {
            assert!(ident(good).is_ok(), "{good}");
        }
        for bad in ["", "_", "2a", "a-b", "type", "é", "r#"] {
            assert!(ident(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn borrowed_types() {
        let list = TypeRef::Vec(Box::new(TypeRef::I64));
        assert_eq!(borrowed(&list, "'a ").unwrap(), "&'a [i64]");
        assert_eq!(borrowed(&TypeRef::String, "").unwrap(), "&str");
        assert_eq!(borrowed(&TypeRef::Bool, "'a ").unwrap(), "bool");
    }
}
