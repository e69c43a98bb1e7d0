//! The entries a union reads before its tag ([`super::union`]): each
//! value as its JSON text borrowed from the input where the deserializer
//! can hand it out (serde_json's readers), else as a `Value`; keys borrowed
//! unless escaped; two entries (`object` and the tag, in the API's
//! responses) kept without a heap allocation.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The name under which a deserializer is asked for a value's JSON text
/// (`serde_json::value::RawValue`'s; checked by a test below). serde_json's
/// readers answer with the text borrowed from the input, a `Value` with the
/// value re-encoded; any other deserializer reads the value as usual.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// A key, borrowed from the input unless escaped.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor).map(Key)
    }
}

/// A value read before the tag.
pub(crate) enum Kept<'de> {
    /// Its JSON text, from the input.
    Text(&'de str),
    /// The value, from a deserializer that hands out no borrowed text.
    Value(Value),
}

impl<'de> Kept<'de> {
    /// The string it holds, if it is one.
    pub(crate) fn tag(&self) -> Option<Cow<'_, str>> {
        match self {
            Kept::Text(text) => {
                let inner = text.strip_prefix('"')?.strip_suffix('"')?;
                match inner.contains('\\') {
                    false => Some(Cow::Borrowed(inner)),
                    true => serde_json::from_str::<String>(text).ok().map(Cow::Owned),
                }
            }
            Kept::Value(value) => value.as_str().map(Cow::Borrowed),
        }
    }

    fn into_value(self) -> Value {
        match self {
            // Text from serde_json's reader is JSON.
            Kept::Text(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            Kept::Value(value) => value,
        }
    }
}

/// Reads a value as [`Kept`]: its text when the deserializer hands it out.
pub(crate) struct KeptSeed;

impl<'de> DeserializeSeed<'de> for KeptSeed {
    type Value = Kept<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kept<'de>, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_TOKEN, KeptVisitor)
    }
}

struct KeptVisitor;

impl<'de> Visitor<'de> for KeptVisitor {
    type Value = Kept<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// serde_json's answer: one entry, `RAW_TOKEN` to the text. Any other
    /// map is an object.
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Kept<'de>, M::Error> {
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return Ok(Kept::Value(Value::Object(Map::new())));
        };
        if first != RAW_TOKEN {
            let mut object = Map::new();
            object.insert(first.into_owned(), map.next_value()?);
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
            return Ok(Kept::Value(Value::Object(object)));
        }
        match map.next_value::<Key<'de>>()?.0 {
            Cow::Borrowed(text) => Ok(Kept::Text(text)),
            // A `Value` re-encoded.
            Cow::Owned(text) => serde_json::from_str(&text)
                .map(Kept::Value)
                .map_err(de::Error::custom),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Kept<'de>, D::Error> {
        Value::deserialize(deserializer).map(Kept::Value)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Kept<'de>, S::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Kept::Value)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(Value::String(text.to_owned())))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(value.into()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Kept<'de>, E> {
        Ok(Kept::Value(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kept<'de>, D::Error> {
        Value::deserialize(deserializer).map(Kept::Value)
    }
}

/// A string, borrowed when the deserializer lends it.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// Items in order, the first two without a heap allocation.
pub(crate) struct Few<T> {
    first: [Option<T>; 2],
    more: Vec<T>,
}

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few {
            first: [None, None],
            more: Vec::new(),
        }
    }
}

impl<T> Few<T> {
    fn push(&mut self, item: T) {
        match self.first.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(item),
            None => self.more.push(item),
        }
    }

    /// How many items there are.
    pub(crate) fn len(&self) -> usize {
        self.first.iter().flatten().count() + self.more.len()
    }

    /// The item at `index`.
    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        match self.first.get(index) {
            Some(slot) => slot.as_ref(),
            None => self.more.get(index - self.first.len()),
        }
    }

    /// Every item, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.first.iter().flatten().chain(&self.more)
    }

    fn into_iter(self) -> impl Iterator<Item = T> {
        self.first.into_iter().flatten().chain(self.more)
    }
}

/// The entries read before the tag, and the tag.
pub(crate) type Entries<'de> = Few<(Cow<'de, str>, Kept<'de>)>;

/// The same entries, each value as its JSON text.
pub(crate) type Texts<'de> = Few<(Cow<'de, str>, &'de str)>;

impl<'de> Entries<'de> {
    /// Keeps an entry.
    pub(crate) fn add(&mut self, key: Cow<'de, str>, value: Kept<'de>) {
        self.push((key, value));
    }

    /// Every value as text, if each is (an escaped key is copied).
    pub(crate) fn texts(&self) -> Option<Texts<'de>> {
        let mut texts = Texts::default();
        for (key, kept) in self.iter() {
            let Kept::Text(text) = kept else {
                return None;
            };
            texts.push((key.clone(), *text));
        }
        Some(texts)
    }

    /// The entries as a JSON object.
    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.into_iter()
            .map(|(key, kept)| (key.into_owned(), kept.into_value()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers the name a deserializer is asked with, and nothing else.
    struct NameProbe;

    impl<'de> Deserializer<'de> for NameProbe {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a newtype"))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(name))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct seq tuple tuple_struct map
            struct enum identifier ignored_any
        }
    }

    #[test]
    fn the_token_is_the_one_serde_json_asks_a_raw_value_with() {
        let asked = <&serde_json::value::RawValue>::deserialize(NameProbe)
            .err()
            .map(|e| e.to_string());
        assert_eq!(asked.as_deref(), Some(RAW_TOKEN));
    }

    #[test]
    fn text_from_serde_json_value_from_a_value() {
        let json = r#"{"a": {"b": [1, "x"]}, "s": "t\u00e9"}"#;
        let mut reader = serde_json::Deserializer::from_str(json);
        let mut entries = Vec::new();
        MapReader(&mut entries)
            .deserialize(&mut reader)
            .expect("an object");
        let kinds: Vec<_> = entries
            .iter()
            .map(|(key, kept)| match kept {
                Kept::Text(text) => format!("{key} text {text}"),
                Kept::Value(value) => format!("{key} value {value}"),
            })
            .collect();
        assert_eq!(kinds, [r#"a text {"b": [1, "x"]}"#, r#"s text "t\u00e9""#]);
        let value: Value = serde_json::from_str(json).expect("JSON");
        let mut entries = Vec::new();
        MapReader(&mut entries)
            .deserialize(value.clone())
            .expect("an object");
        let map: Map<String, Value> = entries
            .into_iter()
            .map(|(key, kept)| (key.into_owned(), kept.into_value()))
            .collect();
        assert_eq!(Value::Object(map), value);
    }

    /// Reads an object's entries as [`Kept`] values.
    struct MapReader<'v, 'de>(&'v mut Vec<(Cow<'de, str>, Kept<'de>)>);

    impl<'de> DeserializeSeed<'de> for MapReader<'_, 'de> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for MapReader<'_, 'de> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
            while let Some(Key(key)) = map.next_key()? {
                self.0.push((key, map.next_value_seed(KeptSeed)?));
            }
            Ok(())
        }
    }
}
