//! `cargo xtask build-cost [--pairs N] [GIT_REF...]`: what depending on
//! `postpress` costs a user's clean build, against the same app on
//! `reqwest` + `serde` (BENCHMARKS.md records the figures).
//!
//! The pair is the one a dependent meets: a new app making one call, on
//! `postpress = { path, default-features = false, features = ["rustls"] }`
//! (a copy of the crate at each ref, `HEAD` by default), and the same app on
//! `reqwest` (`json`, `query`, `rustls`), `serde`, `serde_json` and `tokio`.
//! Each side gets one clean `cargo build` and one clean `cargo check` per
//! round, each in its own empty target directory; the sides alternate (the
//! order flips every round), so a load change on a shared machine hits both.
//! Printed: the median over the rounds of each side's wall time and CPU time
//! (user + system of every process cargo ran), and the median of the
//! per-round ratios, with the load average seen.

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
        .await?
        .json::<Page>()
        .await;
    println!("{}", page.is_ok());
    Ok(())
}
"#;

const TOKIO: &str = "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n";

/// The baseline's dependencies: what a user writes for the same app.
const RAW_DEPENDENCIES: &str = "reqwest = { version = \"0.13\", features = [\"json\", \"query\", \"rustls\"] }\n\
     serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n";

/// One timed cargo command.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    /// User + system seconds of every process the command ran.
    cpu: f64,
}

/// One side of the pair: an app and its samples.
struct Side {
    label: String,
    dir: PathBuf,
    builds: Vec<Sample>,
    checks: Vec<Sample>,
}

