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

/// A listing body in the order the API sends its members (as the pages
/// print them): `object`, `items`, the others, `cursor`, then `metadata`.
/// (serde_json's own order is alphabetical, which puts `cursor` first.)
pub fn as_sent(body: &serde_json::Value) -> String {
    let serde_json::Value::Object(members) = body else {
        return body.to_string();
    };
    let place = |key: &str| match key {
        "object" => 0,
        "items" => 1,
        "cursor" => 3,
        "metadata" => 4,
        _ => 2,
    };
    let mut members: Vec<_> = members.iter().collect();
    members.sort_by_key(|(key, _)| place(key));
    let members: Vec<String> = members
        .iter()
        .map(|(key, value)| format!("{}:{value}", serde_json::Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// `json` on one line: the whitespace between tokens dropped, every token
/// (key order, number spelling) kept.
pub fn compact(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::with_capacity(json.len()), false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}
