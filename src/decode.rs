//! JSON decoding that reports where a value went wrong.
//!
//! serde alone says "invalid type: null, expected a string at line 1 column
//! 812". This module finds the JSON path instead (`work_experience[0].start`),
//! across the handwritten unions too: a union decodes its variant with
//! [`variant`], which prefixes the error with the path inside the variant,
//! and [`locate`] joins it with the path to the union.

use serde::de::DeserializeOwned;

const MARK: &str = "json path `";

/// Decodes a union's variant from its buffered JSON, keeping the path of a
/// failure in the message.
pub(crate) fn variant<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let (path, message) = split(&error.path().to_string(), &error.inner().to_string());
        format!("{MARK}{path}`: {message}")
    })
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
