//! `openapi/spec-deviations.yaml`: every intentional departure of the spec from
//! a page, matched against the differences `pages` finds.
//!
//! An entry names the page (or `all`), the aspect, the spec locations it
//! covers, what the page says and what the spec says, exactly as `pages`
//! prints them, and the evidence. A difference is recorded when an entry
//! matches it; a location of an entry that matches no difference is stale
//! (the page or the spec changed under it).
//!
//! Entries with `aspect: prose` concern objects a page documents only in
//! prose (`{ id, name }`), which `pages` does not compare yet: they are
//! listed by `--explain` as unchecked, and only their spec locations are
//! checked (a location the spec no longer has is stale).

use serde_json::Value;

use super::fact::Fact;
use crate::model::{Api, TypeKind};

#[derive(Clone, Debug)]
pub struct Deviation {
    /// Unique; a spec comment may cite it as `(deviations: ID)`.
    pub id: String,
    pub page: String,
    pub aspect: String,
    pub at: Vec<String>,
    pub page_says: String,
    pub spec_says: String,
    pub evidence: String,
    /// The entry's position in the file (1-based), for messages.
    pub index: usize,
}

/// The aspect of entries `pages` cannot match against a difference.
pub const PROSE: &str = "prose";

impl Deviation {
    pub fn covers(&self, fact: &Fact, location: &str) -> bool {
        self.aspect != PROSE
            && !fact.agrees
            && (self.page == "all" || self.page == fact.page)
            && self.aspect == fact.aspect
            && location == fact.location
            && self.page_says == fact.page_says
            && self.spec_says == fact.spec_says
    }
}

pub fn parse(text: &str) -> Result<Vec<Deviation>, String> {
    let value: Value =
        serde_yaml_ng::from_str(text).map_err(|e| format!("deviations: not YAML: {e}"))?;
    let entries = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(entries) => entries,
        _ => return Err("deviations: expected a list of entries".to_string()),
    };
    let mut out = Vec::new();
    for (position, entry) in entries.iter().enumerate() {
        let index = position + 1;
        let text = |key: &str| -> Result<String, String> {
            match entry.get(key) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) if !other.is_null() => Ok(other.to_string()),
                _ => Err(format!("deviations: entry {index} has no `{key}`")),
            }
        };
        let at = match entry.get("at") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or(format!("deviations: entry {index}: `at` must list strings"))?,
            _ => return Err(format!("deviations: entry {index} has no `at`")),
        };
        let evidence = text("evidence")?;
        if evidence.trim().is_empty() {
            return Err(format!("deviations: entry {index} gives no evidence"));
        }
        let id = text("id")?;
        if out.iter().any(|d: &Deviation| d.id == id) {
            return Err(format!(
                "deviations: entry {index}: id `{id}` is used twice"
            ));
        }
        out.push(Deviation {
            id,
            page: text("page")?,
            aspect: text("aspect")?,
            at,
            page_says: text("page_says")?,
            spec_says: text("spec_says")?,
            evidence,
            index,
        });
    }
    Ok(out)
}

/// The differences no entry records, and the entries' locations that match
/// no difference (stale), as printable lines.
pub fn apply(facts: &[Fact], deviations: &[Deviation], api: &Api) -> (Vec<Fact>, Vec<String>) {
    let unrecorded = facts
        .iter()
        .filter(|fact| !fact.agrees)
        .filter(|fact| {
            !deviations
                .iter()
                .any(|d| d.at.iter().any(|at| d.covers(fact, at)))
        })
        .cloned()
        .collect();
    let mut stale = Vec::new();
    for deviation in deviations {
        for at in &deviation.at {
            let found = if deviation.aspect == PROSE {
                in_spec(api, at)
            } else {
                facts.iter().any(|fact| deviation.covers(fact, at))
            };
            if !found {
                stale.push(format!(
                    "openapi/spec-deviations.yaml entry {} `{}` ({}): {at} ({}): page says `{}`, spec says `{}`: no such difference any more",
                    deviation.index, deviation.id, deviation.page, deviation.aspect, deviation.page_says, deviation.spec_says
                ));
            }
        }
    }
    (unrecorded, stale)
}

/// Every entry with the differences it records and its evidence: the
/// human-readable list of deviations, generated from the file.
pub fn explain(facts: &[Fact], deviations: &[Deviation]) -> String {
    let mut out = String::new();
    for deviation in deviations {
        out.push_str(&format!(
            "- {}: {} ({}): page says `{}`, spec says `{}`\n",
            deviation.id,
            deviation.page,
            deviation.aspect,
            deviation.page_says,
            deviation.spec_says
        ));
        for at in &deviation.at {
            let lines: Vec<String> = facts
                .iter()
                .filter(|fact| deviation.covers(fact, at))
                .map(|fact| format!("{}:{}", fact.page, fact.line))
                .collect();
            if deviation.aspect == PROSE {
                out.push_str(&format!("    {at} (prose only: not compared by `pages`)\n"));
            } else {
                out.push_str(&format!("    {at} ({})\n", lines.join(", ")));
            }
        }
        out.push_str(&format!("  evidence: {}\n", deviation.evidence.trim()));
    }
    out
}

/// The spec's `(deviations: ID)` citations that name no entry.
pub fn unknown_citations(spec_text: &str, deviations: &[Deviation]) -> Vec<String> {
    let mut out = Vec::new();
    for (number, line) in spec_text.lines().enumerate() {
        for cited in line.split("(deviations: ").skip(1) {
            let id = cited.split(')').next().unwrap_or(cited).trim();
            if !deviations.iter().any(|d| d.id == id) {
                out.push(format!(
                    "{}:{}: cites deviation `{id}`, which openapi/spec-deviations.yaml does not have",
                    crate::codegen::SPEC_PATH,
                    number + 1
                ));
            }
        }
    }
    out
}

/// Whether `Type` or `Type.field` exists in the spec.
fn in_spec(api: &Api, at: &str) -> bool {
    let (ty, field) = at.split_once('.').unwrap_or((at, ""));
    match api.types.get(ty).map(|d| &d.kind) {
        Some(TypeKind::Object { fields, .. }) => field.is_empty() || fields.contains_key(field),
        Some(_) => field.is_empty(),
        None => false,
    }
}
