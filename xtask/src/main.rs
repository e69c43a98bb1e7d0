//! Maintainer tasks: `cargo xtask <task>`.
//!
//! - `regen`: validates `openapi/postpress.yaml` (it must parse, generate
//!   with the same settings as `build.rs` and pass the Spectral lint when
//!   the npm tools are installed) and rewrites the review artifacts under
//!   `generated/`: the generated code (the client and the `mock` feature's
//!   helpers), byte-identical to what `build.rs` emits, and `API_SURFACE.md`, the summary a reviewer reads first.
//! - `regen --check`: fails, naming each stale artifact.
//! - `diff [GIT_REF] [--fail-on-breaking]` (or `--old FILE --new FILE`): the
//!   semantic diff of the spec, each change marked breaking or not.
//! - `lint`: Spectral (`spectral:oas`) on the spec; warnings fail too.
//! - `contract`: the contract tests against Prism (`npm ci` first if needed).
//! - `pages [--explain | --since REF | --old DIR]`: the spec checked against the
//!   reference pages in `openapi/pages/` (module `pages`).
//! - `drift FILE... [--apply]`: drift logs and HAR captures against the
//!   spec, a review table by spec location, and with `--apply` the spec
//!   edits and their deviation entries (module `drift`).
//! - `drift-peer`: `drift` against `redocly drift` on HAR captures it builds.
//! - `build-cost [--pairs N] [GIT_REF...]`: a dependent's clean build and
//!   check on the crate against the same app on `reqwest` + `serde`, in
//!   alternating pairs (BENCHMARKS.md).
//! - `semver [GIT_REF]`: cargo-semver-checks on the crate at the ref (default
//!   `HEAD`) against the working tree, beside `diff`'s verdict;
//!   `semver --pairs [NAME...]` refreshes `xtask/SEMVER_PAIRS.md`.
//! - `package-check`: the packaged tarball builds with
//!   `default-features = false, features = ["rustls"]` (module `package_check`).
//! - `release [--since GIT_REF] [--spec-only] [--breaking WHY]... [--dry-run]`: the next version
//!   from the spec diff (and cargo-semver-checks) since the last release,
//!   written to `Cargo.toml` and `CHANGELOG.md` (module `release`).
//! - `test [ARGS...]`: installs what the tests need when missing (as root;
//!   else names the command), then `cargo test --workspace --all-features`
//!   (module `test`).

mod build_cost;
#[path = "../../codegen/mod.rs"]
mod codegen;
mod diff;
mod drift;
mod model;
mod package_check;
mod pages;
mod release;
mod semver;
mod semver_pairs;
mod semver_table;
mod surface;
mod test;
mod unreleased;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
        ["diff", rest @ ..] => spec_diff(rest),
        ["lint"] => lint(),
        ["contract"] => contract(),
        ["build-cost", rest @ ..] => build_cost::run(&root(), rest),
        ["pages", rest @ ..] => pages::run(&root(), rest),
        ["drift", rest @ ..] => return drift::run(&root(), rest),
        ["drift-peer"] => drift::peer::run(&root()),
        ["semver", rest @ ..] => semver::run(&root(), rest),
        ["package-check"] => package_check::run(&root()),
        ["release", rest @ ..] => release::run(&root(), rest),
        ["test", rest @ ..] => test::run(&root(), rest),
        _ => Err(usage()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    "usage: cargo xtask regen [--check]\n       \
     cargo xtask diff [GIT_REF] [--fail-on-breaking]\n       \
     cargo xtask diff --old FILE --new FILE [--fail-on-breaking]\n       \
     cargo xtask lint\n       \
     cargo xtask contract\n       \
     cargo xtask build-cost [--pairs N] [GIT_REF...]\n       \
     cargo xtask pages [--explain | --since GIT_REF | --old DIR]\n       \
     cargo xtask drift FILE... [--apply]\n       \
     cargo xtask drift-peer\n       \
     cargo xtask semver [GIT_REF]\n       \
     cargo xtask semver --pairs [NAME...]\n       \
     cargo xtask package-check\n       \
     cargo xtask release [--since GIT_REF] [--spec-only] [--breaking WHY]... [--dry-run]\n       \
     cargo xtask test [CARGO_TEST_ARGS...]"
        .to_string()
}

