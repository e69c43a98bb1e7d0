//! `pages --since REF` / `--old DIR`: the page changes between two
//! snapshots, each placed at the spec location it concerns (both snapshots
//! are read against the current spec), with whether the spec follows the
//! new page there.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::fact::Fact;
use super::spec::Spec;

/// One changed point.
#[derive(Debug, PartialEq)]
pub struct Change {
    pub page: String,
    /// The line on the new page (on the old one for a removal).
    pub line: usize,
    pub location: String,
    pub aspect: String,
    pub was: Option<String>,
    pub now: Option<String>,
    /// What the spec says there, and whether it matches the new page.
    pub spec_says: String,
    pub spec_follows: bool,
}

impl Change {
    pub fn render(&self) -> String {
        let said =
            |s: &Option<String>| s.clone().unwrap_or_else(|| "(not on the page)".to_string());
        let verdict = if self.spec_follows {
            "spec follows"
        } else {
            "spec does not follow"
        };
        format!(
            "{}:{}: {} ({}): was `{}`, now `{}`; spec says `{}`: {verdict}",
            self.page,
            self.line,
            self.location,
            self.aspect,
            said(&self.was),
            said(&self.now),
            self.spec_says
        )
    }
}

pub fn changes(spec: &Spec, old: &[(String, String)], new: &[(String, String)]) -> Vec<Change> {
    let index = |facts: Vec<Fact>| -> BTreeMap<(String, String, String), Fact> {
        facts.into_iter().map(|f| (f.key(), f)).collect()
    };
    // Only pages both snapshots have: a new or removed page is one line.
    let shared =
        |pages: &[(String, String)], other: &[(String, String)]| -> Vec<(String, String)> {
            pages
                .iter()
                .filter(|(name, _)| other.iter().any(|(o, _)| o == name))
                .cloned()
                .collect()
        };
    let before = index(super::facts(spec, &shared(old, new)));
    let after = index(super::facts(spec, &shared(new, old)));
    let mut out = Vec::new();
    for (key, now) in &after {
        let was = before.get(key);
        if was.is_some_and(|w| w.page_says == now.page_says) {
            continue;
        }
        out.push(Change {
            page: now.page.clone(),
            line: now.line,
            location: now.location.clone(),
            aspect: now.aspect.clone(),
            was: was.map(|w| w.page_says.clone()),
            now: Some(now.page_says.clone()),
            spec_says: now.spec_says.clone(),
            spec_follows: now.agrees,
        });
    }
    for (key, was) in &before {
        if !after.contains_key(key) {
            out.push(Change {
                page: was.page.clone(),
                line: was.line,
                location: was.location.clone(),
                aspect: was.aspect.clone(),
                was: Some(was.page_says.clone()),
                now: None,
                spec_says: was.spec_says.clone(),
                spec_follows: false,
            });
        }
    }
    out.sort_by(|a, b| (&a.page, a.line).cmp(&(&b.page, b.line)));
    out
}

pub fn print(spec: &Spec, old: &[(String, String)], new: &[(String, String)], label: &str) {
    let changes = changes(spec, old, new);
    for change in &changes {
        println!("{}", change.render());
    }
    // Edits no compared point reflects (prose, descriptions): the new
    // page's lines the old one does not have, so nothing changes unseen.
    for (name, text) in new {
        let Some((_, before)) = old.iter().find(|(o, _)| o == name) else {
            continue;
        };
        let known: std::collections::BTreeSet<&str> = before.lines().collect();
        for (index, line) in text.lines().enumerate() {
            let reported = changes
                .iter()
                .any(|c| c.page == *name && c.line == index + 1);
            if !known.contains(line) && !reported && !line.trim().is_empty() {
                println!(
                    "{name}:{}: text changed (no compared point): {}",
                    index + 1,
                    line.trim()
                );
            }
        }
    }
    for (name, _) in new.iter().filter(|(n, _)| !old.iter().any(|(o, _)| o == n)) {
        println!("{name}: new page (not in {label}); `cargo xtask pages` compares it whole");
    }
    for (name, _) in old.iter().filter(|(n, _)| !new.iter().any(|(o, _)| o == n)) {
        println!("{name}: removed since {label}");
    }
    let open = changes.iter().filter(|c| !c.spec_follows).count();
    println!(
        "pages since {label}: {} change(s), {open} the spec does not follow yet",
        changes.len()
    );
}

/// The pages as they were at a git ref (pages the ref lacks are skipped).
pub fn pages_at(
    root: &Path,
    reference: &str,
    current: &[(String, String)],
) -> Result<Vec<(String, String)>, String> {
    let mut pages = Vec::new();
    for (name, _) in current {
        let output = Command::new("git")
            .current_dir(root)
            .args(["show", &format!("{reference}:{}/{name}", super::PAGES_DIR)])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if output.status.success() {
            let text = String::from_utf8(output.stdout)
                .map_err(|_| format!("{reference}:{name} is not UTF-8"))?;
            pages.push((name.clone(), text));
        }
    }
    Ok(pages)
}
