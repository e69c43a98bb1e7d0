//! The review table: one Markdown row per spec location.

use std::collections::BTreeSet;

use super::findings::{Finding, spec_says, split};
use crate::model::Api;
use crate::pages::Fact;

/// The page lines (`page.txt:42`) the spec transcribed a location from,
/// as `cargo xtask pages` located them.
pub fn page_lines(facts: &[Fact], location: &str) -> Vec<String> {
    let field = match split(location) {
        Some((ty, field, true)) => format!("{ty}.{field}"),
        _ => location.to_string(),
    };
    let lines: BTreeSet<(String, usize)> = facts
        .iter()
        .filter(|fact| fact.location == field || fact.location == location)
        .map(|fact| (fact.page.clone(), fact.line))
        .collect();
    lines
        .into_iter()
        .map(|(page, line)| format!("{page}:{line}"))
        .collect()
}

/// The table, with a heading line saying how much was read.
pub fn markdown(findings: &[Finding], api: &Api, facts: &[Fact]) -> String {
    let mut out = String::from(
        "| location | the spec says | page line | seen | proposed edit |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for finding in findings {
        let pages = page_lines(facts, &finding.location);
        let pages = if pages.is_empty() {
            "not on the pages".to_string()
        } else {
            pages.join(", ")
        };
        let kinds: Vec<String> = finding
            .kinds
            .iter()
            .map(|(kind, count)| format!("{} ×{count}", kind.name()))
            .collect();
        let mut seen = format!(
            "{} in {} response(s) of {}; JSON types: {}",
            kinds.join(", "),
            finding.responses.len(),
            list(&finding.operations),
            list(&finding.seen),
        );
        if !finding.values.is_empty() {
            seen.push_str(&format!("; values: {}", finding.values.join(", ")));
        }
        let paths: Vec<&String> = finding.paths.iter().take(3).collect();
        let more = finding.paths.len().saturating_sub(paths.len());
        let paths: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
        seen.push_str(&format!("; at {}", paths.join(", ")));
        if more > 0 {
            seen.push_str(&format!(" and {more} more"));
        }
        seen.push_str(&format!(
            "; first {}, last {}",
            finding.first_seen, finding.last_seen
        ));
        let edits: Vec<String> = finding.edits.iter().map(|e| e.describe()).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            finding.location,
            cell(&spec_says(api, &finding.location)),
            cell(&pages),
            cell(&seen),
            cell(&edits.join("; ")),
        ));
    }
    out
}

fn list(items: &BTreeSet<String>) -> String {
    items.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// A table cell: a `|` would end it.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
