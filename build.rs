//! Generates the typed client from `openapi/postpress.yaml` into `OUT_DIR`.

#[path = "codegen/mod.rs"]
mod codegen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed={}", codegen::SPEC_PATH);
    println!("cargo::rerun-if-changed=codegen");
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // A build script reports failure on stderr; cargo shows it verbatim.
            eprintln!("error: postpress code generation failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let spec_text = std::fs::read_to_string(codegen::SPEC_PATH)
        .map_err(|e| format!("{}: cannot read the spec: {e}", codegen::SPEC_PATH))?;
    let code = codegen::generate(codegen::SPEC_PATH, &spec_text).map_err(|e| e.to_string())?;
    let mock = codegen::generate_mock(codegen::SPEC_PATH, &spec_text).map_err(|e| e.to_string())?;
    let out_dir =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set (run through cargo)")?);
    for (file, code) in [
        (codegen::OUTPUT_FILE, code),
        (codegen::MOCK_OUTPUT_FILE, mock),
    ] {
        let out = out_dir.join(file);
        std::fs::write(&out, code).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    }
    Ok(())
}
