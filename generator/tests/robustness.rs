//! Robustness of `looker-codegen` against broken and awkward documents.
//!
//! Broken documents must end in an error that says where (a JSON pointer, or a line and column
//! for syntax errors) and must write nothing. Awkward but valid documents must generate code
//! that parses as Rust and declares every name once. Rendering must be deterministic, and a
//! YAML document and its JSON twin must render the same files.
//!
//! The valid documents are small hand-written files in `tests/corpus/`; the broken ones are
//! inline below, each next to the assertion about it.

use looker_codegen::{render_str, CodegenError, Config, Rendered};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Helpers: documents, rendering, temporary directories
// ---------------------------------------------------------------------------------------------

/// The start of every inline document.
const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Robustness, version: 0.0.1}\n";

/// An inline YAML document: `HEAD` followed by `body`.
fn yaml(body: &str) -> String {
    format!("{HEAD}{body}")
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn corpus(name: &str) -> String {
    let path = corpus_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A real Looker document from `shared/looker-specs`, beside the project's checkout.
fn real_document(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/looker-specs")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Renders a document that must render.
#[track_caller]
fn render(file_name: &str, text: &str) -> Rendered {
    render_str(file_name, text).unwrap_or_else(|e| panic!("{file_name} does not render: {e}"))
}

fn render_corpus(name: &str) -> Rendered {
    render(name, &corpus(name))
}

/// The content of one generated file.
#[track_caller]
fn file<'r>(rendered: &'r Rendered, path: &str) -> &'r str {
    rendered
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.content.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// The repairs reported for a document, as `(repair, pointer)`.
fn repairs(rendered: &Rendered) -> Vec<(&str, &str)> {
    rendered
        .diagnostics
        .iter()
        .map(|d| (d.repair, d.pointer.as_str()))
        .collect()
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let label: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = std::env::temp_dir().join(format!(
            "looker-codegen-robustness-{}-{}-{label}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file below `dir` (recursively), with its content.
fn files_below(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_below(&path));
        } else {
            found.insert(path.clone(), fs::read(&path).expect("read a file"));
        }
    }
    found
}

/// Writes `bytes` as the document `file_name`, runs `Config::generate` into a fresh output
/// directory, and returns the error it must end in, after checking that nothing was written
/// and that `Config::check` fails the same way.
#[track_caller]
fn generate_fails(file_name: &str, bytes: impl AsRef<[u8]>) -> CodegenError {
    let dir = TempDir::new(file_name);
    let spec = dir.0.join(file_name);
    fs::write(&spec, bytes).expect("write the document");
    let out = dir.0.join("out");
    let config = Config::new(&spec, &out);
    let err = match config.generate() {
        Ok((rendered, _)) => panic!(
            "{file_name} generated {} files instead of failing",
            rendered.files.len()
        ),
        Err(err) => err,
    };
    let written = files_below(&out);
    assert!(
        written.is_empty(),
        "{file_name}: a failed generation wrote {:?}",
        written.keys().collect::<Vec<_>>()
    );
    let check = config.check().expect_err("check fails like generate");
    assert_eq!(check.to_string(), err.to_string());
    err
}

/// Asserts that `err` is a syntax error of `format` at exactly `location`, whose message
/// contains `message`, and that its text names the location.
#[track_caller]
fn assert_syntax(err: &CodegenError, format: &str, location: &str, message: &str) {
    match err {
        CodegenError::Syntax {
            format: f,
            location: l,
            message: m,
        } => {
            assert_eq!((*f, l.as_str()), (format, location), "{err}");
            assert!(m.contains(message), "expected `{message}` in: {err}");
            assert!(err.to_string().contains(location), "{err}");
        }
        other => panic!("expected a {format} syntax error at {location}, got {other:?}"),
    }
}

/// Asserts that `err` is an invalid-document error at exactly `pointer`, whose message
/// contains `message`, and that its text names the pointer.
#[track_caller]
fn assert_invalid(err: &CodegenError, pointer: &str, message: &str) {
    match err {
        CodegenError::Invalid {
            pointer: p,
            message: m,
        } => {
            assert_eq!(p, pointer, "{err}");
            assert!(m.contains(message), "expected `{message}` in: {err}");
            let shown = if pointer.is_empty() { "/" } else { pointer };
            assert!(err.to_string().contains(shown), "{err}");
        }
        other => panic!("expected an invalid document at {pointer}, got {other:?}"),
    }
}

/// Renders an inline YAML document that must fail, and returns its error.
#[track_caller]
fn render_fails(text: &str) -> CodegenError {
    match render_str("inline.yaml", text) {
        Ok(rendered) => panic!(
            "rendered {} files instead of failing:\n{text}",
            rendered.files.len()
        ),
        Err(err) => err,
    }
}

/// Runs `f` on a thread with a 2 MiB stack: a recursion without bound overflows it (and
/// aborts the test binary) long before it would on the main thread.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Asserts that `f` took less than a few seconds (no quadratic blow-up).
#[track_caller]
fn assert_quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    result
}

// ---------------------------------------------------------------------------------------------
// Helpers: what the generated code declares, read back with `syn`
// ---------------------------------------------------------------------------------------------

/// A struct field: Rust name, type (without spaces) and the JSON name from `serde(rename)`.
#[derive(Debug)]
struct FieldDecl {
    name: String,
    ty: String,
    json: Option<String>,
}

/// An enum variant: Rust name and the JSON value its `as_str` gives.
#[derive(Debug)]
struct VariantDecl {
    name: String,
    json: Option<String>,
}

/// The items of all generated files.
#[derive(Debug, Default)]
struct Declared {
    structs: BTreeMap<String, Vec<FieldDecl>>,
    enums: BTreeMap<String, Vec<VariantDecl>>,
    aliases: BTreeMap<String, String>,
    /// Methods of `LookerSdk`: name -> the request builder it returns.
    methods: BTreeMap<String, String>,
    /// Return type of each request builder's `send`, by builder name, shown the same way.
    sends: BTreeMap<String, String>,
    /// The `rt` (runtime) decoder of each method and builder (`Json` when not named).
    decoders: BTreeMap<String, String>,
}

impl Declared {
    #[track_caller]
    fn fields(&self, name: &str) -> &[FieldDecl] {
        self.structs
            .get(name)
            .unwrap_or_else(|| panic!("no struct {name} in {:?}", self.structs.keys()))
    }

    #[track_caller]
    fn field(&self, type_name: &str, field: &str) -> &FieldDecl {
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
    fn variants(&self, name: &str) -> Vec<(&str, Option<&str>)> {
        self.enums
            .get(name)
            .unwrap_or_else(|| panic!("no enum {name} in {:?}", self.enums.keys()))
            .iter()
            .map(|v| (v.name.as_str(), v.json.as_deref()))
            .collect()
    }

    /// The `rt` (runtime) decoder of method `name`'s request (`Json` when not named).
    #[track_caller]
    fn decoder(&self, name: &str) -> &str {
        let builder = &self.methods[name];
        &self.decoders[builder]
    }

    /// What awaiting the request of method `name` gives (`rt::Result<T>`).
    #[track_caller]
    fn method(&self, name: &str) -> &str {
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
fn type_text(ty: &impl ToTokens) -> String {
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
fn awaited(ty: String) -> (String, Option<String>) {
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
fn as_str_values(f: &syn::ImplItemFn) -> BTreeMap<String, String> {
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
fn serialized_names(imp: &syn::ItemImpl) -> BTreeMap<String, String> {
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
fn declared(rendered: &Rendered) -> Declared {
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
    // a `Serialize` impl that writes every field; request builders have none.
    for (name, fields) in &mut out.structs {
        let Some(names) = json_names.remove(name) else {
            assert!(name.ends_with("Request"), "{name} has no Serialize impl");
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

// ---------------------------------------------------------------------------------------------
// Broken documents: an error that says where, and nothing written
// ---------------------------------------------------------------------------------------------

#[test]
fn bytes_that_are_not_a_document_are_syntax_errors() {
    let err = generate_fails("spec.json", [0x7b, 0x9f, 0x92, 0x96, 0xff, 0x00]);
    assert_syntax(&err, "UTF-8", "byte 1", "not UTF-8");

    let err = generate_fails("spec.yaml", "\u{1}\u{2}\u{3}");
    assert_syntax(&err, "YAML", "line 1 column 1", "control characters");

    let err = generate_fails("spec.json", "{{{");
    assert_syntax(&err, "JSON", "line 1 column 2", "key must be a string");

    // Without an extension a document starting with `{` is read as JSON.
    let err = generate_fails("spec", "{{{");
    assert_syntax(&err, "JSON", "line 1 column 2", "key must be a string");

    let err = generate_fails("spec.yaml", "{{{\n");
    assert_syntax(
        &err,
        "YAML",
        "line 2 column 1",
        "did not find expected node content",
    );
}

#[test]
fn truncated_real_json_document_is_a_syntax_error_at_its_end() {
    let text = real_document("Looker.4.0.24.18.oas.json");
    for fraction in [3, 2] {
        let mut cut = text.len() / fraction;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let truncated = &text[..cut];
        let line = truncated.matches('\n').count() + 1;
        let column = truncated.len() - truncated.rfind('\n').map_or(0, |i| i + 1);
        let err = generate_fails("Looker.4.0.24.18.oas.json", truncated);
        assert_syntax(
            &err,
            "JSON",
            &format!("line {line} column {column}"),
            "EOF while parsing",
        );
    }
}

#[test]
fn truncated_yaml_is_a_syntax_error_or_names_what_is_missing() {
    let text = corpus("recursive.yaml");

    // Cut inside a flow mapping: the YAML itself is broken at its last line.
    let cut = text
        .find("'#/components/schemas/Node'")
        .expect("a reference")
        + 10;
    let truncated = &text[..cut];
    let line = truncated.matches('\n').count() + 1;
    let column = truncated.len() - truncated.rfind('\n').map_or(0, |i| i + 1) + 1;
    let err = generate_fails("recursive.yaml", truncated);
    assert_syntax(
        &err,
        "YAML",
        &format!("line {line} column {column}"),
        "found unexpected end of stream",
    );

    // Cut before `components:`: valid YAML whose references now point nowhere.
    let cut = text.find("\ncomponents:").expect("components") + 1;
    let err = generate_fails("recursive.yaml", &text[..cut]);
    assert_invalid(
        &err,
        "/paths/~1nodes~1{node_id}/get/responses/200/content/application~1json/schema",
        "`$ref: #/components/schemas/Node` points to no schema",
    );
}

#[test]
fn empty_documents_are_rejected() {
    let err = generate_fails("spec.json", "");
    assert_syntax(&err, "JSON", "line 1 column 0", "EOF while parsing a value");

    for (name, text) in [
        ("spec.yaml", ""),
        ("spec.yaml", "# nothing but a comment\n"),
        ("spec", "  \n\n"),
    ] {
        let err = generate_fails(name, text);
        assert_invalid(&err, "", "the document is empty, not an OpenAPI object");
    }
}

#[test]
fn a_document_that_is_not_an_object_is_rejected_at_the_root() {
    let err = generate_fails("spec.json", r#"[{"openapi": "3.0.3"}]"#);
    assert_invalid(&err, "", "the document is a list, not an OpenAPI object");

    let err = generate_fails("spec.yaml", "- openapi: 3.0.3\n- paths: {}\n");
    assert_invalid(&err, "", "the document is a list, not an OpenAPI object");

    let err = generate_fails("spec.yaml", "just a sentence\n");
    assert_invalid(&err, "", "the document is a string, not an OpenAPI object");
}

#[test]
fn swagger_2_is_read_and_other_versions_are_rejected_with_their_pointer() {
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /api/4.0\npaths: {}\n";
    let rendered = render_str("swagger.yaml", swagger).expect("Swagger 2.0 YAML");
    assert_eq!(rendered.diagnostics[0].repair, "swagger-2-converted");

    let err = generate_fails("swagger.json", r#"{"swagger": "1.2", "paths": {}}"#);
    assert_invalid(&err, "/swagger", "Swagger version \"1.2\" is not supported");

    let err = generate_fails(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert_invalid(&err, "/openapi", "OpenAPI version 3.1.0 is not supported");
}

#[test]
fn missing_openapi_is_rejected_at_openapi() {
    let err = generate_fails("spec.yaml", "info: {title: t, version: '1'}\npaths: {}\n");
    assert_invalid(&err, "/openapi", "missing `openapi: 3.0.x`");
}

#[test]
fn a_failed_generation_leaves_earlier_output_untouched() {
    let dir = TempDir::new("untouched");
    let spec = dir.0.join("spec.yaml");
    let out = dir.0.join("out");
    fs::write(&spec, corpus("recursive.yaml")).unwrap();
    let config = Config::new(&spec, &out);
    config.generate().expect("the corpus document generates");
    let before = files_below(&out);
    assert!(before.len() >= 5, "{:?}", before.keys());

    fs::write(&spec, yaml("paths: 5\n")).unwrap();
    let err = config.generate().expect_err("a broken document fails");
    assert_invalid(&err, "/paths", "expected struct Paths");
    assert_eq!(
        files_below(&out),
        before,
        "the failed generation touched the output"
    );
}

#[test]
fn dangling_refs_name_the_referring_place() {
    let err = render_fails(&yaml(
        "paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/Missing'}
",
    ));
    assert_invalid(
        &err,
        "/components/schemas/A/properties/b",
        "`$ref: #/components/schemas/Missing` points to no schema",
    );

    let err = render_fails(&yaml(
        "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/parameters/Missing'}
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1x/get/parameters/0",
        "`$ref: #/components/parameters/Missing` points to nothing",
    );

    let err = render_fails(&yaml(
        "paths:
  /x:
    post:
      requestBody: {$ref: '#/components/requestBodies/Missing'}
      responses:
        '200': {$ref: '#/components/responses/Missing'}
",
    ));
    assert_invalid(&err, "/paths/~1x/post/requestBody", "points to nothing");

    let err = generate_fails(
        "dangling.yaml",
        yaml(
            "paths:
  /x:
    get:
      responses:
        '200': {$ref: '#/components/responses/Missing'}
",
        ),
    );
    assert_invalid(
        &err,
        "/paths/~1x/get/responses/200",
        "`$ref: #/components/responses/Missing` points to nothing",
    );
}

#[test]
fn external_refs_are_rejected_at_the_ref() {
    for reference in [
        "other.yaml#/X",
        "other.yaml",
        "https://example.com/spec.json#/components/schemas/A",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths: {{}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '{reference}'}}
"
        )));
        assert_invalid(
            &err,
            "/components/schemas/A/properties/b/$ref",
            &format!("external reference `{reference}` is not supported"),
        );
    }
}

#[test]
fn refs_not_shaped_like_components_are_rejected_at_the_ref() {
    for reference in [
        "#/definitions/A",
        "#/components/schemas/",
        "#/components/schemas/A/properties/b",
        "#/components/parameters/P",
        "#A",
        "#",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths: {{}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '{reference}'}}
"
        )));
        assert_invalid(
            &err,
            "/components/schemas/A/properties/b/$ref",
            &format!("`{reference}` is not a reference to #/components/schemas/<name>"),
        );
    }

    // A parameter reference must point into parameters.
    let err = render_fails(&yaml(
        "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/schemas/P'}
      responses: {}
components:
  schemas:
    P: {type: string}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1x/get/parameters/0/$ref",
        "is not a reference to #/components/parameters/<name>",
    );
}

#[test]
fn ref_cycles_end_in_an_error_without_overflow() {
    on_small_stack(|| {
        // Two schemas that are only references to each other.
        let err = render_fails(&yaml(
            "paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
",
        ));
        assert_invalid(&err, "/components/schemas/A", "defined only through itself");

        for schema in [
            "{$ref: '#/components/schemas/A'}",
            "{type: array, items: {$ref: '#/components/schemas/A'}}",
            "{type: object, additionalProperties: {$ref: '#/components/schemas/A'}}",
            "{allOf: [{$ref: '#/components/schemas/A'}]}",
        ] {
            let err = render_fails(&yaml(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n"
            )));
            assert_invalid(&err, "/components/schemas/A", "defined only through itself");
        }

        // Parameters and responses that are references to each other.
        let err = render_fails(&yaml(
            "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/parameters/P'}
      responses:
        '200': {$ref: '#/components/responses/R'}
components:
  parameters:
    P: {$ref: '#/components/parameters/Q'}
    Q: {$ref: '#/components/parameters/P'}
",
        ));
        assert_invalid(&err, "/paths/~1x/get/parameters/0", "a reference cycle");

        let err = render_fails(&yaml(
            "paths:
  /x:
    get:
      responses:
        '200': {$ref: '#/components/responses/R'}
components:
  responses:
    R: {$ref: '#/components/responses/R'}
",
        ));
        assert_invalid(&err, "/paths/~1x/get/responses/200", "a reference cycle");
    });
}

#[test]
fn a_path_parameter_missing_from_its_template_is_rejected() {
    let err = render_fails(&yaml(
        "paths:
  /a:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1a/get/parameters/0",
        "path parameter `id` is not in the path template `/a`",
    );

    // Declared once for the whole path item.
    let err = render_fails(&yaml(
        "paths:
  /a:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1a/parameters/0",
        "path parameter `id` is not in the path template `/a`",
    );
}

#[test]
fn a_template_placeholder_without_parameter_is_rejected() {
    for parameters in [
        "",
        "      parameters:\n        - {name: id, in: query, schema: {type: string}}\n",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths:\n  /a/{{id}}:\n    get:\n{parameters}      responses:\n        '204': {{description: ok}}\n"
        )));
        assert_invalid(
            &err,
            "/paths/~1a~1{id}/get",
            "`{id}` in `/a/{id}` has no path parameter",
        );
    }
}

#[test]
fn malformed_path_templates_are_rejected_at_the_path() {
    for (path, pointer, message) in [
        (
            "/a/{id",
            "/paths/~1a~1{id",
            "unclosed `{` in path template `/a/{id`",
        ),
        (
            "/a/id}",
            "/paths/~1a~1id}",
            "unopened `}` in path template `/a/id}`",
        ),
        (
            "/a/{}",
            "/paths/~1a~1{}",
            "malformed placeholder in path template `/a/{}`",
        ),
        ("/a/{{id}}", "/paths/~1a~1{{id}}", "malformed placeholder"),
        ("/a/{i{d}", "/paths/~1a~1{i{d}", "malformed placeholder"),
    ] {
        let err = render_fails(&yaml(&format!(
            "paths:
  '{path}':
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204': {{description: ok}}
"
        )));
        assert_invalid(&err, pointer, message);
    }
}

#[test]
fn json_nested_100_000_deep_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let arrays = "[".repeat(100_000) + &"]".repeat(100_000);
        let objects = "{\"a\":".repeat(100_000);
        for (name, text, location, message) in [
            (
                "arrays.json",
                &arrays,
                "line 1 column 128",
                "recursion limit exceeded",
            ),
            (
                "objects.json",
                &objects,
                "line 1 column 636",
                "recursion limit exceeded",
            ),
            // JSON is YAML. Read as YAML, deep flow nesting is rejected before the YAML
            // parser, which takes minutes over 100,000 nested flow mappings.
            (
                "arrays.yaml",
                &arrays,
                "line 1 column 129",
                "nested deeper than 128 levels",
            ),
            (
                "objects.yaml",
                &objects,
                "line 1 column 641",
                "nested deeper than 128 levels",
            ),
        ] {
            let err = assert_quick(name, || generate_fails(name, text));
            let format = if name.ends_with(".json") {
                "JSON"
            } else {
                "YAML"
            };
            assert_syntax(&err, format, location, message);
        }
    });
}

#[test]
fn yaml_nested_deep_in_block_style_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let mut text = String::new();
        for level in 0..2_000 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        let err = assert_quick("block nesting", || generate_fails("block.yaml", &text));
        assert_syntax(
            &err,
            "YAML",
            "line 129 column 129",
            "recursion limit exceeded",
        );
    });
}

