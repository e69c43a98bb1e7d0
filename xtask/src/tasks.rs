//! The maintainer tasks (feature `tasks`): every `cargo xtask` command but
//! `test`, which `main` runs without the generator.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::{
    build_cost, codegen, diff, drift, model, package_check, pages, release, root, run, semver,
    surface,
};

/// Runs the task `args` names, or fails with the usage.
pub(crate) fn run_task(args: &[&str]) -> ExitCode {
    let result = match args {
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
        _ => Err(usage()),
    };
    crate::exit_code(result)
}

pub(crate) fn usage() -> String {
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

pub(crate) fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("{file}: cannot read: {e}"))
}

pub(crate) fn git_show(root: &Path, reference: &str) -> Result<String, String> {
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

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
