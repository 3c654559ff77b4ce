//! Encoding support for the generated models: a struct's fields written one at a time.
//!
//! Generated models implement `Serialize` with [`Fields`] instead of `#[derive(Serialize)]`:
//! one generic call per field compiles far faster than serde's derived code for the ~500
//! models of the full API (the mirror of [`crate::de::object`]).

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// A struct being written: fields given one at a time, `None` fields left out.
#[doc(hidden)]
pub struct Fields<S: Serializer>(S::SerializeStruct);

impl<S: Serializer> Fields<S> {
    /// Starts struct `name` of which `present` fields will be written (the `None` ones are
    /// not counted, as serde requires).
    pub fn start(serializer: S, name: &'static str, present: usize) -> Result<Self, S::Error> {
        serializer.serialize_struct(name, present).map(Fields)
    }

    /// Writes a required field.
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, value)
    }

    /// Writes an optional field, or leaves it out when it is `None`.
    pub fn optional<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.0.serialize_field(key, value),
            None => self.0.skip_field(key),
        }
    }

    /// Ends the struct.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// How many of the optional fields are set.
#[doc(hidden)]
pub fn present(set: &[bool]) -> usize {
    set.iter().filter(|set| **set).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Sample {
        name: String,
        count: Option<i64>,
        tags: Option<Vec<String>>,
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let optional = present(&[self.count.is_some(), self.tags.is_some()]);
            let mut fields = Fields::start(serializer, "Sample", optional + 1)?;
            fields.field("name", &self.name)?;
            fields.optional("count", &self.count)?;
            fields.optional("tags", &self.tags)?;
            fields.end()
        }
    }

    #[test]
    fn none_fields_are_left_out_and_not_counted() -> Result<(), serde_json::Error> {
        let sample = Sample {
            name: "a".into(),
            count: None,
            tags: Some(vec!["x".into()]),
        };
        assert_eq!(
            serde_json::to_value(&sample)?,
            json!({"name": "a", "tags": ["x"]})
        );
        assert_eq!(present(&[true, false, true]), 2);
        Ok(())
    }
}
