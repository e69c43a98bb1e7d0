//! `--apply`: each proposed edit written into the spec (`yaml_edit.rs`),
//! cited in a `# DEVIATION` comment, and recorded in
//! `openapi/spec-deviations.yaml` with the differences `cargo xtask pages`
//! now finds there and the traffic's evidence, so `pages` stays clean.

use std::collections::{BTreeMap, BTreeSet};

use super::findings::{Edit, Finding, split};
use super::yaml_edit::{Yaml, type_path};
use crate::pages::{self, Fact};

/// The new spec and deviations texts, and one line per edit.
#[derive(Debug)]
pub struct Applied {
    pub spec: String,
    pub deviations: String,
    pub log: Vec<String>,
}

/// One edit written into the spec.
struct Written<'f> {
    id: String,
    finding: &'f Finding,
    edit: &'f Edit,
}

pub fn apply(
    spec_text: &str,
    deviations_text: &str,
    pages: &[(String, String)],
    findings: &[Finding],
) -> Result<Applied, String> {
    let unrecorded = |spec: &str, deviations: &str| -> Result<BTreeSet<String>, String> {
        let report = pages::check(spec, pages, deviations)?;
        let mut lines: BTreeSet<String> = report.unrecorded.iter().map(Fact::render).collect();
        lines.extend(report.stale);
        Ok(lines)
    };
    let before = unrecorded(spec_text, deviations_text)?;
    let mut taken: BTreeSet<String> = crate::pages::deviation_ids(deviations_text)?;
    let mut yaml = Yaml::new(spec_text);
    let mut written = Vec::new();
    let mut log = Vec::new();
    for finding in findings {
        for edit in &finding.edits {
            if let Edit::Review(_) = edit {
                continue;
            }
            let id = unique_id(&mut taken, &finding.location, edit);
            match write(&mut yaml, &finding.location, edit, &id) {
                Ok(()) => {
                    log.push(format!(
                        "applied: {}: {} ({id})",
                        finding.location,
                        edit.describe()
                    ));
                    written.push(Written { id, finding, edit });
                }
                Err(why) => log.push(format!(
                    "not applied: {}: {}: {why}",
                    finding.location,
                    edit.describe()
                )),
            }
        }
    }
    let mut spec = yaml.text();
    // The differences the edits opened, each recorded by the edit at its location.
    let report = pages::check(&spec, pages, deviations_text)?;
    let mut by_edit: BTreeMap<usize, Vec<Fact>> = BTreeMap::new();
    for fact in report.unrecorded {
        if before.contains(&fact.render()) {
            continue;
        }
        let owner = written
            .iter()
            .position(|w| field_location(&w.finding.location) == fact.location);
        match owner {
            Some(index) => by_edit.entry(index).or_default().push(fact),
            None => log.push(format!("pages now reports, unrecorded: {}", fact.render())),
        }
    }
    // An edit that brings the spec back to a page leaves the entry that
    // recorded the old departure stale: the location leaves that entry.
    let mut deviations = deviations_text.to_string();
    for stale in report.stale.iter().filter(|line| !before.contains(*line)) {
        let Some((id, at)) = pages::stale_entry(deviations_text, stale)? else {
            continue;
        };
        if written
            .iter()
            .any(|w| field_location(&w.finding.location) == at)
        {
            deviations = drop_location(&deviations, &id, &at);
            log.push(format!(
                "the spec now follows the page at {at}: removed from deviation `{id}`"
            ));
        }
    }
    let documented: BTreeSet<&str> = report.facts.iter().map(|f| f.location.as_str()).collect();
    let mut deviations = deviations.trim_end().to_string();
    deviations.push('\n');
    for (index, w) in written.iter().enumerate() {
        let facts = by_edit.remove(&index).unwrap_or_default();
        let location = field_location(&w.finding.location);
        if facts.is_empty() && documented.contains(location.as_str()) {
            // The pages say what the spec now says: nothing departs, nothing to cite.
            let citation = format!("(deviations: {})", w.id);
            let kept: Vec<&str> = spec.lines().filter(|l| !l.contains(&citation)).collect();
            spec = kept.join("\n") + "\n";
            continue;
        }
        deviations.push_str(&entries(w, &facts));
    }
    for line in unrecorded(&spec, &deviations)?.difference(&before) {
        log.push(format!("pages now reports: {line}"));
    }
    Ok(Applied {
        spec,
        deviations,
        log,
    })
}

