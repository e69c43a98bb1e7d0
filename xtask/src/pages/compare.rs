//! A page compared with the spec, operation by operation: the endpoint, the
//! parameters, the body and response variants, the error envelope and the
//! error statuses with their `errors/*` types, and the examples.

use std::collections::BTreeSet;

use serde_json::Value;

use super::examples;
use super::fact::{Fact, kind, types_agree};
use super::field::describe;
use super::line::prose_limits;
use super::parse::{Item, Page, Section};
use super::resolve::Walker;
use super::spec::Spec;
use crate::model::Operation;

/// Every documented point of `page`, each with what the spec says.
pub fn compare(spec: &Spec, page: &Page) -> Vec<Fact> {
    let name = page.name.as_str();
    let Some((method, url, line)) = &page.endpoint else {
        let fact = Fact::at(name, 1, "paths", "endpoint");
        return vec![fact.says("no endpoint line", "an operation")];
    };
    let path = url_path(url);
    let found = spec
        .api
        .operations
        .values()
        .find(|op| op.method == *method && strip_version(&op.path) == strip_version(&path));
    let Some(op) = found else {
        let fact = Fact::at(name, *line, "paths", "endpoint");
        return vec![fact.says(format!("{method} {url}"), "absent")];
    };
    let at = format!("{} {}", op.method, op.path);
    // The base URL (what precedes the operation's path) is what can differ.
    let base = url.strip_suffix(op.path.as_str()).unwrap_or(url);
    let mut facts = vec![Fact::at(name, *line, &at, "base url").says(base, spec.server.clone())];
    facts.extend(auth(spec, page));
    facts.extend(params(spec, page, op, &at));
    let known = examples::strings(page);
    let mut walker = Walker::new(&spec.api, name, &known);
    if let Some((body, _)) = &op.body {
        walk_sections(&mut walker, body, &page.body);
    } else if page.body.iter().any(|s| !s.items.is_empty()) {
        let fact = Fact::at(name, page.body[0].line, &at, "request body");
        facts.push(fact.says("documented", "absent"));
    }
    match op.success.iter().next() {
        Some((_, ty)) if ty != "none" => walk_sections(&mut walker, ty, &page.response),
        _ => {}
    }
    if !page.envelope.is_empty() {
        let items: Vec<Item> = page.envelope.iter().cloned().map(Item::Field).collect();
        walker.walk("ErrorEnvelope", page.envelope[0].line, &items);
    }
    facts.append(&mut walker.facts);
    facts.extend(errors(page, op, &at));
    facts.extend(examples::check(spec, page, op, &at));
    facts
}

/// A body or response: the first section's fields, then each further
/// section (`Body - Classic - People`, `Result variant - JOB`) as a variant.
fn walk_sections(walker: &mut Walker, root: &str, sections: &[Section]) {
    let Some(first) = sections.first() else {
        return;
    };
    let mut items = first.items.clone();
    for section in &sections[1..] {
        items.push(Item::Variant {
            label: section.title.clone(),
            line: section.line,
        });
        items.extend(section.items.iter().cloned());
    }
    walker.walk(root, first.line, &items);
}

/// `https://api.postpress.ai/v1/users/me` → `/v1/users/me`.
fn url_path(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.find('/')
        .map(|at| rest[at..].to_string())
        .unwrap_or_default()
}

/// `/api/v1/users` and `/v1/users` → `/users`.
fn strip_version(path: &str) -> &str {
    let path = path.strip_prefix("/api").unwrap_or(path);
    match path.strip_prefix("/v") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
            let at = rest.find('/').unwrap_or(rest.len());
            &rest[at..]
        }
        _ => path,
    }
}

