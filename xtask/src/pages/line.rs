//! One line of a page: a field line (`phone_numberstringrequired`), a
//! glued allowed-value list, a parameter's prose limits.

/// A field line as read: its name, type and marks, with what the lines
/// under it add.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    /// As printed: `string`, `number`, `array of objects`, ...
    pub ty: String,
    /// The one value of a constant field (`providerstringLINKEDINrequired`).
    pub constant: Option<String>,
    pub required: bool,
    pub line: usize,
    /// The glued allowed-value line under the field, with its line number.
    pub values: Option<(String, usize)>,
    /// Allowed values an enclosing object's prose lists for this field
    /// (`min in [0,1,3]`, ``Allowed values: `a`, `b` ``), with that line.
    pub listed: Option<(Vec<String>, usize)>,
    /// The prose lines under the field (limits and defaults of parameters).
    pub prose: Vec<String>,
}

/// The field types the pages print, longest first so `array of strings` wins
/// over `array`.
const TYPES: &[&str] = &[
    "array of strings",
    "array of objects",
    "array of numbers",
    "array",
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "null",
];

/// Allowed values run together: no spaces, no sentence punctuation.
pub fn is_glued_list(line: &str) -> bool {
    !line.is_empty()
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_()/*".contains(c))
}

pub fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `phone_numberstringrequired` → `phone_number`, `string`, required. The
/// longest name followed by a known type wins (`phone_number`, not `phone_`).
pub fn field(line: &str, number: usize) -> Option<Entry> {
    let head_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    for split in (1..=head_len).rev() {
        let (name, rest) = line.split_at(split);
        let valid_name = is_name(name) || (name == "X-API-KEY");
        let Some(ty) = TYPES.iter().find(|ty| rest.starts_with(**ty)) else {
            continue;
        };
        if !valid_name {
            continue;
        }
        let flags = &rest[ty.len()..];
        if flags.contains(' ') {
            return None;
        }
        let (constant, required) = if let Some(value) = flags.strip_suffix("required") {
            (value, true)
        } else if let Some(value) = flags.strip_suffix("optional") {
            (value, false)
        } else {
            (flags, false)
        };
        return Some(Entry {
            name: name.to_string(),
            ty: ty.to_string(),
            constant: (!constant.is_empty()).then(|| constant.to_string()),
            required,
            line: number,
            values: None,
            listed: None,
            prose: Vec::new(),
        });
    }
    None
}

/// The limits and default a parameter's prose states: `Between 1 and 1000`,
/// `Up to 100`, `Minimum length 1`, ``Defaults to `false` ``.
pub fn prose_limits(prose: &[String]) -> Vec<(&'static str, String)> {
    let text = prose.join(" ");
    let mut limits = Vec::new();
    if let Some(rest) = after(&text, "Between ") {
        let mut words = rest.split_whitespace();
        if let (Some(low), Some("and"), Some(high)) = (words.next(), words.next(), words.next()) {
            limits.push(("minimum", number_word(low)));
            limits.push(("maximum", number_word(high)));
        }
    }
    if let Some(rest) = after(&text, "Up to ") {
        limits.push((
            "maximum",
            number_word(rest.split_whitespace().next().unwrap_or("")),
        ));
    }
    if let Some(rest) = after(&text, "Minimum length ") {
        limits.push((
            "minLength",
            number_word(rest.split_whitespace().next().unwrap_or("")),
        ));
    }
    if let Some(rest) = after(&text, "Defaults to ") {
        let word = rest.split_whitespace().next().unwrap_or("");
        limits.push(("default", number_word(word).trim_matches('`').to_string()));
    }
    limits
}

fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.find(marker).map(|at| &text[at + marker.len()..])
}

fn number_word(word: &str) -> String {
    word.trim_end_matches(['.', ',', ';']).to_string()
}

/// Allowed values a field's prose lists for the fields of its object:
/// ``Allowed values: `a`, `b` `` (for every list-of-strings field: the
/// `include`/`exclude` of a filter), `min in [0,1]; max in [1,2]`,
/// `min/max in [0, 0.2, 1]`. Free-form prose (`e.g. 1, 11, 51`) is not read.
pub fn prose_values(prose: &[String]) -> Vec<(Option<String>, Vec<String>)> {
    let mut out = Vec::new();
    for line in prose {
        let allowed = after(line, "Allowed values: ").or_else(|| after(line, "Allowed: "));
        if let Some(rest) = allowed {
            let values: Vec<String> = rest
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            if !values.is_empty() {
                out.push((None, values));
            }
        }
        for (marker, targets) in [
            ("min/max in [", &["min", "max"][..]),
            ("min in [", &["min"]),
            ("max in [", &["max"]),
        ] {
            let Some(rest) = after(line, marker) else {
                continue;
            };
            // `min/max in [` also contains `max in [`: the longer marker wins.
            if marker != "min/max in [" && line.contains("min/max in [") {
                continue;
            }
            let Some(list) = rest.split(']').next() else {
                continue;
            };
            let values: Vec<String> = list
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            for target in targets {
                out.push((Some(target.to_string()), values.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn field_lines_split_name_type_constant_and_flag() {
        let entry = field("phone_numberstringrequired", 7).expect("a field");
        assert_eq!(
            (entry.name.as_str(), entry.ty.as_str(), entry.required),
            ("phone_number", "string", true)
        );
        let entry = field("objectstringUserProfilerequired", 1).expect("a field");
        assert_eq!(
            (entry.name.as_str(), entry.constant.as_deref()),
            ("object", Some("UserProfile"))
        );
        let entry = field("profile_picture_url_largestring", 1).expect("a field");
        assert_eq!(
            (entry.name.as_str(), entry.required),
            ("profile_picture_url_large", false)
        );
        let entry = field("linkedin_sectionsarray of stringsoptional", 1).expect("a field");
        assert_eq!(entry.ty, "array of strings");
        assert_eq!(field("contact_info object", 1), None);
        assert_eq!(field("LinkedIn profileobject", 1), None);
    }
}
