//! Operations: parameters become parameters with a `schema` or the `requestBody`.

use super::response::content;
use super::{media_types, Context};
use crate::error::{pointer_push, CodegenError};
use crate::normalize::Repair;
use serde_json::{Map, Value};

/// The media type assumed when a document names none, as Looker's conversion does.
const JSON: &str = "application/json";
/// The form media types a `formData` parameter is sent as.
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// The fields of a Swagger 2.0 parameter or header that OpenAPI 3.0 moves into its `schema`.
const SCHEMA_FIELDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// The fields of an operation that OpenAPI 3.0 has as they are.
const KEPT_FIELDS: [&str; 7] = [
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "deprecated",
    "security",
];

/// A parameter as found, with its pointer.
type Located = (Map<String, Value>, String);

/// A `formData` parameter: one property of the form body.
struct FormField {
    name: String,
    schema: Value,
    required: bool,
}

impl Context {
    /// Converts the operation at `at`; `shared` are its path item's parameters (and pointers).
    pub(super) fn operation(
        &mut self,
        value: Value,
        shared: &[(Value, String)],
        at: &str,
    ) -> Result<Value, CodegenError> {
        let Value::Object(op) = value else {
            return Err(CodegenError::invalid(at, "an operation must be an object"));
        };
        let own = |key: &str, fallback: &Option<Vec<String>>| {
            media_types(op.get(key), &pointer_push(at, key))
                .map(|own| own.or_else(|| fallback.clone()).unwrap_or_default())
        };
        let consumes = own("consumes", &self.consumes)?;
        let own_consumes = op.contains_key("consumes");
        let produces = own("produces", &self.produces)?;
        let mut out = Map::with_capacity(op.len() + 1);
        let mut has_parameters = false;
        for (key, value) in op {
            let child = pointer_push(at, &key);
            match key.as_str() {
                "consumes" | "produces" => {}
                "parameters" => {
                    let Value::Array(list) = value else {
                        return Err(CodegenError::invalid(child, "must be a list"));
                    };
                    let own = (list.into_iter().enumerate())
                        .map(|(i, p)| (p, pointer_push(&child, &i.to_string())));
                    let merged = self.merge(shared.iter().cloned(), own.collect())?;
                    self.parameters(&mut out, merged, (&consumes, own_consumes), at)?;
                    has_parameters = true;
                }
                "responses" => {
                    let responses = self.responses(value, &produces, &child)?;
                    out.insert(key, responses);
                }
                "schemes" => self.note(
                    &child,
                    Repair::OperationSchemesDropped,
                    "`schemes` of an operation dropped: the SDK calls its configured server"
                        .to_owned(),
                ),
                _ if KEPT_FIELDS.contains(&key.as_str()) || key.starts_with("x-") => {
                    out.insert(key, value);
                }
                _ => {
                    return Err(CodegenError::invalid(
                        child,
                        format!("`{key}` is not a Swagger 2.0 operation field"),
                    ))
                }
            }
        }
        if !has_parameters {
            let merged = self.merge(shared.iter().cloned(), Vec::new())?;
            self.parameters(&mut out, merged, (&consumes, own_consumes), at)?;
        }
        Ok(Value::Object(out))
    }

    /// The path item's parameters that the operation does not override (same `name` and `in`),
    /// then the operation's own, each resolved and with its pointer.
    fn merge(
        &self,
        shared: impl Iterator<Item = (Value, String)>,
        own: Vec<(Value, String)>,
    ) -> Result<Vec<Located>, CodegenError> {
        let own = (own.into_iter())
            .map(|(p, at)| self.resolve(p, at))
            .collect::<Result<Vec<_>, _>>()?;
        let key = |p: &Map<String, Value>| (p.get("name").cloned(), p.get("in").cloned());
        let mut merged = Vec::new();
        for (parameter, at) in shared {
            let (parameter, at) = self.resolve(parameter, at)?;
            if !own.iter().any(|(o, _)| key(o) == key(&parameter)) {
                merged.push((parameter, at));
            }
        }
        merged.extend(own);
        Ok(merged)
    }

    /// A parameter, or the shared one its `$ref` (`#/parameters/X`) names, with its pointer.
    fn resolve(&self, value: Value, at: String) -> Result<Located, CodegenError> {
        let Value::Object(map) = value else {
            return Err(CodegenError::invalid(at, "a parameter must be an object"));
        };
        let Some(target) = map.get("$ref") else {
            return Ok((map, at));
        };
        let name = target
            .as_str()
            .and_then(|t| t.strip_prefix("#/parameters/"));
        let found = name.and_then(|name| Some((name, self.parameters.get(name)?)));
        match found {
            Some((name, Value::Object(shared))) => {
                Ok((shared.clone(), pointer_push("/parameters", name)))
            }
            _ => Err(CodegenError::invalid(
                pointer_push(&at, "$ref"),
                format!("{target} names no parameter in `/parameters`"),
            )),
        }
    }

