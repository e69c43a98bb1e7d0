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

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::Value;

use super::json_path;

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
                    let mut object: serde_json::Map<String, Value> = before.into_iter().collect();
                    while let Some((key, value)) = map.next_entry::<String, Value>()? {
                        object.insert(key, value);
                    }
                    Ok(U::unknown(Value::Object(object)))
                }
            };
        }
        Ok(U::unknown(Value::Object(before.into_iter().collect())))
    }
}

/// The entries read before the tag (and the tag itself), then the rest of
/// the object from the input.
struct Replay<'de, M> {
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
            // The input's path tracking never saw this entry: the key goes
            // in front of the message, and `locate` joins it to the path.
            Some((key, value)) => seed
                .deserialize(value)
                .map_err(|e| de::Error::custom(format!("{MARK}{key}`: {e}"))),
            None => self.live.next_value_seed(seed),
        }
    }
}

/// Decodes variant `T` of a union from the replayed map.
pub(crate) fn variant<'de, T: de::Deserialize<'de>, M: MapAccess<'de>>(
    map: M,
) -> Result<T, M::Error> {
    T::deserialize(MapAccessDeserializer::new(map))
}

/// Where decoding `bytes` failed with `error` (from `serde_json` on the same
/// bytes): `(path, message)`. The path is read from the error's position in
/// the text ([`json_path`]), not from a second decode. An error raised by a
/// replayed entry surfaces right after the union's tag value, so the tag's
/// key gives way to the entry's own (see [`Replay`]).
pub(crate) fn locate(bytes: &[u8], error: &serde_json::Error) -> (String, String) {
    let message = error.to_string();
    let Some(offset) = json_path::offset(bytes, error.line(), error.column()) else {
        return (".".to_string(), message);
    };
    let mut segments = json_path::segments_at(bytes, offset);
    if message.starts_with(MARK) {
        segments.pop();
    }
    join(&json_path::display(&segments), &message)
}

/// [`locate`] in a text the SDK wrote itself (a `Value` encoded again to be
/// decoded by the one compiled decoder): its line and column would mislead,
/// so the message goes without them.
pub(crate) fn locate_in_reencoded(bytes: &[u8], error: &serde_json::Error) -> (String, String) {
    let (path, message) = locate(bytes, error);
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_string();
    (path, message)
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
