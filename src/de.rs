//! Decoding support for the generated models: a JSON object's fields taken one at a time.
//!
//! Generated models implement `Deserialize` with [`Fields`] instead of `#[derive(Deserialize)]`:
//! one generic call per field compiles far faster than serde's derived visitors for the ~500
//! models of the full API, and an error names the field it is about.

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// The fields of one JSON object, taken out by name; fields never taken (unknown to this
/// version of the SDK) are ignored.
#[doc(hidden)]
pub struct Fields(Map<String, Value>);

impl Fields {
    /// Reads a JSON object from `deserializer`.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Fields)
    }

    /// Takes field `key` as a `T`: a missing field reads as `null` (so `Option` fields are
    /// `None`), and is an error naming the field for a required one.
    pub fn take<T: DeserializeOwned, E: Error>(&mut self, key: &'static str) -> Result<T, E> {
        match self.0.remove(key) {
            Some(value) => {
                T::deserialize(value).map_err(|e| E::custom(format_args!("field `{key}`: {e}")))
            }
            None => T::deserialize(Value::Null).map_err(|_| E::missing_field(key)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        count: Option<i64>,
        tags: Option<Vec<String>>,
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut fields = Fields::read(deserializer)?;
            Ok(Sample {
                name: fields.take("name")?,
                count: fields.take("count")?,
                tags: fields.take("tags")?,
            })
        }
    }

    #[test]
    fn missing_optional_fields_are_none_and_unknown_ones_ignored() {
        let sample: Sample =
            serde_json::from_value(json!({"name": "a", "count": null, "extra": [1]})).unwrap();
        assert_eq!(
            sample,
            Sample {
                name: "a".into(),
                count: None,
                tags: None
            }
        );
    }

    #[test]
    fn errors_name_the_field() {
        let err = serde_json::from_str::<Sample>(r#"{"name": "a", "count": "many"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("field `count`: invalid type: string \"many\""),
            "{err}"
        );
        let err = serde_json::from_str::<Sample>(r#"{"count": 1}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `name`"), "{err}");
        let err = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(err.to_string().contains("expected a map"), "{err}");
    }
}
