//! SDK methods: one `LookerSdk` method per operation, request builders for operations with
//! optional parameters, and result enums for operations whose 2xx answers differ.
//!
//! A method builds its request and returns the operation's builder, a newtype of the
//! `Call` that sends it and decodes the answer when awaited; no method is an `async fn`
//! of its own.

use super::code::{string_literal, Code, Link};
use super::docs::{code_span, write_doc};
use super::rust_types::{borrowed, display, is_borrowed, owned};
use crate::model::{
    paging, status_variant, AreaDoc, BodyEncoding, HttpMethod, Ident, Operation, PageStyle, Param,
    ParamLocation, PathPart, Payload, ResponseShape, TypeDef, TypeRef,
};

/// Writes the methods of one area: one `impl LookerSdk` block, then the request builders and
/// result enums in method order.
/// `feature_note` (for docs.rs) goes on each public item; `types` is the model's type table;
/// `gated`: whether optional parts are behind the SDK's features (`Target::Sdk`).
/// The impl block's doc names the area and carries its description, so that each area's methods
/// are found together on `LookerSdk`'s page.
pub fn area(
    code: &mut Code,
    ops: &[&Operation],
    types: &[TypeDef],
    area: Option<&AreaDoc>,
    feature_note: &str,
    gated: bool,
) {
    code.blank();
    if let Some(area) = area {
        let title = format!("# {}", area.name);
        write_doc(code, &[Some(&title), area.description.as_deref()]);
    }
    code.attr(feature_note);
    code.open("impl super::super::LookerSdk {");
    for (index, op) in ops.iter().enumerate() {
        if index > 0 {
            code.blank();
        }
        method(code, op, types);
    }
    code.close("}");
    for op in ops {
        builder_items(code, op, types, feature_note, gated);
        result_enum(code, op, types, feature_note);
    }
}

/// The method: it builds the request and returns the operation's request builder, which sends
/// it when awaited. Every operation has a builder, so that an optional parameter Looker adds
/// later is a new setter, not a new signature.
fn method(code: &mut Code, op: &Operation, types: &[TypeDef]) {
    let name = &op.name;
    let builder = &op.builder_name;
    method_docs(code, op, types);
    if op.deprecated {
        code.line("#[deprecated]");
    }
    let mut args = vec!["&self".to_owned()];
    args.extend(
        required_args(op, types)
            .into_iter()
            .map(|arg| arg.to_string()),
    );
    code.open_list(
        &format!("pub fn {name}("),
        &args,
        &format!(") -> {builder} {{"),
    );
    if let Some(params) = &op.params_struct {
        let names: Vec<&str> = op.required_params.iter().map(|p| p.name.as_str()).collect();
        code.destructure(&params.to_string(), &names, "params");
    }
    for param in op.required_params.iter().filter(|p| p.is_enum) {
        // The request is built from references, as for the other structured arguments.
        let name = &param.name;
        let ty = owned(&param.ty, types);
        if op.params_struct.is_some() {
            code.line(format_args!("let {name}: &{ty} = &{name};"));
        } else {
            code.line(format_args!("let {name}: &{ty} = &{name}.into();"));
        }
    }
    let request = build_request(code, op);
    code.line(format_args!("{builder}(rt::Call::new(self, {request}))"));
    code.close("}");
}

/// The builder: a newtype of the `Call` it sends, with a setter per optional parameter
/// (and for an optional body); the runtime's `request_builder!` adds what every builder has
/// (`send`, `IntoFuture`, per-call options).
fn builder_items(
    code: &mut Code,
    op: &Operation,
    types: &[TypeDef],
    feature_note: &str,
    gated: bool,
) {
    let builder = &op.builder_name;
    let call = call_type(op, types);
    params_struct(code, op, types, feature_note);
    code.blank();
    code.line(format_args!(
        "/// The request of [`LookerSdk::{0}`](super::super::LookerSdk::{0}): set optional parameters, then `.await` it.",
        op.name
    ));
    code.line("///");
    operation_docs(code, op, types);
    code.line("#[must_use = \"a request does nothing until it is awaited\"]");
    code.attr(feature_note);
    code.line(format_args!("pub struct {builder}({call});"));

    let optional_body = op.body.as_ref().filter(|b| !b.required);
    if !op.optional_params.is_empty() || optional_body.is_some() {
        code.blank();
        code.open(format_args!("impl {builder} {{"));
        for (i, param) in op.optional_params.iter().enumerate() {
            if i > 0 {
                code.blank();
            }
            setter(code, param, types);
        }
        if let Some(body) = optional_body {
            if !op.optional_params.is_empty() {
                code.blank();
            }
            write_doc(code, &[body.doc.as_deref().or(Some("The request body."))]);
            code.open(format_args!(
                "pub fn body(self, body: {}) -> Self {{",
                borrowed(&body.ty, types, "")
            ));
            let (attach, _) = attach_body(body.encoding, "body");
            code.chain("", "Self(self.0", &[attach], ")");
            code.close("}");
        }
        code.close("}");
    }
    pager(code, op, types);
    awaiter(code, op, gated);

    code.blank();
    let mut args = vec![builder.to_string()];
    args.extend(call_params(op, types));
    code.call("rt::request_builder!(", &args, ");");
}