fn params(spec: &Spec, page: &Page, op: &Operation, at: &str) -> Vec<Fact> {
    let name = page.name.as_str();
    let mut facts = Vec::new();
    let mut documented = BTreeSet::new();
    let located = [("path", &page.path_params), ("query", &page.query_params)];
    for (location, entries) in located {
        for entry in entries.iter() {
            documented.insert(entry.name.clone());
            let here = format!("{at} {location} {}", entry.name);
            let fact = |aspect: &str| Fact::at(name, entry.line, &here, aspect);
            let Some(param) = op.params.get(&entry.name) else {
                facts.push(fact("parameter").says(describe(&entry.ty, entry.required), "absent"));
                continue;
            };
            facts.push(fact("parameter").says("present", "present"));
            facts.push(fact("in").says(location, param.location.clone()));
            let flag = |required: bool| if required { "required" } else { "optional" };
            facts.push(fact("required").says(flag(entry.required), flag(param.required)));
            let spec_kind = kind(&spec.api, &param.shape.ty);
            let agrees = types_agree(&entry.ty, &spec_kind);
            facts.push(fact("type").judged(entry.ty.clone(), spec_kind, agrees));
            if entry.ty.starts_with("array") {
                // The page states no serialization: OpenAPI's default
                // (`form`, exploded: `k=a&k=b`) is what it means.
                facts.push(fact("style").says("not stated", style(spec, op, &entry.name)));
            }
            let page_limits = prose_limits(&entry.prose);
            let mut keys: BTreeSet<&str> = page_limits.iter().map(|(k, _)| *k).collect();
            keys.extend(
                ["minimum", "maximum", "minLength", "maxLength"]
                    .into_iter()
                    .filter(|k| param.shape.limits.contains_key(*k)),
            );
            if param.shape.default.is_some() {
                keys.insert("default");
            }
            for key in keys {
                let on_page = page_limits.iter().find(|(k, _)| *k == key);
                let in_spec = if key == "default" {
                    param.shape.default.clone()
                } else {
                    param.shape.limits.get(key).cloned()
                };
                let unquote = |v: String| v.trim_matches('"').to_string();
                facts.push(fact(key).says(
                    on_page.map_or("none".to_string(), |(_, v)| v.clone()),
                    in_spec.map_or("none".to_string(), unquote),
                ));
            }
        }
    }
    for (param_name, param) in &op.params {
        if !documented.contains(param_name) {
            let here = format!("{at} {} {param_name}", param.location);
            let line = page.endpoint.as_ref().map_or(1, |(_, _, line)| *line);
            facts.push(Fact::at(name, line, &here, "parameter").says("absent", "present"));
        }
    }
    facts
}

/// The `Authorization` headers against the spec's API-key schemes.
fn auth(spec: &Spec, page: &Page) -> Vec<Fact> {
    let schemes = spec
        .document
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let headers: Vec<&str> = schemes
        .into_iter()
        .flat_map(|map| map.values())
        .filter(|s| s.get("type").and_then(Value::as_str) == Some("apiKey"))
        .filter(|s| s.get("in").and_then(Value::as_str) == Some("header"))
        .filter_map(|s| s.get("name").and_then(Value::as_str))
        .collect();
    page.auth
        .iter()
        .map(|entry| {
            let here = format!("securitySchemes header {}", entry.name);
            let in_spec = if headers.contains(&entry.name.as_str()) {
                "an API-key header"
            } else {
                "absent"
            };
            Fact::at(&page.name, entry.line, &here, "authorization")
                .says("an API-key header", in_spec)
        })
        .collect()
}

fn errors(page: &Page, op: &Operation, at: &str) -> Vec<Fact> {
    let name = page.name.as_str();
    let mut facts = Vec::new();
    for status in &page.errors {
        let here = format!("{at} {}", status.status);
        let Some(spec_types) = op.error_types.get(&status.status) else {
            facts.push(Fact::at(name, status.line, &here, "status").says("documented", "absent"));
            continue;
        };
        facts.push(Fact::at(name, status.line, &here, "status").says("documented", "documented"));
        // The page's own count: a bullet the parser missed shows here.
        let count = Fact::at(name, status.line, &here, "types on the page");
        let stated = status
            .stated
            .map_or("no count".to_string(), |n| format!("{n} stated"));
        let listed = format!("{} listed", status.types.len());
        facts.push(count.judged(
            stated.clone(),
            listed.clone(),
            stated.replace("stated", "listed") == listed,
        ));
        for (error, line) in &status.types {
            let in_spec = if spec_types.contains(error) {
                "listed"
            } else {
                "not listed"
            };
            let fact = Fact::at(name, *line, &here, &format!("error {error}"));
            facts.push(fact.says("listed", in_spec));
        }
        for error in spec_types {
            if !status.types.iter().any(|(e, _)| e == error) {
                let fact = Fact::at(name, status.line, &here, &format!("error {error}"));
                facts.push(fact.says("not listed", "listed"));
            }
        }
    }
    for status in &op.errors {
        if !page.errors.iter().any(|s| s.status == *status) {
            let line = page.errors.first().map_or(1, |s| s.line);
            let here = format!("{at} {status}");
            facts.push(Fact::at(name, line, &here, "status").says("absent", "documented"));
        }
    }
    facts
}

/// A parameter's serialization, `not stated` when it is OpenAPI's default.
fn style(spec: &Spec, op: &Operation, name: &str) -> String {
    let pointer = format!(
        "/paths/{}/{}/parameters",
        op.path.replace('~', "~0").replace('/', "~1"),
        op.method.to_lowercase()
    );
    let param = spec
        .document
        .pointer(&pointer)
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        });
    let style = param
        .and_then(|p| p.get("style"))
        .and_then(Value::as_str)
        .unwrap_or("form");
    let explode = param
        .and_then(|p| p.get("explode"))
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    if style == "form" && explode {
        "not stated".to_string()
    } else {
        format!("style: {style}, explode: {explode}")
    }
}
