//! `cargo xtask drift [FILES...] [--apply]`: what the API really sends,
//! flowing back into the spec.
//!
//! Reads drift logs (one SDK observation per line, as `postpress
//! --drift-log` appends them) and HAR captures (each exchange's response
//! checked against the spec here, `har.rs` and `walk.rs`), keeps what the
//! spec as it is now still disagrees with, groups it by spec location and
//! prints a Markdown review table: what the spec says, the page line it was
//! transcribed from, what was seen, and the proposed edit
//! (`findings.rs`, `table.rs`). `--apply` writes the edits into the spec
//! and records each in `openapi/spec-deviations.yaml` (`apply.rs`).
//!
//! Exit codes: 0 nothing new, 1 findings (with or without `--apply`), 2 an
//! input that cannot be read (file and line).

mod apply;
mod findings;
mod har;
mod observation;
pub mod peer;
mod table;
#[cfg(test)]
mod tests;
mod walk;
mod yaml_edit;

use std::path::Path;
use std::process::ExitCode;

pub use findings::Finding;
pub use observation::Unreadable;

use crate::pages::{self, Spec};

/// What the inputs say against a spec.
#[derive(Debug)]
pub struct Review {
    pub findings: Vec<Finding>,
    /// Exchanges not checked, and why.
    pub notes: Vec<String>,
    /// Observations read (from logs and captures), new or not.
    pub observations: usize,
    /// Exchanges of HAR captures checked.
    pub exchanges: usize,
    pub table: String,
}

/// Reads every input (name, text) against the spec and the pages.
pub fn review(
    spec_text: &str,
    pages: &[(String, String)],
    inputs: &[(String, String)],
) -> Result<Result<Review, Unreadable>, String> {
    let spec = Spec::parse(spec_text)?;
    let mut sightings = Vec::new();
    let mut notes = Vec::new();
    let mut exchanges = 0;
    for (name, text) in inputs {
        let read = if har::is_har(text) {
            har::read(name, text, &spec.document).map(|checked| {
                exchanges += checked.exchanges;
                notes.extend(checked.notes);
                checked.sightings
            })
        } else {
            observation::read_log(name, text)
        };
        match read {
            Ok(found) => sightings.extend(found),
            Err(unreadable) => return Ok(Err(unreadable)),
        }
    }
    let findings = findings::group(&sightings, &spec.api, &spec.document);
    let facts = pages::facts(&spec, pages);
    let table = table::markdown(&findings, &spec.api, &facts);
    Ok(Ok(Review {
        findings,
        notes,
        observations: sightings.len(),
        exchanges,
        table,
    }))
}

/// `cargo xtask drift FILES... [--apply]`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let usage = "usage: cargo xtask drift FILE... [--apply]  (drift logs and HAR captures)";
    let apply = args.contains(&"--apply");
    let files: Vec<&str> = args.iter().copied().filter(|a| *a != "--apply").collect();
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        eprintln!("xtask: {usage}");
        return ExitCode::from(2);
    }
    match drift(root, &files, apply) {
        Ok(true) => ExitCode::from(1),
        Ok(false) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask drift: {message}");
            ExitCode::from(2)
        }
    }
}

/// Prints the review (and applies it); `Ok(true)` when there are findings.
fn drift(root: &Path, files: &[&str], apply: bool) -> Result<bool, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
    };
    let spec_path = root.join(crate::codegen::SPEC_PATH);
    let spec_text = read(&spec_path)?;
    let pages = pages::read_pages(&root.join(pages::PAGES_DIR))?;
    let mut inputs = Vec::new();
    for file in files {
        inputs.push((file.to_string(), read(Path::new(file))?));
    }
    let review = review(&spec_text, &pages, &inputs)?.map_err(|e| e.to_string())?;
    for note in &review.notes {
        eprintln!("not checked: {note}");
    }
    if review.findings.is_empty() {
        println!(
            "drift: nothing new ({} exchange(s) checked, {} observation(s) read: the spec as it is allows them all)",
            review.exchanges, review.observations
        );
        return Ok(false);
    }
    print!("{}", review.table);
    println!(
        "\ndrift: {} location(s) from {} observation(s)",
        review.findings.len(),
        review.observations
    );
    if apply {
        let deviations_path = root.join(pages::DEVIATIONS_FILE);
        let applied = apply::apply(
            &spec_text,
            &read(&deviations_path)?,
            &pages,
            &review.findings,
        )?;
        for line in &applied.log {
            println!("{line}");
        }
        if applied.spec == spec_text {
            println!("nothing applied: every finding needs a person");
            return Ok(true);
        }
        std::fs::write(&spec_path, &applied.spec).map_err(|e| e.to_string())?;
        std::fs::write(&deviations_path, &applied.deviations).map_err(|e| e.to_string())?;
        println!(
            "wrote {} and {}; next: cargo xtask pages, cargo xtask regen, cargo xtask diff",
            crate::codegen::SPEC_PATH,
            pages::DEVIATIONS_FILE
        );
    } else {
        println!("(nothing written: `--apply` writes the proposed edits)");
    }
    Ok(true)
}