/// `stream()`, every item of every page, on the builder of an operation that pages.
fn pager(code: &mut Code, op: &Operation, types: &[TypeDef]) {
    let Some(paging) = paging(op) else {
        return;
    };
    let (style, params) = match paging.style {
        PageStyle::LimitOffset => ("LimitOffset", "`limit`/`offset`"),
        PageStyle::PagePerPage => ("PagePerPage", "`page`/`per_page`"),
    };
    code.blank();
    code.open(format_args!("impl {} {{", op.builder_name));
    write_doc(
        code,
        &[
            Some("Every matching item, page after page, as a stream of `Result`s (a `Pages`)."),
            Some(&format!(
                "Pages by {params}, or by the answer's `Link: rel=\"next\"` header when Looker sends one; \
                 the page size is the one set on this request, else `Pages::page_size`, else 100. \
                 `Pages::total` is Looker's `X-Total-Count`."
            )),
        ],
    );
    code.open(format_args!(
        "pub fn stream(self) -> rt::Pages<{}> {{",
        owned(paging.item, types)
    ));
    code.line(format_args!("self.0.pages(rt::PageStyle::{style})"));
    code.close("}");
    code.close("}");
}

/// The method that awaits the long-running work an operation starts (`.rendered()`, ...), on
/// its request builder: the runtime's `Task` of the operation's family. Behind the SDK's
/// feature `wait` when `gated`; a crate of a user's own needs the runtime's (a default one).
fn awaiter(code: &mut Code, op: &Operation, gated: bool) {
    let Some(family) = op.task else {
        return;
    };
    code.blank();
    if gated {
        code.line("#[cfg(feature = \"wait\")]");
    }
    code.open(format_args!("impl {} {{", op.builder_name));
    write_doc(
        code,
        &[
            Some(family.doc()),
            Some(
                "Set the wait's policy, deadline, status observer or take its cancel handle on                  the `Task` before awaiting it.",
            ),
        ],
    );
    if gated {
        code.line("#[cfg_attr(docsrs, doc(cfg(feature = \"wait\")))]");
    }
    code.open(format_args!(
        "pub fn {}(self) -> rt::Task<rt::wait::{}> {{",
        family.method(),
        family.runtime_type()
    ));
    code.line("rt::Task::new(self.0)");
    code.close("}");
    code.close("}");
}

fn setter(code: &mut Code, param: &Param, types: &[TypeDef]) {
    let name = &param.name;
    let wire = string_literal(&param.wire_name);
    write_doc(code, &[param.doc.as_deref()]);
    if param.deprecated {
        code.line("#[deprecated]");
    }
    code.open(format_args!(
        "pub fn {name}(self, value: {}) -> Self {{",
        setter_type(param, types)
    ));
    let value = match &param.ty {
        TypeRef::String => "value.into()".to_owned(),
        ty if param.is_enum || *ty == TypeRef::DateTime => {
            code.line(format_args!(
                "let value: {} = value.into();",
                owned(ty, types)
            ));
            "rt::json_query(&value)".to_owned()
        }
        ty if is_structured(ty) => "rt::json_query(&value)".to_owned(),
        _ => "value".to_owned(),
    };
    code.line(format_args!("Self(self.0.query({wire}, {value}))"));
    code.close("}");
}

/// One argument of a method: its name, Rust type and what it carries.
pub(crate) struct Arg<'op> {
    pub name: String,
    pub ty: String,
    pub role: ArgRole<'op>,
}

/// What a method argument carries, from the model.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArgRole<'op> {
    /// One required path or query parameter (its `location` says which).
    Param(&'op Param),
    /// The struct of every required parameter, by name ([`Operation::params_struct`]).
    Params(&'op Ident),
    /// The required request body.
    Body,
}

impl std::fmt::Display for Arg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.ty)
    }
}

