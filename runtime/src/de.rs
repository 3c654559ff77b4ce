//! Decoding support for the generated models: a JSON object read field by field as it streams
//! in, with no intermediate tree.
//!
//! A received model implements [`Object`] (one `match` on the property name, one helper call
//! per field) and `Deserialize` by calling [`object`]. The helpers are small generic functions
//! shared by every model, so the ~500 models of the full API compile far faster than serde's
//! derived visitors would, and decode as fast. What the decoding guarantees:
//!
//! - a property this version of the SDK does not know is skipped, and a missing one is `None`
//!   (every field of a received model is an `Option`);
//! - an error names the field, as a path from the outermost model
//!   (``field `dialect.name`: invalid type: ...``);
//! - *lenient scalars*, as Looker's own SDKs are lenient: a `String` field also accepts a JSON
//!   number (kept as its decimal text: an integer as written, any other number as Rust prints
//!   the `f64`, e.g. `1.5`), and an integer (`i32`, `i64`) or `f64` field also accepts a JSON
//!   string holding such a number exactly as Rust's `str::parse` reads it (no spaces; an
//!   integer field takes no fraction, `f64` fields no `NaN` or infinity). Everything else (a
//!   boolean for a string, a fraction for an integer, a number inside an array of strings)
//!   is an error.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A model decoded from a JSON object, one property at a time.
#[doc(hidden)]
pub trait Object: Default {
    /// The model's name, for errors (`expected a DbConnection object`).
    const NAME: &'static str;

    /// Reads the value of property `key` from `map` into its field; skips properties the model
    /// does not have.
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes the JSON object in `deserializer` as a `T`.
#[doc(hidden)]
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Key(key)) = map.next_key()? {
            if let Err(error) = value.field(&key, &mut map) {
                return Err(naming_the_property(error, &key, T::NAME));
            }
        }
        Ok(value)
    }
}

/// A property name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Reads field `key` as a `T` (`null` is `None`).
#[doc(hidden)]
pub fn value<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value().map_err(|e| in_field(key, e))?;
    Ok(())
}

/// Reads field `key` as a scalar, leniently (see the module docs).
#[doc(hidden)]
pub fn scalar<'de, T: Scalar, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map
        .next_value_seed(Lenient(PhantomData))
        .map_err(|e| in_field(key, e))?;
    Ok(())
}

/// Skips the value of a property the model does not have; while a `Strictly` lives, refuses
/// it instead (the test kit's check that an answer fits its model).
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    if STRICT.with(Cell::get) {
        return Err(A::Error::custom(NOT_IN_MODEL));
    }
    map.next_value::<IgnoredAny>().map(|_| ())
}

