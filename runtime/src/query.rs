//! Query parameters and path segments as Looker reads them: values written as text, lists
//! comma-delimited, structured values as compact JSON, all percent-encoded.

/// A value that can be sent as a query parameter; `None` means "leave the parameter out".
#[doc(hidden)]
pub trait QueryValue {
    /// The parameter's text, before percent-encoding.
    fn to_query(&self) -> Option<String>;

    /// Why the value cannot be sent (`cannot be serialized: ...`), when it cannot.
    fn failure(&self) -> Option<String> {
        None
    }
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}
display_query_value!(str, String, bool, i32, i64, u32, u64, f32, f64);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query(&self) -> Option<String> {
        (**self).to_query()
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn to_query(&self) -> Option<String> {
        self.as_ref().and_then(QueryValue::to_query)
    }
}

/// Comma-delimited (`ids=1,2,3`), as Looker expects; an empty list is left out.
impl<T: QueryValue> QueryValue for [T] {
    fn to_query(&self) -> Option<String> {
        let items: Vec<String> = self.iter().filter_map(QueryValue::to_query).collect();
        (!items.is_empty()).then(|| items.join(","))
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn to_query(&self) -> Option<String> {
        self.as_slice().to_query()
    }
}

/// Strings are sent as they are, `null` is left out, anything else as compact JSON.
impl QueryValue for serde_json::Value {
    fn to_query(&self) -> Option<String> {
        match self {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// Percent-encodes one path segment (or query component): every UTF-8 byte outside the
/// RFC 3986 unreserved set `A-Z a-z 0-9 - . _ ~` becomes `%XX`.
#[doc(hidden)]
pub fn path_segment(value: impl std::fmt::Display) -> String {
    percent_encode(&value.to_string(), false)
}

/// `text` with its `%XX` escapes decoded (invalid escapes and UTF-8 kept as they are).
#[cfg(any(feature = "wait", feature = "testing"))]
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = (bytes[at] == b'%')
            .then(|| text.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded` encoding, as Python's `urllib.parse.quote_plus`.
pub(crate) fn form_encode(value: &str) -> String {
    percent_encode(value, true)
}

fn percent_encode(value: &str, space_as_plus: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' if space_as_plus => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}

/// A structured parameter value (an enum, an object, a list of them) as Looker reads it:
/// strings as they are, lists comma-delimited, anything else as compact JSON. A value that
/// fails to serialize makes the request fail (`Error::InvalidArgument`), not go without it.
#[doc(hidden)]
pub fn json_query<T: serde::Serialize + ?Sized>(value: &T) -> JsonQuery {
    JsonQuery(
        serde_json::to_value(value)
            .map(|value| match value {
                serde_json::Value::Array(items) => items.to_query(),
                other => other.to_query(),
            })
            .map_err(|e| e.to_string()),
    )
}

/// A structured parameter value written by [`json_query`], or why it could not be.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonQuery(std::result::Result<Option<String>, String>);

impl QueryValue for JsonQuery {
    fn to_query(&self) -> Option<String> {
        self.0.clone().ok().flatten()
    }

    fn failure(&self) -> Option<String> {
        self.0
            .as_ref()
            .err()
            .map(|e| format!("cannot be serialized: {e}"))
    }
}

/// A structured path parameter (an enum, an object, a list), written as [`json_query`]
/// writes it, then percent-encoded; empty when it fails to serialize, which the request
/// refuses like any empty path parameter.
#[doc(hidden)]
pub fn json_path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    path_segment(json_query(value).to_query().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(any(feature = "wait", feature = "testing"))]
    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%zz%4"), "a b%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn path_segment_encodes_everything_but_unreserved() {
        assert_eq!(path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(path_segment("my connection"), "my%20connection");
        assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("100%+&=,;:@"), "100%25%2B%26%3D%2C%3B%3A%40");
        assert_eq!(path_segment("ünï 😀"), "%C3%BCn%C3%AF%20%F0%9F%98%80");
        assert_eq!(path_segment(42), "42");
        assert_eq!(path_segment(""), "");
    }

    #[test]
    fn form_encoding_matches_quote_plus() {
        assert_eq!(form_encode("a b+c&d=e/é~"), "a+b%2Bc%26d%3De%2F%C3%A9~");
    }

    #[test]
    fn scalar_query_values() {
        assert_eq!("x y".to_query().as_deref(), Some("x y"));
        assert_eq!(String::from("s").to_query().as_deref(), Some("s"));
        assert_eq!(true.to_query().as_deref(), Some("true"));
        assert_eq!((-7i32).to_query().as_deref(), Some("-7"));
        assert_eq!(
            9_007_199_254_740_993i64.to_query().as_deref(),
            Some("9007199254740993")
        );
        assert_eq!(1.5f64.to_query().as_deref(), Some("1.5"));
        assert_eq!(2f32.to_query().as_deref(), Some("2"));
        assert_eq!((&&5i64).to_query().as_deref(), Some("5"));
    }

    #[test]
    fn optional_and_list_query_values() {
        assert_eq!(None::<i64>.to_query(), None);
        assert_eq!(Some("a").to_query().as_deref(), Some("a"));
        assert_eq!(vec![1i64, 2, 3].to_query().as_deref(), Some("1,2,3"));
        assert_eq!(
            [String::from("a"), String::from("b")][..]
                .to_query()
                .as_deref(),
            Some("a,b")
        );
        assert_eq!(Vec::<i64>::new().to_query(), None);
        assert_eq!(Some(vec!["x"]).to_query().as_deref(), Some("x"));
    }

    #[test]
    fn json_query_values() {
        use serde_json::json;
        assert_eq!(json!("plain").to_query().as_deref(), Some("plain"));
        assert_eq!(json!(null).to_query(), None);
        assert_eq!(
            json!({"a": [1, true]}).to_query().as_deref(),
            Some(r#"{"a":[1,true]}"#)
        );
        assert_eq!(json!(3).to_query().as_deref(), Some("3"));
        assert_eq!(
            json_query(&["daily", "weekly"]).to_query().as_deref(),
            Some("daily,weekly")
        );
        assert_eq!(json_query(&Vec::<String>::new()).to_query(), None);
        assert_eq!(
            json_query(&json!({"a": 1})).to_query().as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(json_path_segment(&[1, 2][..]), "1%2C2");
        assert_eq!(
            json_path_segment(&json!({"a": "b c"})),
            "%7B%22a%22%3A%22b%20c%22%7D"
        );
    }
}