/// The arguments of an operation's method: every required parameter (or, for an operation
/// whose adjacent required arguments could be swapped, the struct naming them), then the
/// required body.
pub(crate) fn required_args<'op>(op: &'op Operation, types: &[TypeDef]) -> Vec<Arg<'op>> {
    let mut args = Vec::new();
    match &op.params_struct {
        Some(params) => {
            let lifetime = if params_borrow(op) { "<'_>" } else { "" };
            args.push(Arg {
                name: "params".to_owned(),
                ty: format!("{params}{lifetime}"),
                role: ArgRole::Params(params),
            });
        }
        None => {
            for param in &op.required_params {
                let ty = if param.is_enum {
                    format!("impl Into<{}>", owned(&param.ty, types))
                } else {
                    borrowed(&param.ty, types, "")
                };
                args.push(Arg {
                    name: param.name.to_string(),
                    ty,
                    role: ArgRole::Param(param),
                });
            }
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(Arg {
            name: "body".to_owned(),
            ty: borrowed(&body.ty, types, ""),
            role: ArgRole::Body,
        });
    }
    args
}

/// The type a builder's setter takes for an optional parameter: what converts into the value
/// (`impl Into<String>`, an enum from its string, a `DateTime` from a timestamp), or the value.
pub(crate) fn setter_type(param: &Param, types: &[TypeDef]) -> String {
    let ty = owned(&param.ty, types);
    if param.is_enum || matches!(param.ty, TypeRef::String | TypeRef::DateTime) {
        format!("impl Into<{ty}>")
    } else {
        ty
    }
}

/// The type of a required parameter's field in an operation's parameter struct: borrowed
/// like a method argument, except enums, taken by value so that `"pdf".into()` fits.
/// `lifetime` is `"'a "`, or empty where the surface compares types.
pub(crate) fn params_field_type(param: &Param, types: &[TypeDef], lifetime: &str) -> String {
    if params_field_borrows(param) {
        borrowed(&param.ty, types, lifetime)
    } else {
        owned(&param.ty, types)
    }
}

/// Whether a required parameter's field in the parameter struct is a reference (see
/// [`params_field_type`]).
fn params_field_borrows(param: &Param) -> bool {
    !param.is_enum && is_borrowed(&param.ty)
}

/// Whether the parameter struct of `op` borrows (and so has a lifetime).
fn params_borrow(op: &Operation) -> bool {
    op.required_params.iter().any(params_field_borrows)
}

/// The struct an operation takes its required parameters in, named, when two adjacent ones
/// have the same type: `create_dashboard_render_task(CreateDashboardRenderTaskParams {
/// dashboard_id: "42", result_format: "pdf", width: 1280, height: 1024 }, &body)`. Every field
/// must be given, so a required parameter cannot be forgotten; optional ones stay setters of
/// the request builder, so a later optional parameter changes nothing here.
fn params_struct(code: &mut Code, op: &Operation, types: &[TypeDef], feature_note: &str) {
    let Some(name) = &op.params_struct else {
        return;
    };
    let lifetime = if params_borrow(op) { "<'a>" } else { "" };
    code.blank();
    code.line(format_args!(
        "/// The required parameters of [`LookerSdk::{0}`](super::super::LookerSdk::{0}), by name.",
        op.name
    ));
    code.attr(feature_note);
    code.line("#[derive(Clone, Debug)]");
    code.open(format_args!("pub struct {name}{lifetime} {{"));
    for param in &op.required_params {
        write_doc(code, &[param.doc.as_deref()]);
        code.line(format_args!(
            "pub {}: {},",
            param.name,
            params_field_type(param, types, "'a ")
        ));
    }
    code.close("}");
}

/// Writes `let request = ...;` (path, required query parameters, the required body, the
/// accepted media types) and returns the `Result<Request>` expression to send.
fn build_request(code: &mut Code, op: &Operation) -> &'static str {
    let path = match path_format_args(op) {
        args if args.len() == 1 => args.concat(),
        args => {
            code.call("let path = format!(", &args, ");");
            "path".to_owned()
        }
    };
    let method = op.http_method;
    let root = match method {
        HttpMethod::Get
        | HttpMethod::Post
        | HttpMethod::Put
        | HttpMethod::Patch
        | HttpMethod::Delete => format!(
            "rt::Request::{}({path})",
            method.as_str().to_ascii_lowercase()
        ),
        HttpMethod::Options | HttpMethod::Head | HttpMethod::Trace => format!(
            "rt::Request::new(rt::Method::{}, {path}.into())",
            method.as_str()
        ),
    };
    let mut links = vec![Link::new(
        "operation",
        vec![string_literal(&op.operation_id)],
    )];
    for param in op
        .required_params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
    {
        let wire = string_literal(&param.wire_name);
        let value = &param.name;
        let value = if is_structured(&param.ty) {
            format!("rt::json_query({value})")
        } else {
            value.to_string()
        };
        links.push(Link::new("query", vec![wire, value]));
    }
    if answers_other_than_json(op) {
        links.push(Link::new("accept", vec!["\"*/*\"".to_owned()]));
    }
    let mut fallible = false;
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let (attach, can_fail) = attach_body(body.encoding, "body");
        links.push(attach);
        fallible = can_fail;
    }
    code.chain("let request = ", &root, &links, ";");
    if fallible {
        "request"
    } else {
        "Ok(request)"
    }
}

