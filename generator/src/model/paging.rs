//! Which operations page: decided from the document, nothing listed by hand. An operation
//! pages when it has Looker's optional integer query parameters `limit` and `offset` (or
//! `page` and `per_page`) and its one result is a JSON array; its request builder then gets
//! `stream()`, every item of every page.

use super::{Operation, ParamLocation, Payload, ResponseShape, TypeRef};

/// How an operation pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `limit` items from `offset`.
    LimitOffset,
    /// Page `page` of `per_page` items.
    PagePerPage,
}

/// Paging of an operation: its style and the type of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paging<'a> {
    pub style: PageStyle,
    pub item: &'a TypeRef,
}

/// How `op` pages, if it does. `limit`/`offset` wins when an operation has both pairs.
pub fn paging(op: &Operation) -> Option<Paging<'_>> {
    let ResponseShape::Single(Payload::Json(TypeRef::Vec(item))) = &op.response else {
        return None;
    };
    let has = |wire: &str| {
        op.optional_params.iter().any(|param| {
            param.wire_name == wire
                && param.location == ParamLocation::Query
                && matches!(param.ty, TypeRef::I32 | TypeRef::I64)
        })
    };
    let style = if has("limit") && has("offset") {
        PageStyle::LimitOffset
    } else if has("page") && has("per_page") {
        PageStyle::PagePerPage
    } else {
        return None;
    };
    Some(Paging { style, item })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names;
    use crate::model::{HttpMethod, Param, PathPart, PathTemplate, TypeId};

    fn param(wire: &str, ty: TypeRef) -> Param {
        Param {
            name: names::field_name(wire),
            wire_name: wire.to_owned(),
            location: ParamLocation::Query,
            ty,
            doc: None,
            deprecated: false,
            is_enum: false,
        }
    }

    fn operation(params: &[(&str, TypeRef)], response: ResponseShape) -> Operation {
        Operation {
            name: names::field_name("search_things"),
            operation_id: "search_things".into(),
            http_method: HttpMethod::Get,
            path: PathTemplate {
                text: "/things/search".into(),
                parts: vec![PathPart::Literal("/things/search".into())],
            },
            summary: None,
            doc: None,
            deprecated: false,
            status: None,
            area: names::area_module("thing"),
            required_params: Vec::new(),
            optional_params: params.iter().map(|(w, t)| param(w, t.clone())).collect(),
            body: None,
            response,
            builder_name: names::type_name("SearchThingsRequest"),
            params_struct: None,
            task: None,
        }
    }

    #[test]
    fn pages_by_parameters_and_an_array_result() {
        let things = ResponseShape::Single(Payload::Json(TypeRef::Vec(Box::new(TypeRef::Named(
            TypeId(0),
        )))));
        let limit_offset = [("limit", TypeRef::I64), ("offset", TypeRef::I64)];
        let op = operation(&limit_offset, things.clone());
        let found = paging(&op).map(|p| (p.style, p.item.clone()));
        assert_eq!(
            found,
            Some((PageStyle::LimitOffset, TypeRef::Named(TypeId(0))))
        );

        let both = [
            ("page", TypeRef::I64),
            ("per_page", TypeRef::I64),
            ("limit", TypeRef::I64),
            ("offset", TypeRef::I64),
        ];
        let op = operation(&both, things.clone());
        assert_eq!(paging(&op).map(|p| p.style), Some(PageStyle::LimitOffset));
        let op = operation(&both[..2], things.clone());
        assert_eq!(paging(&op).map(|p| p.style), Some(PageStyle::PagePerPage));

        // Half a pair, a string `limit`, or a result that is not an array: no paging.
        assert_eq!(paging(&operation(&limit_offset[..1], things.clone())), None);
        let text_limit = [("limit", TypeRef::String), ("offset", TypeRef::I64)];
        assert_eq!(paging(&operation(&text_limit, things)), None);
        let one = ResponseShape::Single(Payload::Json(TypeRef::Named(TypeId(0))));
        assert_eq!(paging(&operation(&limit_offset, one)), None);
    }
}
