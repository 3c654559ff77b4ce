//! Rust type syntax for model type references, and identifiers.

use crate::error::CodegenError;
use crate::model::TypeRef;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// An identifier; a name the model should never have produced is an error, not a panic.
pub fn ident(name: &str) -> Result<Ident, CodegenError> {
    syn::parse_str::<Ident>(name).map_err(|e| CodegenError::Emit {
        file: name.to_owned(),
        message: format!("`{name}` is not an identifier: {e}"),
    })
}

/// The owned Rust type of a type reference.
pub fn owned(ty: &TypeRef) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name)?;
            quote!(#name)
        }
        TypeRef::Vec(inner) => {
            let inner = owned(inner)?;
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = owned(inner)?;
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    })
}

/// The type a method takes for a required argument: borrowed where borrowing is natural.
pub fn borrowed(ty: &TypeRef, lifetime: Option<&TokenStream>) -> Result<TokenStream, CodegenError> {
    let lt = lifetime.map(|l| quote!(#l)).unwrap_or_default();
    Ok(match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => owned(ty)?,
        TypeRef::String => quote!(&#lt str),
        TypeRef::Vec(inner) => {
            let inner = owned(inner)?;
            quote!(&#lt [#inner])
        }
        TypeRef::Json | TypeRef::Named(_) | TypeRef::Map(_) => {
            let owned = owned(ty)?;
            quote!(&#lt #owned)
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
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", display(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display(inner)),
    }
}

/// Whether `Default` can be derived for a required field of this type.
pub fn has_default(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Named(_))
}
