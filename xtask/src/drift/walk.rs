//! A response body walked against its schema in the spec document: every
//! departure the SDK would observe, in the SDK's terms (null or missing
//! required field, wrong JSON type, list element that would not decode,
//! unknown enum value, unknown union variant, unknown field).
//!
//! Locations use the spec model's type names (`crate::model`): a component
//! (`LinkedinUserProfile`), an inline object `Parent.field`, a list's items
//! `Parent.field[]`; a field is `Type.field`.

use serde_json::{Map, Value};

use super::observation::{Kind, Observation, json_type};
use crate::codegen::spec;

/// Walks bodies of one response.
pub struct Walker<'a> {
    document: &'a Value,
    operation: &'a str,
    status: u16,
    pub found: Vec<Observation>,
}

/// Where a value sits: its spec location, its JSON path, and what a
/// mismatch there is called.
#[derive(Clone)]
struct Place<'p> {
    location: &'p str,
    path: &'p str,
    required: bool,
    in_list: bool,
}

/// A schema with `$ref`s followed: the schema, the type name its objects
/// take, the name an observation's `expected` gives, and nullability.
struct Resolved<'a> {
    schema: &'a Value,
    name: String,
    expected: String,
    nullable: bool,
}

impl<'a> Walker<'a> {
    pub fn new(document: &'a Value, operation: &'a str, status: u16) -> Walker<'a> {
        Walker {
            document,
            operation,
            status,
            found: Vec::new(),
        }
    }

    /// The whole body against the response schema (`inline_name`: the name
    /// the model gives an inline response type, `op.200`).
    pub fn body(&mut self, schema: &'a Value, inline_name: &str, body: &Value) {
        let place = Place {
            location: inline_name,
            path: "",
            required: true,
            in_list: false,
        };
        self.value(schema, inline_name, body, &place);
    }

    fn value(&mut self, schema: &'a Value, inline_name: &str, value: &Value, at: &Place) {
        let Some(resolved) = self.resolve(schema, inline_name) else {
            return; // an unresolvable $ref: nothing to compare with
        };
        let schema = resolved.schema;
        if value.is_null() {
            if resolved.nullable {
                return;
            }
            let kind = if at.in_list {
                Kind::DroppedElement
            } else if at.required {
                Kind::NullRequired
            } else {
                Kind::NullOptional
            };
            return self.report(kind, at, &resolved.expected, "null", None);
        }
        if let Some(variants) = union(schema) {
            return self.union(schema, variants, &resolved, value, at);
        }
        let seen = json_type(value);
        let accepted = match schema.get("type").and_then(Value::as_str) {
            Some("number") => matches!(seen, "integer" | "number"),
            Some(ty) => ty == seen,
            None => true,
        };
        if !accepted {
            let kind = if at.in_list {
                Kind::DroppedElement
            } else {
                Kind::WrongType
            };
            return self.report(kind, at, &resolved.expected, seen, None);
        }
        match value {
            Value::String(text) => {
                let allowed = schema.get("enum").and_then(Value::as_array);
                if allowed.is_some_and(|list| !list.iter().any(|v| v.as_str() == Some(text))) {
                    let expected = &resolved.expected;
                    self.report(Kind::UnknownEnumValue, at, expected, seen, Some(text));
                }
            }
            Value::Array(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                let location = format!("{}[]", at.location);
                let item_name = format!("{}[]", resolved.name);
                for (index, item) in items.iter().enumerate() {
                    let path = format!("{}[{index}]", at.path);
                    let place = Place {
                        location: &location,
                        path: &path,
                        required: true,
                        in_list: true,
                    };
                    self.value(item_schema, &item_name, item, &place);
                }
            }
            Value::Object(fields) => self.object(schema, &resolved.name, fields, at.path),
            _ => {}
        }
    }

    fn object(&mut self, schema: &'a Value, name: &str, fields: &Map<String, Value>, path: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let property = |key: &str| properties.and_then(|p| p.get(key));
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // Free-form objects and maps take any key.
        let open = properties.is_none_or(Map::is_empty)
            || schema
                .get("additionalProperties")
                .is_some_and(|extra| extra != &Value::Bool(false));
        for key in &required {
            if !fields.contains_key(*key) {
                let location = format!("{name}.{key}");
                let path = join(path, key);
                let expected = property(key)
                    .and_then(|p| self.resolve(p, &location))
                    .map_or("any".to_string(), |r| r.expected);
                let place = Place {
                    location: &location,
                    path: &path,
                    required: true,
                    in_list: false,
                };
                self.report(Kind::MissingRequired, &place, &expected, "absent", None);
            }
        }
        for (key, value) in fields {
            let location = format!("{name}.{key}");
            let path = join(path, key);
            let place = Place {
                location: &location,
                path: &path,
                required: required.contains(&key.as_str()),
                in_list: false,
            };
            match property(key) {
                Some(property) => self.value(property, &location, value, &place),
                None if !open => {
                    self.report(Kind::UnknownField, &place, "absent", json_type(value), None)
                }
                None => {}
            }
        }
    }

    fn union(
        &mut self,
        schema: &'a Value,
        variants: &'a [Value],
        resolved: &Resolved,
        value: &Value,
        at: &Place,
    ) {
        let seen = json_type(value);
        let tag_name = schema.pointer("/discriminator/propertyName");
        let Some(tag_name) = tag_name.and_then(Value::as_str) else {
            // No tag: the variant that fits best (fewest departures).
            let mut best: Option<Vec<Observation>> = None;
            for (index, variant) in variants.iter().enumerate() {
                let mut trial = Walker::new(self.document, self.operation, self.status);
                let inline = format!("{}.oneOf[{index}]", resolved.name);
                trial.value(variant, &inline, value, at);
                if best.as_ref().is_none_or(|b| trial.found.len() < b.len()) {
                    best = Some(trial.found);
                }
            }
            self.found.extend(best.unwrap_or_default());
            return;
        };
        let Value::Object(fields) = value else {
            let kind = if at.in_list {
                Kind::DroppedElement
            } else {
                Kind::WrongType
            };
            return self.report(kind, at, &resolved.expected, seen, None);
        };
        let tag = fields.get(tag_name).and_then(Value::as_str);
        let target = tag.and_then(|tag| {
            schema
                .pointer("/discriminator/mapping")
                .and_then(|mapping| mapping.get(tag))
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| Some(format!("#/components/schemas/{tag}")))
        });
        let variant = target.and_then(|reference| {
            variants
                .iter()
                .find(|v| v.get("$ref").and_then(Value::as_str) == Some(reference.as_str()))
        });
        match variant {
            Some(variant) => self.value(variant, &resolved.name, value, at),
            None => {
                let union_at = Place {
                    location: &resolved.name,
                    ..at.clone()
                };
                let tag = tag.map_or_else(|| "absent".to_string(), str::to_string);
                let name = &resolved.name;
                self.report(Kind::UnknownVariant, &union_at, name, seen, Some(&tag));
            }
        }
    }

    /// Follows `$ref`s, the nullable-`$ref` form and single `allOf`s.
    fn resolve(&self, schema: &'a Value, inline_name: &str) -> Option<Resolved<'a>> {
        let mut schema = schema;
        let mut name = inline_name.to_string();
        let mut named = false;
        let mut nullable = schema.get("nullable") == Some(&Value::Bool(true));
        for _ in 0..32 {
            if let Some(reference) = nullable_ref(schema) {
                nullable = true;
                schema = follow(self.document, reference)?;
                name = spec::ref_name(reference).to_string();
                named = true;
            } else if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                schema = follow(self.document, reference)?;
                name = spec::ref_name(reference).to_string();
                named = true;
            } else if let Some([only]) = schema
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                schema = only;
            } else {
                break;
            }
            nullable |= schema.get("nullable") == Some(&Value::Bool(true));
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let expected = match ty {
            _ if named && (union(schema).is_some() || schema.get("enum").is_some()) => name.clone(),
            Some(ty) => ty.to_string(),
            None if union(schema).is_some() => name.clone(),
            None => "any".to_string(),
        };
        Some(Resolved {
            schema,
            name,
            expected,
            nullable,
        })
    }

    fn report(&mut self, kind: Kind, at: &Place, expected: &str, seen: &str, value: Option<&str>) {
        self.found.push(Observation {
            operation: self.operation.to_string(),
            status: self.status,
            location: at.location.to_string(),
            path: at.path.to_string(),
            kind,
            expected: expected.to_string(),
            seen: seen.to_string(),
            value: value.map(str::to_string),
        });
    }
}

/// A union's variants (`oneOf` / `anyOf`), unless it is the nullable-`$ref`
/// form.
fn union(schema: &Value) -> Option<&[Value]> {
    let variants = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)?;
    nullable_ref(schema)
        .is_none()
        .then_some(variants.as_slice())
}

/// `anyOf: [{$ref: X}, {nullable: true, ...}]` (or `oneOf`): X.
fn nullable_ref(schema: &Value) -> Option<&str> {
    let branches = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)?;
    match branches.as_slice() {
        [first, second] if second.get("nullable") == Some(&Value::Bool(true)) => {
            first.get("$ref").and_then(Value::as_str)
        }
        _ => None,
    }
}

/// A local `$ref` (`#/components/schemas/X`) in the document.
fn follow<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
