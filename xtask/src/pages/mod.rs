//! `cargo xtask pages`: the spec checked against the reference pages in
//! `openapi/pages/`, with the recorded deviations applied.
//!
//! - `pages`: one line per difference no entry of `openapi/spec-deviations.yaml`
//!   records, and one per stale entry; exits 1 if there is any.
//! - `pages --explain`: every recorded deviation with the differences it
//!   covers (page and line) and its evidence.
//! - `pages --since REF` / `pages --old DIR`: what changed on the pages
//!   between that snapshot and the working tree, each change at the spec
//!   location it concerns, and whether the spec already follows it.

mod compare;
mod deviations;
mod examples;
pub mod fact;
mod field;
mod line;
mod parse;
mod resolve;
mod since;
mod spec;
#[cfg(test)]
mod tests;
mod validate;

use std::path::Path;

pub use fact::Fact;
pub use spec::Spec;

pub const PAGES_DIR: &str = "openapi/pages";
pub const DEVIATIONS_FILE: &str = "openapi/spec-deviations.yaml";

/// What `pages` found: differences not recorded, and stale entries.
#[derive(Debug, Default)]
pub struct Report {
    pub facts: Vec<Fact>,
    pub unrecorded: Vec<Fact>,
    pub stale: Vec<String>,
}

/// Every fact of every page, in page order.
pub fn facts(spec: &Spec, pages: &[(String, String)]) -> Vec<Fact> {
    pages
        .iter()
        .flat_map(|(name, text)| compare::compare(spec, &parse::parse(name, text)))
        .collect()
}

/// The whole check over texts: the spec, the pages (name, text) and the
/// deviations file.
pub fn check(
    spec_text: &str,
    pages: &[(String, String)],
    deviations_text: &str,
) -> Result<Report, String> {
    let spec = Spec::parse(spec_text)?;
    let deviations = deviations::parse(deviations_text)?;
    let facts = facts(&spec, pages);
    let (unrecorded, mut stale) = deviations::apply(&facts, &deviations, &spec.api);
    stale.extend(deviations::unknown_citations(spec_text, &deviations));
    Ok(Report {
        facts,
        unrecorded,
        stale,
    })
}

/// The ids of the entries of a deviations file.
pub fn deviation_ids(deviations_text: &str) -> Result<std::collections::BTreeSet<String>, String> {
    Ok(deviations::parse(deviations_text)?
        .into_iter()
        .map(|d| d.id)
        .collect())
}

/// The entry id and location of a stale line of [`Report::stale`].
pub fn stale_entry(deviations_text: &str, stale: &str) -> Result<Option<(String, String)>, String> {
    for deviation in deviations::parse(deviations_text)? {
        let entry = format!(
            "entry {} `{}` ({}): ",
            deviation.index, deviation.id, deviation.page
        );
        let Some(rest) = stale.split_once(&entry).map(|(_, rest)| rest) else {
            continue;
        };
        if let Some(at) = deviation
            .at
            .iter()
            .find(|at| rest.starts_with(&format!("{at} (")))
        {
            return Ok(Some((deviation.id.clone(), at.clone())));
        }
    }
    Ok(None)
}

/// The pages in a directory, sorted by name.
pub fn read_pages(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut pages = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "txt") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            pages.push((name, text));
        }
    }
    pages.sort();
    Ok(pages)
}

/// `cargo xtask pages [--since REF | --old DIR]`.
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let spec_text = read(&root.join(crate::codegen::SPEC_PATH))?;
    let pages = read_pages(&root.join(PAGES_DIR))?;
    match args {
        [] => {
            let report = check(&spec_text, &pages, &read(&root.join(DEVIATIONS_FILE))?)?;
            for fact in &report.unrecorded {
                println!("{}", fact.render());
            }
            for line in &report.stale {
                println!("stale: {line}");
            }
            let compared = report.facts.len();
            let recorded =
                report.facts.iter().filter(|f| !f.agrees).count() - report.unrecorded.len();
            println!(
                "pages: {} page(s), {compared} points compared, {recorded} recorded deviation(s), {} unrecorded difference(s), {} stale entr(ies)",
                pages.len(),
                report.unrecorded.len(),
                report.stale.len()
            );
            if report.unrecorded.is_empty() && report.stale.is_empty() {
                Ok(())
            } else {
                Err("the spec and the pages differ (record intentional departures in openapi/spec-deviations.yaml)".to_string())
            }
        }
        ["--explain"] => {
            let spec = Spec::parse(&spec_text)?;
            let deviations = deviations::parse(&read(&root.join(DEVIATIONS_FILE))?)?;
            print!(
                "{}",
                deviations::explain(&facts(&spec, &pages), &deviations)
            );
            Ok(())
        }
        ["--since", reference] => {
            let old = since::pages_at(root, reference, &pages)?;
            since::print(&Spec::parse(&spec_text)?, &old, &pages, reference);
            Ok(())
        }
        ["--old", dir] => {
            let old = read_pages(Path::new(dir))?;
            since::print(&Spec::parse(&spec_text)?, &old, &pages, dir);
            Ok(())
        }
        _ => Err("usage: cargo xtask pages [--explain | --since GIT_REF | --old DIR]".to_string()),
    }
}
