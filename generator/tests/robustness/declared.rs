//! What the generated code declares, read back with `syn`: every name declared once.

use looker_codegen::Rendered;
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// A struct field: Rust name, type (without spaces) and the JSON name from `serde(rename)`.
#[derive(Debug)]
pub(crate) struct FieldDecl {
    pub(crate) name: String,
    pub(crate) ty: String,
    pub(crate) json: Option<String>,
}

/// An enum variant: Rust name and the JSON value its `as_str` gives.
#[derive(Debug)]
pub(crate) struct VariantDecl {
    pub(crate) name: String,
    pub(crate) json: Option<String>,
}

/// The items of all generated files.
#[derive(Debug, Default)]
pub(crate) struct Declared {
    pub(crate) structs: BTreeMap<String, Vec<FieldDecl>>,
    pub(crate) enums: BTreeMap<String, Vec<VariantDecl>>,
    pub(crate) aliases: BTreeMap<String, String>,
    /// Methods of `LookerSdk`: name -> the request builder it returns.
    pub(crate) methods: BTreeMap<String, String>,
    /// Return type of each request builder's `send`, by builder name, shown the same way.
    pub(crate) sends: BTreeMap<String, String>,
    /// The `rt` (runtime) decoder of each method and builder (`Json` when not named).
    pub(crate) decoders: BTreeMap<String, String>,
}

impl Declared {
    #[track_caller]
    pub(crate) fn fields(&self, name: &str) -> &[FieldDecl] {
        self.structs
            .get(name)
            .unwrap_or_else(|| panic!("no struct {name} in {:?}", self.structs.keys()))
    }

    #[track_caller]
    pub(crate) fn field(&self, type_name: &str, field: &str) -> &FieldDecl {
        self.fields(type_name)
            .iter()
            .find(|f| f.name == field)
            .unwrap_or_else(|| {
                panic!(
                    "no field {type_name}::{field}: {:?}",
                    self.fields(type_name)
                )
            })
    }

    /// `(rust name, json value)` of each variant of an enum.
    #[track_caller]
    pub(crate) fn variants(&self, name: &str) -> Vec<(&str, Option<&str>)> {
        self.enums
            .get(name)
            .unwrap_or_else(|| panic!("no enum {name} in {:?}", self.enums.keys()))
            .iter()
            .map(|v| (v.name.as_str(), v.json.as_deref()))
            .collect()
    }

    /// The `rt` (runtime) decoder of method `name`'s request (`Json` when not named).
    #[track_caller]
    pub(crate) fn decoder(&self, name: &str) -> &str {
        let builder = &self.methods[name];
        &self.decoders[builder]
    }

    /// What awaiting the request of method `name` gives (`rt::Result<T>`).
    #[track_caller]
    pub(crate) fn method(&self, name: &str) -> &str {
        let builder = self
            .methods
            .get(name)
            .unwrap_or_else(|| panic!("no method {name} in {:?}", self.methods.keys()));
        self.sends
            .get(builder)
            .unwrap_or_else(|| panic!("builder {builder} of {name} has no `send`"))
    }
}

/// A type as text without spaces: `Option<Box<Node>>`.
pub(crate) fn type_text(ty: &impl ToTokens) -> String {
    ty.to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        // A generic argument list broken over lines ends with a comma.
        .replace(",>", ">")
}

/// `rt::CallFuture<T>` as `(rt::Result<T>, "Json")`, `rt::CallFuture<T,rt::D>` as `(rt::Result<T>, "D")`; any other type as
/// it is, without a decoder.
pub(crate) fn awaited(ty: String) -> (String, Option<String>) {
    let Some(inner) = ty
        .strip_prefix("rt::CallFuture<")
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return (ty, None);
    };
    let (result, decoder) = inner.split_once(",rt::").unwrap_or((inner, "Json"));
    (format!("rt::Result<{result}>"), Some(decoder.to_owned()))
}

/// The `Variant => "value"` arms of an enum's `as_str`.
pub(crate) fn as_str_values(f: &syn::ImplItemFn) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    let Some(syn::Stmt::Expr(syn::Expr::Match(matched), _)) = f.block.stmts.first() else {
        return values;
    };
    for arm in &matched.arms {
        if let (
            syn::Pat::Path(path),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }),
        ) = (&arm.pat, arm.body.as_ref())
        {
            if let Some(variant) = path.path.segments.last() {
                values.insert(variant.ident.to_string(), value.value());
            }
        }
    }
    values
}

