//! Paths -> operations: method names, parameters, request bodies and response shapes.

use super::names::{self, UniqueNames};
use super::schemas::{status_of, Hint, TypeBuilder};
use super::{
    Body, BodyEncoding, HttpMethod, Operation, Param, ParamLocation, PathPart, PathTemplate,
    Payload, ResponseShape, TypeRef,
};
use crate::error::{pointer_push, CodegenError};
use crate::media::{media_kind, MediaKind};
use crate::normalize::Repair;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};
use std::collections::BTreeSet;

/// Names that generated request code uses itself: no argument or setter may take them. These
/// include the methods every request builder has (the runtime's `request_builder!`) and the
/// `stream()` of builders that page.
const RESERVED_ARGUMENTS: &[&str] = &[
    "sdk",
    "body",
    "request",
    "response",
    "send",
    "path",
    "timeout",
    "header",
    "with_response",
    "bytes_stream",
    "write_to",
    "download_to",
    "stream",
];

/// Builds every operation in document order, but those the runtime owns
/// ([`Options::runtime_owned`](super::Options::runtime_owned): by default the login session's
/// `login`, `logout` and `login_user`, since a generated `login` would send the credentials on an already
/// authenticated request); inline types they declare go to `builder`.
pub fn build_operations(builder: &mut TypeBuilder) -> Result<Vec<Operation>, CodegenError> {
    let doc = builder.ctx.doc;
    let mut method_names = UniqueNames::default();
    let mut operations = Vec::new();
    for (path, item) in doc.paths.iter() {
        let path_pointer = pointer_push("/paths", path);
        let item: &PathItem = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(CodegenError::invalid(
                    pointer_push(&path_pointer, "$ref"),
                    format!("path item reference `{reference}` is not supported"),
                ))
            }
        };
        for (key, op) in item.iter() {
            let pointer = pointer_push(&path_pointer, key);
            let Some(method) = HttpMethod::from_key(key) else {
                return Err(CodegenError::invalid(
                    pointer,
                    format!("`{key}` is not an HTTP method"),
                ));
            };
            if let Some(id) = op
                .operation_id
                .as_deref()
                .filter(|id| builder.ctx.options.runtime_owned.contains(*id))
            {
                builder.ctx.note(
                    pointer,
                    Repair::RuntimeOwned,
                    format!("`{id}` is done by the SDK's runtime, not generated"),
                );
                continue;
            }
            let operation = OperationBuilder {
                types: builder,
                path,
                method,
                pointer: &pointer,
            }
            .build(op, &item.parameters, &mut method_names)?;
            operations.push(operation);
        }
    }
    Ok(operations)
}

struct OperationBuilder<'b, 'c, 'a> {
    types: &'b mut TypeBuilder<'c, 'a>,
    path: &'a str,
    method: HttpMethod,
    pointer: &'b str,
}

