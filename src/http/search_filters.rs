//! Search filters the API refuses although their Rust types can hold them,
//! checked on the outgoing body before it is sent: ids that are not digit
//! strings, and Recruiter role, skill and company filters that are neither
//! purely id-based nor purely keyword-based. An empty list is never sent (the
//! generated types leave it out), so the schema's `minItems: 1` holds already.
//!
//! The rules are the vendor's published search schema's (`pattern: ^\d+$`,
//! `minItems: 1`, the two shapes of a Recruiter filter), kept where the
//! newer page does not contradict them: a company filter may name the
//! company beside its id (the page says so; the schema has no `name`).
//! The spec cannot say them to progenitor without a regex engine in the
//! build (`pattern`) or untagged request enums that name no field (`oneOf`).

use serde_json::Value;

use crate::types;

/// What a rule asks of the value at its path.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    /// A list of ids made of ASCII digits.
    DigitIds,
    /// Each entry is either `{id}` (digits; with `is_selection` when
    /// `selection`) or `{keywords}` (not empty), never both.
    IdOrKeywords { selection: bool },
    /// Each entry's `id` is made of ASCII digits.
    DigitIdField,
}

use Rule::{DigitIdField, DigitIds, IdOrKeywords};

/// `(api, category, path, rule)`; a path is dot-separated keys, `[]` after
/// a key stepping into each entry of its list.
const RULES: &[(&str, &str, &str, Rule)] = &[
    ("classic", "people", "industry", DigitIds),
    ("classic", "people", "location", DigitIds),
    ("classic", "people", "company", DigitIds),
    ("classic", "people", "past_company", DigitIds),
    ("classic", "people", "school", DigitIds),
    ("classic", "people", "service", DigitIds),
    ("classic", "companies", "industry", DigitIds),
    ("classic", "companies", "location", DigitIds),
    ("classic", "posts", "posted_by.company", DigitIds),
    ("classic", "posts", "mentioning.company", DigitIds),
    ("classic", "posts", "author.industry", DigitIds),
    ("classic", "posts", "author.company", DigitIds),
    ("classic", "jobs", "location", DigitIds),
    ("classic", "jobs", "industry", DigitIds),
    ("classic", "jobs", "role", DigitIds),
    ("classic", "jobs", "company", DigitIds),
    ("sales_navigator", "people", "location.include", DigitIds),
    ("sales_navigator", "people", "location.exclude", DigitIds),
    ("sales_navigator", "people", "industry.include", DigitIds),
    ("sales_navigator", "people", "industry.exclude", DigitIds),
    ("sales_navigator", "people", "school.include", DigitIds),
    ("sales_navigator", "people", "school.exclude", DigitIds),
    ("sales_navigator", "people", "groups", DigitIds),
    ("sales_navigator", "people", "function.include", DigitIds),
    ("sales_navigator", "people", "function.exclude", DigitIds),
    ("sales_navigator", "people", "past_role.include", DigitIds),
    ("sales_navigator", "people", "past_role.exclude", DigitIds),
    ("sales_navigator", "people", "persona", DigitIds),
    ("sales_navigator", "companies", "industry.include", DigitIds),
    ("sales_navigator", "companies", "industry.exclude", DigitIds),
    ("sales_navigator", "companies", "location.include", DigitIds),
    ("sales_navigator", "companies", "location.exclude", DigitIds),
    ("sales_navigator", "companies", "technologies", DigitIds),
    ("recruiter", "people", "industry.include", DigitIds),
    ("recruiter", "people", "industry.exclude", DigitIds),
    ("recruiter", "people", "groups", DigitIds),
    (
        "recruiter",
        "people",
        "role",
        IdOrKeywords { selection: true },
    ),
    (
        "recruiter",
        "people",
        "skills",
        IdOrKeywords { selection: false },
    ),
    (
        "recruiter",
        "people",
        "company",
        IdOrKeywords { selection: false },
    ),
    ("recruiter", "people", "current_company[]", DigitIdField),
    ("recruiter", "people", "past_company[]", DigitIdField),
    ("recruiter", "people", "school[]", DigitIdField),
    ("recruiter", "people", "location[]", DigitIdField),
];