/// A JSON document with one component schema `Deep`, `levels` levels of `wrap` deep: `wrap`
/// puts a schema (`{}`) into another.
fn nested_schema_document(levels: usize, wrap: &str) -> String {
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..levels {
        schema = wrap.replace("{}", &schema);
    }
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\n\
         \"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}"
    )
}

const PROPERTIES: &str = r#"{"type": "object", "properties": {"next": {}}}"#;

#[test]
fn a_schema_nested_300_levels_is_an_error_on_a_small_stack() {
    on_small_stack(|| {
        let text = nested_schema_document(300, PROPERTIES);
        let err = generate_fails("deep.json", &text);
        assert_syntax(
            &err,
            "JSON",
            "line 2 column 2640",
            "recursion limit exceeded",
        );
        let err = generate_fails("deep.yaml", &text);
        assert_syntax(
            &err,
            "YAML",
            "line 2 column 2673",
            "nested deeper than 128 levels",
        );

        // In block style YAML.
        let mut block = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep:\n");
        for level in 0..300 {
            let indent = " ".repeat(6 + 4 * level);
            block.push_str(&format!(
                "{indent}type: object\n{indent}properties:\n{indent}  next:\n"
            ));
        }
        let err = generate_fails("deep.yaml", &block);
        assert_syntax(
            &err,
            "YAML",
            "line 195 column 257",
            "recursion limit exceeded",
        );
    });
}

