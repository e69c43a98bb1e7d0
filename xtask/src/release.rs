//! `cargo xtask release [--since GIT_REF] [--spec-only] [--breaking WHY]... [--dry-run]`:
//! the next version and its `CHANGELOG.md` entry, decided as release-plz
//! does (cargo-semver-checks on the crate), with the spec diff naming each
//! API change in the pages' words.
//!
//! - The base is `--since`, else the last `v*` tag, else the first commit
//!   (the crate has never been released).
//! - Breaking, when `cargo xtask diff` says a spec change breaks, or
//!   cargo-semver-checks needs a major version, or a `--breaking` reason is
//!   given (a handwritten change either tool cannot see, or was not run:
//!   `--spec-only` skips cargo-semver-checks when it is not installed).
//! - The version: for 0.x, breaking bumps the minor, anything else the
//!   patch; from 1.0, breaking bumps the major, a new API item the minor,
//!   anything else the patch.
//! - Writes the version into `Cargo.toml` (and the CLI's requirement on the
//!   crate, and the requirement the README and the crate docs tell users to
//!   write) and the entry at the top of `CHANGELOG.md`; `--dry-run` prints
//!   the entry and writes nothing.
//! - The changelog's `## Unreleased` notes (written as changes land) go into
//!   the entry: their `### Breaking` lines count as `--breaking` reasons
//!   (module `unreleased`).

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use crate::diff::Change;
use crate::semver_table::Semver;

const CHANGELOG: &str = "CHANGELOG.md";
const CHANGELOG_HEAD: &str = "# Changelog\n\nEvery release of the `postpress` crate: each API change in the \
    reference pages' words (operation, parameter, field, value), breaking ones first. Written by \
    `cargo xtask release`.\n";

struct Options {
    since: Option<String>,
    spec_only: bool,
    breaking: Vec<String>,
    dry_run: bool,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        since: None,
        spec_only: false,
        breaking: Vec::new(),
        dry_run: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--since" => {
                options.since = Some(args.next().ok_or("--since needs a git ref")?.to_string())
            }
            "--breaking" => options
                .breaking
                .push(args.next().ok_or("--breaking needs a reason")?.to_string()),
            "--spec-only" => options.spec_only = true,
            "--dry-run" => options.dry_run = true,
            _ => return Err(crate::usage()),
        }
    }
    Ok(options)
}

/// Everything the entry says.
struct Release {
    base: String,
    from: String,
    to: String,
    date: String,
    changes: Vec<Change>,
    /// `None` when cargo-semver-checks was not run.
    semver: Option<Semver>,
    breaking: Vec<String>,
    /// The other sections of the changelog's `## Unreleased` notes.
    notes: String,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = options(args)?;
    let base = match options.since {
        Some(reference) => reference,
        None => last_tag(root)?.map_or_else(|| first_commit(root), Ok)?,
    };
    let old =
        crate::model::parse(&crate::git_show(root, &base)?).map_err(|e| format!("{base}: {e}"))?;
    let spec = root.join(crate::codegen::SPEC_PATH).display().to_string();
    let new =
        crate::model::parse(&crate::read(&spec)?).map_err(|e| format!("working tree: {e}"))?;
    let changes = crate::diff::diff(&old, &new);
    let semver = if options.spec_only {
        None
    } else {
        Some(crate::semver::verdict(root, &base)?.0)
    };
    let changelog_path = root.join(CHANGELOG);
    let changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
    let (older, unreleased) =
        crate::unreleased::take(changelog.strip_prefix(CHANGELOG_HEAD).unwrap_or(&changelog))?;
    let mut handwritten = options.breaking;
    handwritten.extend(unreleased.breaking);
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| e.to_string())?;
    let from = crate::package_check::package_version(&manifest)
        .ok_or("Cargo.toml: no [package] version")?;
    let breaking = !handwritten.is_empty()
        || changes.iter().any(|c| c.breaking)
        || matches!(semver, Some(Semver::Major(_)));
    let to = next_version(
        &from,
        breaking,
        !changes.is_empty() || !unreleased.other.is_empty(),
    )?;
    let release = Release {
        base,
        from,
        to,
        date: today()?,
        changes,
        semver,
        breaking: handwritten,
        notes: unreleased.other,
    };
    let entry = entry(&release);
    if options.dry_run {
        print!("{entry}");
        return Ok(());
    }
    std::fs::write(
        &manifest_path,
        set_version(&manifest, &release.from, &release.to)?,
    )
    .map_err(|e| e.to_string())?;
    let cli_path = root.join("cli/Cargo.toml");
    let cli = std::fs::read_to_string(&cli_path).map_err(|e| e.to_string())?;
    std::fs::write(
        &cli_path,
        set_requirement(&cli, &release.from, &release.to)?,
    )
    .map_err(|e| e.to_string())?;
    for doc in DOCS_WITH_REQUIREMENT {
        let path = root.join(doc);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{doc}: {e}"))?;
        std::fs::write(
            &path,
            set_doc_requirement(&text, &release.from, &release.to),
        )
        .map_err(|e| format!("{doc}: {e}"))?;
    }
    std::fs::write(&changelog_path, prepend(&older, &entry)).map_err(|e| e.to_string())?;
    println!(
        "postpress {} → {}: wrote Cargo.toml, cli/Cargo.toml and {CHANGELOG}",
        release.from, release.to
    );
    Ok(())
}

