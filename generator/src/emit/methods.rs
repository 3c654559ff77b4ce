//! SDK methods: one `impl LookerSdk` method per operation, request builders for operations with
//! optional parameters, and result enums for operations whose 2xx answers differ.

use super::docs::{doc_attrs, join};
use super::rust_types::{borrowed, display, ident, owned};
use crate::error::CodegenError;
use crate::model::{
    BodyEncoding, Operation, Param, ParamLocation, Payload, ResponseShape, TypeRef,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// All items of one operation.
pub fn operation(op: &Operation) -> Result<TokenStream, CodegenError> {
    let result_enum = result_enum(op)?;
    let method = match &op.builder_name {
        None => plain_method(op)?,
        Some(builder) => builder_method(op, &ident(builder)?)?,
    };
    Ok(quote! {
        #method
        #result_enum
    })
}

/// Whether the operation declares public items besides its method (a builder, a result enum).
pub fn declares_public_items(op: &Operation) -> bool {
    op.builder_name.is_some() || matches!(op.response, ResponseShape::ByStatus { .. })
}

fn plain_method(op: &Operation) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.name)?;
    let args = required_args(op, None)?;
    let output = output_type(op)?;
    let body = call_body(op, |arg| quote!(#arg), &quote!(self))?;
    let docs = method_docs(op)?;
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    Ok(quote! {
        impl crate::LookerSdk {
            #docs
            #deprecated
            pub async fn #name(&self, #(#args),*) -> crate::Result<#output> {
                #body
            }
        }
    })
}