/// The deviations text without one location of an entry (the whole entry
/// when it was its only one), every other line as it was.
fn drop_location(text: &str, id: &str, at: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == format!("- id: {id}")) else {
        return text.to_string();
    };
    let end = (start + 1..lines.len())
        .find(|i| lines[*i].starts_with("- "))
        .unwrap_or(lines.len());
    let quoted = sq(at);
    let scalar = format!("at: {quoted}");
    let item = format!("- {quoted}");
    let mut out: Vec<&str> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let inside = (start..end).contains(&index);
        if inside && line.trim() == scalar {
            // The entry's only location: the entry goes.
            let mut kept: Vec<&str> = lines[..start].to_vec();
            kept.extend(&lines[end..]);
            return kept.join("\n") + "\n";
        }
        if inside && line.trim() == item {
            continue;
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// `A.b[]` → `A.b`: where `pages` puts a list's facts.
fn field_location(location: &str) -> String {
    match split(location) {
        Some((ty, field, _)) => format!("{ty}.{field}"),
        None => location.to_string(),
    }
}

fn write(yaml: &mut Yaml, location: &str, edit: &Edit, id: &str) -> Result<(), String> {
    let (ty, field, _) = split(location).ok_or("not a field of a type")?;
    let at = type_path(location)?;
    let cited_at = type_path(&field_location(location))?;
    match edit {
        Edit::Nullable => yaml.make_nullable(&at)?,
        Edit::Optional => yaml.make_optional(&type_path(ty)?, field)?,
        Edit::AddValues(values) => yaml.add_values(&at, values)?,
        Edit::Widen => yaml.widen(&at)?,
        Edit::AddField(types) => {
            let nullable = types.contains("null");
            let mut kinds: Vec<&str> = types
                .iter()
                .map(String::as_str)
                .filter(|t| *t != "null")
                .collect();
            if kinds == ["integer", "number"] {
                kinds = vec!["number"];
            }
            let [kind] = kinds.as_slice() else {
                return Err(format!("JSON types {kinds:?}: choose the type by hand"));
            };
            return yaml.add_field(&type_path(ty)?, field, kind, nullable, id);
        }
        Edit::Review(_) => return Ok(()),
    }
    yaml.cite(&cited_at, id)
}

/// `observed-linkedinuserprofile-first-name-nullable`, unique in the file.
fn unique_id(taken: &mut BTreeSet<String>, location: &str, edit: &Edit) -> String {
    let what = match edit {
        Edit::Nullable => "nullable",
        Edit::Optional => "optional",
        Edit::AddValues(_) => "values",
        Edit::AddField(_) => "field",
        Edit::Widen => "number",
        Edit::Review(_) => "review",
    };
    let slug: String = location
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    let base = format!("observed-{}-{what}", slug.join("-"));
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The entries recording one edit: one per difference text `pages` now
/// reports for it (on one page, or `all`), or a `prose` entry when the
/// pages do not document the location.
fn entries(w: &Written, facts: &[Fact]) -> String {
    // (aspect, page says, spec says) → (pages, locations)
    type Texts = (String, String, String);
    let mut groups: BTreeMap<Texts, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for fact in facts {
        let key = (
            fact.aspect.clone(),
            fact.page_says.clone(),
            fact.spec_says.clone(),
        );
        let (pages, at) = groups.entry(key).or_default();
        pages.insert(fact.page.clone());
        at.insert(fact.location.clone());
    }
    if groups.is_empty() {
        let at = BTreeSet::from([field_location(&w.finding.location)]);
        let key = (
            "prose".to_string(),
            "not documented".to_string(),
            w.edit.describe(),
        );
        groups.insert(key, (BTreeSet::from(["all".to_string()]), at));
    }
    let mut out = String::new();
    for (index, ((aspect, page_says, spec_says), (pages, at))) in groups.into_iter().enumerate() {
        let id = match index {
            0 => w.id.clone(),
            n => format!("{}-{}", w.id, n + 1),
        };
        let page = match pages.len() {
            1 => pages.into_iter().next().unwrap_or_default(),
            _ => "all".to_string(),
        };
        out.push_str(&format!("- id: {id}\n  page: {page}\n  aspect: {aspect}\n"));
        out.push_str(&format!(
            "  page_says: {}\n  spec_says: {}\n",
            sq(&page_says),
            sq(&spec_says)
        ));
        let at: Vec<String> = at.iter().map(|a| sq(a)).collect();
        match at.as_slice() {
            [one] => out.push_str(&format!("  at: {one}\n")),
            many => {
                out.push_str("  at:\n");
                for a in many {
                    out.push_str(&format!("    - {a}\n"));
                }
            }
        }
        out.push_str(&evidence(w.finding, w.edit));
    }
    out
}

/// The evidence and the `observed` record: counts, first and last seen.
fn evidence(f: &Finding, edit: &Edit) -> String {
    let kinds: Vec<String> = f
        .kinds
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    let list =
        |items: &BTreeSet<String>| items.iter().map(|i| sq(i)).collect::<Vec<_>>().join(", ");
    let mut out = format!(
        "  evidence: >-\n    Observed in traffic (cargo xtask drift): {} in {} response(s) of {}; JSON types seen: {}.\n    Edit: {}.\n",
        kinds.join(", "),
        f.responses.len(),
        f.operations.iter().cloned().collect::<Vec<_>>().join(", "),
        f.seen.iter().cloned().collect::<Vec<_>>().join(", "),
        edit.describe()
    );
    out.push_str("  observed:\n");
    let kinds: Vec<String> = f
        .kinds
        .iter()
        .map(|(k, n)| format!("{}: {n}", k.name()))
        .collect();
    out.push_str(&format!("    kinds: {{{}}}\n", kinds.join(", ")));
    out.push_str(&format!(
        "    count: {}\n    responses: {}\n",
        f.count,
        f.responses.len()
    ));
    out.push_str(&format!("    operations: [{}]\n", list(&f.operations)));
    out.push_str(&format!("    types: [{}]\n", list(&f.seen)));
    if !f.values.is_empty() {
        let values: Vec<String> = f.values.iter().map(|v| sq(v)).collect();
        out.push_str(&format!("    values: [{}]\n", values.join(", ")));
    }
    out.push_str(&format!(
        "    first_seen: {}\n    last_seen: {}\n",
        sq(&f.first_seen),
        sq(&f.last_seen)
    ));
    // File names only: a maintainer's directories do not belong in the repository.
    let names: BTreeSet<String> = f
        .inputs
        .iter()
        .map(|i| {
            let name = std::path::Path::new(i).file_name();
            name.map_or(i.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    out.push_str(&format!("    inputs: [{}]\n", list(&names)));
    out
}

/// Single-quoted, as the file writes its texts.
fn sq(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
