//! One field line compared with the spec's field: presence, type, required
//! flag, nullability, constant and allowed values (value by value).

use std::collections::BTreeSet;

use super::fact::{Fact, kind, split_glued, types_agree, values};
use super::line::Entry;
use crate::model::{Api, Field};

/// The facts of one field line against the spec's field (`None`: the
/// spec has no such field).
pub fn compare(
    api: &Api,
    page: &str,
    known: &[String],
    entry: &Entry,
    location: &str,
    spec: Option<&Field>,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    let fact = |aspect: &str| Fact::at(page, entry.line, location, aspect);
    let Some(field) = spec else {
        let page = describe(&entry.ty, entry.required);
        facts.push(fact("field").says(page, "absent"));
        return facts;
    };
    facts.push(fact("field").says("present", "present"));
    let spec_kind = kind(api, &field.shape.ty);
    let agrees = types_agree(&entry.ty, &spec_kind);
    facts.push(fact("type").judged(entry.ty.clone(), spec_kind, agrees));
    let flag = |required: bool| if required { "required" } else { "optional" };
    facts.push(fact("required").says(flag(entry.required), flag(field.required)));
    let nullable = if field.shape.nullable {
        "nullable"
    } else {
        "not nullable"
    };
    facts.push(fact("nullable").says("not nullable", nullable));
    let spec_values = values(api, &field.shape);
    if let Some(constant) = &entry.constant {
        facts.push(fact("constant").says(constant.clone(), spec_values.join(", ")));
        return facts;
    }
    let split = |(glued, line): &(String, usize)| {
        let mut candidates = spec_values.clone();
        candidates.extend(known.iter().cloned());
        (split_glued(glued, &candidates), *line)
    };
    let listed = match (&entry.listed, &entry.values) {
        (Some((values, line)), _) => {
            Some((values.iter().map(|v| (v.clone(), true)).collect(), *line))
        }
        (None, Some(glued)) => Some(split(glued)),
        (None, None) => None,
    };
    match listed {
        Some((listed, line)) => {
            let page_values: BTreeSet<&str> = listed.iter().map(|(v, _)| v.as_str()).collect();
            let all: BTreeSet<&str> = page_values
                .iter()
                .copied()
                .chain(spec_values.iter().map(String::as_str))
                .collect();
            for value in all {
                let on_page = match listed.iter().find(|(v, _)| v == value) {
                    Some((_, true)) => "listed",
                    Some((_, false)) => "listed (a stretch no known value explains)",
                    None => "not listed",
                };
                let in_spec = if spec_values.iter().any(|v| v == value) {
                    "listed"
                } else {
                    "not listed"
                };
                let fact = Fact::at(page, line, location, &format!("value {value}"));
                facts.push(fact.says(on_page, in_spec));
            }
        }
        None if !spec_values.is_empty() => {
            facts.push(fact("values").says("no list", spec_values.join(", ")));
        }
        None => {}
    }
    facts
}

/// `string required`, `number optional`.
pub fn describe(ty: &str, required: bool) -> String {
    format!("{ty} {}", if required { "required" } else { "optional" })
}
