//! The pages' examples checked against the spec: the request's URL, query
//! and JSON body, and the JSON response, each validated against the spec's
//! schema with OpenAPI 3.0 semantics, and compared with the copy the spec
//! carries as `example:`.
//!
//! A small validator over the spec document rather than the `jsonschema`
//! crate: 3.0 is not JSON Schema (`nullable`, `discriminator`), so the crate
//! would still need a translation pass, and it would add dozens of crates
//! (regex engines, URL and date parsers) to xtask's build for the handful
//! of keywords this spec uses, all of which are handled here.

use serde_json::Value;

use super::compare::Spec;
use super::fact::Fact;
use super::parse::Page;
use crate::model::Operation;

/// Every string in the page's examples (known values for glued lists).
pub fn strings(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let texts = [&page.example_request, &page.example_response];
    for example in texts.into_iter().flatten() {
        let json = match example.text.find("--data '") {
            Some(at) => data(&example.text[at..]),
            None => Some(example.text.clone()),
        };
        if let Some(value) = json.and_then(|text| serde_json::from_str::<Value>(&text).ok()) {
            collect(&value, &mut out);
        }
    }
    out
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// The JSON after `--data '` up to the closing quote.
fn data(text: &str) -> Option<String> {
    let body = text.strip_prefix("--data '")?;
    Some(body[..body.rfind('\'')?].to_string())
}

pub fn check(spec: &Spec, page: &Page, op: &Operation, at: &str) -> Vec<Fact> {
    let name = page.name.as_str();
    let mut facts = Vec::new();
    let operation = spec
        .document
        .pointer(&format!("/paths/{}/{}", escape(&op.path), op.method.to_lowercase()))
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(example) = &page.example_request {
        let here = format!("{at} example request");
        let fact = || Fact::new(name, example.line, &here, "example");
        let url = example
            .text
            .split_whitespace()
            .skip_while(|w| *w != "--url")
            .nth(1)
            .map(|u| u.trim_matches('\''))
            .unwrap_or_default();
        for problem in check_url(spec, op, &operation, url) {
            facts.push(fact().says(url.to_string(), problem));
        }
        if let Some(text) = example.text.find("--data '").and_then(|at| data(&example.text[at..])) {
            let schema = operation.pointer("/requestBody/content/application~1json");
            facts.extend(check_json(spec, schema, &text, fact));
        }
    }
    if let Some(example) = &page.example_response {
        let here = format!("{at} example response");
        let fact = || Fact::new(name, example.line, &here, "example");
        let status = op.success.keys().next().cloned().unwrap_or_default();
        let schema = operation.pointer(&format!("/responses/{status}/content/application~1json"));
        facts.extend(check_json(spec, schema, &example.text, fact));
    }
    facts
}

/// Validates one JSON example against a media type's schema, and compares
/// it with the media type's own `example:`.
fn check_json(
    spec: &Spec,
    media: Option<&Value>,
    text: &str,
    fact: impl Fn() -> super::fact::FactBuilder,
) -> Vec<Fact> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return vec![fact().says(format!("not JSON: {e}"), "a JSON value")],
    };
    let Some(media) = media else {
        return vec![fact().says("an example", "no schema for it")];
    };
    let mut problems = Vec::new();
    let schema = media.get("schema").cloned().unwrap_or(Value::Null);
    validate(&spec.document, &schema, &value, "$", &mut problems);
    let mut facts: Vec<Fact> = problems
        .into_iter()
        .map(|problem| fact().says("valid", problem))
        .collect();
    if facts.is_empty() {
        facts.push(fact().says("valid", "valid"));
    }
    let copy = match media.get("example") {
        Some(copy) if *copy == value => "the page's example",
        Some(_) => "a different example",
        None => "no example",
    };
    let copied = Fact::new(&facts[0].page, facts[0].line, &facts[0].location, "example copy");
    facts.push(copied.says("the page's example", copy));
    facts
}

fn check_url(spec: &Spec, op: &Operation, operation: &Value, url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let template = format!("{}{}", spec.server, op.path);
    if !path_fits(&template, address) {
        problems.push(format!("URL does not fit {template}"));
    }
    let declared = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(param) = declared.iter().find(|p| p.get("name").and_then(Value::as_str) == Some(key))
        else {
            problems.push(format!("no query parameter `{key}`"));
            continue;
        };
        let schema = param.get("schema").cloned().unwrap_or(Value::Null);
        // Query values are text; a number parameter reads it as JSON.
        let value = serde_json::from_str::<Value>(raw)
            .ok()
            .filter(|v| v.is_number() || v.is_boolean())
            .unwrap_or_else(|| Value::String(raw.to_string()));
        validate(&spec.document, &schema, &value, key, &mut problems);
    }
    problems
}

fn path_fits(template: &str, address: &str) -> bool {
    let left: Vec<&str> = template.split('/').collect();
    let right: Vec<&str> = address.split('/').collect();
    left.len() == right.len()
        && left
            .iter()
            .zip(&right)
            .all(|(t, a)| t == a || (t.starts_with('{') && !a.is_empty()))
}

fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

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
        out.push(format!("{path}: {value} is not one of {}", Value::Array(allowed.clone())));
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
        let null = if value.is_null() { " (not nullable)" } else { "" };
        out.push(format!("{path}: {value} is not {}{null}", ty.unwrap_or("?")));
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
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
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

fn union(root: &Value, schema: &Value, branches: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let branches = branches.as_array().cloned().unwrap_or_default();
    // With a discriminator, the tag picks the one branch to check.
    if let Some(tag) = schema.pointer("/discriminator/propertyName").and_then(Value::as_str) {
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
        out.push(format!("{path}: fits {fitting} of the {} variants", branches.len()));
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