thread_local! {
    /// Whether [`skip`] refuses unknown properties on this thread (set by [`Strictly`]).
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// What [`skip`] says in strict mode; [`ObjectVisitor`] names the property and model.
const NOT_IN_MODEL: &str = "a property the model does not have";

/// `error`, naming `key` and `model` when it is [`skip`]'s strict refusal. Out of line and
/// generic only over the error type, so that the ~500 models' visitors share one copy.
#[cold]
#[inline(never)]
fn naming_the_property<E: Error>(error: E, key: &str, model: &str) -> E {
    if error.to_string().starts_with(NOT_IN_MODEL) {
        E::custom(format_args!("`{key}` is not a property of {model}"))
    } else {
        error
    }
}

/// While alive, every model decoded on this thread refuses properties it does not have: how the
/// test kit's clients decode, so that a stand-in's answer that the document would not give is
/// an error. Not generic, so that each decoded type does not carry a copy.
pub(crate) struct Strictly {
    before: bool,
}

impl Strictly {
    /// Strict decoding from now until the value is dropped.
    pub(crate) fn begin() -> Self {
        Strictly {
            before: STRICT.with(|strict| strict.replace(true)),
        }
    }
}

impl Drop for Strictly {
    fn drop(&mut self) {
        STRICT.with(|strict| strict.set(self.before));
    }
}

/// `error` prefixed with the field it is about: ``field `key`: ...``, or
/// ``field `key.inner`: ...`` when it is already about a field of a nested model. The position
/// the JSON parser appended to the inner message is dropped: the parser appends it again to
/// the outermost error.
fn in_field<E: Error>(key: &str, error: E) -> E {
    let message = error.to_string();
    let message = without_position(&message);
    match message.strip_prefix("field `") {
        Some(inner) => E::custom(format_args!("field `{key}.{inner}")),
        None => E::custom(format_args!("field `{key}`: {message}")),
    }
}

/// `message` without a trailing ` at line N column M`.
fn without_position(message: &str) -> &str {
    let Some(at) = message.rfind(" at line ") else {
        return message;
    };
    let mut words = message[at + " at line ".len()..].split(' ');
    let is_number = |word: Option<&str>| word.is_some_and(|w| w.parse::<u64>().is_ok());
    let positioned = is_number(words.next())
        && words.next() == Some("column")
        && is_number(words.next())
        && words.next().is_none();
    if positioned {
        &message[..at]
    } else {
        message
    }
}

/// A field type decoded leniently: from its own JSON form or the other one of string and
/// number.
#[doc(hidden)]
pub trait Scalar: Sized {
    /// What the field takes, for errors.
    const EXPECTING: &'static str;
    /// From a JSON string.
    fn from_str<E: Error>(text: &str) -> Result<Self, E>;
    /// From a JSON integer.
    fn from_i64<E: Error>(number: i64) -> Result<Self, E>;
    /// From a JSON integer above `i64::MAX`.
    fn from_u64<E: Error>(number: u64) -> Result<Self, E>;
    /// From a JSON number with a fraction or exponent.
    fn from_f64<E: Error>(number: f64) -> Result<Self, E>;
}

impl Scalar for String {
    const EXPECTING: &'static str = "a string (or a number)";

    fn from_str<E: Error>(text: &str) -> Result<Self, E> {
        Ok(text.to_owned())
    }

    fn from_i64<E: Error>(number: i64) -> Result<Self, E> {
        Ok(number.to_string())
    }

    fn from_u64<E: Error>(number: u64) -> Result<Self, E> {
        Ok(number.to_string())
    }

    fn from_f64<E: Error>(number: f64) -> Result<Self, E> {
        Ok(number.to_string())
    }
}

/// `Scalar` for an integer type: whole JSON numbers in range, or a string holding one.
macro_rules! integer_scalar {
    ($($t:ty: $expecting:literal),*) => {$(
        impl Scalar for $t {
            const EXPECTING: &'static str = $expecting;

            fn from_str<E: Error>(text: &str) -> Result<Self, E> {
                text.parse().map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Str(text), &Self::EXPECTING)
                })
            }

            fn from_i64<E: Error>(number: i64) -> Result<Self, E> {
                <$t>::try_from(number).map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Signed(number), &Self::EXPECTING)
                })
            }

            fn from_u64<E: Error>(number: u64) -> Result<Self, E> {
                <$t>::try_from(number).map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Unsigned(number), &Self::EXPECTING)
                })
            }

            fn from_f64<E: Error>(number: f64) -> Result<Self, E> {
                Err(E::invalid_type(serde::de::Unexpected::Float(number), &Self::EXPECTING))
            }
        }
    )*};
}

integer_scalar!(
    i32: "a 32-bit integer (or a string holding one)",
    i64: "a 64-bit integer (or a string holding one)"
);

impl Scalar for f64 {
    const EXPECTING: &'static str = "a number (or a string holding one)";

    fn from_str<E: Error>(text: &str) -> Result<Self, E> {
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(number),
            _ => Err(E::invalid_value(
                serde::de::Unexpected::Str(text),
                &Self::EXPECTING,
            )),
        }
    }

    fn from_i64<E: Error>(number: i64) -> Result<Self, E> {
        Ok(number as f64)
    }

    fn from_u64<E: Error>(number: u64) -> Result<Self, E> {
        Ok(number as f64)
    }

    fn from_f64<E: Error>(number: f64) -> Result<Self, E> {
        Ok(number)
    }
}

/// Decodes an `Option<T>` leniently.
struct Lenient<T>(PhantomData<T>);

