//! Puts the generated client into `OUT_DIR`: generated from
//! `openapi/postpress.yaml` with the `codegen` feature (the default), or
//! without it, the checked-in copies under `generated/`, after checking that
//! each was made from this spec (so no generator crate is built).

#[cfg(feature = "codegen")]
#[path = "codegen/mod.rs"]
mod codegen;
#[cfg(not(feature = "codegen"))]
#[path = "codegen/stamp.rs"]
mod stamp;
#[cfg(feature = "codegen")]
use codegen::stamp;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed={}", stamp::SPEC_PATH);
    println!("cargo::rerun-if-changed=codegen");
    println!("cargo::rerun-if-changed={}", stamp::CHECKED_IN_DIR);
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // A build script reports failure on stderr; cargo shows it verbatim.
            eprintln!("error: postpress: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let spec_text = read(Path::new(stamp::SPEC_PATH))?;
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    for (name, code) in files(&spec_text)? {
        let out = out_dir.join(name);
        std::fs::write(&out, code).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    }
    Ok(())
}

/// Generates every file; a checked-in copy that no longer matches the spec
/// is only a warning here (the maintainer is editing the spec).
#[cfg(feature = "codegen")]
fn files(spec_text: &str) -> Result<Vec<(&'static str, String)>, String> {
    let files = codegen::generate_all(codegen::SPEC_PATH, spec_text)
        .map_err(|e| format!("code generation failed: {e}"))?;
    for (name, _) in &files {
        let path = Path::new(stamp::CHECKED_IN_DIR).join(name);
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        if let Err(stale) = stamp::check(&path.display().to_string(), &checked_in, spec_text) {
            println!("cargo::warning={stale}");
        }
    }
    Ok(files)
}

/// The checked-in copies, each refused if made from another spec.
#[cfg(not(feature = "codegen"))]
fn files(spec_text: &str) -> Result<Vec<(&'static str, String)>, String> {
    stamp::GENERATED_FILES
        .iter()
        .map(|name| {
            let path = Path::new(stamp::CHECKED_IN_DIR).join(name);
            let code = read(&path)?;
            stamp::check(&path.display().to_string(), &code, spec_text)?;
            Ok((*name, code))
        })
        .collect()
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}
