//! The fixtures in `tests/fixtures/`, read as the tests and the benchmarks
//! need them (the benches include this file with `#[path]`).

/// The text of `tests/fixtures/<name>`, as received: keys in the API's order.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// `tests/fixtures/<name>` parsed as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}
