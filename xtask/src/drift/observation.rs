//! One observation: a place where a response departed from the spec, in the
//! JSON-line format the SDK's `Observation` serializes to (and the CLI's
//! `--drift-log` appends), and where it was seen.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

/// What departed (the SDK's observation kinds).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    NullRequired,
    /// An optional field the spec does not make nullable, sent as null:
    /// the SDK reads it as absent (no departure for it), but the spec and
    /// every validator disagree with the API. Found in HAR captures.
    NullOptional,
    MissingRequired,
    WrongType,
    DroppedElement,
    UnknownEnumValue,
    UnknownVariant,
    UnknownField,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::NullRequired => "null_required",
            Kind::NullOptional => "null_optional",
            Kind::MissingRequired => "missing_required",
            Kind::WrongType => "wrong_type",
            Kind::DroppedElement => "dropped_element",
            Kind::UnknownEnumValue => "unknown_enum_value",
            Kind::UnknownVariant => "unknown_variant",
            Kind::UnknownField => "unknown_field",
        }
    }

    /// Only these kinds carry a value (an enum value, a union tag): every
    /// other value may be personal data.
    pub fn carries_value(self) -> bool {
        matches!(self, Kind::UnknownEnumValue | Kind::UnknownVariant)
    }
}

/// One departure, as the SDK reports it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Observation {
    pub operation: String,
    pub status: u16,
    /// The spec location: `LinkedinUserProfile.first_name`,
    /// `LinkedinUserProfile.work_experience[]` (a list element),
    /// `UserProfile` (a union's unknown variant).
    pub location: String,
    /// The JSON path in the response: `work_experience[0].skills`.
    pub path: String,
    pub kind: Kind,
    /// `string`, `integer`, `number`, `boolean`, `array`, `object`, `null`,
    /// `absent`, or an enum or union schema's name.
    pub expected: String,
    pub seen: String,
    /// The unknown enum value or union tag; null for every other kind.
    #[serde(default)]
    pub value: Option<String>,
}

/// Where an observation was seen: the input file, its line (a log) or
/// entry (a HAR capture), the response it belongs to and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub file: String,
    pub line: usize,
    /// Observations of one response share this key.
    pub response: String,
    /// RFC 3339, when the input says.
    pub time: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.time {
            Some(time) => write!(f, "{time}"),
            None => {
                // The file's name: a maintainer's directories stay out of the record.
                let name = std::path::Path::new(&self.file).file_name();
                let name = name.map_or(self.file.clone(), |n| n.to_string_lossy().into_owned());
                write!(f, "{name}:{}", self.line)
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sighting {
    pub observation: Observation,
    pub source: Source,
}

/// A line the reader cannot use: `file:line: why`.
#[derive(Debug, PartialEq)]
pub struct Unreadable {
    pub file: String,
    pub line: usize,
    pub why: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.why)
    }
}

/// The JSON types an observation names.
pub const JSON_TYPES: [&str; 8] = [
    "string", "integer", "number", "boolean", "array", "object", "null", "absent",
];

/// The JSON type of a value, in the observations' words.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reads a drift log: one observation per line (blank lines skipped). A
/// line may also carry `time` (RFC 3339) and `response` (any id shared by
/// the observations of one response); without `response`, each line counts
/// as a response of its own.
pub fn read_log(file: &str, text: &str) -> Result<Vec<Sighting>, Unreadable> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: String| Unreadable {
            file: file.to_string(),
            line: number,
            why,
        };
        let raw: Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let observation =
            Observation::deserialize(&raw).map_err(|e| bad(not_an_observation(&e)))?;
        check(&observation).map_err(bad)?;
        let response = match raw.get("response") {
            Some(Value::String(id)) => format!("{file}#{id}"),
            Some(id) if !id.is_null() => format!("{file}#{id}"),
            _ => format!("{file}:{number}"),
        };
        let time = raw.get("time").and_then(Value::as_str).map(str::to_string);
        let source = Source {
            file: file.to_string(),
            line: number,
            response,
            time,
        };
        out.push(Sighting {
            observation,
            source,
        });
    }
    Ok(out)
}

/// What a well-formed observation holds: known JSON types, and a value only
/// where one is allowed (anything else may be personal data, and is refused
/// rather than printed).
fn check(observation: &Observation) -> Result<(), String> {
    if observation.location.is_empty() {
        return Err("`location` is empty".to_string());
    }
    if !JSON_TYPES.contains(&observation.seen.as_str()) {
        return Err("`seen` is not one of the JSON types".to_string());
    }
    match (&observation.value, observation.kind.carries_value()) {
        (Some(_), false) => Err(format!(
            "a {} observation carries a value; only unknown_enum_value and unknown_variant may",
            observation.kind.name()
        )),
        (None, true) => Err(format!(
            "a {} observation has no `value`",
            observation.kind.name()
        )),
        _ => Ok(()),
    }
}

/// serde's message, unless it would quote a value (which may be personal
/// data): "missing field `path`" is kept, "invalid type: string \"Ada\"" is not.
fn not_an_observation(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if message.starts_with("missing field") || message.starts_with("unknown variant") {
        format!("not an observation: {message}")
    } else {
        "not an observation: a field has the wrong JSON type".to_string()
    }
}