/// The JSON names a `Serialize` impl writes, by Rust field name: its
/// `fields.field("json", &self.name)?` and `fields.optional(..)?` statements.
pub(crate) fn serialized_names(imp: &syn::ItemImpl) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for item in &imp.items {
        let syn::ImplItem::Fn(f) = item else { continue };
        for stmt in &f.block.stmts {
            let syn::Stmt::Expr(syn::Expr::Try(tried), _) = stmt else {
                continue;
            };
            let syn::Expr::MethodCall(call) = tried.expr.as_ref() else {
                continue;
            };
            let mut args = call.args.iter();
            if let (
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(json),
                    ..
                })),
                Some(syn::Expr::Reference(reference)),
            ) = (args.next(), args.next())
            {
                if let syn::Expr::Field(field) = reference.expr.as_ref() {
                    if let syn::Member::Named(name) = &field.member {
                        names.insert(name.to_string(), json.value());
                    }
                }
            }
        }
    }
    names
}

/// Parses every generated file with `syn` and collects what it declares, asserting that the
/// output is Rust, that every type, method, field and variant name is declared once, and
/// that the `mod` declarations match the files.
#[track_caller]
pub(crate) fn declared(rendered: &Rendered) -> Declared {
    let mut out = Declared::default();
    let mut type_files: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut method_count: BTreeMap<String, usize> = BTreeMap::new();
    let mut modules: Vec<(String, String)> = Vec::new();
    let mut enum_values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut json_names: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for generated in &rendered.files {
        let ast = syn::parse_file(&generated.content)
            .unwrap_or_else(|e| panic!("{} is not Rust: {e}", generated.path));
        for item in ast.items {
            match item {
                syn::Item::Struct(s) => {
                    let name = s.ident.to_string();
                    type_files
                        .entry(name.clone())
                        .or_default()
                        .push(&generated.path);
                    let fields = s
                        .fields
                        .iter()
                        .map(|f| FieldDecl {
                            name: f
                                .ident
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                            ty: type_text(&f.ty),
                            json: None,
                        })
                        .collect::<Vec<_>>();
                    let unique: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                    assert_eq!(
                        unique.len(),
                        fields.len(),
                        "duplicate field in {name}: {fields:?}"
                    );
                    out.structs.insert(name, fields);
                }
                syn::Item::Enum(e) => {
                    let name = e.ident.to_string();
                    type_files
                        .entry(name.clone())
                        .or_default()
                        .push(&generated.path);
                    let variants: Vec<VariantDecl> = e
                        .variants
                        .iter()
                        .map(|v| VariantDecl {
                            name: v.ident.to_string(),
                            json: None,
                        })
                        .collect();
                    let unique: BTreeSet<&str> = variants.iter().map(|v| v.name.as_str()).collect();
                    assert_eq!(
                        unique.len(),
                        variants.len(),
                        "duplicate variant in {name}: {variants:?}"
                    );
                    out.enums.insert(name, variants);
                }
                syn::Item::Type(t) => {
                    let name = t.ident.to_string();
                    type_files
                        .entry(name.clone())
                        .or_default()
                        .push(&generated.path);
                    out.aliases.insert(name, type_text(&t.ty));
                }
                syn::Item::Impl(imp)
                    if imp
                        .trait_
                        .as_ref()
                        .is_some_and(|(path, _)| path.is_ident("Serialize")) =>
                {
                    json_names.insert(type_text(&imp.self_ty), serialized_names(&imp));
                }
                syn::Item::Impl(imp) if imp.trait_.is_none() => {
                    let self_ty = type_text(&imp.self_ty);
                    for impl_item in imp.items {
                        let syn::ImplItem::Fn(f) = impl_item else {
                            continue;
                        };
                        let (output, _) = awaited(match &f.sig.output {
                            syn::ReturnType::Default => "()".to_owned(),
                            syn::ReturnType::Type(_, ty) => type_text(ty),
                        });
                        let name = f.sig.ident.to_string();
                        if self_ty == "super::super::LookerSdk" {
                            *method_count.entry(name.clone()).or_default() += 1;
                            out.methods.insert(name, output);
                        } else if name == "as_str" {
                            enum_values.insert(self_ty.clone(), as_str_values(&f));
                        }
                    }
                }
                syn::Item::Macro(call)
                    if call
                        .mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "request_builder") =>
                {
                    // `rt::request_builder!(Builder, Output[, rt::Decoder]);`
                    let args = call
                        .mac
                        .parse_body_with(
                            syn::punctuated::Punctuated::<syn::Type, syn::Token![,]>::parse_terminated,
                        )
                        .unwrap_or_else(|e| panic!("request_builder! in {}: {e}", generated.path));
                    let args: Vec<String> = args.iter().map(type_text).collect();
                    let (output, decoder) =
                        awaited(format!("rt::CallFuture<{}>", args[1..].join(",")));
                    if let Some(decoder) = decoder {
                        out.decoders.insert(args[0].clone(), decoder);
                    }
                    out.sends.insert(args[0].clone(), output);
                }
                syn::Item::Mod(m) => {
                    let included = m
                        .content
                        .iter()
                        .flat_map(|(_, items)| items)
                        .find_map(|item| {
                            let syn::Item::Macro(call) = item else {
                                return None;
                            };
                            if !call.mac.path.is_ident("include") {
                                return None;
                            }
                            syn::parse2::<syn::LitStr>(call.mac.tokens.clone())
                                .ok()
                                .map(|path| path.value())
                        });
                    let included = included.unwrap_or_else(|| {
                        panic!("`mod {}` of {} includes no file", m.ident, generated.path)
                    });
                    modules.push((generated.path.clone(), included));
                }
                _ => {}
            }
        }
    }
    // A field's JSON name is recorded only where it differs from the Rust name. Models have
    // a `Serialize` impl that writes every field; what `methods/` declares (request builders,
    // the structs naming an operation's required parameters) has none, nor has the root file's
    // `LookerSdk` (the client newtype).
    for (name, fields) in &mut out.structs {
        let Some(names) = json_names.remove(name) else {
            let in_methods = type_files[name.as_str()]
                .iter()
                .all(|path| path.starts_with("methods/") || *path == "mod.rs");
            assert!(in_methods, "{name} has no Serialize impl");
            continue;
        };
        for field in fields.iter_mut() {
            let json = names.get(&field.name);
            assert!(json.is_some(), "{name}.{} is not serialized", field.name);
            field.json = json.filter(|json| **json != field.name).cloned();
        }
    }
    for (name, variants) in &mut out.enums {
        let values = enum_values.remove(name).unwrap_or_default();
        for variant in variants.iter_mut() {
            variant.json = values.get(&variant.name).cloned();
        }
        let values: Vec<&str> = variants.iter().filter_map(|v| v.json.as_deref()).collect();
        let unique: BTreeSet<&str> = values.iter().copied().collect();
        assert_eq!(
            unique.len(),
            values.len(),
            "duplicate value in {name}: {values:?}"
        );
    }
    let duplicates: Vec<_> = type_files
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .collect();
    assert!(
        duplicates.is_empty(),
        "types declared twice: {duplicates:?}"
    );
    let duplicates: Vec<_> = method_count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicates.is_empty(),
        "methods declared twice: {duplicates:?}"
    );
    // Every `mod` includes a file (relative to the including file, as `include!` resolves
    // it) and every file (but the root `mod.rs`) is included by a `mod`.
    let files: BTreeSet<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    let mut reached = BTreeSet::from(["mod.rs".to_owned()]);
    for (parent, included) in &modules {
        let dir = parent.strip_suffix("mod.rs").unwrap_or_default();
        let path = format!("{dir}{included}");
        assert!(
            files.contains(path.as_str()),
            "{parent} includes {included}, which is not generated"
        );
        reached.insert(path);
    }
    let unreached: Vec<_> = files.iter().filter(|f| !reached.contains(**f)).collect();
    assert!(
        unreached.is_empty(),
        "files no `mod` includes: {unreached:?}"
    );
    out
}