/// `.json(body)` and the like for `body`, and whether attaching can fail (serializing).
fn attach_body(encoding: BodyEncoding, body: &str) -> (Link, bool) {
    match encoding {
        BodyEncoding::Json => (Link::new("json", vec![body.to_owned()]), true),
        BodyEncoding::Form => (Link::new("form", vec![body.to_owned()]), true),
        BodyEncoding::Text => (Link::new("text", vec![format!("{body}.to_owned()")]), false),
    }
}

/// Whether a 2xx answer may be text or binary: such requests accept any media type.
fn answers_other_than_json(op: &Operation) -> bool {
    op.response
        .payloads()
        .into_iter()
        .any(|p| matches!(p, Payload::Text | Payload::Bytes | Payload::Content))
}

/// Whether a parameter is sent through its JSON form: generated types, maps, any JSON, and
/// lists of those (lists of scalars are sent directly).
fn is_structured(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::DateTime => true,
        TypeRef::Vec(inner) => is_structured(inner),
        _ => false,
    }
}

/// The request path as `format!` arguments: the template with a `{}` for each placeholder,
/// then each parameter percent-encoded; only the literal when the path has no parameters.
fn path_format_args(op: &Operation) -> Vec<String> {
    let mut format = String::new();
    let mut values = Vec::new();
    for part in &op.path.parts {
        match part {
            PathPart::Literal(text) => format.push_str(text),
            PathPart::Param(index) => {
                format.push_str("{}");
                let param = &op.required_params[*index];
                let value = &param.name;
                values.push(match param.ty {
                    TypeRef::String
                    | TypeRef::Bool
                    | TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::F64 => format!("rt::path_segment({value})"),
                    _ => format!("rt::json_path_segment({value})"),
                });
            }
        }
    }
    values.insert(0, string_literal(&format));
    values
}

/// The Rust type of one response payload.
pub(crate) fn payload_type(payload: &Payload, types: &[TypeDef]) -> String {
    match payload {
        Payload::Empty => "()".to_owned(),
        Payload::Json(ty) => owned(ty, types),
        Payload::Text => "String".to_owned(),
        Payload::Bytes => "Vec<u8>".to_owned(),
        Payload::Content => "rt::Content".to_owned(),
    }
}

fn payload_display(payload: &Payload, types: &[TypeDef]) -> String {
    match payload {
        Payload::Empty => "()".into(),
        Payload::Json(ty) => display(ty, types),
        Payload::Text => "String".into(),
        Payload::Bytes => "Vec<u8>".into(),
        Payload::Content => "Content".into(),
    }
}

/// The `rt` (runtime) marker that decodes `payload`; `None` for JSON, the default.
fn payload_decoder(payload: &Payload) -> Option<&'static str> {
    match payload {
        Payload::Empty => Some("NoBody"),
        Payload::Json(_) => None,
        Payload::Text => Some("Text"),
        Payload::Bytes => Some("Bytes"),
        Payload::Content => Some("AnyContent"),
    }
}

/// What awaiting the operation's request gives (inside `Result`).
pub(crate) fn output_type(op: &Operation, types: &[TypeDef]) -> String {
    match &op.response {
        ResponseShape::Single(payload) => payload_type(payload, types),
        ResponseShape::Optional(payload) => format!("Option<{}>", payload_type(payload, types)),
        ResponseShape::ByStatus { name, .. } => name.to_string(),
    }
}

/// `rt::Call<Output[, rt::Decoder]>`.
fn call_type(op: &Operation, types: &[TypeDef]) -> String {
    format!("rt::Call<{}>", call_params(op, types).join(", "))
}

/// `Output[, rt::Decoder]`: the type parameters of an operation's call. An optional result
/// decodes as its payload does, an absent body giving `None`.
fn call_params(op: &Operation, types: &[TypeDef]) -> Vec<String> {
    let decoder = match &op.response {
        ResponseShape::Single(payload) | ResponseShape::Optional(payload) => {
            payload_decoder(payload)
        }
        ResponseShape::ByStatus { .. } => Some("ByStatus"),
    };
    let output = output_type(op, types);
    match decoder {
        None => vec![output],
        Some(decoder) => vec![output, format!("rt::{decoder}")],
    }
}

