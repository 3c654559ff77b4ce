//! Property tests of the response decoders: arbitrary bytes and arbitrary JSON, as a 2xx
//! answer decoded into generated models, `serde_json::Value`, text or [`Content`], and as a
//! non-2xx answer read as Looker's error JSON, end in a value or a typed error, never in a
//! panic; an error names the status and quotes at most an excerpt of the body.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::call::{AnyContent, Decode, Json, Text};
use crate::error::{ApiError, Error};
use crate::response::Response;
use crate::test_model::Connection as DbConnection;
use crate::Content;

/// Content types a server may send, right or wrong.
fn content_type() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just("application/json; charset=utf-8".to_owned()),
        Just("text/html".to_owned()),
        Just("text/plain".to_owned()),
        Just("image/png".to_owned()),
        Just("application/vnd.looker+json".to_owned()),
        "[ -~]{0,30}",
    ])
}

/// Any JSON value, with the keys of `DbConnection` (and its nested `dialect`) among the object
/// keys, so that typed fields meet values of every type.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("name".to_owned()),
        Just("host".to_owned()),
        Just("port".to_owned()),
        Just("dialect".to_owned()),
        Just("label".to_owned()),
        Just("pdts_enabled".to_owned()),
        Just("max_connections".to_owned()),
        Just("user_attribute_fields".to_owned()),
        Just("pdt_context_override".to_owned()),
        Just("created_at".to_owned()),
        Just("message".to_owned()),
        Just("errors".to_owned()),
        Just("field".to_owned()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Decodes with `D` into `T`; an error must be a decode error of this answer.
fn decode<T, D: Decode<T>>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<T>, TestCaseError> {
    let answer = Response::from_parts(status, content_type, body.to_vec());
    match D::decode(answer) {
        Ok(value) => Ok(Some(value)),
        Err(Error::Decode {
            status: seen,
            excerpt,
            ..
        }) => {
            prop_assert_eq!(seen, status);
            prop_assert!(excerpt.chars().count() <= 201, "{}", excerpt);
            Ok(None)
        }
        Err(other) => Err(TestCaseError::fail(format!(
            "not a decode error: {other:?}"
        ))),
    }
}

/// Every decoder of a 2xx answer, and the error reader of a non-2xx one, on `body`.
fn all_decoders(status: u16, content_type: Option<&str>, body: &[u8]) -> Result<(), TestCaseError> {
    decode::<DbConnection, Json>(status, content_type, body)?;
    decode::<Vec<DbConnection>, Json>(status, content_type, body)?;
    decode::<Option<DbConnection>, Json>(status, content_type, body)?;
    decode::<Value, Json>(status, content_type, body)?;
    decode::<String, Text>(status, content_type, body)?;
    if let Some(content) = decode::<Content, AnyContent>(status, content_type, body)? {
        prop_assert_eq!(content.into_bytes(), body.to_vec());
    }
    let error = ApiError::from_body(status, "GET", "/connections", body);
    let text = error.to_string();
    prop_assert!(text.starts_with("GET /connections: "), "{}", text);
    if let Some(excerpt) = &error.body_excerpt {
        prop_assert!(excerpt.chars().count() <= 201, "{}", excerpt);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(
        status in prop_oneof![Just(200u16), Just(204u16), 100u16..600],
        content_type in content_type(),
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        all_decoders(status, content_type.as_deref(), &body)?;
    }

    #[test]
    fn arbitrary_json_decodes_or_fails_cleanly(
        value in any_json(),
        content_type in content_type(),
        cut in any::<prop::sample::Index>(),
    ) {
        let body = value.to_string().into_bytes();
        all_decoders(200, content_type.as_deref(), &body)?;
        // The same answer cut anywhere (a truncated body).
        let cut = cut.index(body.len() + 1);
        all_decoders(200, content_type.as_deref(), &body[..cut])?;
    }

    #[test]
    fn a_decoded_connection_encodes_and_decodes_to_itself(value in any_json()) {
        let Ok(connection) = serde_json::from_value::<DbConnection>(value) else {
            return Ok(());
        };
        let encoded = serde_json::to_vec(&connection).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = decode::<DbConnection, Json>(200, Some("application/json"), &encoded)?;
        prop_assert_eq!(again, Some(connection));
    }
}
