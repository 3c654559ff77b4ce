//! Models: structs, enums and aliases with serde attributes and doc comments.

use super::docs::{doc_attrs, join};
use super::rust_types::{has_default, ident, owned};
use crate::error::CodegenError;
use crate::model::{Field, TypeDef, TypeKind, Variant, SHARED_AREA};
use proc_macro2::TokenStream;
use quote::quote;

/// The items of one type.
pub fn type_def(def: &TypeDef) -> Result<TokenStream, CodegenError> {
    let status = def
        .status
        .as_deref()
        .map(|s| format!("**Status: {s}.** This type may change without notice."));
    let docs = doc_attrs(&join(&[def.doc.as_deref(), status.as_deref()]));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name)?;
    let cfg = area_gate(def);
    let body = match &def.kind {
        TypeKind::Struct(fields) => structure(&name, fields, def.received, &cfg)?,
        TypeKind::Enum(variants) => enumeration(&name, variants, def.received, &cfg)?,
        TypeKind::Alias(target) => {
            let target = owned(target)?;
            quote!(#cfg pub type #name = #target;)
        }
    };
    Ok(quote! {
        #docs
        #deprecated
        #body
    })
}

/// `#[cfg(...)]` for a type in the shared file: compiled when an area that uses it is enabled.
/// Types in an area's own file are gated by their module; ungated types have no areas.
fn area_gate(def: &TypeDef) -> TokenStream {
    if def.area != SHARED_AREA || def.areas.is_empty() {
        return TokenStream::new();
    }
    let areas = def.areas.iter();
    quote!(#[cfg(any(#(looker_area = #areas),*))])
}

/// A struct: `Serialize` derived for every one (received ones can be stored or sent on), and
/// `Deserialize` written out with `crate::de::Fields` for the types that are received (a derive
/// of ~500 models would double the SDK's compile time); Write types, only sent, have none.
fn structure(
    name: &proc_macro2::Ident,
    fields: &[Field],
    received: bool,
    cfg: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let has_secret = fields.iter().any(|f| f.secret);
    let derive_default = fields.iter().all(|f| !f.required || has_default(&f.ty));
    let mut derives = vec![quote!(Clone)];
    if !has_secret {
        derives.push(quote!(Debug));
    }
    if derive_default {
        derives.push(quote!(Default));
    }
    derives.extend([quote!(PartialEq), quote!(Serialize)]);
    let deserialize = if received {
        let impl_ = struct_deserialize(name, fields)?;
        quote!(#cfg #impl_)
    } else {
        TokenStream::new()
    };
    let field_items = fields.iter().map(field).collect::<Result<Vec<_>, _>>()?;
    let debug = if has_secret {
        redacted_debug(name, fields)?
    } else {
        TokenStream::new()
    };
    let debug = (!debug.is_empty()).then(|| quote!(#cfg #debug));
    Ok(quote! {
        #cfg
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#field_items)*
        }
        #debug
        #deserialize
    })
}

fn struct_deserialize(
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> Result<TokenStream, CodegenError> {
    let names = fields
        .iter()
        .map(|f| ident(&f.name))
        .collect::<Result<Vec<_>, _>>()?;
    let keys = fields.iter().map(|f| f.json_name.as_str());
    let read = if fields.is_empty() {
        quote!(crate::de::Fields::read(deserializer)?;)
    } else {
        quote!(let mut fields = crate::de::Fields::read(deserializer)?;)
    };
    Ok(quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #read
                Ok(#name {
                    #(#names: fields.take(#keys)?,)*
                })
            }
        }
    })
}

fn field(field: &Field) -> Result<TokenStream, CodegenError> {
    let name = ident(&field.name)?;
    let mut ty = owned(&field.ty)?;
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let ty = if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    };
    let mut serde_args = Vec::new();
    if field.name != field.json_name {
        let json = &field.json_name;
        serde_args.push(quote!(rename = #json));
    }
    if !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let access = if field.read_only {
        Some("*Read-only*: Looker ignores it in requests.")
    } else if field.secret {
        Some("*Secret*: never shown by `Debug`.")
    } else {
        None
    };
    let docs = doc_attrs(&join(&[field.doc.as_deref(), access]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    Ok(quote! {
        #docs
        #deprecated
        #serde_attr
        pub #name: #ty,
    })
}

/// `Debug` that prints `<redacted>` for secret fields.
fn redacted_debug(
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> Result<TokenStream, CodegenError> {
    let type_name = name.to_string();
    let entries = fields
        .iter()
        .map(|f| {
            let field = ident(&f.name)?;
            let label = &f.json_name;
            Ok(match (f.secret, f.required) {
                (false, _) => quote!(.field(#label, &self.#field)),
                (true, true) => quote!(.field(#label, &"<redacted>")),
                (true, false) => {
                    quote!(.field(#label, &self.#field.as_ref().map(|_| "<redacted>")))
                }
            })
        })
        .collect::<Result<Vec<_>, CodegenError>>()?;
    Ok(quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    })
}

fn enumeration(
    name: &proc_macro2::Ident,
    variants: &[Variant],
    received: bool,
    cfg: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let items = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name)?;
            let value = &v.value;
            let doc = format!(" `{value}`");
            Ok(quote! {
                #[doc = #doc]
                #[serde(rename = #value)]
                #variant,
            })
        })
        .collect::<Result<Vec<_>, CodegenError>>()?;
    let arms = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name)?;
            let value = &v.value;
            Ok(quote!(#name::#variant => #value,))
        })
        .collect::<Result<Vec<_>, CodegenError>>()?;
    let deserialize = if received {
        let values = variants.iter().map(|v| v.value.as_str());
        let variant_names = variants
            .iter()
            .map(|v| ident(&v.name))
            .collect::<Result<Vec<_>, _>>()?;
        quote! {
            #cfg
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    Ok(match value.as_str() {
                        #(#values => #name::#variant_names,)*
                        _ => #name::Unknown(value),
                    })
                }
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #cfg
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum #name {
            #(#items)*
            /// A value this version of the SDK does not know, kept as Looker sent it.
            #[serde(untagged)]
            Unknown(String),
        }

        #cfg
        impl #name {
            /// The value as Looker spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #name::Unknown(value) => value,
                }
            }
        }

        #deserialize

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}
