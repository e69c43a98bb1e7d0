//! `cargo xtask drift-peer`: `cargo xtask drift` against its peer,
//! `redocly drift` (the `@redocly/cli` pinned in `package.json`), on HAR
//! captures built here from the pages' examples with every departure kind
//! over several operations. Every response-schema problem redocly reports
//! must be reported by `drift` in the same exchange at the same JSON path;
//! what only `drift` reports is listed with the reason. `.ci/run` runs it.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::har;
use super::observation::{Kind, Sighting};
use crate::pages::Spec;

/// One exchange of a capture: the operation's example, departed.
struct Exchange {
    operation: &'static str,
    method: &'static str,
    url: &'static str,
    /// (JSON pointer, new value or `None` to remove it)
    departures: Vec<(&'static str, Option<Value>)>,
}

const BASE: &str = "https://api.postpress.ai/api/v1";

fn exchanges() -> Vec<(&'static str, Vec<Exchange>)> {
    let profile = vec![
        Exchange {
            operation: "get_user",
            method: "GET",
            url: "/users/jordan-walke?account_id=acc_1",
            departures: vec![
                ("/provider_id", Some(Value::Null)),
                ("/last_name", None),
                ("/work_experience_total_count", Some(json!(5.5))),
                ("/network_distance", Some(json!("FOURTH_DEGREE"))),
                ("/summary", Some(Value::Null)),
                ("/websites/0", Some(json!(42))),
                ("/headline_history", Some(json!(["a", "b"]))),
            ],
        },
        Exchange {
            operation: "get_user",
            method: "GET",
            url: "/users/someone-else?account_id=acc_1",
            departures: vec![("/provider", Some(json!("MASTODON")))],
        },
        Exchange {
            operation: "get_own_profile",
            method: "GET",
            url: "/users/me?account_id=acc_1",
            departures: vec![
                ("/first_name", Some(json!(7))),
                ("/headline", Some(Value::Null)),
                ("/premium", Some(json!("yes"))),
            ],
        },
    ];
    let listings = vec![
        Exchange {
            operation: "list_relations",
            method: "GET",
            url: "/users/relations?account_id=acc_1&limit=10",
            departures: vec![
                ("/items/0/first_name", Some(Value::Null)),
                ("/items/0/member_id", None),
                ("/items/0/created_at", Some(json!("2025-05-16"))),
                ("/items/0/nickname", Some(json!("jw"))),
                ("/cursor", Some(json!(12))),
            ],
        },
        Exchange {
            operation: "linkedin_search",
            method: "POST",
            url: "/linkedin/search?account_id=acc_1",
            departures: vec![
                ("/items/0/network_distance", Some(json!("DISTANCE_9"))),
                ("/items/0/connections_count", Some(json!(500.5))),
                ("/items/0/current_positions", Some(json!("Engineer"))),
            ],
        },
        Exchange {
            operation: "linkedin_search",
            method: "POST",
            url: "/linkedin/search?account_id=acc_1&cursor=eyJzdGFydCI6MTB9",
            departures: vec![("/items/0/type", Some(json!("EVENT")))],
        },
    ];
    vec![("profiles.har", profile), ("listings.har", listings)]
}

/// The captures (file name, HAR 1.2 text), built from the examples in
/// `tests/fixtures/`.
pub fn captures(root: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (name, exchanges) in exchanges() {
        let mut entries = Vec::new();
        for (index, exchange) in exchanges.iter().enumerate() {
            let file = root.join(format!(
                "tests/fixtures/{}.example_response.json",
                exchange.operation
            ));
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut body: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            for (pointer, value) in &exchange.departures {
                depart(&mut body, pointer, value.clone())
                    .ok_or_else(|| format!("{}: no {pointer} to depart", exchange.operation))?;
            }
            let url = format!("{BASE}{}", exchange.url);
            let started = format!("2026-11-29T10:00:0{index}.000Z");
            entries.push(entry(exchange.method, &url, &started, &body));
        }
        let har = json!({"log": {
            "version": "1.2",
            "creator": {"name": "cargo xtask drift-peer", "version": "1"},
            "entries": entries,
        }});
        let text = serde_json::to_string_pretty(&har).map_err(|e| e.to_string())?;
        out.push((name.to_string(), text));
    }
    Ok(out)
}

/// Sets (or removes) the value at a JSON pointer; `None` when the parent
/// is missing.
fn depart(body: &mut Value, pointer: &str, value: Option<Value>) -> Option<()> {
    let (parent, key) = pointer.rsplit_once('/')?;
    match (body.pointer_mut(parent)?, value) {
        (Value::Object(map), Some(value)) => drop(map.insert(key.to_string(), value)),
        (Value::Object(map), None) => drop(map.remove(key)),
        (Value::Array(list), Some(value)) => *list.get_mut(key.parse::<usize>().ok()?)? = value,
        _ => return None,
    }
    Some(())
}

fn entry(method: &str, url: &str, started: &str, body: &Value) -> Value {
    let text = body.to_string();
    json!({
        "startedDateTime": started,
        "time": 1,
        "request": {
            "method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
            "headers": [{"name": "accept", "value": "application/json"}],
            "queryString": [], "headersSize": -1, "bodySize": 0,
        },
        "response": {
            "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [],
            "headers": [{"name": "content-type", "value": "application/json"}],
            "content": {"size": text.len(), "mimeType": "application/json", "text": text},
            "redirectURL": "", "headersSize": -1, "bodySize": text.len(),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0},
    })
}

/// `work_experience[0].skills` → `/work_experience/0/skills`.
pub fn pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        out.push('/');
        out.push_str(pieces.next().unwrap_or_default());
        for index in pieces {
            out.push('/');
            out.push_str(index.trim_end_matches(']'));
        }
    }
    out.replace("//", "/")
}

