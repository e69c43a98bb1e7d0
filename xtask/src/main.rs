//! Maintainer tasks: `cargo xtask <task>`.
//!
//! - `regen`: validates `openapi/postpress.yaml` by generating the client with
//!   the same settings as `build.rs`, and writes the generated code to
//!   `generated/postpress_generated.rs`, checked in so reviewers read its diff.
//! - `regen --check`: fails, naming the file, when the checked-in code is stale.

#[path = "../../codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    "usage: cargo xtask regen [--check]".to_string()
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
    let code = codegen::generate(codegen::SPEC_PATH, &spec).map_err(|e| e.to_string())?;
    let artifact = root.join("generated").join(codegen::OUTPUT_FILE);
    let current = std::fs::read_to_string(&artifact).unwrap_or_default();
    if current == code {
        println!("up to date: {}", relative(&root, &artifact));
        return Ok(());
    }
    if check {
        return Err(format!(
            "stale: {} differs from what {} generates; run `cargo xtask regen`",
            relative(&root, &artifact),
            codegen::SPEC_PATH
        ));
    }
    if let Some(dir) = artifact.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&artifact, code).map_err(|e| format!("{}: {e}", artifact.display()))?;
    println!("wrote {}", relative(&root, &artifact));
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
