//! A JSON path inside a body (`work_experience[0].skills`), kept as its
//! segments so that reports can be ordered as the body reads.

use std::fmt;

use serde_json::Value;

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A JSON path: the steps from the body's root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Path(pub(crate) Vec<Step>);

impl Path {
    /// The path of member `key` of the value here.
    pub(crate) fn key(&self, key: &str) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        Path(steps)
    }

    /// The path of element `index` of the array here.
    pub(crate) fn index(&self, index: usize) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Path(steps)
    }

    /// This path below `outer` (an item's path inside its page).
    pub(crate) fn under(&self, outer: &Path) -> Path {
        Path(outer.0.iter().chain(&self.0).cloned().collect())
    }

    /// Whether `self` lies strictly inside `outer`.
    pub(crate) fn is_inside(&self, outer: &Path) -> bool {
        self.0.len() > outer.0.len() && self.0.starts_with(&outer.0)
    }

    /// The value at this path in `root`, if there is one.
    pub(crate) fn find<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        self.0.iter().try_fold(root, |value, step| match step {
            Step::Key(key) => value.get(key),
            Step::Index(index) => value.get(index),
        })
    }

    /// Where this path falls in `root` read from start to end: each step's
    /// position among its siblings (a member the body lacks after them all).
    pub(crate) fn order(&self, root: &Value) -> Vec<usize> {
        let mut value = Some(root);
        self.0
            .iter()
            .map(|step| {
                let position = match (step, value) {
                    (Step::Key(key), Some(Value::Object(map))) => {
                        map.keys().position(|k| k == key).unwrap_or(map.len())
                    }
                    (Step::Index(index), _) => *index,
                    _ => usize::MAX,
                };
                value = value.and_then(|v| match step {
                    Step::Key(key) => v.get(key),
                    Step::Index(index) => v.get(index),
                });
                position
            })
            .collect()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str(".");
        }
        for (n, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if n == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Where the spec defines a value: `Schema.property`, with `[]` for each
/// list level (`LinkedinWorkExperience.skills[]`). Borrowed and copied
/// while decoding; made text only for a report.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Location<'a> {
    schema: &'static str,
    property: &'a str,
    lists: u8,
}

impl<'a> Location<'a> {
    /// `schema.property`.
    pub(crate) fn member(schema: &'static str, property: &'a str) -> Self {
        Location {
            schema,
            property,
            lists: 0,
        }
    }

    /// An element of the list here.
    pub(crate) fn element(self) -> Self {
        Location {
            lists: self.lists.saturating_add(1),
            ..self
        }
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.schema.is_empty() || !self.property.is_empty() {
            write!(f, "{}.{}", self.schema, self.property)?;
        }
        for _ in 0..self.lists {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

/// The JSON type of a value, as reports name it.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_in_the_docs() {
        let path = Path::default()
            .key("work_experience")
            .index(0)
            .key("skills");
        assert_eq!(path.to_string(), "work_experience[0].skills");
        assert_eq!(Path::default().to_string(), ".");
        assert_eq!(Path::default().index(3).key("name").to_string(), "[3].name");
        let item = Path::default()
            .key("name")
            .under(&Path::default().key("items").index(3));
        assert_eq!(item.to_string(), "items[3].name");
    }

    #[test]
    fn locations_read_as_in_the_docs() {
        let skills = Location::member("LinkedinWorkExperience", "skills");
        assert_eq!(skills.to_string(), "LinkedinWorkExperience.skills");
        assert_eq!(
            skills.element().to_string(),
            "LinkedinWorkExperience.skills[]"
        );
        assert_eq!(Location::default().to_string(), "");
    }
}