impl<'a> OperationBuilder<'_, '_, 'a> {
    fn build(
        mut self,
        op: &'a openapiv3::Operation,
        shared_params: &'a [ReferenceOr<Parameter>],
        method_names: &mut UniqueNames,
    ) -> Result<Operation, CodegenError> {
        let operation_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let derived = format!(
                    "{}_{}",
                    self.method.as_str().to_ascii_lowercase(),
                    self.path
                );
                self.types.ctx.note(
                    self.pointer,
                    Repair::MissingOperationId,
                    format!("no operationId: method named after `{derived}`"),
                );
                derived
            }
        };
        let wanted = names::method_name(&operation_id);
        let name = method_names.claim(wanted.clone());
        if name != wanted {
            self.types.ctx.note(
                self.pointer,
                Repair::MethodNameTaken,
                format!("`{wanted}` is taken; this operation's method is `{name}`"),
            );
        }
        let type_prefix = names::type_name(&name);
        let mut arg_names = UniqueNames::default();
        for reserved in RESERVED_ARGUMENTS {
            arg_names.reserve(reserved);
        }
        let (required_params, optional_params) =
            self.parameters(op, shared_params, &type_prefix, &mut arg_names)?;
        let path = self.template(&required_params)?;
        let body = self.body(op, &type_prefix)?;
        let response = self.response(op, &type_prefix)?;
        let builder_name = self
            .types
            .ctx
            .type_names
            .claim(names::type_name(&format!("{type_prefix}Request")));
        let params_struct = swappable(&required_params, body.as_ref()).then(|| {
            self.types
                .ctx
                .type_names
                .claim(names::type_name(&format!("{type_prefix}Params")))
        });
        Ok(Operation {
            name,
            operation_id,
            http_method: self.method,
            path,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            doc: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            status: status_of(&op.extensions),
            area: names::area_module(op.tags.first().map_or("misc", String::as_str)),
            required_params,
            optional_params,
            body,
            response,
            builder_name,
            params_struct,
            task: None,
        })
    }

    /// Path-item parameters overridden by the operation's own, checked against the template.
    fn parameters(
        &mut self,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
        type_prefix: &str,
        arg_names: &mut UniqueNames,
    ) -> Result<(Vec<Param>, Vec<Param>), CodegenError> {
        let ctx_doc = &*self.types.ctx;
        let mut resolved: Vec<(String, &'a Parameter)> = Vec::new();
        for (index, item) in op.parameters.iter().enumerate() {
            let at = pointer_push(
                &pointer_push(self.pointer, "parameters"),
                &index.to_string(),
            );
            resolved.push((at.clone(), ctx_doc.parameter(item, &at)?));
        }
        let path_pointer = self
            .pointer
            .rsplit_once('/')
            .map_or("", |(p, _)| p)
            .to_owned();
        for (index, item) in shared.iter().enumerate() {
            let at = pointer_push(
                &pointer_push(&path_pointer, "parameters"),
                &index.to_string(),
            );
            let param = ctx_doc.parameter(item, &at)?;
            let overridden = resolved.iter().any(|(_, p)| {
                p.parameter_data_ref().name == param.parameter_data_ref().name
                    && location(p) == location(param)
            });
            if !overridden {
                resolved.push((at, param));
            }
        }
        self.check_template(&resolved)?;

        let mut required = Vec::new();
        let mut optional = Vec::new();
        for (at, param) in resolved {
            let data = param.parameter_data_ref();
            let Some(location) = location(param) else {
                self.types.ctx.note(
                    at,
                    Repair::HeaderOrCookieParameter,
                    format!(
                        "header/cookie parameter `{}` is not sent: the SDK sends only its own headers",
                        data.name
                    ),
                );
                continue;
            };
            let hint = Hint {
                parent: type_prefix,
                property: &data.name,
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.types
                        .type_ref(schema, hint, &pointer_push(&at, "schema"))?
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::Json,
            };
            let is_enum = match &ty {
                TypeRef::Named(id) => self.types.is_enum(*id),
                _ => false,
            };
            let param = Param {
                name: arg_names.claim(names::field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                ty,
                is_enum,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                deprecated: data.deprecated.unwrap_or(false),
            };
            if location == ParamLocation::Path || data.required {
                required.push(param);
            } else {
                optional.push(param);
            }
        }
        Ok((required, optional))
    }

    /// The path template with each placeholder tied to its argument (checked before, by
    /// `check_template`).
    fn template(&self, required: &[Param]) -> Result<PathTemplate, CodegenError> {
        let pieces = template_pieces(self.path).map_err(|message| {
            CodegenError::invalid(
                self.pointer.rsplit_once('/').map_or("", |(p, _)| p),
                message,
            )
        })?;
        let mut parts = Vec::with_capacity(pieces.len());
        for piece in pieces {
            parts.push(match piece {
                Piece::Literal(text) => PathPart::Literal(text.to_owned()),
                Piece::Placeholder(wire) => PathPart::Param(
                    required
                        .iter()
                        .position(|p| p.location == ParamLocation::Path && p.wire_name == wire)
                        .ok_or_else(|| {
                            CodegenError::invalid(
                                self.pointer,
                                format!("`{{{wire}}}` in `{}` has no path parameter", self.path),
                            )
                        })?,
                ),
            });
        }
        Ok(PathTemplate {
            text: self.path.to_owned(),
            parts,
        })
    }

    /// Every `{name}` in the path has a path parameter and every path parameter a `{name}`.
    fn check_template(&self, params: &[(String, &Parameter)]) -> Result<(), CodegenError> {
        let placeholders = template_names(self.path).map_err(|message| {
            CodegenError::invalid(
                self.pointer.rsplit_once('/').map_or("", |(p, _)| p),
                message,
            )
        })?;
        let declared: BTreeSet<&str> = params
            .iter()
            .filter(|(_, p)| location(p) == Some(ParamLocation::Path))
            .map(|(_, p)| p.parameter_data_ref().name.as_str())
            .collect();
        for (at, param) in params {
            let name = &param.parameter_data_ref().name;
            if location(param) == Some(ParamLocation::Path) && !placeholders.contains(name.as_str())
            {
                return Err(CodegenError::invalid(
                    at.clone(),
                    format!(
                        "path parameter `{name}` is not in the path template `{}`",
                        self.path
                    ),
                ));
            }
        }
        if let Some(missing) = placeholders.iter().find(|p| !declared.contains(*p)) {
            return Err(CodegenError::invalid(
                self.pointer,
                format!("`{{{missing}}}` in `{}` has no path parameter", self.path),
            ));
        }
        Ok(())
    }

    fn body(
        &mut self,
        op: &'a openapiv3::Operation,
        type_prefix: &str,
    ) -> Result<Option<Body>, CodegenError> {
        let Some(item) = &op.request_body else {
            return Ok(None);
        };
        let at = pointer_push(self.pointer, "requestBody");
        let body = self.types.ctx.request_body(item, &at)?;
        let Some((media, content)) = pick_request_media(&body.content) else {
            return Err(CodegenError::invalid(
                pointer_push(&at, "content"),
                "a request body needs at least one media type",
            ));
        };
        let encoding = match media_kind(media) {
            MediaKind::Json => BodyEncoding::Json,
            MediaKind::Form => BodyEncoding::Form,
            MediaKind::Text => BodyEncoding::Text,
            MediaKind::Binary => {
                return Err(CodegenError::invalid(
                    pointer_push(&at, "content"),
                    format!("request media type `{media}` is not supported"),
                ))
            }
        };
        let ty = match (&content.schema, encoding) {
            (_, BodyEncoding::Text) => TypeRef::String,
            (Some(schema), _) => {
                let hint = Hint {
                    parent: type_prefix,
                    property: "body",
                };
                let schema_at = pointer_push(
                    &pointer_push(&pointer_push(&at, "content"), media),
                    "schema",
                );
                self.types.type_ref(schema, hint, &schema_at)?
            }
            (None, _) => TypeRef::Json,
        };
        Ok(Some(Body {
            ty,
            encoding,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
        }))
    }

    fn response(
        &mut self,
        op: &'a openapiv3::Operation,
        type_prefix: &str,
    ) -> Result<ResponseShape, CodegenError> {
        let at = pointer_push(self.pointer, "responses");
        let mut payloads: Vec<(u16, Payload)> = Vec::new();
        for (code, item) in &op.responses.responses {
            let response_at = pointer_push(&at, &code.to_string());
            let status = match code {
                StatusCode::Code(c @ 200..=299) => *c,
                StatusCode::Range(2)
                    if !op.responses.responses.contains_key(&StatusCode::Code(200)) =>
                {
                    200
                }
                StatusCode::Range(2) => {
                    self.types.ctx.note(
                        response_at,
                        Repair::RangeResponseIgnored,
                        "`2XX` ignored beside an explicit `200`".into(),
                    );
                    continue;
                }
                _ => continue,
            };
            let response = self.types.ctx.response(item, &response_at)?;
            let payload = if status == 204 || response.content.is_empty() {
                Payload::Empty
            } else {
                self.payload(&response.content, type_prefix, &response_at)?
            };
            payloads.push((status, payload));
        }
        payloads.sort_by_key(|(status, _)| *status);
        let distinct: Vec<&Payload> = payloads
            .iter()
            .map(|(_, p)| p)
            .filter(|p| **p != Payload::Empty)
            .fold(Vec::new(), |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            });
        let has_empty = payloads.iter().any(|(_, p)| *p == Payload::Empty);
        Ok(match distinct.as_slice() {
            [] => ResponseShape::Single(Payload::Empty),
            [only] if has_empty => ResponseShape::Optional((*only).clone()),
            [only] => ResponseShape::Single((*only).clone()),
            _ => ResponseShape::ByStatus {
                name: self
                    .types
                    .ctx
                    .type_names
                    .claim(names::type_name(&format!("{type_prefix}Response"))),
                variants: payloads,
            },
        })
    }

    fn payload(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        type_prefix: &str,
        at: &str,
    ) -> Result<Payload, CodegenError> {
        let kinds: Vec<MediaKind> = content.keys().map(|m| media_kind(m)).collect();
        if kinds.len() > 1 {
            return Ok(if kinds.contains(&MediaKind::Binary) {
                Payload::Content
            } else {
                Payload::Text
            });
        }
        let Some((media, media_type)) = content.iter().next() else {
            return Ok(Payload::Empty);
        };
        Ok(match media_kind(media) {
            MediaKind::Json => match &media_type.schema {
                Some(schema) => {
                    let hint = Hint {
                        parent: type_prefix,
                        property: "response",
                    };
                    let schema_at =
                        pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema");
                    Payload::Json(self.types.type_ref(schema, hint, &schema_at)?)
                }
                None => Payload::Json(TypeRef::Json),
            },
            MediaKind::Text | MediaKind::Form => Payload::Text,
            MediaKind::Binary => Payload::Bytes,
        })
    }
}