fn builder_method(op: &Operation, builder: &Ident) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.name)?;
    let lifetime = quote!('a);
    let args = required_args(op, Some(&lifetime))?;
    let output = output_type(op)?;
    let docs = method_docs(op)?;
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let required_names = required_idents(op)?;
    let optional_names = op
        .optional_params
        .iter()
        .map(|p| ident(&p.name))
        .collect::<Result<Vec<_>, _>>()?;
    let optional_fields = op
        .optional_params
        .iter()
        .map(|p| {
            let name = ident(&p.name)?;
            let ty = owned(&p.ty)?;
            Ok(quote!(#name: Option<#ty>,))
        })
        .collect::<Result<Vec<_>, CodegenError>>()?;
    let setters = op
        .optional_params
        .iter()
        .map(setter)
        .collect::<Result<Vec<_>, _>>()?;
    let body = call_body(op, |arg| quote!(self.#arg), &quote!(self.sdk))?;
    let builder_doc = format!(
        " The request of [`LookerSdk::{}`](crate::LookerSdk::{}): set optional parameters, then `.await` it.",
        op.name, op.name
    );
    let signature = if args.is_empty() {
        quote!(pub fn #name(&self) -> #builder<'_>)
    } else {
        quote!(pub fn #name<'a>(&'a self, #(#args),*) -> #builder<'a>)
    };
    Ok(quote! {
        impl crate::LookerSdk {
            #docs
            #deprecated
            #signature {
                #builder {
                    sdk: self,
                    #(#required_names,)*
                    #(#optional_names: None,)*
                }
            }
        }

        #[doc = #builder_doc]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            sdk: &'a crate::LookerSdk,
            #(#args,)*
            #(#optional_fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            /// Sends the request.
            pub async fn send(self) -> crate::Result<#output> {
                #body
            }
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = crate::Result<#output>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    })
}

fn setter(param: &Param) -> Result<TokenStream, CodegenError> {
    let name = ident(&param.name)?;
    let docs = doc_attrs(&join(&[param.doc.as_deref()]));
    let deprecated = param.deprecated.then(|| quote!(#[deprecated]));
    Ok(match &param.ty {
        TypeRef::String => quote! {
            #docs
            #deprecated
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        },
        ty => {
            let ty = owned(ty)?;
            quote! {
                #docs
                #deprecated
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(value);
                    self
                }
            }
        }
    })
}

fn required_idents(op: &Operation) -> Result<Vec<Ident>, CodegenError> {
    let mut names = op
        .required_params
        .iter()
        .map(|p| ident(&p.name))
        .collect::<Result<Vec<_>, _>>()?;
    if op.body.is_some() {
        names.push(Ident::new("body", proc_macro2::Span::call_site()));
    }
    Ok(names)
}

/// `name: Type` for every required parameter, then the body.
fn required_args(
    op: &Operation,
    lifetime: Option<&TokenStream>,
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut args = Vec::new();
    for param in &op.required_params {
        let name = ident(&param.name)?;
        let ty = borrowed(&param.ty, lifetime)?;
        args.push(quote!(#name: #ty));
    }
    if let Some(body) = &op.body {
        let ty = borrowed(&body.ty, lifetime)?;
        args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        });
    }
    Ok(args)
}

/// Builds, sends and decodes the request; `access` reads an argument, `sdk` is the client.
fn call_body(
    op: &Operation,
    access: impl Fn(&Ident) -> TokenStream,
    sdk: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let method = ident(&op.http_method)?;
    let path = path_expr(op, &access)?;
    let mut chain = Vec::new();
    for param in op
        .required_params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
    {
        let wire = &param.wire_name;
        let value = access(&ident(&param.name)?);
        chain.push(match &param.ty {
            TypeRef::Named(_) | TypeRef::Map(_) => {
                quote!(.query(#wire, crate::request::json_query(#value)))
            }
            _ => quote!(.query(#wire, #value)),
        });
    }
    for param in &op.optional_params {
        let wire = &param.wire_name;
        let value = access(&ident(&param.name)?);
        chain.push(match &param.ty {
            TypeRef::Named(_) | TypeRef::Map(_) => {
                quote!(.query(#wire, #value.as_ref().and_then(crate::request::json_query)))
            }
            ty if is_copy(ty) => quote!(.query(#wire, #value)),
            _ => quote!(.query(#wire, &#value)),
        });
    }
    if answers_other_than_json(op) {
        chain.push(quote!(.accept("*/*")));
    }
    let body = op.body.as_ref().map(|body| {
        let value = access(&Ident::new("body", proc_macro2::Span::call_site()));
        let attach = |body: TokenStream| match body_encoding(op) {
            Some(BodyEncoding::Form) => quote!(request.form(#body)?),
            Some(BodyEncoding::Text) => quote!(request.text(#body.to_owned())),
            _ => quote!(request.json(#body)?),
        };
        if body.required {
            let attach = attach(value);
            quote!(let request = #attach;)
        } else {
            let attach = attach(quote!(body));
            quote! {
                let request = match #value {
                    Some(body) => #attach,
                    None => request,
                };
            }
        }
    });
    let send = quote!(#sdk.send(request).await?);
    let finish = match &op.response {
        ResponseShape::Single(Payload::Empty) => quote! {
            #send;
            Ok(())
        },
        _ => {
            let decode = decode(op)?;
            quote! {
                let response = #send;
                #decode
            }
        }
    };
    Ok(quote! {
        let request = crate::request::Request::new(reqwest::Method::#method, #path)#(#chain)*;
        #body
        #finish
    })
}

/// Whether a 2xx answer may be text or binary: such requests accept any media type.
fn answers_other_than_json(op: &Operation) -> bool {
    op.response
        .payloads()
        .into_iter()
        .any(|p| matches!(p, Payload::Text | Payload::Bytes | Payload::Content))
}

fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64
    )
}

fn body_encoding(op: &Operation) -> Option<BodyEncoding> {
    op.body.as_ref().map(|b| b.encoding)
}

/// The request path: the template with each placeholder percent-encoded.
fn path_expr(
    op: &Operation,
    access: &impl Fn(&Ident) -> TokenStream,
) -> Result<TokenStream, CodegenError> {
    let mut format = String::new();
    let mut values = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        format.push_str(&rest[..open]);
        format.push_str("{}");
        let wire = &after[..close];
        let param = op
            .required_params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
            .ok_or_else(|| CodegenError::Emit {
                file: op.name.clone(),
                message: format!("no argument for `{{{wire}}}`"),
            })?;
        let value = access(&ident(&param.name)?);
        values.push(quote!(crate::request::path_segment(#value)));
        rest = &after[close + 1..];
    }
    format.push_str(rest);
    Ok(if values.is_empty() {
        quote!(#format.to_owned())
    } else {
        quote!(format!(#format, #(#values),*))
    })
}

fn payload_type(payload: &Payload) -> Result<TokenStream, CodegenError> {
    Ok(match payload {
        Payload::Empty => quote!(()),
        Payload::Json(ty) => owned(ty)?,
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(Vec<u8>),
        Payload::Content => quote!(crate::Content),
    })
}

fn payload_display(payload: &Payload) -> String {
    match payload {
        Payload::Empty => "()".into(),
        Payload::Json(ty) => display(ty),
        Payload::Text => "String".into(),
        Payload::Bytes => "Vec<u8>".into(),
        Payload::Content => "Content".into(),
    }
}

/// Decodes `response` into `payload`, wrapped by `wrap` (a constructor or nothing): an
/// expression of type `crate::Result<T>`.
fn decode_payload(payload: &Payload, wrap: Option<&TokenStream>) -> TokenStream {
    let infallible = |value: TokenStream| match wrap {
        Some(wrap) => quote!(Ok(#wrap(#value))),
        None => quote!(Ok(#value)),
    };
    let fallible = |result: TokenStream| match wrap {
        Some(wrap) => quote!(#result.map(#wrap)),
        None => result,
    };
    match payload {
        Payload::Empty => infallible(quote!(())),
        Payload::Json(_) => fallible(quote!(response.json())),
        Payload::Text => fallible(quote!(response.text())),
        Payload::Bytes => infallible(quote!(response.bytes())),
        Payload::Content => infallible(quote!(response.content())),
    }
}

fn output_type(op: &Operation) -> Result<TokenStream, CodegenError> {
    Ok(match &op.response {
        ResponseShape::Single(payload) => payload_type(payload)?,
        ResponseShape::Optional(payload) => {
            let inner = payload_type(payload)?;
            quote!(Option<#inner>)
        }
        ResponseShape::ByStatus { name, .. } => {
            let name = ident(name)?;
            quote!(#name)
        }
    })
}

fn output_display(op: &Operation) -> String {
    match &op.response {
        ResponseShape::Single(payload) => payload_display(payload),
        ResponseShape::Optional(payload) => format!("Option<{}>", payload_display(payload)),
        ResponseShape::ByStatus { name, .. } => name.clone(),
    }
}

fn decode(op: &Operation) -> Result<TokenStream, CodegenError> {
    Ok(match &op.response {
        ResponseShape::Single(payload) => decode_payload(payload, None),
        ResponseShape::Optional(payload) => {
            let decode = decode_payload(payload, Some(&quote!(Some)));
            quote! {
                if response.is_empty() {
                    Ok(None)
                } else {
                    #decode
                }
            }
        }
        ResponseShape::ByStatus { name, variants } => {
            let name = ident(name)?;
            let count = variants.len();
            let arms = variants
                .iter()
                .enumerate()
                .map(|(index, (status, payload))| {
                    let variant = ident(&format!("Status{status}"))?;
                    let pattern = if index + 1 == count {
                        quote!(_)
                    } else {
                        let status = proc_macro2::Literal::u16_unsuffixed(*status);
                        quote!(#status)
                    };
                    Ok(match payload {
                        Payload::Empty => quote!(#pattern => Ok(#name::#variant),),
                        other => {
                            let decode = decode_payload(other, Some(&quote!(#name::#variant)));
                            quote!(#pattern => #decode,)
                        }
                    })
                })
                .collect::<Result<Vec<_>, CodegenError>>()?;
            quote! {
                match response.status() {
                    #(#arms)*
                }
            }
        }
    })
}

fn result_enum(op: &Operation) -> Result<TokenStream, CodegenError> {
    let ResponseShape::ByStatus { name, variants } = &op.response else {
        return Ok(TokenStream::new());
    };
    let name = ident(name)?;
    let doc = format!(
        " What [`LookerSdk::{}`](crate::LookerSdk::{}) returns, by HTTP status.",
        op.name, op.name
    );
    let items = variants
        .iter()
        .map(|(status, payload)| {
            let variant = ident(&format!("Status{status}"))?;
            let doc = format!(" `{status}`: {}", payload_display(payload));
            Ok(match payload {
                Payload::Empty => quote!(#[doc = #doc] #variant,),
                other => {
                    let ty = payload_type(other)?;
                    quote!(#[doc = #doc] #variant(#ty),)
                }
            })
        })
        .collect::<Result<Vec<_>, CodegenError>>()?;
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#items)*
        }
    })
}

fn method_docs(op: &Operation) -> Result<TokenStream, CodegenError> {
    let signature = format!("`{} {} -> {}`", op.http_method, op.path, output_display(op));
    let status = op
        .status
        .as_deref()
        .map(|s| format!("**Status: {s}.** This endpoint may change without notice."));
    let mut params: Vec<String> = op
        .required_params
        .iter()
        .map(|p| param_line(&p.name, p.doc.as_deref()))
        .collect();
    if let Some(body) = &op.body {
        params.push(param_line("body", body.doc.as_deref()));
    }
    let optional: Vec<String> = op
        .optional_params
        .iter()
        .map(|p| param_line(&p.name, p.doc.as_deref()))
        .collect();
    let params = (!params.is_empty()).then(|| format!("Arguments:\n{}", params.join("\n")));
    let optional = (!optional.is_empty()).then(|| {
        format!(
            "Optional parameters (builder methods):\n{}",
            optional.join("\n")
        )
    });
    Ok(doc_attrs(&join(&[
        op.summary.as_deref(),
        op.doc.as_deref(),
        params.as_deref(),
        optional.as_deref(),
        Some(signature.as_str()),
        status.as_deref(),
    ])))
}

fn param_line(name: &str, doc: Option<&str>) -> String {
    let doc = doc.map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
    match doc {
        Some(doc) if !doc.is_empty() => format!("- `{name}`: {doc}"),
        _ => format!("- `{name}`"),
    }
}
