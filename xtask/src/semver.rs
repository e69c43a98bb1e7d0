//! `cargo xtask semver`: cargo-semver-checks on the generated crate, beside
//! `cargo xtask diff`, for release review; and `--pairs`, which refreshes the
//! cargo-semver-checks column of `xtask/SEMVER_PAIRS.md`.
//!
//! Both sides are built as scratch copies of the `postpress` crate under
//! `target/semver-pairs/` (the crate at a git ref is taken with `git
//! archive`), sharing one target directory: the first run builds the
//! dependencies (about 9 minutes on 2 busy cores), every later side takes
//! under a minute. cargo-semver-checks sets `RUSTC_BOOTSTRAP=1` itself for
//! rustdoc's JSON output; 0.51.0 reads the format rustc 1.95 writes (v57).
//!
//! Install the pinned version first:
//! `cargo install cargo-semver-checks --locked --version 0.51.0`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::semver_pairs::{self, PAIRS, Pair};
use crate::semver_table::{Row, Semver};

/// The cargo-semver-checks version the table was made with.
pub const VERSION: &str = "0.51.0";

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    match args {
        ["--pairs", names @ ..] => refresh_pairs(root, names),
        [] => release(root, "HEAD"),
        [reference] if !reference.starts_with('-') => release(root, reference),
        _ => Err(crate::usage()),
    }
}

/// Fails unless the pinned cargo-semver-checks is installed.
fn installed() -> Result<(), String> {
    let output = cargo()
        .args(["semver-checks", "--version"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let version = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "cargo-semver-checks is not installed: \
             cargo install cargo-semver-checks --locked --version {VERSION}"
        ));
    }
    if !version.contains(VERSION) {
        eprintln!(
            "xtask: warning: {} is installed; the table was made with {VERSION}",
            version.trim()
        );
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
}

/// What cargo-semver-checks said on the scratch crate `current` against the
/// scratch crate `baseline`: `Pass`, or the major lints that failed.
fn check(current: &Path, baseline: &Path) -> Result<(Semver, String), String> {
    let mut command = cargo();
    command.args(["semver-checks", "check-release", "--package", "postpress"]);
    command
        .arg("--manifest-path")
        .arg(current.join("Cargo.toml"));
    command.arg("--baseline-root").arg(baseline);
    // One target directory for every scratch crate, so the dependencies are
    // built once and later runs take about a minute.
    command.env("CARGO_TARGET_DIR", scratch_root(baseline).join("target"));
    // "Would a minor release be enough?": every lint that needs a major
    // version fails.
    command.args(["--release-type", "minor", "--color", "never"]);
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lints = failed_lints(&text);
    match (output.status.success(), lints.is_empty()) {
        (true, _) => Ok((Semver::Pass, text)),
        (false, false) => Ok((Semver::Major(lints), text)),
        (false, true) => Err(format!(
            "cargo semver-checks failed without a finding:\n{text}"
        )),
    }
}

/// `target/semver-pairs`, where the scratch crate `dir` is.
fn scratch_root(dir: &Path) -> &Path {
    dir.parent().unwrap_or(dir)
}

/// The lint names of `--- failure LINT: ... ---` lines.
fn failed_lints(output: &str) -> Vec<String> {
    let mut lints: Vec<String> = output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(|lint| lint.trim().to_string())
        .collect();
    lints.sort();
    lints.dedup();
    lints
}

/// `cargo xtask semver [REF]`: both verdicts on the crate at REF against the
/// working tree.
fn release(root: &Path, reference: &str) -> Result<(), String> {
    let old = crate::model::parse(&crate::git_show(root, reference)?)
        .map_err(|e| format!("{reference}: {e}"))?;
    let spec = root.join(crate::codegen::SPEC_PATH);
    let new = crate::model::parse(&crate::read(&spec.display().to_string())?)
        .map_err(|e| format!("working tree: {e}"))?;
    let changes = crate::diff::diff(&old, &new);
    let breaking = changes.iter().filter(|c| c.breaking).count();
    print!(
        "{}",
        crate::diff::markdown(&changes, reference, "working tree")
    );
    println!("## cargo-semver-checks {VERSION}: {reference} → working tree\n");
    let (verdict, output) = verdict(root, reference)?;
    println!("```\n{}\n```\n", output.trim());
    println!("## Verdicts\n");
    println!("- `cargo xtask diff`: {breaking} breaking change(s)");
    println!("- cargo-semver-checks: {}", verdict.cell());
    if matches!(verdict, Semver::Major(_)) && breaking == 0 {
        return Err(
            "cargo-semver-checks needs a major version where `cargo xtask diff` saw nothing \
             breaking: a handwritten change, or a rule the spec diff is missing"
                .to_string(),
        );
    }
    Ok(())
}

/// cargo-semver-checks on the crate at `reference` against the working tree
/// (fails when it is not installed): `Pass` or the major lints, and its output.
pub fn verdict(root: &Path, reference: &str) -> Result<(Semver, String), String> {
    installed()?;
    let dir = root.join("target").join("semver-pairs");
    let (base, current) = (dir.join("release-base"), dir.join("release-current"));
    extract_ref(root, reference, &base)?;
    copy_crate(root, &current, None)?;
    check(&current, &base)
}

