//! The spec as the tests read it: which schema field a JSON path of a
//! response lands on (through `$ref`s, `$ref`-or-null and tagged unions),
//! whether that field is required and nullable, and the locations a
//! deviation entry lists.

use serde_json::Value;
use std::collections::BTreeSet;

/// `openapi/postpress.yaml`, read as JSON.
pub fn spec() -> Value {
    read_yaml("openapi/postpress.yaml")
}

/// Every `Type.field` of the deviation entries whose id starts with `prefix`.
pub fn deviation_locations(prefix: &str) -> BTreeSet<String> {
    let entries = read_yaml("openapi/spec-deviations.yaml");
    let mut out = BTreeSet::new();
    for entry in entries.as_array().into_iter().flatten() {
        if !entry["id"]
            .as_str()
            .is_some_and(|id| id.starts_with(prefix))
        {
            continue;
        }
        match &entry["at"] {
            Value::String(at) => {
                out.insert(at.clone());
            }
            Value::Array(all) => {
                out.extend(all.iter().filter_map(|a| a.as_str().map(String::from)))
            }
            _ => {}
        }
    }
    out
}

fn read_yaml(relative: &str) -> Value {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The response schema each operation answers 200 with.
pub fn response_type(operation: &str) -> &'static str {
    match operation {
        "get_user" => "UserProfile",
        "get_own_profile" => "AccountOwnerProfile",
        "list_relations" => "UserRelationsList",
        "linkedin_search" => "LinkedinSearch",
        "linkedin_user_action" => "LinkedinPerformActionOnUser",
        other => panic!("no operation {other}"),
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The field a path ending in a key lands on, as `Type.field`, with the
/// value it is read from. `None` where the spec cannot say without
/// decoding: inside an untagged union, or on a union's tag.
pub fn location(spec: &Value, root: &str, body: &Value, path: &[Step]) -> Option<String> {
    let schemas = &spec["components"]["schemas"];
    let mut name = root.to_string();
    let mut value = body;
    let (last, inner) = path.split_last()?;
    let mut schema = resolve(schemas, &schemas[root], value, &mut name)?;
    let Step::Key(field) = last else {
        return None;
    };
    for step in inner {
        let next = match step {
            Step::Key(key) => {
                value = &value[key.as_str()];
                &schema["properties"][key.as_str()]
            }
            Step::Index(index) => {
                value = &value[*index];
                &schema["items"]
            }
        };
        schema = resolve(schemas, next, value, &mut name)?;
    }
    schema["properties"].get(field.as_str())?;
    (!is_union_tag(schemas, &name, field)).then(|| format!("{name}.{field}"))
}

/// Whether `field` of the schema `name` is the tag of a union it is a
/// variant of (a `null` tag is the union's unknown variant, no correction).
fn is_union_tag(schemas: &Value, name: &str, field: &str) -> bool {
    let target = format!("#/components/schemas/{name}");
    schemas.as_object().into_iter().flatten().any(|(_, s)| {
        let d = &s["discriminator"];
        d["propertyName"].as_str() == Some(field)
            && d["mapping"]
                .as_object()
                .is_some_and(|m| m.values().any(|v| v.as_str() == Some(target.as_str())))
    })
}

/// `schema` with `$ref`s, the `$ref`-or-null union and a tagged union's
/// variant (chosen by `value`'s tag) followed; `name` becomes the named
/// schema it ends in. `None` for an untagged union or a variant whose tag
/// is the field being read.
fn resolve<'a>(
    schemas: &'a Value,
    schema: &'a Value,
    value: &Value,
    name: &mut String,
) -> Option<&'a Value> {
    if let Some(target) = schema["$ref"].as_str() {
        let short = target.rsplit('/').next()?;
        *name = short.to_string();
        return resolve(schemas, &schemas[short], value, name);
    }
    if let Some(options) = schema["anyOf"].as_array() {
        let named = options.iter().find(|o| o.get("$ref").is_some())?;
        return resolve(schemas, named, value, name);
    }
    if schema.get("oneOf").is_some() {
        let tag = schema["discriminator"]["propertyName"].as_str()?;
        let target = schema["discriminator"]["mapping"][value[tag].as_str()?].as_str()?;
        let short = target.rsplit('/').next()?;
        *name = short.to_string();
        return resolve(schemas, &schemas[short], value, name);
    }
    Some(schema)
}

/// Whether the field at `Type.field` is required, typed and not nullable:
/// a `null` there is a correction.
pub fn null_is_corrected(spec: &Value, location: &str) -> bool {
    let Some((ty, field)) = location.split_once('.') else {
        return false;
    };
    let schema = &spec["components"]["schemas"][ty];
    let required = schema["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|f| f.as_str() == Some(field)));
    let property = &schema["properties"][field];
    let typed = ["type", "$ref", "anyOf", "oneOf"]
        .iter()
        .any(|k| property.get(*k).is_some());
    let nullable = property["nullable"] == Value::Bool(true)
        || property["anyOf"]
            .as_array()
            .is_some_and(|o| o.iter().any(|v| v["nullable"] == Value::Bool(true)));
    required && typed && !nullable
}

/// Every member of an object at any depth (not list elements themselves)
/// whose value `keep` accepts, as paths.
pub fn member_paths(
    value: &Value,
    keep: fn(&Value) -> bool,
    at: &mut Vec<Step>,
    out: &mut Vec<Vec<Step>>,
) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                at.push(Step::Key(key.clone()));
                if keep(inner) {
                    out.push(at.clone());
                }
                member_paths(inner, keep, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                at.push(Step::Index(index));
                member_paths(inner, keep, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `path` as corrections spell it (`items[0].name`).
pub fn show(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => text.push_str(&format!(".{key}")),
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// `body` with the member at `path` set to `null`.
pub fn nulled(body: &Value, path: &[Step]) -> Value {
    let mut out = body.clone();
    let mut slot = &mut out;
    for step in path {
        slot = match step {
            Step::Key(key) => &mut slot[key.as_str()],
            Step::Index(index) => &mut slot[*index],
        };
    }
    *slot = Value::Null;
    out
}