/// The version after `current`: see the module docs.
fn next_version(current: &str, breaking: bool, additions: bool) -> Result<String, String> {
    let parts: Vec<u64> = current
        .split('.')
        .map(|p| {
            p.parse()
                .map_err(|_| format!("not a plain version: {current}"))
        })
        .collect::<Result<_, _>>()?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("not a MAJOR.MINOR.PATCH version: {current}"));
    };
    Ok(match (major, breaking, additions) {
        (0, true, _) => format!("0.{}.0", minor + 1),
        (0, false, _) => format!("0.{minor}.{}", patch + 1),
        (_, true, _) => format!("{}.0.0", major + 1),
        (_, false, true) => format!("{major}.{}.0", minor + 1),
        (_, false, false) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// The `CHANGELOG.md` entry.
fn entry(release: &Release) -> String {
    let mut out = format!("## {} ({})\n\n", release.to, release.date);
    let spec_breaking = release.changes.iter().filter(|c| c.breaking).count();
    let semver = match &release.semver {
        None => "cargo-semver-checks not run".to_string(),
        Some(Semver::Pass) => "cargo-semver-checks: a minor release is enough".to_string(),
        Some(Semver::Major(lints)) => {
            format!("cargo-semver-checks: breaking ({})", lints.join(", "))
        }
    };
    let _ = writeln!(
        out,
        "From {} (changes since `{}`). Spec: {spec_breaking} breaking change(s), {} other; {semver}; \
         {} handwritten breaking change(s).\n",
        release.from,
        release.base,
        release.changes.len() - spec_breaking,
        release.breaking.len()
    );
    let breaking: Vec<String> = release
        .breaking
        .iter()
        .cloned()
        .chain(release.changes.iter().filter(|c| c.breaking).map(line))
        .collect();
    let other: Vec<String> = release
        .changes
        .iter()
        .filter(|c| !c.breaking)
        .map(line)
        .collect();
    for (title, lines) in [("Breaking", breaking), ("Not breaking", other)] {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for text in lines {
            let _ = writeln!(out, "- {text}");
        }
        out.push('\n');
    }
    out.push_str(&release.notes);
    if release.changes.is_empty() && release.breaking.is_empty() && release.notes.is_empty() {
        out.push_str("No API change.\n\n");
    }
    out
}

fn line(change: &Change) -> String {
    format!("{}: {}", change.subject, change.what)
}

/// `changelog` with `entry` first, under the file's heading.
fn prepend(changelog: &str, entry: &str) -> String {
    let rest = changelog
        .strip_prefix(CHANGELOG_HEAD)
        .unwrap_or(changelog)
        .trim_start();
    format!("{CHANGELOG_HEAD}\n{entry}{rest}")
}

/// The manifest with its `[package]` version `from` set to `to`.
fn set_version(manifest: &str, from: &str, to: &str) -> Result<String, String> {
    let old = format!("version = \"{from}\"");
    let at = manifest
        .find("[package]")
        .and_then(|start| manifest[start..].find(&old).map(|i| start + i))
        .ok_or_else(|| format!("Cargo.toml: no `{old}` in [package]"))?;
    Ok(format!(
        "{}version = \"{to}\"{}",
        &manifest[..at],
        &manifest[at + old.len()..]
    ))
}

/// The CLI's manifest with its requirement on `postpress` moved to `to`.
fn set_requirement(manifest: &str, from: &str, to: &str) -> Result<String, String> {
    let mut found = false;
    let lines: Vec<String> = manifest
        .lines()
        .map(|line| {
            if line.starts_with("postpress = ") && line.contains(&format!("version = \"{from}\"")) {
                found = true;
                line.replace(
                    &format!("version = \"{from}\""),
                    &format!("version = \"{to}\""),
                )
            } else {
                line.to_string()
            }
        })
        .collect();
    if !found {
        return Err(format!(
            "cli/Cargo.toml: no `postpress = {{ ... version = \"{from}\" ... }}` line"
        ));
    }
    Ok(lines.join("\n") + "\n")
}

/// The pages that tell users what to put in their `Cargo.toml`, and the
/// dependent crate built on the README's lines (tests/it checks they agree).
const DOCS_WITH_REQUIREMENT: &[&str] = &[
    "README.md",
    "src/docs/configuration.md",
    "src/docs/mock.md",
    "tests/dependent/Cargo.toml",
];

/// The requirement a user writes for `version`: `0.2` for 0.x, `1` from 1.0.
fn requirement(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_string(),
        _ => version.to_string(),
    }
}

/// Each `postpress = { ... version = "0.1", ... }` in a page (a `path` may
/// come first), moved to the new requirement; the rest as it is.
fn set_doc_requirement(text: &str, from: &str, to: &str) -> String {
    const OPEN: &str = "postpress = {";
    let (old, new) = (
        format!("version = \"{}\"", requirement(from)),
        format!("version = \"{}\"", requirement(to)),
    );
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let (before, table) = rest.split_at(at);
        let close = table.find('}').map_or(table.len(), |i| i + 1);
        out.push_str(before);
        out.push_str(&table[..close].replacen(&old, &new, 1));
        rest = &table[close..];
    }
    out.push_str(rest);
    out
}

fn git(root: &Path, args: &[&str]) -> Result<Option<String>, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    Ok((output.status.success() && !text.is_empty()).then_some(text))
}

fn last_tag(root: &Path) -> Result<Option<String>, String> {
    git(root, &["describe", "--tags", "--abbrev=0", "--match", "v*"])
}

fn first_commit(root: &Path) -> Result<String, String> {
    git(
        root,
        &["rev-list", "--max-parents=0", "--abbrev-commit", "HEAD"],
    )?
    .and_then(|text| text.lines().last().map(str::to_string))
    .ok_or_else(|| "no commit to start from".to_string())
}

fn today() -> Result<String, String> {
    let output = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .map_err(|e| format!("cannot run date: {e}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[cfg(test)]
#[path = "release_tests.rs"]
mod tests;