/// `cargo xtask semver --pairs [NAME...]`: runs cargo-semver-checks on each
/// pair (all, or those named) and rewrites the table.
fn refresh_pairs(root: &Path, names: &[&str]) -> Result<(), String> {
    installed()?;
    for name in names {
        if !PAIRS.iter().any(|p| p.name == *name) {
            return Err(format!(
                "no pair named `{name}` in xtask/src/semver_pairs.rs"
            ));
        }
    }
    let table_path = root.join(semver_pairs::TABLE);
    let mut rows = std::fs::read_to_string(&table_path)
        .map(|text| crate::semver_table::parse(&text))
        .unwrap_or_else(|_| Ok(Vec::new()))?;
    let scratch = root.join("target").join("semver-pairs");
    let base = scratch.join("base");
    copy_crate(root, &base, None)?;
    for pair in PAIRS
        .iter()
        .filter(|p| names.is_empty() || names.contains(&p.name))
    {
        let started = std::time::Instant::now();
        let side = scratch.join(pair.name);
        copy_crate(root, &side, Some(pair))?;
        let (semver, output) = check(&side, &base)?;
        let row = Row {
            name: pair.name.to_string(),
            edit: pair.edit.to_string(),
            xtask_breaking: semver_pairs::xtask_breaking(root, pair)?,
            semver,
            blind: pair.blind.map(str::to_string),
        };
        eprintln!(
            "xtask: {}: xtask diff {}, cargo-semver-checks {} ({:.0} s)",
            row.name,
            if row.xtask_breaking {
                "breaking"
            } else {
                "not breaking"
            },
            row.semver.cell(),
            started.elapsed().as_secs_f64()
        );
        if std::env::var_os("XTASK_SEMVER_VERBOSE").is_some() {
            eprintln!("{output}");
        }
        rows.retain(|r| r.name != row.name);
        rows.push(row);
        std::fs::remove_dir_all(&side).map_err(|e| format!("{}: {e}", side.display()))?;
        // After each pair, so a long run that stops keeps what it measured.
        write_table(&table_path, &mut rows)?;
    }
    write_table(&table_path, &mut rows)?;
    println!("wrote {}", semver_pairs::TABLE);
    Ok(())
}

fn write_table(path: &Path, rows: &mut Vec<Row>) -> Result<(), String> {
    rows.retain(|r| PAIRS.iter().any(|p| p.name == r.name));
    rows.sort_by_key(|r| PAIRS.iter().position(|p| p.name == r.name));
    write(path, &crate::semver_table::render(rows))
}

/// What the `postpress` crate is built from, beside `Cargo.toml` (those a
/// ref has: an old one may lack `benches` or `examples`).
const CRATE_FILES: [&str; 9] = [
    "build.rs",
    "Cargo.lock",
    "README.md",
    "codegen",
    "src",
    "benches",
    "examples",
    "generated",
    "openapi",
];

/// The files of the `postpress` crate, copied to `to` as a crate of its
/// own (the workspace cut down to it), with `pair`'s edits applied.
fn copy_crate(root: &Path, to: &Path, pair: Option<&Pair>) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    for entry in CRATE_FILES.iter().chain(&["Cargo.toml"]) {
        if root.join(entry).exists() {
            copy(&root.join(entry), &to.join(entry))?;
        }
    }
    only_the_crate(to)?;
    if let Some(pair) = pair {
        for (file, text) in semver_pairs::apply(root, pair)? {
            write(&to.join(file), &text)?;
        }
    }
    Ok(())
}

/// The crate's files at git `reference`, extracted to `to` as a crate of
/// its own.
fn extract_ref(root: &Path, reference: &str, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let archive = to.join("ref.tar");
    let listed = Command::new("git")
        .current_dir(root)
        .args(["ls-tree", "--name-only", reference])
        .output()
        .map_err(|e| format!("git ls-tree {reference}: {e}"))?;
    let at_ref = String::from_utf8_lossy(&listed.stdout);
    let files = CRATE_FILES
        .iter()
        .filter(|file| at_ref.lines().any(|line| line == **file));
    crate::run(
        Command::new("git")
            .current_dir(root)
            .args(["archive", "--format=tar", "-o"])
            .arg(&archive)
            .arg(reference)
            .args(files)
            .arg("Cargo.toml"),
    )?;
    crate::run(Command::new("tar").current_dir(to).args(["-xf", "ref.tar"]))?;
    std::fs::remove_file(&archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    only_the_crate(to)
}

/// Cuts the workspace in `dir/Cargo.toml` down to the crate itself (its
/// `[workspace.dependencies]` stay: the crate uses them).
fn only_the_crate(dir: &Path) -> Result<(), String> {
    let path = dir.join("Cargo.toml");
    let manifest = crate::read(&path.display().to_string())?;
    let Some(members) = manifest
        .lines()
        .find(|line| line.starts_with("members = [\".\""))
    else {
        return Err(format!(
            "{} has no `members = [\".\", ...]` line; update xtask/src/semver.rs",
            path.display()
        ));
    };
    write(&path, &manifest.replace(members, "members = [\".\"]"))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
        let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
            let name: PathBuf = entry.file_name().into();
            copy(&from.join(&name), &to.join(&name))?;
        }
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_failed_lints_are_read_from_the_report() {
        let report = "     Checked [   0.1s] 180 checks: 178 pass, 2 fail, 0 warn, 0 skip\n\n\
            --- failure enum_variant_missing: pub enum variant removed or renamed ---\n\n\
            Description:\nA publicly-visible enum has at least one variant that is no longer available\n\n\
            --- failure inherent_method_missing: pub method removed or renamed ---\n\
            --- failure enum_variant_missing: pub enum variant removed or renamed ---\n\
            Summary semver requires new major version: 2 major and 0 minor checks failed\n";
        assert_eq!(
            super::failed_lints(report),
            ["enum_variant_missing", "inherent_method_missing"]
        );
    }
}