#[test]
fn schemas_nested_to_the_limit_generate_and_one_more_level_is_a_syntax_error() {
    on_small_stack(|| {
        for (wrap, min_levels) in [
            (PROPERTIES, 60),
            (r#"{"type": "array", "items": {}}"#, 120),
            (r#"{"type": "object", "additionalProperties": {}}"#, 120),
            (r#"{"allOf": [{}]}"#, 60),
            (r#"{"oneOf": [{}]}"#, 60),
            (r#"{"not": {}}"#, 120),
        ] {
            // The deepest document that generates: one level more is refused by the JSON
            // reader's nesting limit, with a location, not by an overflow.
            let mut levels = min_levels;
            while render_str("deep.json", &nested_schema_document(levels + 1, wrap)).is_ok() {
                levels += 1;
            }
            assert!(levels < 200, "{wrap}: no nesting limit");
            let err = generate_fails("deep.json", nested_schema_document(levels + 1, wrap));
            assert!(
                matches!(&err, CodegenError::Syntax { message, .. } if message.contains("recursion limit exceeded")),
                "{wrap}: {err}"
            );
        }
        let nested = declared(&render(
            "deep.json",
            &nested_schema_document(14, PROPERTIES),
        ));
        assert_eq!(nested.structs.len(), 14, "{:?}", nested.structs.keys());
        assert_eq!(nested.field("Deep", "next").ty, "Option<DeepNext>");
        assert_eq!(nested.field("DeepNext", "next").ty, "Option<DeepNextNext>");
        let vectors = declared(&render(
            "deep.json",
            &nested_schema_document(40, r#"{"type": "array", "items": {}}"#),
        ));
        assert_eq!(
            vectors.aliases["Deep"],
            format!("{}String{}", "Vec<".repeat(40), ">".repeat(40))
        );
    });
}

#[test]
fn wrong_types_are_reported_where_they_are() {
    let err = generate_fails("info.yaml", "openapi: 3.0.3\ninfo: []\npaths: {}\n");
    assert_invalid(
        &err,
        "/info",
        "invalid type: sequence, expected struct Info",
    );
    let get_x = |responses: &str| format!("paths:\n  /x:\n    get:\n      responses:\n{responses}");
    for (body, pointer, message) in [
        ("paths: 5\n".to_owned(), "/paths", "invalid type: integer `5`, expected struct Paths"),
        (
            "paths:\n  /x:\n    get:\n      responses: []\n".to_owned(),
            "/paths/~1x/get/responses",
            "invalid type: sequence, expected struct Responses",
        ),
        (
            get_x("        '200': {description: 7}\n"),
            "/paths/~1x/get/responses/200/description",
            "invalid type: integer `7`, expected a string",
        ),
        (
            get_x("        default: {description: 7}\n"),
            "/paths/~1x/get/responses/default/description",
            "invalid type: integer `7`, expected a string",
        ),
        (
            get_x("        '200': {description: d, content: {application/json: {schema: {type: array, items: {type: 7}}}}}\n"),
            "/paths/~1x/get/responses/200/content/application~1json/schema/items/type",
            "invalid type: integer `7`",
        ),
        (
            "paths:\n  /x:\n    get: {tags: 5, responses: {}}\n".to_owned(),
            "/paths/~1x/get/tags",
            "invalid type: integer `5`, expected a sequence",
        ),
        (
            "paths:\n  /x:\n    get: {parameters: {}, responses: {}}\n".to_owned(),
            "/paths/~1x/get/parameters",
            "invalid type: map, expected a sequence",
        ),
        (
            "paths:\n  /x:\n    get: {parameters: [{name: a, in: query, required: 5}], responses: {}}\n".to_owned(),
            "/paths/~1x/get/parameters/0",
            "invalid type: integer `5`, expected a boolean",
        ),
        (
            "paths:\n  /x:\n    post: {requestBody: {content: 5}, responses: {}}\n".to_owned(),
            "/paths/~1x/post/requestBody/content",
            "invalid type: integer `5`, expected a map",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: 5}\n".to_owned(),
            "/components/schemas/A/properties",
            "invalid type: integer `5`, expected a map",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {properties: {b: {properties: {c: {maxLength: x}}}}}\n".to_owned(),
            "/components/schemas/A/properties/b/properties/c/maxLength",
            "expected usize",
        ),
        (
            "paths:\n  x:\n    get: {responses: {}}\n".to_owned(),
            "/paths/x",
            "path `x` does not start with `/`",
        ),
        (
            get_x("        '20O': {description: typo}\n"),
            "/paths/~1x/get/responses/20O",
            "response key `20O` is not a status code",
        ),
    ] {
        let err = generate_fails("wrong.yaml", yaml(&body));
        assert_invalid(&err, pointer, message);
    }
}

// ---------------------------------------------------------------------------------------------
// Awkward but valid documents: they generate, and the code declares every name once
// ---------------------------------------------------------------------------------------------

#[test]
fn every_corpus_document_generates_well_formed_code() {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .expect("the corpus directory")
        .map(|e| {
            e.expect("a corpus entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        let rendered = render_corpus(&name);
        let declared = declared(&rendered);
        assert_eq!(declared.methods.len(), rendered.method_count, "{name}");
        assert!(
            rendered
                .files
                .iter()
                .all(|f| f.content.starts_with("// @generated")),
            "{name}"
        );
    }
}

#[test]
fn recursive_schemas_box_what_they_hold_by_value() {
    let declared = declared(&render_corpus("recursive.yaml"));
    let node = |field: &str| declared.field("Node", field).ty.as_str();
    assert_eq!(node("parent"), "Option<Box<Node>>");
    // A list or a map already stores its items on the heap.
    assert_eq!(node("children"), "Option<Vec<Node>>");
    assert_eq!(
        node("index"),
        "Option<std::collections::BTreeMap<String,Node>>"
    );
    assert_eq!(node("id"), "Option<String>");
    // Mutually recursive structs are boxed on both sides.
    assert_eq!(declared.field("A", "b").ty, "Option<Box<B>>");
    assert_eq!(declared.field("B", "a").ty, "Option<Box<A>>");
    assert_eq!(declared.method("node"), "rt::Result<Node>");
    assert_eq!(declared.method("pair"), "rt::Result<A>");
}

#[test]
fn rust_keywords_become_safe_names_that_keep_their_json_name() {
    let rendered = render_corpus("keywords.yaml");
    let declared = declared(&rendered);
    // Schemas named `type`, `Self` and `Result`.
    for name in ["Type", "SelfModel", "ResultModel"] {
        assert!(
            declared.structs.contains_key(name),
            "{name}: {:?}",
            declared.structs.keys()
        );
    }
    for (field, json, ty) in [
        ("type_", "type", "Option<String>"),
        ("ref_", "ref", "Option<String>"),
        ("self_", "self", "Option<String>"),
        ("fn_", "fn", "Option<String>"),
        ("async_", "async", "Option<bool>"),
        ("match_", "match", "Option<i64>"),
        // `format: date-time`: the runtime's `DateTime`, which keeps the text.
        ("created_at", "createdAt", "Option<rt::DateTime>"),
    ] {
        let decl = declared.field("Type", field);
        assert_eq!(
            (decl.json.as_deref(), decl.ty.as_str()),
            (Some(json), ty),
            "{decl:?}"
        );
    }
    assert_eq!(
        declared.field("SelfModel", "self_").json.as_deref(),
        Some("Self")
    );
    assert_eq!(
        declared.field("SelfModel", "super_").json.as_deref(),
        Some("super")
    );
    assert_eq!(
        declared.field("ResultModel", "crate_").json.as_deref(),
        Some("crate")
    );
    // Operations named `type` and `self`; parameters named `self` and `fn`.
    assert_eq!(declared.methods["type_"], "TypeRequest");
    assert_eq!(declared.method("self_"), "rt::Result<ResultModel>");
    assert_eq!(declared.sends["TypeRequest"], "rt::Result<Type>");
    let methods = file(&rendered, "methods/things.rs");
    assert!(methods.contains(".query(\"self\", self_)"), "{methods}");
    assert!(
        methods.contains("self.0.query(\"fn\", value.into())"),
        "{methods}"
    );
}

#[test]
fn property_names_differing_in_case_or_punctuation_stay_distinct() {
    let declared = declared(&render_corpus("keywords.yaml"));
    let by_json: BTreeMap<&str, (&str, &str)> = declared
        .fields("Type")
        .iter()
        .map(|f| {
            (
                f.json.as_deref().unwrap_or(&f.name),
                (f.name.as_str(), f.ty.as_str()),
            )
        })
        .collect();
    assert_eq!(by_json["foo_bar"], ("foo_bar", "Option<String>"));
    assert_eq!(by_json["fooBar"], ("foo_bar2", "Option<i64>"));
    assert_eq!(by_json["foo-bar"], ("foo_bar3", "Option<bool>"));
}

#[test]
fn colliding_type_names_are_made_distinct() {
    let rendered = render_corpus("collisions.yaml");
    let declared = declared(&rendered);
    // `Foo` and `foo` are two schemas.
    assert_eq!(declared.field("Foo", "name").ty, "Option<String>");
    assert_eq!(declared.field("Foo2", "count").ty, "Option<i64>");
    // The document's own `WriteFoo` keeps its name; Foo's Write type takes the next one.
    let own: Vec<&str> = declared
        .fields("WriteFoo")
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(own, ["mine"]);
    let derived: Vec<&str> = declared
        .fields("WriteFoo2")
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(derived, ["name"], "the read-only `id` is not written");
    assert!(repairs(&rendered).contains(&("write-type-name-taken", "/components/schemas")));
}

#[test]
fn colliding_and_missing_operation_ids_give_distinct_methods() {
    let rendered = render_corpus("collisions.yaml");
    let declared = declared(&rendered);
    assert_eq!(declared.method("get_foo"), "rt::Result<Foo>");
    assert_eq!(declared.method("get_foo2"), "rt::Result<Foo2>");
    // No operationId, or an empty one: named after method and path.
    assert_eq!(declared.method("get_bar"), "rt::Result<()>");
    assert_eq!(declared.method("put_bar"), "rt::Result<()>");
    assert_eq!(declared.decoder("get_bar"), "NoBody");
    assert_eq!(declared.decoder("get_foo"), "Json");
    assert_eq!(declared.methods.len(), 4, "{:?}", declared.methods);
    let methods = file(&rendered, "methods/foo.rs");
    assert!(
        methods.contains("pub fn get_foo2(&self, body: &WriteFoo2) -> GetFoo2Request {"),
        "{methods}"
    );
    let found = repairs(&rendered);
    for expected in [
        ("method-name-taken", "/paths/~1foo/post"),
        ("missing-operation-id", "/paths/~1bar/get"),
        ("missing-operation-id", "/paths/~1bar/put"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
}

#[test]
fn odd_enum_values_get_distinct_variants() {
    let declared = declared(&render_corpus("odd_enums.yaml"));
    // The property is `value`: `Value` is reserved, so the enum is `ValueModel`.
    assert_eq!(declared.field("Odd", "value").ty, "Option<ValueModel>");
    assert_eq!(
        declared.variants("ValueModel"),
        [
            ("Empty", Some("")),
            ("V1st", Some("1st")),
            ("AB", Some("a b")),
            ("A", Some("A")),
            ("A2", Some("a")),
            ("Symbol", Some("+")),
            ("Symbol2", Some("-")),
            ("Symbol3", Some("é")),
            ("UnknownValue", Some("Unknown")),
            ("SelfValue", Some("Self")),
            ("SelfValue2", Some("self")),
            // The duplicate `1st` is gone; unknown values are kept by the fallback.
            ("Unknown", None),
        ]
    );
}

#[test]
fn looker_deviations_are_repaired_and_reported() {
    let rendered = render_corpus("odd_enums.yaml");
    let declared = declared(&rendered);
    // `enum` on an array schema: an array of an enum.
    assert_eq!(declared.field("Odd", "kinds").ty, "Option<Vec<Kinds>>");
    assert_eq!(
        declared.variants("Kinds"),
        [
            ("Dashboard", Some("dashboard")),
            ("Look", Some("look")),
            ("Unknown", None)
        ]
    );
    // `type: any` and `format: any`: any JSON value.
    assert_eq!(
        declared.field("Odd", "anything").ty,
        "Option<serde_json::Value>"
    );
    assert_eq!(
        declared.field("Odd", "also_anything").ty,
        "Option<serde_json::Value>"
    );
    // `description: null`: no description.
    assert_eq!(declared.field("Odd", "noted").ty, "Option<String>");
    // A query array with `style: simple`, and a response of media type `text`.
    assert_eq!(declared.methods["odd"], "OddRequest");
    assert_eq!(declared.sends["OddRequest"], "rt::Result<String>");
    assert_eq!(declared.decoders["OddRequest"], "Text");
    let methods = file(&rendered, "methods/odd.rs");
    assert!(
        methods.contains("pub fn fields(self, value: Vec<Fields>) -> Self"),
        "{methods}"
    );
    assert_eq!(
        repairs(&rendered),
        [
            ("query-style-simple", "/paths/~1odd/get/parameters/0"),
            ("enum-on-array", "/paths/~1odd/get/parameters/0/schema"),
            ("null-description", "/paths/~1odd/get/responses/200"),
            ("media-type-text", "/paths/~1odd/get/responses/200/content"),
            ("enum-on-array", "/components/schemas/Odd/properties/kinds"),
            ("type-any", "/components/schemas/Odd/properties/anything"),
            (
                "type-any",
                "/components/schemas/Odd/properties/also_anything"
            ),
            (
                "null-description",
                "/components/schemas/Odd/properties/noted"
            ),
        ]
    );
}

#[test]
fn several_success_responses_get_one_result_type() {
    let rendered = render_corpus("responses.yaml");
    let declared = declared(&rendered);
    // 200 with a body and 204 without.
    assert_eq!(declared.method("maybe"), "rt::Result<Option<Thing>>");
    // 200 and 201 with different bodies.
    assert_eq!(declared.method("made"), "rt::Result<MadeResponse>");
    assert_eq!(
        declared.variants("MadeResponse"),
        [("Status200", None), ("Status201", None)]
    );
    let methods = file(&rendered, "methods/answers.rs");
    assert!(
        methods.contains("Status200(Thing)") && methods.contains("Status201(Other)"),
        "{methods}"
    );
    // An image or text, and an image alone.
    assert_eq!(declared.method("picture"), "rt::Result<rt::Content>");
    assert_eq!(declared.method("png"), "rt::Result<Vec<u8>>");
    let decoders = ["maybe", "made", "picture", "png"].map(|m| declared.decoder(m));
    assert_eq!(decoders, ["Json", "ByStatus", "AnyContent", "Bytes"]);
}

#[test]
fn a_2xx_range_beside_200_does_not_declare_a_variant_twice() {
    let json_of = |ty: &str| {
        format!("{{description: d, content: {{application/json: {{schema: {{type: {ty}}}}}}}}}")
    };
    let text = yaml(&format!(
        "paths:
  /both:
    get:
      operationId: both
      responses:
        '200': {string}
        '2XX': {integer}
        '201': {boolean}
  /range:
    get:
      operationId: range
      responses:
        '2XX': {integer}
",
        string = json_of("string"),
        integer = json_of("integer"),
        boolean = json_of("boolean"),
    ));
    let rendered = render("range.yaml", &text);
    let declared = declared(&rendered);
    assert_eq!(declared.method("both"), "rt::Result<BothResponse>");
    assert_eq!(
        declared.variants("BothResponse"),
        [("Status200", None), ("Status201", None)]
    );
    let methods = file(&rendered, "methods/misc.rs");
    assert!(
        methods.contains("Status200(String)") && methods.contains("Status201(bool)"),
        "{methods}"
    );
    assert!(
        repairs(&rendered).contains(&("range-response-ignored", "/paths/~1both/get/responses/2XX"))
    );
    // A range alone stands for every 2xx answer.
    assert_eq!(declared.method("range"), "rt::Result<i64>");
}

#[test]
fn schema_names_with_slash_or_tilde_resolve() {
    let text = yaml(
        "paths: {}
components:
  schemas:
    a/b: {type: object, properties: {x: {type: string}}}
    c~d: {type: object, properties: {y: {type: integer}}}
    User:
      type: object
      properties:
        ab: {$ref: '#/components/schemas/a~1b'}
        cd: {$ref: '#/components/schemas/c~0d'}
",
    );
    let declared = declared(&render("names.yaml", &text));
    assert_eq!(declared.field("User", "ab").ty, "Option<AB>");
    assert_eq!(declared.field("User", "cd").ty, "Option<CD>");
    assert_eq!(declared.field("AB", "x").ty, "Option<String>");
}

// ---------------------------------------------------------------------------------------------
// Determinism, and YAML against JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn rendering_twice_gives_byte_identical_files() {
    for name in [
        "recursive.yaml",
        "keywords.yaml",
        "collisions.yaml",
        "odd_enums.yaml",
        "equivalent.json",
    ] {
        let text = corpus(name);
        let first = render(name, &text);
        let second = render(name, &text);
        assert_eq!(first.files, second.files, "{name}");
        assert_eq!(first.spec_hash, second.spec_hash, "{name}");
    }

    // Through the file system: the second generation changes nothing and `check` agrees.
    let dir = TempDir::new("twice");
    let spec = dir.0.join("collisions.yaml");
    fs::write(&spec, corpus("collisions.yaml")).unwrap();
    let config = Config::new(&spec, dir.0.join("out"));
    let (rendered, first) = config.generate().unwrap();
    assert_eq!(first.written.len(), rendered.files.len());
    let (_, second) = config.generate().unwrap();
    assert!(
        second.written.is_empty() && second.removed.is_empty(),
        "{second:?}"
    );
    assert_eq!(second.unchanged.len(), rendered.files.len());
    assert_eq!(config.check().unwrap(), Vec::<String>::new());
}

/// Asserts that two renders have the same files, except for the document hash in `mod.rs`.
#[track_caller]
fn assert_same_but_hash(yaml: &Rendered, json: &Rendered) {
    assert_ne!(
        yaml.spec_hash, json.spec_hash,
        "different bytes, different hashes"
    );
    let paths = |r: &Rendered| r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(yaml), paths(json));
    for (a, b) in yaml.files.iter().zip(&json.files) {
        if a.path == "mod.rs" {
            assert!(a.content.contains(&yaml.spec_hash), "{}", a.content);
            let a = a.content.replace(&yaml.spec_hash, "HASH");
            let b = b.content.replace(&json.spec_hash, "HASH");
            assert_eq!(a, b, "mod.rs differs beyond the hash");
        } else {
            assert_eq!(a.content, b.content, "{} differs", a.path);
        }
    }
    assert_eq!(yaml.diagnostics, json.diagnostics);
}

#[test]
fn a_yaml_document_and_its_json_twin_render_the_same_files() {
    let yaml = render_corpus("equivalent.yaml");
    let json = render_corpus("equivalent.json");
    assert_same_but_hash(&yaml, &json);
    let declared = declared(&yaml);
    assert_eq!(declared.methods["look"], "LookRequest");
    assert_eq!(declared.method("update_look"), "rt::Result<Look>");
    assert!(declared.structs.contains_key("WriteLook"));

    // Every YAML corpus document, converted to JSON by serde alone (not by the generator).
    for name in [
        "recursive.yaml",
        "keywords.yaml",
        "collisions.yaml",
        "odd_enums.yaml",
        "responses.yaml",
    ] {
        let value: serde_json::Value =
            serde_yaml_ng::from_str(&corpus(name)).expect("the corpus converts to JSON");
        let json_text = serde_json::to_string_pretty(&value).unwrap();
        let json_name = name.replace(".yaml", ".json");
        assert_same_but_hash(&render_corpus(name), &render(&json_name, &json_text));
    }
}

#[test]
fn structured_parameters_are_sent_through_their_json_form() {
    let rendered = render_corpus("parameters.yaml");
    let declared = declared(&rendered);
    assert_eq!(declared.methods["find_reports"], "FindReportsRequest");
    assert_eq!(declared.decoder("delete_report"), "NoBody");
    let methods = file(&rendered, "methods/reports.rs");
    for expected in [
        // Path parameters: an enum, a list, an object.
        "rt::json_path_segment(kind)",
        "rt::json_path_segment(ids)",
        "rt::json_path_segment(filter)",
        // Lists of enums, required and optional; objects and maps; a list of strings as is.
        ".query(\"kinds\", rt::json_query(kinds))",
        "self.0.query(\"also\", rt::json_query(&value))",
        "self.0.query(\"filter\", rt::json_query(&value))",
        "self.0.query(\"limits\", rt::json_query(&value))",
        "self.0.query(\"names\", value)",
        // An enum parameter takes the enum or what converts into it (a string).
        "kind: impl Into<Kind>,",
        "let kind: &Kind = &kind.into();",
    ] {
        assert!(methods.contains(expected), "`{expected}` in {methods}");
    }
    assert!(!methods.contains("X-Trace") && !methods.contains("x_trace"));
    assert_eq!(
        repairs(&rendered),
        [(
            "header-or-cookie-parameter",
            "/paths/~1reports~1{kind}~1{ids}/get/parameters/7"
        )]
    );
}

/// `login_user` is the runtime's (`sdk.login_user(id)`), and `timeout` is every request
/// builder's per-call timeout: a parameter of that name gets another setter.
#[test]
fn names_the_runtime_owns_are_not_generated() {
    let doc = yaml(
        "paths:
  /looks:
    get:
      operationId: all_looks
      tags: [Look]
      parameters:
      - {name: timeout, in: query, schema: {type: integer}}
      responses:
        '204': {description: none}
  /login/{user_id}:
    post:
      operationId: login_user
      tags: [ApiAuth]
      parameters:
      - {name: user_id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: none}
",
    );
    let rendered = render("runtime_names.yaml", &doc);
    let all: String = rendered.files.iter().map(|f| f.content.as_str()).collect();
    assert!(
        all.contains("pub fn timeout2(self, value: i64) -> Self"),
        "{all}"
    );
    assert!(all.contains(".query(\"timeout\", value)"), "{all}");
    assert!(!all.contains("fn login_user"), "{all}");
    assert!(all.contains(".operation(\"all_looks\")"), "{all}");
}
