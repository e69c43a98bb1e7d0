//! `cargo xtask test [ARGS...]`: the README's test command. It first makes
//! sure the machine has what the tests need, then runs
//! `cargo test --workspace --all-features [ARGS...]` (four test threads
//! unless `RUST_TEST_THREADS` is set).
//!
//! Needed: `redis-server` (the shared-limits tests start a real one) and
//! OpenSSL's headers found by `pkg-config` (the `native-tls` feature links
//! OpenSSL). When one is missing, the Debian packages that provide it are
//! installed with `apt-get` if this runs as root; otherwise the command
//! names the exact `apt-get` line and fails, so a missing prerequisite is
//! never a silent pass.

use std::path::Path;
use std::process::{Command, Stdio};

/// A prerequisite: how to tell it is there, and the packages that bring it.
struct Prerequisite {
    what: &'static str,
    present: fn() -> bool,
    packages: &'static [&'static str],
}

const PREREQUISITES: [Prerequisite; 2] = [
    Prerequisite {
        what: "redis-server (the shared-limits tests start one)",
        present: || succeeds("redis-server", &["--version"]),
        packages: &["redis-server"],
    },
    Prerequisite {
        what: "OpenSSL headers through pkg-config (the native-tls feature)",
        present: || succeeds("pkg-config", &["--exists", "openssl"]),
        packages: &["libssl-dev", "pkg-config"],
    },
];

/// Test threads per test binary, unless `RUST_TEST_THREADS` says otherwise.
const TEST_THREADS: &str = "4";

/// Provisions what is missing, then runs the workspace's tests.
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    provision()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    // Most tests wait on loopback servers and timers, not on the CPU: four
    // threads on the 2-core machine ran the suite in 31 s instead of 40 s
    // (BENCHMARKS.md, "A newcomer's cold start"). A value already set wins.
    if std::env::var_os("RUST_TEST_THREADS").is_none() {
        command.env("RUST_TEST_THREADS", TEST_THREADS);
    }
    super::run(
        command
            .current_dir(root)
            .args(["test", "--workspace", "--all-features"])
            .args(args),
    )
}

/// Installs the missing prerequisites' packages when root; else fails with
/// the command that would.
fn provision() -> Result<(), String> {
    let missing: Vec<&Prerequisite> = PREREQUISITES
        .iter()
        .filter(|prerequisite| !(prerequisite.present)())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing
        .iter()
        .flat_map(|prerequisite| prerequisite.packages.iter().copied())
        .collect();
    let install = format!("apt-get install -y {}", packages.join(" "));
    let names: Vec<&str> = missing
        .iter()
        .map(|prerequisite| prerequisite.what)
        .collect();
    let needed = format!("the tests need {}", names.join(" and "));
    if !is_root() {
        return Err(format!(
            "{needed}; install them and run again:\n    sudo apt-get update && sudo {install}"
        ));
    }
    eprintln!("xtask: {needed}; running apt-get update && {install}");
    super::run(Command::new("apt-get").args(["update", "-qq"]))?;
    super::run(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-qq"])
            .args(&packages),
    )?;
    match missing
        .iter()
        .find(|prerequisite| !(prerequisite.present)())
    {
        Some(still) => Err(format!("still missing after `{install}`: {}", still.what)),
        None => Ok(()),
    }
}

/// Whether `program args` runs and exits 0.
fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}
