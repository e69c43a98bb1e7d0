//! The spec stamp: each checked-in file under `generated/` records a hash of
//! the `openapi/postpress.yaml` it was made from, so a build without the
//! `codegen` feature can include the file and refuse a stale one.
//!
//! Included with `#[path]` by `build.rs` (always) and by `codegen/mod.rs`;
//! it uses `std` only, so the checked-in path builds no generator crate.
//! The hash is 64-bit FNV-1a: it guards against a forgotten `cargo xtask
//! regen`, not against tampering, and ten lines of code cost nothing to
//! build where a SHA crate would add several build dependencies.

/// The spec, relative to the crate root.
pub const SPEC_PATH: &str = "openapi/postpress.yaml";

/// The generated client and types (`src/generated.rs` includes it).
pub const OUTPUT_FILE: &str = "postpress_generated.rs";

/// The typed httpmock helpers and the spec's examples (`mock` feature).
pub const MOCK_OUTPUT_FILE: &str = "postpress_httpmock.rs";

/// Every generated file: written by `build.rs` into `OUT_DIR` with the
/// `codegen` feature, checked in under `generated/` by `cargo xtask regen`,
/// and copied from there into `OUT_DIR` without the feature.
pub const GENERATED_FILES: &[&str] = &[OUTPUT_FILE, MOCK_OUTPUT_FILE];

/// The directory of the checked-in copies, relative to the crate root.
pub const CHECKED_IN_DIR: &str = "generated";

/// How the stamp line of a generated file starts; the hash follows.
const PREFIX: &str = "// spec stamp (FNV-1a 64 of openapi/postpress.yaml): ";

/// The stamp line (with its newline) for a spec text.
pub fn line(spec_text: &str) -> String {
    format!("{PREFIX}{:016x}\n", hash(spec_text))
}

/// FNV-1a 64 of the text with `\r\n` read as `\n`, so a checkout that
/// converts line endings still matches.
pub fn hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.replace("\r\n", "\n").as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Checks that `generated` (the text of the checked-in `file`) was made from
/// `spec_text`; the error is one line naming the fix.
pub fn check(file: &str, generated: &str, spec_text: &str) -> Result<(), String> {
    let expected = line(spec_text);
    let recorded = generated
        .lines()
        .take(10)
        .find(|line| line.starts_with(PREFIX));
    match recorded {
        Some(recorded) if recorded == expected.trim_end() => Ok(()),
        Some(_) => Err(format!(
            "{file} was generated from another version of {SPEC_PATH}: run `cargo xtask regen` (or build with the `codegen` feature)"
        )),
        None => Err(format!(
            "{file} has no spec stamp line: run `cargo xtask regen` (or build with the `codegen` feature)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: t\n";

    fn generated_from(spec: &str, lines_before: usize) -> String {
        format!(
            "{}{}pub struct X;\n",
            "//\n".repeat(lines_before),
            line(spec)
        )
    }

    #[test]
    fn a_file_made_from_another_spec_fails_naming_regen() {
        let file = "generated/x.rs";
        assert_eq!(check(file, &generated_from(SPEC, 2), SPEC), Ok(()));
        // Line endings converted on checkout still match.
        let crlf = SPEC.replace('\n', "\r\n");
        assert_eq!(check(file, &generated_from(SPEC, 0), &crlf), Ok(()));
        let edited = SPEC.replace("title: t", "title: u");
        let stale = check(file, &generated_from(SPEC, 0), &edited).expect_err("stale");
        assert!(stale.starts_with(file), "{stale}");
        assert!(stale.contains("another version"), "{stale}");
        assert!(stale.contains("cargo xtask regen"), "{stale}");
        assert!(!stale.contains('\n'), "one line: {stale}");
        // Only the first ten lines are read for the stamp.
        for text in ["pub struct X;\n".to_string(), generated_from(SPEC, 10)] {
            let missing = check(file, &text, SPEC).expect_err("no stamp");
            assert!(missing.contains("no spec stamp line"), "{missing}");
            assert!(missing.contains("cargo xtask regen"), "{missing}");
        }
    }
}