/// A response-schema problem redocly reported: exchange (1-based), JSON
/// pointer, message.
#[derive(Debug)]
struct Problem {
    exchange: usize,
    pointer: String,
    message: String,
}

/// The response-schema problems redocly reports on `har`: at least one, as
/// every capture departs on purpose (none means redocly did not run).
fn redocly(root: &Path, har: &Path, out: &Path) -> Result<Vec<Problem>, String> {
    let binary = root.join("node_modules/.bin/redocly");
    // A report left by an earlier run must not stand in for this one.
    match std::fs::remove_file(out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("{}: {e}", out.display()));
        }
        _ => {}
    }
    let output = Command::new(&binary)
        .current_dir(root)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .arg("drift")
        .arg(har)
        .args([
            "--api",
            crate::codegen::SPEC_PATH,
            "--format=json",
            "--output",
        ])
        .arg(out)
        .output()
        .map_err(|e| format!("cannot run {}: {e} (run `npm ci`)", binary.display()))?;
    let report = std::fs::read_to_string(out).map_err(|e| {
        format!(
            "redocly drift wrote no report ({e}; {}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
    })?;
    let report: Value =
        serde_json::from_str(&report).map_err(|e| format!("redocly report: {e}"))?;
    let problems = report.get("problems").and_then(Value::as_array);
    let problems = problems.ok_or("redocly report: no `problems`")?;
    let problems: Vec<Problem> = problems
        .iter()
        .filter(|p| p.get("target").and_then(Value::as_str) == Some("response"))
        .filter(|p| p.get("category").and_then(Value::as_str) == Some("schema"))
        .map(|p| Problem {
            exchange: p.get("exchangeIndex").and_then(Value::as_u64).unwrap_or(0) as usize + 1,
            pointer: p
                .get("dataPath")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            message: p
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        })
        .collect();
    if problems.is_empty() {
        return Err(format!(
            "redocly drift reported no response-schema problem on {} ({}), which departs on purpose: {}",
            har.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(problems)
}

/// Why redocly does not report what only `drift` does.
fn why_ours_only(kind: Kind) -> &'static str {
    match kind {
        Kind::UnknownField => {
            "unknown field: the schemas allow extra properties, so a validator accepts it"
        }
        _ => "redocly reports nothing at this path",
    }
}

/// The edit `drift` proposes for an observation's location.
fn proposal(findings: &[super::Finding], sighting: &Sighting) -> String {
    let finding = findings
        .iter()
        .find(|f| f.location == sighting.observation.location);
    let edits: Vec<String> = finding
        .map(|f| f.edits.iter().map(|e| e.describe()).collect())
        .unwrap_or_default();
    edits.join("; ")
}

/// `cargo xtask drift-peer`: builds the captures, runs both, compares.
pub fn run(root: &Path) -> Result<(), String> {
    if !root.join("node_modules/.bin/redocly").exists() {
        let status = Command::new("npm")
            .current_dir(root)
            .args(["ci", "--no-audit", "--no-fund"])
            .status()
            .map_err(|e| format!("cannot run npm ci: {e}"))?;
        if !status.success() {
            return Err(format!("npm ci failed ({status})"));
        }
    }
    let spec_text =
        std::fs::read_to_string(root.join(crate::codegen::SPEC_PATH)).map_err(|e| e.to_string())?;
    let spec = Spec::parse(&spec_text)?;
    let dir = root.join("target/drift-peer");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut missed = Vec::new();
    let mut rows = Vec::new();
    let mut counts = (0, 0);
    for (name, text) in captures(root)? {
        let har_path = dir.join(&name);
        std::fs::write(&har_path, &text).map_err(|e| format!("{}: {e}", har_path.display()))?;
        let ours = har::read(&name, &text, &spec.document).map_err(|e| e.to_string())?;
        if !ours.notes.is_empty() {
            return Err(format!("exchanges not checked: {}", ours.notes.join("; ")));
        }
        let findings = super::findings::group(&ours.sightings, &spec.api, &spec.document);
        let theirs = redocly(root, &har_path, &dir.join(format!("{name}.redocly.json")))?;
        let at = |exchange: usize, pointer: &str| -> Vec<&Sighting> {
            let ours = ours.sightings.iter();
            ours.filter(|s| {
                s.source.line == exchange && super::peer::pointer(&s.observation.path) == pointer
            })
            .collect()
        };
        for problem in &theirs {
            counts.0 += 1;
            let found = at(problem.exchange, &problem.pointer);
            let kinds: Vec<String> = found
                .iter()
                .map(|s| format!("{} → {}", s.observation.kind.name(), proposal(&findings, s)))
                .collect();
            let verdict = if found.is_empty() {
                missed.push(format!(
                    "{name} exchange {} at `{}`: {}",
                    problem.exchange, problem.pointer, problem.message
                ));
                "MISSED by drift".to_string()
            } else {
                format!("both ({})", kinds.join(", "))
            };
            rows.push(format!(
                "| {name} #{} | `{}` | {} | {verdict} |",
                problem.exchange, problem.pointer, problem.message
            ));
        }
        for sighting in &ours.sightings {
            counts.1 += 1;
            let pointer = pointer(&sighting.observation.path);
            let reported = theirs
                .iter()
                .any(|p| p.exchange == sighting.source.line && p.pointer == pointer);
            if !reported {
                let kind = sighting.observation.kind;
                rows.push(format!(
                    "| {name} #{} | `{pointer}` | - | drift only: {} at `{}` ({}) |",
                    sighting.source.line,
                    kind.name(),
                    sighting.observation.location,
                    why_ours_only(kind)
                ));
            }
        }
    }
    println!("| capture | path | redocly drift | cargo xtask drift |\n| --- | --- | --- | --- |");
    for row in &rows {
        println!("{row}");
    }
    println!(
        "\ndrift-peer: redocly reported {} response-schema problem(s), drift {} observation(s); \
         drift also gives each its spec location, page line and proposed edit (`cargo xtask drift`)",
        counts.0, counts.1
    );
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "drift missed what redocly reports:\n  {}",
            missed.join("\n  ")
        ))
    }
}
