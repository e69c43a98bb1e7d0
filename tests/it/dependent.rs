//! `tests/dependent` is a crate built as a new user's, on the README's own
//! dependency lines: its `postpress` lines, without their `path`, must be
//! the README's, in the same order (`[dependencies]`, then
//! `[dev-dependencies]`), so the two cannot drift.

fn postpress_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| line.starts_with("postpress = {"))
        .map(|line| line.replace("path = \"../..\", ", ""))
        .collect()
}

#[test]
fn the_dependent_crate_uses_the_readmes_dependency_lines() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |path: &str| {
        std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let readme = postpress_lines(&read("README.md"));
    let dependent = postpress_lines(&read("tests/dependent/Cargo.toml"));
    assert_eq!(
        readme.len(),
        2,
        "the README shows a dependency and a dev-dependency: {readme:?}"
    );
    assert_eq!(dependent, readme);
}