struct Options {
    pairs: usize,
    refs: Vec<String>,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        pairs: 3,
        refs: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--pairs" => {
                options.pairs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--pairs needs a number above 0")?;
            }
            flag if flag.starts_with('-') => return Err(crate::usage()),
            reference => options.refs.push(reference.to_string()),
        }
    }
    if options.refs.is_empty() {
        options.refs.push("HEAD".to_string());
    }
    Ok(options)
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = options(args)?;
    let generation = generation_time(root)?;
    let work = std::env::temp_dir().join(format!("postpress-build-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut sides = vec![Side::new(
        "reqwest + serde".to_string(),
        app(
            &work,
            "raw_app",
            &format!("{RAW_DEPENDENCIES}{TOKIO}"),
            RAW_APP,
        )?,
    )];
    for (i, reference) in options.refs.iter().enumerate() {
        let copy = work.join(format!("postpress-{i}"));
        export(root, reference, &copy)?;
        let line = format!(
            "postpress = {{ path = {:?}, default-features = false, features = [\"rustls\"] }}\n{TOKIO}",
            copy.display().to_string()
        );
        sides.push(Side::new(
            format!("postpress at {reference}"),
            app(&work, &format!("sdk_app_{i}"), &line, SDK_APP)?,
        ));
    }
    let mut loads = vec![load_average()];
    for round in 0..options.pairs {
        let mut order: Vec<usize> = (0..sides.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for command in ["build", "check"] {
            for &i in &order {
                let side = &mut sides[i];
                let target = side.dir.join(format!("target-{command}"));
                let sample = cargo(&side.dir, &target, command)?;
                let _ = std::fs::remove_dir_all(&target);
                eprintln!(
                    "round {}: clean cargo {command}, {}: {:.1} s wall, {:.1} s CPU",
                    round + 1,
                    side.label,
                    sample.wall.as_secs_f64(),
                    sample.cpu
                );
                if command == "build" {
                    side.builds.push(sample);
                } else {
                    side.checks.push(sample);
                }
                loads.push(load_average());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    print!("{}", report(&sides, generation, &loads, options.pairs));
    Ok(())
}

impl Side {
    fn new(label: String, dir: PathBuf) -> Side {
        Side {
            label,
            dir,
            builds: Vec::new(),
            checks: Vec::new(),
        }
    }
}

/// The Markdown table BENCHMARKS.md records.
fn report(sides: &[Side], generation: Duration, loads: &[f64], pairs: usize) -> String {
    let baseline = &sides[0];
    let mut out = format!(
        "\ncode generation (`codegen::generate`, what `build.rs` does with `codegen`; median of 5): {:.2} s\n\
         load average (1 min) during the run: {:.1} to {:.1}, on {} cores\n\n\
         | app | clean build wall | clean build CPU | clean check wall | clean check CPU |\n\
         | --- | --- | --- | --- | --- |\n",
        generation.as_secs_f64(),
        loads.iter().copied().fold(f64::INFINITY, f64::min),
        loads.iter().copied().fold(0.0, f64::max),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    for side in sides {
        let cell = |samples: &[Sample], cpu: bool, of: &[Sample]| {
            let value = median(samples.iter().map(|s| pick(s, cpu)).collect());
            if std::ptr::eq(side, baseline) {
                format!("{value:.1} s")
            } else {
                let ratios = samples
                    .iter()
                    .zip(of)
                    .map(|(s, b)| pick(s, cpu) / pick(b, cpu))
                    .collect();
                format!("{value:.1} s (**{:.2}x**)", median(ratios))
            }
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            side.label,
            cell(&side.builds, false, &baseline.builds),
            cell(&side.builds, true, &baseline.builds),
            cell(&side.checks, false, &baseline.checks),
            cell(&side.checks, true, &baseline.checks),
        ));
    }
    out.push_str(&format!(
        "\nMedians of {pairs} round(s); a ratio is the median of the rounds' ratios to the baseline \
         measured beside it. Goal: at most 1.2x for the clean build and the clean check.\n"
    ));
    out
}

fn pick(sample: &Sample, cpu: bool) -> f64 {
    if cpu {
        sample.cpu
    } else {
        sample.wall.as_secs_f64()
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// `codegen::generate` on the spec, median of 5 runs.
fn generation_time(root: &Path) -> Result<Duration, String> {
    let spec = std::fs::read_to_string(root.join(codegen::SPEC_PATH))
        .map_err(|e| format!("{}: {e}", codegen::SPEC_PATH))?;
    let mut runs = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        codegen::generate(codegen::SPEC_PATH, &spec).map_err(|e| e.to_string())?;
        runs.push(started.elapsed());
    }
    runs.sort();
    Ok(runs[runs.len() / 2])
}

/// The crate at `reference` (what a user would get: no uncommitted change,
/// no `target/`), extracted into `into`.
fn export(root: &Path, reference: &str, into: &Path) -> Result<(), String> {
    std::fs::create_dir_all(into).map_err(|e| e.to_string())?;
    let archive = Command::new("git")
        .current_dir(root)
        .args(["archive", "--format=tar", reference])
        .output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !archive.status.success() {
        return Err(format!("git archive {reference} failed"));
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

/// `cargo <command> --quiet` in `dir` with the empty target directory
/// `target`: wall time, and the CPU time of every process it ran.
fn cargo(dir: &Path, target: &Path, command: &str) -> Result<Sample, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let cpu_before = children_cpu()?;
    let started = Instant::now();
    crate::run(
        Command::new(cargo)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .args([command, "--quiet"]),
    )?;
    let wall = started.elapsed();
    Ok(Sample {
        wall,
        cpu: children_cpu()? - cpu_before,
    })
}

/// User + system seconds of every finished child process and its waited-for
/// descendants (`cutime` + `cstime` of `/proc/self/stat`: Linux).
fn children_cpu() -> Result<f64, String> {
    let stat = std::fs::read_to_string("/proc/self/stat")
        .map_err(|e| format!("/proc/self/stat (build-cost needs Linux): {e}"))?;
    // Fields after the command name in parentheses; cutime and cstime are
    // fields 16 and 17 of the whole line.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(13), ticks(14)) {
        (Some(user), Some(system)) => Ok((user + system) / clock_ticks()),
        _ => Err("/proc/self/stat: no cutime/cstime".to_string()),
    }
}

/// `getconf CLK_TCK`, 100 when it cannot be read.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The one-minute load average, 0 when it cannot be read.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
#[path = "build_cost_tests.rs"]
mod tests;
