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
//! The entries before the tag are kept as their JSON text, borrowed from the
//! input (keys too, unless escaped), and replayed through serde_json's own
//! reader: nothing is allocated, and the variant's fields decode with the
//! same code as everywhere else on the fast path (a second decoder, over
//! `serde_json::Value`, would be compiled for every field of every variant).
//! A deserializer that hands out no text (a `Value`'s, the tolerant
//! decoder's) gives values instead: the tolerant decoder gives the tag first,
//! so only the tag is replayed there (as its JSON text); otherwise the
//! object is re-encoded and decoded again from its text.
//!
//! The union asks for its object with `deserialize_struct`, under a name the
//! tolerant decoder (`tolerant.rs`) knows: serde_json reads it like a map,
//! the tolerant decoder gives the tag first and learns the variant's schema
//! name for its reports. A tag the union does not know is recorded as a
//! finding (`scope.rs`).

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer};
use serde::de::{MapAccess, Visitor};
use serde_json::Value;

use super::union_entries::{Entries, Kept, KeptSeed, Key, Texts};

/// A union whose variant is named by one string field of its object.
pub(crate) trait TaggedUnion: DeserializeOwned {
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
    /// The tag value as JSON text (`"LINKEDIN"`, quotes included), if a
    /// variant has it.
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
        let mut before = Entries::default();
        while let Some(Key(key)) = map.next_key_seed(PhantomData::<Key<'de>>)? {
            let value = map.next_value_seed(KeptSeed)?;
            if key != U::TAG {
                before.add(key, value);
                continue;
            }
            let Some(json) = value.tag().as_deref().and_then(U::known) else {
                super::scope::unknown_variant(U::SCHEMA, value.tag().as_deref());
                before.add(key, value);
                return rest_as_value(before, map).map(U::unknown);
            };
            // The tag as its JSON text: the variant reads it like any entry.
            before.add(key, Kept::Text(json));
            // `"LINKEDIN"` without its quotes.
            let tag = &json[1..json.len() - 1];
            return match before.texts() {
                Some(texts) => U::decode_variant(
                    tag,
                    Replay {
                        left: texts.len(),
                        texts,
                        next: 0,
                        due: false,
                        live: map,
                    },
                ),
                // Values, not text: the object again, as text.
                None => {
                    let object = rest_as_value(before, map)?;
                    serde_json::from_str(&object.to_string()).map_err(de::Error::custom)
                }
            };
        }
        super::scope::unknown_variant(U::SCHEMA, None);
        Ok(U::unknown(Value::Object(before.into_map())))
    }
}

/// The entries read so far and the rest of the object, as a `Value`.
fn rest_as_value<'de, M: MapAccess<'de>>(
    before: Entries<'de>,
    mut map: M,
) -> Result<Value, M::Error> {
    let mut object = before.into_map();
    while let Some((key, value)) = map.next_entry::<String, Value>()? {
        object.insert(key, value);
    }
    Ok(Value::Object(object))
}

/// The entries read before the tag (and the tag itself) as JSON text, then
/// the rest of the object from the input.
pub(crate) struct Replay<'de, M> {
    texts: Texts<'de>,
    /// How many kept entries are still to replay: every entry of the
    /// object passes through here, and the live ones check only this.
    left: usize,
    /// The kept entry to replay next.
    next: usize,
    /// Its key has been handed out; its value is due.
    due: bool,
    live: M,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for Replay<'de, M> {
    type Error = M::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, M::Error> {
        if self.left == 0 {
            return self.live.next_key_seed(seed);
        }
        let Some((key, _)) = self.texts.get(self.next) else {
            return self.live.next_key_seed(seed);
        };
        self.due = true;
        seed.deserialize(key.as_ref().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        if !self.due {
            return self.live.next_value_seed(seed);
        }
        let Some(&(_, text)) = self.texts.get(self.next) else {
            return self.live.next_value_seed(seed);
        };
        self.due = false;
        self.next += 1;
        self.left -= 1;
        // serde_json's reader, as for every other entry of the object.
        let mut reader = serde_json::Deserializer::from_str(text);
        seed.deserialize(&mut reader).map_err(de::Error::custom)
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
        super::scope::enter_variant(name);
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