    /// Puts the converted `parameters` and the `requestBody` (from a `body` parameter or the
    /// `formData` ones) into the operation `out` at `at`; `own_consumes` tells whether the
    /// operation names its `consumes` itself.
    fn parameters(
        &mut self,
        out: &mut Map<String, Value>,
        parameters: Vec<Located>,
        (consumes, own_consumes): (&[String], bool),
        at: &str,
    ) -> Result<(), CodegenError> {
        let mut converted = Vec::with_capacity(parameters.len());
        let mut body = None;
        let mut fields = Vec::new();
        for (parameter, at) in parameters {
            let location = match parameter.get("in") {
                Some(Value::String(location)) => location.clone(),
                _ => {
                    return Err(CodegenError::invalid(
                        pointer_push(&at, "in"),
                        "a parameter needs `in`",
                    ))
                }
            };
            match location.as_str() {
                "body" if body.is_some() => {
                    return Err(CodegenError::invalid(at, "a second `body` parameter"))
                }
                "body" => body = Some(self.body(parameter, consumes, &at)?),
                "formData" => fields.push(self.form_field(parameter, &at)?),
                "query" | "path" | "header" => {
                    converted.push(self.parameter(parameter, &location, &at)?)
                }
                _ => {
                    return Err(CodegenError::invalid(
                        pointer_push(&at, "in"),
                        format!("`in: {location}` is not a Swagger 2.0 parameter location"),
                    ))
                }
            }
        }
        if !converted.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(converted));
        }
        if body.is_some() && !fields.is_empty() {
            return Err(CodegenError::invalid(
                pointer_push(at, "parameters"),
                "both a `body` and `formData` parameters",
            ));
        }
        if fields.is_empty()
            && body.is_none()
            && own_consumes
            && self.form_without_fields(consumes, at)
        {
            let object = Map::from_iter([("type".to_owned(), "object".into())]);
            let media: Vec<String> = consumes.iter().filter(|m| is_form(m)).cloned().collect();
            let form = Map::from_iter([("content".to_owned(), content(&media, &object.into()))]);
            out.insert("requestBody".to_owned(), Value::Object(form));
        }
        if let Some(body) = body.or_else(|| form_body(fields, consumes)) {
            out.insert("requestBody".to_owned(), Value::Object(body));
        }
        Ok(())
    }

    /// Whether an operation whose own `consumes` names a form media type but that has no
    /// `body` or `formData` parameter gets a form body of any fields, as Looker's current
    /// conversion gives `login` (26.12; its conversion up to 24.20 gave no body). The only such
    /// operations in Looker's documents are `login`, which the SDK's runtime owns and does not
    /// generate, so either reading gives the same SDK.
    fn form_without_fields(&mut self, consumes: &[String], at: &str) -> bool {
        if !consumes.iter().any(|m| is_form(m)) {
            return false;
        }
        let message = "a form media type without `formData` parameters: a form body of any \
                       fields, as Looker's current conversion has it";
        self.note(
            &pointer_push(at, "consumes"),
            Repair::FormBodyWithoutFields,
            message.to_owned(),
        );
        true
    }

    /// A `body` parameter as a request body: one content entry per media type it consumes.
    fn body(
        &mut self,
        parameter: Map<String, Value>,
        consumes: &[String],
        at: &str,
    ) -> Result<Map<String, Value>, CodegenError> {
        let mut out = Map::new();
        let mut schema = None;
        for (key, value) in parameter {
            match key.as_str() {
                "name" | "in" => {}
                "schema" => schema = Some(self.schema(value, &pointer_push(at, "schema"), 0)?),
                "description" | "required" => {
                    out.insert(key, value);
                }
                _ if key.starts_with("x-") => {
                    out.insert(key, value);
                }
                _ => {
                    return Err(CodegenError::invalid(
                        pointer_push(at, &key),
                        format!("`{key}` is not a field of a `body` parameter"),
                    ))
                }
            }
        }
        let Some(schema) = schema else {
            return Err(CodegenError::invalid(
                at,
                "a `body` parameter needs a `schema`",
            ));
        };
        let media = self.media_or_json(consumes, at, "consumes");
        out.insert("content".to_owned(), content(&media, &schema));
        Ok(out)
    }

    /// A `formData` parameter as a property of the form body's schema.
    fn form_field(
        &mut self,
        mut parameter: Map<String, Value>,
        at: &str,
    ) -> Result<FormField, CodegenError> {
        let required = parameter.get("required") == Some(&Value::Bool(true));
        let Some(Value::String(name)) = parameter.get("name").cloned() else {
            return Err(CodegenError::invalid(
                pointer_push(at, "name"),
                "must be a string",
            ));
        };
        if let Some(format) = parameter.shift_remove("collectionFormat") {
            if format != "multi" {
                self.note(
                    &pointer_push(at, "collectionFormat"),
                    Repair::FormCollectionFormatDropped,
                    format!("`collectionFormat: {format}` of a form field read as `multi`"),
                );
            }
        }
        let mut schema = Map::new();
        for (key, value) in parameter {
            match key.as_str() {
                "name" | "in" | "required" | "allowEmptyValue" => {}
                _ if key == "description" || SCHEMA_FIELDS.contains(&key.as_str()) => {
                    schema.insert(key, value);
                }
                _ if key.starts_with("x-") => {
                    schema.insert(key, value);
                }
                _ => {
                    return Err(CodegenError::invalid(
                        pointer_push(at, &key),
                        format!("`{key}` is not a field of a `formData` parameter"),
                    ))
                }
            }
        }
        Ok(FormField {
            name,
            schema: self.schema(Value::Object(schema), at, 0)?,
            required,
        })
    }

    /// A `query`, `path` or `header` parameter: its type and constraints go to its `schema`,
    /// its `collectionFormat` becomes `style` and `explode`.
    fn parameter(
        &mut self,
        parameter: Map<String, Value>,
        location: &str,
        at: &str,
    ) -> Result<Value, CodegenError> {
        let mut out = Map::with_capacity(parameter.len());
        let mut schema = Map::new();
        for (key, value) in parameter {
            match key.as_str() {
                "name" | "in" | "description" | "required" | "allowEmptyValue" => {
                    out.insert(key, value);
                }
                // The value type of an object parameter (`filters`: field name -> expression).
                "additionalProperties" => {
                    schema.insert(key, value);
                }
                "collectionFormat" => {
                    let at = pointer_push(at, &key);
                    let (style, explode) = style(&value, location, &at)?;
                    out.insert("style".to_owned(), style.into());
                    out.insert("explode".to_owned(), explode.into());
                }
                _ if SCHEMA_FIELDS.contains(&key.as_str()) => {
                    schema.insert(key, value);
                }
                _ if key.starts_with("x-") => {
                    out.insert(key, value);
                }
                _ => {
                    return Err(CodegenError::invalid(
                        pointer_push(at, &key),
                        format!("`{key}` is not a field of a Swagger 2.0 parameter"),
                    ))
                }
            }
        }
        let schema = self.schema(Value::Object(schema), at, 0)?;
        out.insert("schema".to_owned(), schema);
        Ok(Value::Object(out))
    }

    /// `media`, or `application/json` (reported at `at`) when it is empty.
    pub(super) fn media_or_json(&mut self, media: &[String], at: &str, field: &str) -> Vec<String> {
        if media.is_empty() {
            self.note(
                at,
                Repair::MediaTypeAssumed,
                format!("no `{field}` for this operation or the document: `{JSON}` assumed"),
            );
            vec![JSON.to_owned()]
        } else {
            media.to_vec()
        }
    }
}

