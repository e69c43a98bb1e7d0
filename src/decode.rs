//! JSON decoding that reports where a value went wrong.
//!
//! serde alone says "invalid type: null, expected a string at line 1 column
//! 812". This module finds the JSON path instead (`work_experience[0].start`),
//! across the handwritten unions too: a union decodes its variant with
//! [`variant`], which prefixes the error with the path inside the variant,
//! and [`locate`] joins it with the path to the union.

use std::borrow::Cow;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

const MARK: &str = "json path `";

/// Decodes a union's variant from its JSON text, keeping the path of a
/// failure in the message (the path is worked out only after a failure).
pub(crate) fn variant<T: DeserializeOwned>(raw: &RawValue) -> Result<T, String> {
    serde_json::from_str(raw.get()).map_err(|error| {
        let (path, message) = locate::<T>(raw.get().as_bytes())
            .unwrap_or_else(|| (".".to_string(), error.to_string()));
        format!("{MARK}{path}`: {message}")
    })
}

/// The string value of the field `name` of the object `raw`, if any; other
/// fields are skipped without being decoded.
pub(crate) fn tag<'a>(raw: &'a RawValue, name: &str) -> Option<Cow<'a, str>> {
    struct Tag<'n>(&'n str);
    impl<'de> DeserializeSeed<'de> for Tag<'_> {
        type Value = Option<Cow<'de, str>>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Tag<'_> {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                if key == self.0 && found.is_none() {
                    found = map.next_value::<Option<Cow<'de, str>>>().ok().flatten();
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    Tag(name).deserialize(&mut deserializer).ok().flatten()
}

/// Re-decodes `bytes` as `T` to find where decoding fails: `(path, message)`.
/// Only called on the error path, after a fast decode has failed.
pub(crate) fn locate<T: DeserializeOwned>(bytes: &[u8]) -> Option<(String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => None,
        Err(error) => Some(split(&error.path().to_string(), &error.inner().to_string())),
    }
}

/// Joins an outer path with a path a union put in front of its message.
fn split(outer: &str, message: &str) -> (String, String) {
    let Some(rest) = message.strip_prefix(MARK) else {
        return (outer.to_string(), message.to_string());
    };
    let Some((inner, message)) = rest.split_once("`: ") else {
        return (outer.to_string(), message.to_string());
    };
    let path = match (outer, inner) {
        (".", inner) => inner.to_string(),
        (outer, ".") => outer.to_string(),
        (outer, inner) if inner.starts_with('[') => format!("{outer}{inner}"),
        (outer, inner) => format!("{outer}.{inner}"),
    };
    (path, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn joins_union_paths() {
        assert_eq!(split(".", "plain"), (".".into(), "plain".into()));
        assert_eq!(
            split("items[2]", "plain"),
            ("items[2]".into(), "plain".into())
        );
        let nested = "json path `work_experience[0].start`: invalid type: null";
        assert_eq!(
            split("items[2]", nested),
            (
                "items[2].work_experience[0].start".into(),
                "invalid type: null".into()
            )
        );
        assert_eq!(split(".", nested).0, "work_experience[0].start");
        assert_eq!(split("a", "json path `.`: x"), ("a".into(), "x".into()));
        assert_eq!(
            split("a", "json path `[1]`: x"),
            ("a[1]".into(), "x".into())
        );
    }
}