impl<'de, T: Scalar> DeserializeSeed<'de> for Lenient<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Scalar> Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Option<T>, E> {
        T::from_str(text).map(Some)
    }

    fn visit_i64<E: Error>(self, number: i64) -> Result<Option<T>, E> {
        T::from_i64(number).map(Some)
    }

    fn visit_u64<E: Error>(self, number: u64) -> Result<Option<T>, E> {
        T::from_u64(number).map(Some)
    }

    fn visit_f64<E: Error>(self, number: f64) -> Result<Option<T>, E> {
        T::from_f64(number).map(Some)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        name: Option<String>,
        count: Option<i64>,
        small: Option<i32>,
        ratio: Option<f64>,
        tags: Option<Vec<String>>,
        inner: Option<Box<Sample>>,
    }

    impl Object for Sample {
        const NAME: &'static str = "Sample";

        fn field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "name" => scalar(map, key, &mut self.name),
                "count" => scalar(map, key, &mut self.count),
                "small" => scalar(map, key, &mut self.small),
                "ratio" => scalar(map, key, &mut self.ratio),
                "tags" => value(map, key, &mut self.tags),
                "inner" => value(map, key, &mut self.inner),
                _ => skip(map),
            }
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    fn decode(text: &str) -> Result<Sample, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn missing_fields_are_none_and_unknown_ones_skipped() {
        let sample =
            decode(r#"{"name": "a", "count": null, "extra": [1, {"x": 2}], "z\u0041": 1}"#);
        assert_eq!(
            sample,
            Ok(Sample {
                name: Some("a".into()),
                ..Sample::default()
            })
        );
        assert_eq!(decode("{}"), Ok(Sample::default()));
        // Escaped property names are matched too.
        assert_eq!(
            decode(r#"{"n\u0061me": "b"}"#).map(|s| s.name),
            Ok(Some("b".into()))
        );
    }

    #[test]
    fn scalars_are_lenient_between_string_and_number() {
        let sample =
            decode(r#"{"name": 17, "count": "-42", "small": "7", "ratio": "2.5", "tags": ["x"]}"#);
        assert_eq!(
            sample,
            Ok(Sample {
                name: Some("17".into()),
                count: Some(-42),
                small: Some(7),
                ratio: Some(2.5),
                tags: Some(vec!["x".into()]),
                inner: None,
            })
        );
        let numbers = decode(r#"{"name": 1.5, "count": 9007199254740993, "ratio": 3}"#).unwrap();
        assert_eq!(numbers.name.as_deref(), Some("1.5"));
        assert_eq!(numbers.count, Some(9007199254740993));
        assert_eq!(numbers.ratio, Some(3.0));
        assert_eq!(
            decode(r#"{"name": 18446744073709551615}"#)
                .unwrap()
                .name
                .as_deref(),
            Some("18446744073709551615")
        );
    }

    #[test]
    fn what_leniency_does_not_accept_is_an_error_naming_the_field() {
        let cases = [
            (
                r#"{"count": "4.5"}"#,
                "field `count`: invalid value: string \"4.5\"",
            ),
            (
                r#"{"count": " 4"}"#,
                "field `count`: invalid value: string \" 4\"",
            ),
            (
                r#"{"count": 4.5}"#,
                "field `count`: invalid type: floating point `4.5`",
            ),
            (
                r#"{"small": 3000000000}"#,
                "field `small`: invalid value: integer `3000000000`",
            ),
            (
                r#"{"ratio": "NaN"}"#,
                "field `ratio`: invalid value: string \"NaN\"",
            ),
            (
                r#"{"ratio": "many"}"#,
                "field `ratio`: invalid value: string \"many\"",
            ),
            (
                r#"{"name": true}"#,
                "field `name`: invalid type: boolean `true`, expected a string (or a number)",
            ),
            (r#"{"name": {}}"#, "field `name`: invalid type: map"),
            (
                r#"{"tags": ["a", 1]}"#,
                "field `tags`: invalid type: integer `1`, expected a string",
            ),
        ];
        for (text, expected) in cases {
            let error = decode(text).unwrap_err();
            assert!(error.starts_with(expected), "{text}: {error}");
        }
    }

    #[test]
    fn errors_name_the_path_and_one_position() {
        let error =
            decode("{\"name\": \"a\",\n \"inner\": {\"inner\": {\"count\": true}}}").unwrap_err();
        assert_eq!(
            error,
            "field `inner.inner.count`: invalid type: boolean `true`, \
             expected a 64-bit integer (or a string holding one) at line 2 column 37"
        );
        // The position is where the outermost model gave up: right after the bad value here.
        let error = decode(r#"{"name": "a", "count": true, "small": 1}"#).unwrap_err();
        assert!(error.ends_with("at line 1 column 27"), "{error}");
        let error = decode(r#"[1]"#).unwrap_err();
        assert_eq!(
            error,
            "invalid type: sequence, expected a Sample object at line 1 column 0"
        );
        let error = decode(r#"{"name": "a", "count": 1"#).unwrap_err();
        assert_eq!(error, "EOF while parsing an object at line 1 column 24");
    }

    #[test]
    fn a_message_keeps_text_that_only_looks_like_a_position() {
        assert_eq!(without_position("bad at line 3 column 4"), "bad");
        assert_eq!(
            without_position("bad at line three column 4"),
            "bad at line three column 4"
        );
        assert_eq!(
            without_position("bad at line 3 column 4 then"),
            "bad at line 3 column 4 then"
        );
        assert_eq!(without_position("plain"), "plain");
    }
}