/// The form body of the `formData` parameters, sent as the form media types the operation
/// consumes (`application/x-www-form-urlencoded`, or `multipart/form-data` with a file, when it
/// names none).
fn form_body(fields: Vec<FormField>, consumes: &[String]) -> Option<Map<String, Value>> {
    if fields.is_empty() {
        return None;
    }
    let is_file = |f: &FormField| f.schema.get("format").and_then(Value::as_str) == Some("binary");
    let mut media: Vec<String> = (consumes.iter()).filter(|m| is_form(m)).cloned().collect();
    if media.is_empty() {
        let default = if fields.iter().any(is_file) {
            MULTIPART
        } else {
            FORM
        };
        media.push(default.to_owned());
    }
    let required: Vec<Value> = (fields.iter())
        .filter(|f| f.required)
        .map(|f| Value::String(f.name.clone()))
        .collect();
    let any_required = !required.is_empty();
    let mut schema = Map::new();
    schema.insert("type".to_owned(), "object".into());
    let properties = fields.into_iter().map(|f| (f.name, f.schema));
    schema.insert("properties".to_owned(), Value::Object(properties.collect()));
    if any_required {
        schema.insert("required".to_owned(), Value::Array(required));
    }
    let mut body = Map::new();
    body.insert(
        "content".to_owned(),
        content(&media, &Value::Object(schema)),
    );
    if any_required {
        body.insert("required".to_owned(), true.into());
    }
    Some(body)
}

/// Whether `media` is a form media type.
fn is_form(media: &str) -> bool {
    media.starts_with(FORM) || media.starts_with(MULTIPART)
}

/// The OpenAPI 3.0 `style` and `explode` of a Swagger 2.0 `collectionFormat` in `location`.
fn style(format: &Value, location: &str, at: &str) -> Result<(&'static str, bool), CodegenError> {
    Ok(match (format.as_str(), location) {
        (Some("csv"), "query") => ("form", false),
        (Some("csv"), _) => ("simple", false),
        (Some("multi"), "query") => ("form", true),
        (Some("ssv"), "query") => ("spaceDelimited", false),
        (Some("pipes"), "query") => ("pipeDelimited", false),
        _ => {
            return Err(CodegenError::invalid(
                at,
                format!("`collectionFormat: {format}` in `{location}` has no OpenAPI 3.0 style"),
            ))
        }
    })
}
