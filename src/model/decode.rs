//! JSON decoding: the handwritten unions' one-pass variant selection, and the
//! JSON path of a value that fails to decode.
//!
//! A union ([`crate::model::unions`]) reads its object's entries until it meets the
//! discriminator (`provider`, `event`, `type`; in the API's responses it
//! comes first or second), keeping the few entries before it, and then
//! decodes the chosen variant from those entries followed by the rest of the
//! object, straight from the input: no buffering of the whole object, no
//! second pass, no trying of variant after variant. Because the variant reads
//! the live input, a decoding error inside it carries its full JSON path.
//!
//! serde alone says "invalid type: null, expected a string at line 1 column
//! 812"; [`locate`] finds the path instead (`work_experience[0].start`).

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor,
};
use serde_json::Value;
use smallvec::SmallVec;

/// Marks a message with the key of a replayed entry.
const MARK: &str = "json path `";

/// A union whose variant is named by one string field of its object.
pub(crate) trait TaggedUnion: Sized {
    /// The discriminator field.
    const TAG: &'static str;
    /// What the union is, for "expected ..." messages.
    const EXPECTING: &'static str;
    /// The tag value as this union spells it, if a variant has it.
    fn known(tag: &str) -> Option<&'static str>;
    /// Decodes the variant `tag` names from the object's entries.
    fn decode_variant<'de, M: MapAccess<'de>>(tag: &'static str, map: M) -> Result<Self, M::Error>;
    /// A value with an unknown or missing tag, kept as received.
    fn unknown(value: Value) -> Self;
}

/// Decodes a [`TaggedUnion`] from a JSON object in one pass.
pub(crate) fn union<'de, U: TaggedUnion, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_map(UnionVisitor::<U>(PhantomData))
}

/// The entries read up to and including the tag: in the API's responses
/// `object` and the tag, so two fit without a heap allocation.
type Held<'de> = SmallVec<[(Cow<'de, str>, Entry<'de>); 2]>;

struct UnionVisitor<U>(PhantomData<U>);

impl<'de, U: TaggedUnion> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(U::EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<U, M::Error> {
        let mut held = Held::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(EntrySeed)?;
            if key != U::TAG {
                held.push((key, value));
                continue;
            }
            let known = match &value {
                Entry::Str(tag) => U::known(tag),
                Entry::Json(_) => None,
            };
            held.push((key, value));
            return match known {
                Some(tag) => U::decode_variant(
                    tag,
                    Replay {
                        held,
                        next: 0,
                        due: false,
                        live: map,
                    },
                ),
                None => {
                    let mut object = into_object(held);
                    while let Some((key, value)) = map.next_entry::<String, Value>()? {
                        object.insert(key, value);
                    }
                    Ok(U::unknown(Value::Object(object)))
                }
            };
        }
        Ok(U::unknown(Value::Object(into_object(held))))
    }
}

fn into_object(held: Held<'_>) -> serde_json::Map<String, Value> {
    held.into_iter()
        .map(|(key, value)| (key.into_owned(), value.into_value()))
        .collect()
}

/// A value read before the tag. Strings (`object`, the tag itself) stay
/// borrowed from the input when they have no escapes; anything else is a
/// `Value`.
enum Entry<'de> {
    Str(Cow<'de, str>),
    Json(Value),
}

impl Entry<'_> {
    fn into_value(self) -> Value {
        match self {
            Entry::Str(text) => Value::String(text.into_owned()),
            Entry::Json(value) => value,
        }
    }
}

/// Reads a key, borrowed from the input when it can be.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_str(EntryVisitor)
            .and_then(|entry| match entry {
                Entry::Str(key) => Ok(key),
                Entry::Json(_) => Err(de::Error::custom("a key that is not a string")),
            })
    }
}

/// Reads a value as an [`Entry`].
struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Entry<'de>, E> {
        Ok(Entry::Str(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Entry<'de>, E> {
        Ok(Entry::Str(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Entry<'de>, E> {
        Ok(Entry::Str(Cow::Owned(text)))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::from(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Entry<'de>, E> {
        Ok(Entry::Json(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, seq: S) -> Result<Entry<'de>, S::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Entry::Json)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Entry<'de>, M::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Entry::Json)
    }
}

/// The entries read up to the tag (and the tag itself), then the rest of
/// the object from the input. Every entry of the object passes through here,
/// so the live path is two comparisons.
struct Replay<'de, M> {
    held: Held<'de>,
    /// The held entry to replay next.
    next: usize,
    /// Its key has been handed out; its value is due.
    due: bool,
    live: M,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for Replay<'de, M> {
    type Error = M::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, M::Error> {
        let Some((key, _)) = self.held.get(self.next) else {
            return self.live.next_key_seed(seed);
        };
        self.due = true;
        seed.deserialize(key.as_ref().into_deserializer()).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        if !self.due {
            return self.live.next_value_seed(seed);
        }
        self.due = false;
        let Some((key, value)) = self.held.get_mut(self.next) else {
            return self.live.next_value_seed(seed);
        };
        self.next += 1;
        let decoded = match std::mem::replace(value, Entry::Json(Value::Null)) {
            Entry::Str(text) => seed.deserialize(HeldStr(text)).map_err(|e| e.to_string()),
            Entry::Json(value) => seed.deserialize(value).map_err(|e| e.to_string()),
        };
        // The input's path tracking never saw this entry: the key goes in
        // front of the message, and `locate` joins it to the path.
        decoded.map_err(|e| de::Error::custom(format!("{MARK}{key}`: {e}")))
    }
}

/// A held string replayed as a JSON string would be: borrowed when it can
/// be, `Some` for an `Option`, a unit variant for an enum.
struct HeldStr<'de>(Cow<'de, str>);

impl<'de> Deserializer<'de> for HeldStr<'de> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Cow::Borrowed(text) => {
                BorrowedStrDeserializer::new(text).deserialize_enum(name, variants, visitor)
            }
            Cow::Owned(text) => text
                .into_deserializer()
                .deserialize_enum(name, variants, visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// Decodes variant `T` of a union from the replayed map.
pub(crate) fn variant<'de, T: de::Deserialize<'de>, M: MapAccess<'de>>(
    map: M,
) -> Result<T, M::Error> {
    T::deserialize(MapAccessDeserializer::new(map))
}

/// Re-decodes `bytes` as `T` to find where decoding fails: `(path, message)`.
/// Only called on the error path, after a fast decode has failed.
pub(crate) fn locate<T: DeserializeOwned>(bytes: &[u8]) -> Option<(String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => None,
        Err(error) => Some(join(&error.path().to_string(), &error.inner().to_string())),
    }
}

/// Puts the key a replayed entry's error names (see [`Replay`]) at the end of
/// the path the input tracked: `("items[3]", "json path `title`: bad")` →
/// `("items[3].title", "bad")`.
fn join(outer: &str, message: &str) -> (String, String) {
    let mut path = outer.to_string();
    let mut message = message;
    while let Some((key, rest)) = message
        .strip_prefix(MARK)
        .and_then(|rest| rest.split_once("`: "))
    {
        path = match path.as_str() {
            "." => key.to_string(),
            _ => format!("{path}.{key}"),
        };
        message = rest;
    }
    (path, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joins_the_keys_of_replayed_entries() {
        assert_eq!(join("items[3]", "bad"), ("items[3]".into(), "bad".into()));
        assert_eq!(
            join("items[3]", "json path `title`: bad"),
            ("items[3].title".into(), "bad".into())
        );
        assert_eq!(
            join(".", "json path `a`: json path `b`: bad"),
            ("a.b".into(), "bad".into())
        );
    }
}