fn output_display(op: &Operation, types: &[TypeDef]) -> String {
    match &op.response {
        ResponseShape::Single(payload) => payload_display(payload, types),
        ResponseShape::Optional(payload) => {
            format!("Option<{}>", payload_display(payload, types))
        }
        ResponseShape::ByStatus { name, .. } => name.to_string(),
    }
}

/// The enum of an operation whose 2xx answers differ, and how it is decoded.
fn result_enum(code: &mut Code, op: &Operation, types: &[TypeDef], feature_note: &str) {
    let ResponseShape::ByStatus { name, variants } = &op.response else {
        return;
    };
    code.blank();
    code.line(format_args!(
        "/// What [`LookerSdk::{0}`](super::super::LookerSdk::{0}) returns, by HTTP status.",
        op.name
    ));
    code.attr(feature_note);
    code.line("#[derive(Clone, Debug, PartialEq)]");
    code.line("#[non_exhaustive]");
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(format_args!("pub enum {name} {{"));
    for (status, payload) in variants {
        code.line(format_args!(
            "/// `{status}`: {}",
            payload_display(payload, types)
        ));
        let variant = status_variant(*status);
        match payload {
            Payload::Empty => code.line(format_args!("{variant},")),
            other => code.line(format_args!("{variant}({}),", payload_type(other, types))),
        }
    }
    code.close("}");

    code.blank();
    code.open(format_args!("impl rt::Decode<{name}> for rt::ByStatus {{"));
    code.open(format_args!(
        "fn decode(response: rt::Response) -> rt::Result<{name}> {{"
    ));
    code.open("match response.status() {");
    for (index, (status, payload)) in variants.iter().enumerate() {
        let pattern = if index + 1 == variants.len() {
            "_".to_owned()
        } else {
            status.to_string()
        };
        let variant = format!("{name}::{}", status_variant(*status));
        let decoded = match payload {
            Payload::Empty => format!("Ok({variant})"),
            Payload::Json(_) => format!("response.json().map({variant})"),
            Payload::Text => format!("response.text().map({variant})"),
            Payload::Bytes => format!("Ok({variant}(response.bytes()))"),
            Payload::Content => format!("Ok({variant}(response.content()))"),
        };
        code.line(format_args!("{pattern} => {decoded},"));
    }
    code.close("}");
    code.close("}");
    code.close("}");
}

/// The method's documentation on `LookerSdk`'s page, short so that the page lists the API
/// compactly: the summary, the signature, and where the details are (the request builder's
/// page, [`operation_docs`]).
fn method_docs(code: &mut Code, op: &Operation, types: &[TypeDef]) {
    let signature = code_span(&format!(
        "{} {} -> {}",
        op.http_method.as_str(),
        op.path.text,
        output_display(op, types)
    ));
    let status = op.status.as_deref().map(|s| format!("**Status: {s}.**"));
    write_doc(code, &[op.summary.as_deref(), status.as_deref()]);
    if op.summary.is_some() || status.is_some() {
        code.line("///");
    }
    // A link of the generator's own, written past `write_doc` (which escapes the document's
    // brackets): the builder's name is an identifier, the signature a code span.
    code.line(format_args!(
        "/// {signature}: description, parameters and errors on [`{}`].",
        op.builder_name
    ));
    if let Some(family) = op.task {
        code.line("///");
        code.line(format_args!(
            "/// Long-running: `.{}().await` on the request starts it and awaits its result.",
            family.method()
        ));
    }
}

/// The whole documentation of an operation, on its request builder's page: the summary and
/// description from the document, the arguments, the optional parameters, the signature.
fn operation_docs(code: &mut Code, op: &Operation, types: &[TypeDef]) {
    let signature = code_span(&format!(
        "{} {} -> {}",
        op.http_method.as_str(),
        op.path.text,
        output_display(op, types)
    ));
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
    write_doc(
        code,
        &[
            op.summary.as_deref(),
            op.doc.as_deref(),
            params.as_deref(),
            optional.as_deref(),
            Some(signature.as_str()),
            status.as_deref(),
        ],
    );
}

fn param_line(name: &str, doc: Option<&str>) -> String {
    let doc = doc.map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
    match doc {
        Some(doc) if !doc.is_empty() => format!("- `{name}`: {doc}"),
        _ => format!("- `{name}`"),
    }
}
