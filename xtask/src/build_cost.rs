//! `cargo xtask build-cost`: what depending on `postpress` costs a user's
//! build, measured on this machine (BENCHMARKS.md records the figures).
//!
//! 1. Code generation alone: `codegen::generate` on the spec, the work
//!    `build.rs` does, as a median of several runs.
//! 2. A clean `cargo build` of a small app depending on `postpress` (a copy
//!    of the committed tree), with default features and with
//!    `default-features = false`, vs the same app written against `reqwest` +
//!    `serde` alone (the baseline), each with its own empty target directory.
//! 3. `cargo check` of the crate alone (dependencies already checked).
//! 4. The rebuild of the default app after one field is added to the spec,
//!    and the `default-features = false` app refusing the now stale
//!    `generated/` file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::codegen;

const SDK_APP: &str = r#"
#[tokio::main]
async fn main() -> Result<(), postpress::Error> {
    let client = postpress::Client::builder()
        .api_key("key")
        .base_url("http://127.0.0.1:9")
        .build()?;
    let page = client.list_relations().account_id("acc_1").send().await;
    println!("{}", page.is_ok());
    Ok(())
}
"#;

const RAW_APP: &str = r#"
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Relation { first_name: String, last_name: String, public_identifier: String, created_at: i64 }
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Page { items: Vec<Relation>, cursor: Option<String> }

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let page = reqwest::Client::new()
        .get("http://127.0.0.1:9/users/relations")
        .query(&[("account_id", "acc_1")])
        .header("X-API-KEY", "key")
        .send()
        .await
        .map(|r| r.status());
    println!("{}", page.is_ok());
    let _: Option<Page> = serde_json::from_str("{}").ok();
    Ok(())
}
"#;

pub fn run(root: &Path) -> Result<(), String> {
    let spec = std::fs::read_to_string(root.join(codegen::SPEC_PATH))
        .map_err(|e| format!("{}: {e}", codegen::SPEC_PATH))?;
    let mut runs = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        codegen::generate(codegen::SPEC_PATH, &spec).map_err(|e| e.to_string())?;
        runs.push(started.elapsed());
    }
    runs.sort();
    let generation = runs[runs.len() / 2];

    let work = std::env::temp_dir().join(format!("postpress-build-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let sdk_copy = work.join("postpress");
    export_head(root, &sdk_copy)?;
    let tokio_line = "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n";
    let sdk_line = |options: &str| {
        format!(
            "postpress = {{ path = {:?}{options} }}\n{tokio_line}",
            sdk_copy.display().to_string()
        )
    };
    let reqwest_line = reqwest_dependency(root)?;
    let raw_app = app(
        &work,
        "raw_app",
        &format!(
            "{reqwest_line}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{tokio_line}"
        ),
        RAW_APP,
    )?;
    let sdk_app = app(&work, "sdk_app", &sdk_line(""), SDK_APP)?;
    let lean_app = app(
        &work,
        "lean_app",
        &sdk_line(", default-features = false, features = [\"rustls\"]"),
        SDK_APP,
    )?;
    println!("clean build of the reqwest + serde app ...");
    let raw_clean = cargo(&raw_app, &["build"])?;
    println!("clean build of the postpress app, default features ...");
    let sdk_clean = cargo(&sdk_app, &["build"])?;
    println!("clean build of the postpress app, default-features = false ...");
    let lean_clean = cargo(&lean_app, &["build"])?;
    println!("cargo check of the crate alone ...");
    // In the workspace's own target directory, where the dependencies are
    // usually checked already: the first check is a warm-up, the timed one
    // recompiles only the crate (a maintainer's edit-check loop).
    let workspace_target = root.join("target");
    cargo_in(&sdk_copy, &workspace_target, &["check", "--lib"])?;
    let lib_rs = sdk_copy.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib_rs).map_err(|e| e.to_string())?;
    std::fs::write(&lib_rs, format!("{text}\n")).map_err(|e| e.to_string())?;
    let check_crate = cargo_in(&sdk_copy, &workspace_target, &["check", "--lib"])?;

    edit_spec(&sdk_copy)?;
    println!("rebuild after a one-field spec edit ...");
    let sdk_rebuild = cargo(&sdk_app, &["build"])?;
    println!("default-features = false after the same edit (must fail: stale generated/) ...");
    let stale_refused = cargo(&lean_app, &["build"]).is_err();
    let _ = std::fs::remove_dir_all(&work);

    let ratio = |d: Duration| d.as_secs_f64() / raw_clean.as_secs_f64();
    println!();
    println!("| measurement | time | vs baseline |");
    println!("| --- | --- | --- |");
    println!(
        "| code generation (`codegen::generate`, median of 5) | {} | |",
        seconds(generation)
    );
    println!(
        "| clean build, app on `reqwest` + `serde` | {} | baseline |",
        seconds(raw_clean)
    );
    println!(
        "| clean build, app on `postpress` (default features: `codegen`, `rustls`) | {} | {:.2}× |",
        seconds(sdk_clean),
        ratio(sdk_clean)
    );
    println!(
        "| clean build, app on `postpress` (`default-features = false`, `rustls`) | {} | {:.2}× |",
        seconds(lean_clean),
        ratio(lean_clean)
    );
    println!(
        "| `cargo check` of the crate alone (after touching `src/lib.rs`, dependencies checked) | {} | |",
        seconds(check_crate)
    );
    println!(
        "| rebuild of the default-features app after a one-field spec edit | {} | |",
        seconds(sdk_rebuild)
    );
    if !stale_refused {
        return Err("the default-features = false app built from a stale generated/ file".into());
    }
    println!("\nThe default-features = false app refused the stale generated/ file, as it must.");
    Ok(())
}

