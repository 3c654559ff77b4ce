//! A memory budget for decoding an answer: what keeps a small answer from decoding to a huge
//! amount of memory (`[{},{},…]`: three bytes a model of over a kilobyte).
//!
//! [`decode`] runs a `Deserialize` through [`Charged`], a deserializer that passes everything to
//! the JSON parser and charges the budget, as each element of an array and each entry of an
//! object is decoded, the size of the Rust value it becomes (`size_of` of the element type:
//! a model costs its size, a `String` 24 bytes, a `serde_json::Value` its enum). Text and
//! numbers cost what their bytes do, so the budget bounds what the answer takes in memory
//! beyond its own bytes. Once it is spent, decoding stops with an error.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};

/// The bytes an answer may still decode to.
pub(crate) struct Budget {
    left: Cell<u64>,
    spent: Cell<bool>,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub(crate) fn new(limit: u64) -> Self {
        Budget {
            left: Cell::new(limit),
            spent: Cell::new(false),
        }
    }

    /// Whether decoding stopped because the budget ran out.
    pub(crate) fn is_spent(&self) -> bool {
        self.spent.get()
    }

    /// Takes `bytes` from the budget, or fails once it is spent.
    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX).max(1);
        match self.left.get().checked_sub(bytes) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.spent.set(true);
                Err(E::custom("the answer decodes to more memory than allowed"))
            }
        }
    }
}

/// Decodes a `T` from `deserializer`, charging `budget` for every element and entry.
pub(crate) fn decode<'de, T, D>(deserializer: D, budget: &Budget) -> Result<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(Charged {
        inner: deserializer,
        budget,
    })
}

/// Decodes the JSON text `body` as a `T` as [`serde_json::from_slice`] does, charging `budget`.
pub(crate) fn from_slice<T: de::DeserializeOwned>(
    body: &[u8],
    budget: &Budget,
) -> serde_json::Result<T> {
    let mut parser = serde_json::Deserializer::from_slice(body);
    let value = decode(&mut parser, budget)?;
    parser.end()?;
    Ok(value)
}

/// Decodes `body` as the runtime decodes an answer, within `limit` bytes of memory (for the
/// decoding benchmark, `scripts/bench-decode.sh`); not a stable API.
#[doc(hidden)]
pub fn decode_within<T: de::DeserializeOwned>(body: &[u8], limit: u64) -> serde_json::Result<T> {
    from_slice(body, &Budget::new(limit))
}

/// A deserializer, visitor, seed or access that charges `budget` for what it decodes.
struct Charged<'b, X> {
    inner: X,
    budget: &'b Budget,
}

impl<'b, X> Charged<'b, X> {
    fn wrap<Y>(&self, inner: Y) -> Charged<'b, Y> {
        Charged {
            inner,
            budget: self.budget,
        }
    }
}

/// Forwards `deserialize_*` methods to the inner deserializer with a charged visitor.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.wrap(visitor);
            self.inner.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Charged<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_seq(), deserialize_map(),
        deserialize_identifier(), deserialize_ignored_any(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Forwards `visit_*` methods of scalars to the inner visitor.
macro_rules! forward_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        #[inline]
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Charged<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let seq = self.wrap(seq);
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let map = self.wrap(map);
        self.inner.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let data = self.wrap(data);
        self.inner.visit_enum(data)
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Charged<'_, S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner.deserialize(deserializer)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Charged<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let seed = self.wrap(seed);
        let element = self.inner.next_element_seed(seed)?;
        if element.is_some() {
            self.budget.charge(std::mem::size_of::<S::Value>())?;
        }
        Ok(element)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Charged<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let seed = self.wrap(seed);
        self.inner.next_key_seed(seed)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let seed = self.wrap(seed);
        let value = self.inner.next_value_seed(seed)?;
        self.budget.charge(std::mem::size_of::<V::Value>())?;
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 'b, A: EnumAccess<'de>> EnumAccess<'de> for Charged<'b, A> {
    type Error = A::Error;
    type Variant = Charged<'b, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let budget = self.budget;
        let seed = self.wrap(seed);
        let (value, inner) = self.inner.variant_seed(seed)?;
        Ok((value, Charged { inner, budget }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Charged<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.wrap(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let visitor = self.wrap(visitor);
        self.inner.tuple_variant(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = self.wrap(visitor);
        self.inner.struct_variant(fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_str<T: serde::de::DeserializeOwned>(
        json: &str,
        limit: u64,
    ) -> (Result<T, serde_json::Error>, bool) {
        let budget = Budget::new(limit);
        let mut parser = serde_json::Deserializer::from_str(json);
        let result =
            decode::<T, _>(&mut parser, &budget).and_then(|value| parser.end().map(|()| value));
        (result, budget.is_spent())
    }

    #[test]
    fn elements_and_entries_are_charged_their_size_in_memory() {
        let (ok, spent) = decode_str::<Vec<String>>(r#"["a","b","c"]"#, 72);
        assert_eq!(
            ok.ok(),
            Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
        );
        assert!(!spent);
        let (over, spent) = decode_str::<Vec<String>>(r#"["a","b","c"]"#, 71);
        assert!(over.is_err() && spent);
        let value_size = std::mem::size_of::<serde_json::Value>() as u64;
        let (nested, spent) = decode_str::<serde_json::Value>(r#"{"a":[{},{}]}"#, 3 * value_size);
        assert!(nested.is_ok() && !spent, "{nested:?}");
        let (nested, spent) =
            decode_str::<serde_json::Value>(r#"{"a":[{},{}]}"#, 3 * value_size - 1);
        assert!(nested.is_err() && spent);
    }

    #[test]
    fn decoding_through_the_budget_gives_the_same_values() {
        let json = r#"{"s":"x\u00e9","n":-1.5e3,"i":18446744073709551615,"b":true,"z":null,"l":[1,[2,{}]]}"#;
        let (charged, _) = decode_str::<serde_json::Value>(json, u64::MAX);
        let plain: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(charged.unwrap(), plain);
    }
}
