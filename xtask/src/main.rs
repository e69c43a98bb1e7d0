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
//!
//! Every task but `test` needs the generator (progenitor, typify, syn) and
//! the spec tools: this crate's default feature `tasks`. The `cargo xtask`
//! alias builds without it, runs `test` itself and hands any other task to
//! `cargo run -p xtask` (default features): the README's test command starts
//! compiling the tests at once instead of first building a generator the
//! tests build again with other features (BENCHMARKS.md, "A newcomer's cold
//! start").

#[cfg(feature = "tasks")]
mod build_cost;
#[cfg(feature = "tasks")]
#[path = "../../codegen/mod.rs"]
mod codegen;
#[cfg(feature = "tasks")]
mod diff;
#[cfg(feature = "tasks")]
mod drift;
#[cfg(feature = "tasks")]
mod model;
#[cfg(feature = "tasks")]
mod package_check;
#[cfg(feature = "tasks")]
mod pages;
#[cfg(feature = "tasks")]
mod release;
#[cfg(feature = "tasks")]
mod semver;
#[cfg(feature = "tasks")]
mod semver_pairs;
#[cfg(feature = "tasks")]
mod semver_table;
#[cfg(feature = "tasks")]
mod surface;
#[cfg(feature = "tasks")]
mod tasks;
mod test;
#[cfg(feature = "tasks")]
mod unreleased;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

#[cfg(feature = "tasks")]
use tasks::{git_show, read, run_task, usage};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["test", rest @ ..] => exit_code(test::run(&root(), rest)),
        _ => run_task(&args),
    }
}

/// Success, or the message on stderr and failure.
fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Without the `tasks` feature: the same command again, built with it (the
/// default features).
#[cfg(not(feature = "tasks"))]
fn run_task(args: &[&str]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .current_dir(root())
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--features",
            "tasks",
            "--",
        ])
        .args(args)
        .status();
    match status {
        // A code that does not fit (or a signal) still fails.
        Ok(status) => status
            .code()
            .and_then(|code| u8::try_from(code).ok())
            .map_or(ExitCode::FAILURE, ExitCode::from),
        Err(error) => exit_code(Err(format!("cannot run cargo: {error}"))),
    }
}

/// The workspace root (the parent of `xtask/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
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