fn location(param: &Parameter) -> Option<ParamLocation> {
    match param {
        Parameter::Path { .. } => Some(ParamLocation::Path),
        Parameter::Query { .. } => Some(ParamLocation::Query),
        Parameter::Header { .. } | Parameter::Cookie { .. } => None,
    }
}

/// A piece of a path template.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    Placeholder(&'p str),
}

/// A path template split into literal text and `{name}` placeholders.
fn template_pieces(path: &str) -> Result<Vec<Piece<'_>>, String> {
    // The runtime refuses a request with an empty segment (an empty path parameter).
    if path != "/" && path.split('/').skip(1).any(str::is_empty) {
        return Err(format!(
            "empty segment in path template `{path}`: no request could be sent to it"
        ));
    }
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in path template `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed placeholder in path template `{path}`"));
        }
        if rest[..open].contains('}') {
            return Err(format!("unopened `}}` in path template `{path}`"));
        }
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Placeholder(name));
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unopened `}}` in path template `{path}`"));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Ok(pieces)
}

/// The `{name}` placeholders of a path template.
fn template_names(path: &str) -> Result<BTreeSet<&str>, String> {
    Ok(template_pieces(path)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name),
            Piece::Literal(_) => None,
        })
        .collect())
}

/// JSON first, then form, then text: what Looker's own SDKs send.
fn pick_request_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    [
        MediaKind::Json,
        MediaKind::Form,
        MediaKind::Text,
        MediaKind::Binary,
    ]
    .iter()
    .find_map(|kind| {
        content
            .iter()
            .find(|(media, _)| media_kind(media) == *kind)
            .map(|(media, content)| (media.as_str(), content))
    })
}

/// Whether two adjacent required arguments (the required parameters in order, then a required
/// body) have the same type, so that a caller could swap them without the compiler noticing.
/// Such an operation takes its required parameters by name, in a struct.
fn swappable(required: &[Param], body: Option<&Body>) -> bool {
    let types: Vec<&TypeRef> = required
        .iter()
        .map(|p| &p.ty)
        .chain(body.filter(|b| b.required).map(|b| &b.ty))
        .collect();
    types.windows(2).any(|pair| pair[0] == pair[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders() {
        let names = template_names("/a/{b}/c/{d}").unwrap();
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["b", "d"]);
        assert!(template_names("/a/{b").is_err());
        assert!(template_names("/a/b}").is_err());
        assert!(template_names("/a/{}").is_err());
        assert!(template_names("/a}/{b}").is_err());
        assert!(template_names("/a/").is_err());
        assert!(template_names("/a//{b}").is_err());
        assert!(template_names("/").is_ok());
        assert_eq!(
            template_pieces("/a/{b}{c}").unwrap(),
            [
                Piece::Literal("/a/"),
                Piece::Placeholder("b"),
                Piece::Placeholder("c")
            ]
        );
    }
}
