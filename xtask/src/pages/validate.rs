//! OpenAPI 3.0 validation of a JSON value against a schema of the spec
//! document: `$ref`, `nullable`, `enum`, `type` (integer apart from
//! number), `required`, `properties`, `additionalProperties: false`,
//! `items`, `allOf`, `oneOf`/`anyOf` (a discriminator picks the one variant
//! to check), length, item count and numeric bounds.

use serde_json::Value;

/// OpenAPI 3.0 validation of `value` against `schema`; problems are pushed
/// with the JSON path they concern.
pub fn validate(root: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        match root.pointer(reference.trim_start_matches('#')) {
            Some(target) => validate(root, target, value, path, out),
            None => out.push(format!("{path}: unresolved {reference}")),
        }
        return;
    }
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if value.is_null() && nullable {
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        all.iter().for_each(|s| validate(root, s, value, path, out));
    }
    if let Some(branches) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        union(root, schema, branches, value, path, out);
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!(
            "{path}: {value} is not one of {}",
            Value::Array(allowed.clone())
        ));
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let fits = match (ty, value) {
        (None, _) => true,
        (Some("integer"), v) => v.is_i64() || v.is_u64(),
        (Some("number"), v) => v.is_number(),
        (Some("string"), v) => v.is_string(),
        (Some("boolean"), v) => v.is_boolean(),
        (Some("array"), v) => v.is_array(),
        (Some("object"), v) => v.is_object(),
        _ => false,
    };
    if !fits {
        let null = if value.is_null() {
            " (not nullable)"
        } else {
            ""
        };
        out.push(format!(
            "{path}: {value} is not {}{null}",
            ty.unwrap_or("?")
        ));
        return;
    }
    limits(schema, value, path, out);
    if let Value::Array(items) = value
        && let Some(item_schema) = schema.get("items")
    {
        for (index, item) in items.iter().enumerate() {
            validate(root, item_schema, item, &format!("{path}[{index}]"), out);
        }
    }
    if let Value::Object(map) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(key) = required.as_str()
                && !map.contains_key(key)
            {
                out.push(format!("{path}: required `{key}` is missing"));
            }
        }
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        for (key, item) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(property) => validate(root, property, item, &format!("{path}.{key}"), out),
                None if closed => out.push(format!("{path}: `{key}` is not allowed")),
                None => {}
            }
        }
    }
}

fn union(
    root: &Value,
    schema: &Value,
    branches: &Value,
    value: &Value,
    path: &str,
    out: &mut Vec<String>,
) {
    let branches = branches.as_array().cloned().unwrap_or_default();
    // With a discriminator, the tag picks the one branch to check.
    if let Some(tag) = schema
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
    {
        let picked = value
            .get(tag)
            .and_then(Value::as_str)
            .and_then(|v| schema.pointer(&format!("/discriminator/mapping/{}", escape(v))));
        match picked {
            Some(target) => {
                let target = serde_json::json!({ "$ref": target });
                validate(root, &target, value, path, out);
            }
            None => out.push(format!("{path}: `{tag}` does not name a variant")),
        }
        return;
    }
    let fitting = branches
        .iter()
        .filter(|branch| {
            let mut problems = Vec::new();
            validate(root, branch, value, path, &mut problems);
            problems.is_empty()
        })
        .count();
    let exclusive = schema.get("oneOf").is_some();
    if fitting == 0 || (exclusive && fitting > 1) {
        out.push(format!(
            "{path}: fits {fitting} of the {} variants",
            branches.len()
        ));
    }
}

fn limits(schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let count = match value {
        Value::String(s) => Some(s.chars().count() as f64),
        Value::Array(items) => Some(items.len() as f64),
        _ => None,
    };
    let checks = [
        ("minimum", value.as_f64(), true),
        ("maximum", value.as_f64(), false),
        ("minLength", count.filter(|_| value.is_string()), true),
        ("maxLength", count.filter(|_| value.is_string()), false),
        ("minItems", count.filter(|_| value.is_array()), true),
        ("maxItems", count.filter(|_| value.is_array()), false),
    ];
    for (key, actual, lower) in checks {
        if let (Some(limit), Some(actual)) = (bound(key), actual)
            && ((lower && actual < limit) || (!lower && actual > limit))
        {
            out.push(format!("{path}: {actual} breaks {key} {limit}"));
        }
    }
}

/// `path` as one JSON Pointer token (`~` and `/` escaped).
pub fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}