/// Adds one field to `UserRelation` in the copy's spec.
fn edit_spec(sdk_copy: &Path) -> Result<(), String> {
    let spec_copy = sdk_copy.join(codegen::SPEC_PATH);
    let text = std::fs::read_to_string(&spec_copy).map_err(|e| e.to_string())?;
    let anchor = "    UserRelation:\n      type: object\n";
    let field = "        nickname:\n          type: string\n          description: A one-field edit for the rebuild measurement.\n";
    let at = text
        .find(anchor)
        .and_then(|start| text[start..].find("      properties:\n").map(|p| start + p))
        .ok_or("UserRelation.properties not found in the spec copy")?
        + "      properties:\n".len();
    let edited = format!("{}{field}{}", &text[..at], &text[at..]);
    std::fs::write(&spec_copy, edited).map_err(|e| e.to_string())
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// The committed tree (what a user would get), without the working copy's
/// uncommitted changes or its `target/`.
fn export_head(root: &Path, into: &Path) -> Result<(), String> {
    std::fs::create_dir_all(into).map_err(|e| e.to_string())?;
    let archive = Command::new("git")
        .current_dir(root)
        .args(["archive", "--format=tar", "HEAD"])
        .output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !archive.status.success() {
        return Err("git archive HEAD failed".to_string());
    }
    let tar = into.join("head.tar");
    std::fs::write(&tar, archive.stdout).map_err(|e| e.to_string())?;
    crate::run(
        Command::new("tar")
            .current_dir(into)
            .args(["-xf", "head.tar"]),
    )?;
    std::fs::remove_file(tar).map_err(|e| e.to_string())
}

/// The SDK's own `reqwest` line with the TLS its default feature `rustls`
/// adds, so every app builds the same `reqwest`.
fn reqwest_dependency(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest
        .lines()
        .find(|line| line.starts_with("reqwest ="))
        .filter(|line| line.contains("features = ["))
        .map(|line| line.replacen("features = [", "features = [\"rustls\", ", 1))
        .ok_or_else(|| "no `reqwest = { ... features = [...] }` line in Cargo.toml".to_string())
}

fn app(work: &Path, name: &str, dependencies: &str, main: &str) -> Result<PathBuf, String> {
    let dir = work.join(name);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), main).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// `cargo <args> --quiet` in `dir` with its own empty target directory, timed.
fn cargo(dir: &Path, args: &[&str]) -> Result<Duration, String> {
    cargo_in(dir, &dir.join("target"), args)
}

/// `cargo <args> --quiet` in `dir` with the target directory `target`, timed.
fn cargo_in(dir: &Path, target: &Path, args: &[&str]) -> Result<Duration, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let started = Instant::now();
    crate::run(
        Command::new(cargo)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .args(args)
            .arg("--quiet"),
    )?;
    Ok(started.elapsed())
}
