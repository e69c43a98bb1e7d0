//! JSON decoding of the handwritten unions: one-pass variant selection.
//!
//! A union ([`crate::model::unions`]) reads its object's entries until it meets the
//! discriminator (`provider`, `event`, `type`; in the API's responses it
//! comes first or second), keeping the few entries before it, and then
//! decodes the chosen variant from those entries followed by the rest of the
//! object, straight from the input: no buffering of the whole object, no
//! second pass, no trying of variant after variant. Because the variant reads
//! the live input, a decoding error inside it carries its full JSON path.
//!
//! The union asks for its object with `deserialize_struct`, under a name the
//! tolerant decoder of `crate::decode` knows: serde_json reads it like a map,
//! the tolerant decoder gives the tag first (so nothing but the tag is
//! replayed) and learns the variant's schema name for its reports. A tag the
//! union does not know is marked for the observations.

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::Value;

/// A union whose variant is named by one string field of its object.
pub(crate) trait TaggedUnion: Sized {
    /// The discriminator field.
    const TAG: &'static str;
    /// `[TAG]`: the union asks for its object as a struct with this one
    /// field, so that the tolerant decoder gives the tag first.
    const FIELDS: &'static [&'static str];
    /// The struct name it asks with: [`crate::decode::UNION_PREFIX`] and
    /// the union's schema name.
    const STRUCT_NAME: &'static str;
    /// The union's schema name (`UserProfile`).
    const SCHEMA: &'static str;
    /// What the union is, for "expected ..." messages.
    const EXPECTING: &'static str;
    /// The tag value as this union spells it, if a variant has it.
    fn known(tag: &str) -> Option<&'static str>;
    /// Decodes the variant `tag` names from the object's entries.
    fn decode_variant<'de, M: MapAccess<'de>>(
        tag: &'static str,
        map: Replay<'de, M>,
    ) -> Result<Self, M::Error>;
    /// A value with an unknown or missing tag, kept as received.
    fn unknown(value: Value) -> Self;
}

/// Decodes a [`TaggedUnion`] from a JSON object in one pass.
pub(crate) fn union<'de, U: TaggedUnion, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<U, D::Error> {
    // serde_json reads a struct from an object as it reads a map.
    deserializer.deserialize_struct(U::STRUCT_NAME, U::FIELDS, UnionVisitor::<U>(PhantomData))
}

struct UnionVisitor<U>(PhantomData<U>);

impl<'de, U: TaggedUnion> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(U::EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<U, M::Error> {
        let mut before: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            if key != U::TAG {
                before.push((key, value));
                continue;
            }
            let known = value.as_str().and_then(U::known);
            before.push((key, value));
            return match known {
                Some(tag) => U::decode_variant(
                    tag,
                    Replay {
                        before: before.into_iter(),
                        value: None,
                        live: map,
                        lifetime: PhantomData,
                    },
                ),
                None => {
                    crate::decode::unknown_variant(
                        U::SCHEMA,
                        before.last().and_then(|(_, v)| v.as_str()),
                    );
                    let mut object: serde_json::Map<String, Value> = before.into_iter().collect();
                    while let Some((key, value)) = map.next_entry::<String, Value>()? {
                        object.insert(key, value);
                    }
                    Ok(U::unknown(Value::Object(object)))
                }
            };
        }
        crate::decode::unknown_variant(U::SCHEMA, None);
        Ok(U::unknown(Value::Object(before.into_iter().collect())))
    }
}

/// The entries read before the tag (and the tag itself), then the rest of
/// the object from the input.
pub(crate) struct Replay<'de, M> {
    before: std::vec::IntoIter<(String, Value)>,
    /// A replayed entry's key and value, between `next_key` and `next_value`.
    value: Option<(String, Value)>,
    live: M,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for Replay<'de, M> {
    type Error = M::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, M::Error> {
        match self.before.next() {
            Some((key, value)) => {
                let result = seed.deserialize(key.as_str().into_deserializer()).map(Some);
                self.value = Some((key, value));
                result
            }
            None => self.live.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        match self.value.take() {
            // The tolerant decoder gives the tag first, so only the tag is
            // replayed there.
            Some((_, value)) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.live.next_value_seed(seed),
        }
    }
}

/// Decodes variant `T` of a union from the replayed map.
pub(crate) fn variant<'de, T: de::Deserialize<'de>, M: MapAccess<'de>>(
    map: Replay<'de, M>,
) -> Result<T, M::Error> {
    T::deserialize(Variant(map))
}

/// The replayed map as a deserializer that tells the decode which variant
/// (its schema name) it decodes, for the locations of its fields.
struct Variant<'de, M>(Replay<'de, M>);

impl<'de, M: MapAccess<'de>> Deserializer<'de> for Variant<'de, M> {
    type Error = M::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, M::Error> {
        MapAccessDeserializer::new(self.0).deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, M::Error> {
        crate::decode::enter_variant(name);
        visitor.visit_map(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::TaggedUnion;

    #[test]
    fn unions_ask_with_the_name_the_tolerant_decoder_knows() {
        let name = <crate::UserProfile as TaggedUnion>::STRUCT_NAME;
        assert_eq!(
            name.strip_prefix(crate::decode::UNION_PREFIX),
            Some("UserProfile")
        );
    }
}
