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

use super::fact::Fact;
use super::parse::Page;
use super::spec::Spec;
use super::validate::{escape, validate};
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
        .pointer(&format!(
            "/paths/{}/{}",
            escape(&op.path),
            op.method.to_lowercase()
        ))
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(example) = &page.example_request {
        let here = format!("{at} example request");
        let fact = || Fact::at(name, example.line, &here, "example");
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
        if let Some(text) = example
            .text
            .find("--data '")
            .and_then(|at| data(&example.text[at..]))
        {
            let schema = operation.pointer("/requestBody/content/application~1json");
            facts.extend(check_json(spec, schema, &text, fact));
        }
    }
    if let Some(example) = &page.example_response {
        let here = format!("{at} example response");
        let fact = || Fact::at(name, example.line, &here, "example");
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
    let copied = Fact::at(
        &facts[0].page,
        facts[0].line,
        &facts[0].location,
        "example copy",
    );
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
        let Some(param) = declared
            .iter()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(key))
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