/// The workspace root (the parent of `xtask/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn regen(check: bool) -> Result<(), String> {
    let root = root();
    let spec_path = root.join(codegen::SPEC_PATH);
    let spec = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("{}: cannot read: {e}", spec_path.display()))?;
    let mut artifacts =
        codegen::generate_all(codegen::SPEC_PATH, &spec).map_err(|e| e.to_string())?;
    let api = model::parse(&spec).map_err(|e| format!("{}: {e}", codegen::SPEC_PATH))?;
    artifacts.push((surface::FILE, surface::render(&api)));
    if !check {
        if spectral(&root).exists() {
            lint()?;
        } else {
            eprintln!("xtask: lint skipped: Spectral is not installed (run `npm ci`)");
        }
    }
    let mut stale = Vec::new();
    for (name, content) in artifacts {
        let artifact = root.join(codegen::stamp::CHECKED_IN_DIR).join(name);
        let current = std::fs::read_to_string(&artifact).unwrap_or_default();
        if current == content {
            println!("up to date: {}", relative(&root, &artifact));
            continue;
        }
        if check {
            let shown = relative(&root, &artifact);
            // The stamp tells a spec edit from a change to codegen/ itself.
            let why = match codegen::stamp::check(&shown, &current, &spec) {
                _ if name == surface::FILE => {
                    format!("differs from what {} gives", codegen::SPEC_PATH)
                }
                Ok(()) => "differs from what codegen/ generates now".to_string(),
                Err(_) => format!(
                    "was generated from another version of {}",
                    codegen::SPEC_PATH
                ),
            };
            stale.push(format!("{shown} {why}"));
            continue;
        }
        if let Some(dir) = artifact.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&artifact, content).map_err(|e| format!("{}: {e}", artifact.display()))?;
        println!("wrote {}", relative(&root, &artifact));
    }
    if stale.is_empty() {
        return Ok(());
    }
    Err(stale
        .iter()
        .map(|why| format!("stale: {why}; run `cargo xtask regen`"))
        .collect::<Vec<_>>()
        .join("\nxtask: "))
}

/// `cargo xtask diff`: the spec at a git ref (default `HEAD`), or `--old`,
/// against the working tree, or `--new`.
fn spec_diff(args: &[&str]) -> Result<(), String> {
    let root = root();
    let mut git_ref = None;
    let mut old_file = None;
    let mut new_file = None;
    let mut fail_on_breaking = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--fail-on-breaking" => fail_on_breaking = true,
            "--old" => old_file = Some(args.next().ok_or("--old needs a file")?.to_string()),
            "--new" => new_file = Some(args.next().ok_or("--new needs a file")?.to_string()),
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option {flag}\n{}", usage()));
            }
            reference if git_ref.is_none() => git_ref = Some(reference.to_string()),
            extra => return Err(format!("unexpected argument {extra}\n{}", usage())),
        }
    }
    if git_ref.is_some() && old_file.is_some() {
        return Err("give a git ref or --old, not both".to_string());
    }
    let (old_label, old_text) = match old_file {
        Some(file) => (file.clone(), read(&file)?),
        None => {
            let reference = git_ref.unwrap_or_else(|| "HEAD".to_string());
            (reference.clone(), git_show(&root, &reference)?)
        }
    };
    let (new_label, new_text) = match new_file {
        Some(file) => (file.clone(), read(&file)?),
        None => (
            "working tree".to_string(),
            read(&root.join(codegen::SPEC_PATH).display().to_string())?,
        ),
    };
    let old = model::parse(&old_text).map_err(|e| format!("{old_label}: {e}"))?;
    let new = model::parse(&new_text).map_err(|e| format!("{new_label}: {e}"))?;
    let changes = diff::diff(&old, &new);
    print!("{}", diff::markdown(&changes, &old_label, &new_label));
    let breaking = changes.iter().filter(|c| c.breaking).count();
    if fail_on_breaking && breaking > 0 {
        return Err(format!("{breaking} breaking change(s)"));
    }
    Ok(())
}

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("{file}: cannot read: {e}"))
}

fn git_show(root: &Path, reference: &str) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["show", &format!("{reference}:{}", codegen::SPEC_PATH)])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {reference}:{} failed: {}",
            codegen::SPEC_PATH,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("{reference}:{} is not UTF-8", codegen::SPEC_PATH))
}

fn spectral(root: &Path) -> PathBuf {
    root.join("node_modules/.bin/spectral")
}

/// Spectral with the `spectral:oas` ruleset (`.spectral.yaml`); warnings fail too.
fn lint() -> Result<(), String> {
    let root = root();
    let binary = spectral(&root);
    if !binary.exists() {
        return Err(format!(
            "{} is missing: run `npm ci`",
            relative(&root, &binary)
        ));
    }
    run(Command::new(binary).current_dir(&root).args([
        "lint",
        "--fail-severity=warn",
        "--ruleset",
        ".spectral.yaml",
        codegen::SPEC_PATH,
    ]))
}

/// The Prism contract tests (module `contract_prism` of the integration test
/// binary, `tests/it/`), after `npm ci` when Prism is not installed yet.
fn contract() -> Result<(), String> {
    let root = root();
    if !root.join("node_modules/.bin/prism").exists() {
        run(Command::new("npm")
            .current_dir(&root)
            .args(["ci", "--no-audit", "--no-fund"]))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // `--workspace --all-features`, as the README's test command, so the
    // build it made is reused.
    run(Command::new(cargo).current_dir(&root).args([
        "test",
        "--workspace",
        "--all-features",
        "--test",
        "it",
        "--",
        "--ignored",
        "contract_prism::",
    ]))
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