/// Why the API would refuse this search body, naming the field; `None`
/// when no rule is broken (a URL or cursor body has none).
pub(crate) fn invalid_filter(body: &types::LinkedinSearchRequest) -> Option<String> {
    let body = serde_json::to_value(body).ok()?;
    let (api, category) = (body.get("api")?.as_str()?, body.get("category")?.as_str()?);
    RULES
        .iter()
        .filter(|(a, c, _, _)| *a == api && *c == category)
        .find_map(|(_, _, path, rule)| {
            let mut found = Vec::new();
            values_at(&body, path, String::new(), &mut found);
            found.into_iter().find_map(|(at, value)| {
                broken(*rule, value).map(|why| format!("body field `{at}{why}"))
            })
        })
}

/// The values at `path` with their JSON paths (`role[2]`).
fn values_at<'a>(value: &'a Value, path: &str, at: String, out: &mut Vec<(String, &'a Value)>) {
    let (step, rest) = path.split_once('.').unwrap_or((path, ""));
    let (key, each) = match step.strip_suffix("[]") {
        Some(key) => (key, true),
        None => (step, false),
    };
    let Some(next) = value.get(key) else {
        return;
    };
    let at = if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    };
    let entries: Vec<(String, &Value)> = match (each, next.as_array()) {
        (true, Some(list)) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{at}[{i}]"), v))
            .collect(),
        (true, None) => Vec::new(),
        (false, _) => vec![(at, next)],
    };
    for (at, entry) in entries {
        if rest.is_empty() {
            out.push((at, entry));
        } else {
            values_at(entry, rest, at, out);
        }
    }
}

/// What is wrong with `value` under `rule`, as the rest of a message that
/// starts with the field's path (values are never repeated: they may be
/// personal data).
fn broken(rule: Rule, value: &Value) -> Option<String> {
    let list = || value.as_array().map(Vec::as_slice).unwrap_or_default();
    match rule {
        DigitIds => list()
            .iter()
            .position(|id| !is_digits(id))
            .map(|i| format!("[{i}]`: not a LinkedIn id (digits only; resolve names with the search parameters route)")),
        DigitIdField => match value.get("id") {
            Some(id) if !is_digits(id) => {
                Some(".id`: not a LinkedIn id (digits only; resolve names with the search parameters route)".into())
            }
            _ => None,
        },
        IdOrKeywords { selection } => list().iter().enumerate().find_map(|(i, entry)| {
            id_or_keywords(entry, selection).map(|why| format!("[{i}]`: {why}"))
        }),
    }
}

fn id_or_keywords(entry: &Value, selection: bool) -> Option<&'static str> {
    let keywords = entry.get("keywords").and_then(Value::as_str);
    match (entry.get("id"), keywords) {
        (Some(_), Some(_)) => Some("give `id` or `keywords`, not both"),
        (Some(id), None) if !is_digits(id) => Some(
            "`id` is not a LinkedIn id (digits only; resolve names with the search parameters route)",
        ),
        (Some(_), None) if selection && entry.get("is_selection").is_none() => {
            Some("an id-based filter needs `is_selection`")
        }
        (Some(_), None) => None,
        (None, Some("")) => Some("`keywords` is empty"),
        (None, Some(_)) if entry.get("is_selection").is_some() => {
            Some("`is_selection` goes with `id`, not with `keywords`")
        }
        (None, Some(_)) => None,
        (None, None) => Some("give `id` or `keywords`"),
    }
}

fn is_digits(id: &Value) -> bool {
    id.as_str()
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

// The tests write request bodies as JSON, which needs `request-from-json`.
#[cfg(all(test, feature = "request-from-json"))]
#[path = "search_filters_tests.rs"]
mod tests;
