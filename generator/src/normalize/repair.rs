//! The kinds of repair a [`Diagnostic`](super::Diagnostic) reports.

use std::fmt;

/// What kind of repair or decision a diagnostic reports: one per kind of deviation of a
/// document. `Display` (and [`Repair::as_str`]) gives its name in kebab case
/// (`null-description`), as reports and the CLI print it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Repair {
    /// `description: null` read as an empty description.
    NullDescription,
    /// Non-standard `type: any` / `format: any` read as any JSON value.
    TypeAny,
    /// The `enum` of an array moved to its `items`.
    EnumOnArray,
    /// A query parameter's `style: simple` read as `style: form, explode: false`.
    QueryStyleSimple,
    /// A parameter's `additionalProperties` moved into its `schema`.
    ParameterAdditionalProperties,
    /// `x-looker-deprecated: true` read as `deprecated: true`.
    XLookerDeprecated,
    /// The media type `text` read as (or dropped beside) `text/plain`.
    MediaTypeText,
    /// The query runners' `result_format` made the `ResultFormat` enum.
    ResultFormatEnum,
    /// A Swagger 2.0 document read as its OpenAPI 3.0 equivalent.
    Swagger2Converted,
    /// Swagger 2.0 `securityDefinitions` or `security` dropped: the SDK authenticates itself.
    SwaggerSecurityDropped,
    /// An operation's Swagger 2.0 `schemes` dropped: the SDK calls its configured server.
    OperationSchemesDropped,
    /// A Swagger 2.0 form media type without `formData` parameters: a form body of any fields.
    FormBodyWithoutFields,
    /// The `collectionFormat` of a Swagger 2.0 form field read as `multi`.
    FormCollectionFormatDropped,
    /// No Swagger 2.0 `consumes` or `produces`: JSON assumed.
    MediaTypeAssumed,
    /// The `examples` of a Swagger 2.0 response dropped.
    ResponseExamplesDropped,
    /// Keywords beside a Swagger 2.0 `$ref` dropped.
    RefSiblingDropped,
    /// A schema is an existing Rust type, not generated (`Config::extern_type`).
    ExternType,
    /// An operation the runtime performs itself, not generated (`Config::runtime_owned`).
    RuntimeOwned,
    /// An operation without `operationId`: its method is named after its verb and path.
    MissingOperationId,
    /// An operation's method name was taken: it got another.
    MethodNameTaken,
    /// A header or cookie parameter, not sent: the SDK sends only its own headers.
    HeaderOrCookieParameter,
    /// A `2XX` response ignored beside an explicit `200`.
    RangeResponseIgnored,
    /// A schema of the document used as the Write type of another.
    WriteTypeFromDocument,
    /// A derived Write type's name was taken by a schema of the document: it got another.
    WriteTypeNameTaken,
}

impl Repair {
    /// The repair's name in kebab case (`null-description`): what `Display` writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Repair::NullDescription => "null-description",
            Repair::TypeAny => "type-any",
            Repair::EnumOnArray => "enum-on-array",
            Repair::QueryStyleSimple => "query-style-simple",
            Repair::ParameterAdditionalProperties => "parameter-additional-properties",
            Repair::XLookerDeprecated => "x-looker-deprecated",
            Repair::MediaTypeText => "media-type-text",
            Repair::ResultFormatEnum => "result-format-enum",
            Repair::Swagger2Converted => "swagger-2-converted",
            Repair::SwaggerSecurityDropped => "swagger-security-dropped",
            Repair::OperationSchemesDropped => "operation-schemes-dropped",
            Repair::FormBodyWithoutFields => "form-body-without-fields",
            Repair::FormCollectionFormatDropped => "form-collection-format-dropped",
            Repair::MediaTypeAssumed => "media-type-assumed",
            Repair::ResponseExamplesDropped => "response-examples-dropped",
            Repair::RefSiblingDropped => "ref-sibling-dropped",
            Repair::ExternType => "extern-type",
            Repair::RuntimeOwned => "runtime-owned",
            Repair::MissingOperationId => "missing-operation-id",
            Repair::MethodNameTaken => "method-name-taken",
            Repair::HeaderOrCookieParameter => "header-or-cookie-parameter",
            Repair::RangeResponseIgnored => "range-response-ignored",
            Repair::WriteTypeFromDocument => "write-type-from-document",
            Repair::WriteTypeNameTaken => "write-type-name-taken",
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Repair;

    #[test]
    fn names_are_distinct_kebab_case_and_displayed() {
        let all = [
            Repair::NullDescription,
            Repair::TypeAny,
            Repair::EnumOnArray,
            Repair::QueryStyleSimple,
            Repair::ParameterAdditionalProperties,
            Repair::XLookerDeprecated,
            Repair::MediaTypeText,
            Repair::ResultFormatEnum,
            Repair::Swagger2Converted,
            Repair::SwaggerSecurityDropped,
            Repair::OperationSchemesDropped,
            Repair::FormBodyWithoutFields,
            Repair::FormCollectionFormatDropped,
            Repair::MediaTypeAssumed,
            Repair::ResponseExamplesDropped,
            Repair::RefSiblingDropped,
            Repair::ExternType,
            Repair::RuntimeOwned,
            Repair::MissingOperationId,
            Repair::MethodNameTaken,
            Repair::HeaderOrCookieParameter,
            Repair::RangeResponseIgnored,
            Repair::WriteTypeFromDocument,
            Repair::WriteTypeNameTaken,
        ];
        let mut names: Vec<&str> = all.iter().map(|r| r.as_str()).collect();
        for (repair, name) in all.iter().zip(&names) {
            assert_eq!(repair.to_string(), *name);
            assert!(name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
}
