//! HAR 1.2 captures (from `postpress --har`, a browser, a proxy): each
//! exchange matched to an operation by method and path template, and its
//! response body walked against the spec (`walk.rs`).

use base64::Engine;
use serde_json::Value;

use super::observation::{Sighting, Source, Unreadable};
use super::walk::Walker;

/// What a capture gave: the observations, and one note per exchange that
/// was not checked (and why), so nothing is skipped silently.
#[derive(Debug, Default)]
pub struct Checked {
    pub sightings: Vec<Sighting>,
    pub notes: Vec<String>,
    /// Exchanges whose response was checked.
    pub exchanges: usize,
}

/// Whether a file's text is a HAR capture: a JSON object that opens with
/// `log` (a drift log's lines never have that key). Decided from the start,
/// so a capture cut short is reported as one, with its line.
pub fn is_har(text: &str) -> bool {
    let start = text.trim_start();
    let head: String = start.chars().take(1024).collect();
    start.starts_with('{') && head.contains("\"log\"")
}

/// Every exchange of a capture checked against the spec document.
pub fn read(file: &str, text: &str, document: &Value) -> Result<Checked, Unreadable> {
    let bad = |line: usize, why: String| Unreadable {
        file: file.to_string(),
        line,
        why,
    };
    let har: Value =
        serde_json::from_str(text).map_err(|e| bad(e.line(), format!("not JSON: {e}")))?;
    let entries = har
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(1, "not a HAR capture: no log.entries".to_string()))?;
    let mut checked = Checked::default();
    for (index, entry) in entries.iter().enumerate() {
        let number = index + 1;
        let field = |pointer: &str| entry.pointer(pointer).and_then(Value::as_str);
        let (Some(method), Some(url)) = (field("/request/method"), field("/request/url")) else {
            return Err(bad(1, format!("entry {number}: no request method or url")));
        };
        let Some(status) = entry.pointer("/response/status").and_then(Value::as_u64) else {
            return Err(bad(1, format!("entry {number}: no response status")));
        };
        let note = |why: &str| format!("{file} entry {number}: {method} {url} ({status}): {why}");
        let Some((operation, path)) = operation(document, method, url) else {
            checked
                .notes
                .push(note("no operation of the spec has this method and path"));
            continue;
        };
        let Some(schema) = response_schema(document, &path, method, status) else {
            checked
                .notes
                .push(note("the spec gives this status no JSON body"));
            continue;
        };
        let body = match body_text(entry) {
            Some(body) => body,
            None => {
                checked.notes.push(note("no response body text"));
                continue;
            }
        };
        let Ok(body) = serde_json::from_str::<Value>(&body) else {
            checked.notes.push(note("the response body is not JSON"));
            continue;
        };
        let status = u16::try_from(status).unwrap_or(u16::MAX);
        checked.exchanges += 1;
        let mut walker = Walker::new(document, &operation, status);
        walker.body(schema, &format!("{operation}.{status}"), &body);
        let source = Source {
            file: file.to_string(),
            line: number,
            response: format!("{file}#{number}"),
            time: field("/startedDateTime").map(str::to_string),
        };
        checked
            .sightings
            .extend(walker.found.into_iter().map(|observation| Sighting {
                observation,
                source: source.clone(),
            }));
    }
    Ok(checked)
}

/// The operation (id, path template) whose method and path template match
/// the URL's path; the template may follow any base path (`/api/v1`).
pub fn operation(document: &Value, method: &str, url: &str) -> Option<(String, String)> {
    let path = url
        .split("://")
        .nth(1)
        .map_or(url, |rest| rest.find('/').map_or("", |at| &rest[at..]));
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut best: Option<(usize, String, String)> = None;
    for (template, item) in document.get("paths")?.as_object()? {
        let Some(op) = item.get(method.to_lowercase()) else {
            continue;
        };
        let wanted: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        if wanted.len() > segments.len() {
            continue;
        }
        let tail = &segments[segments.len() - wanted.len()..];
        let matches = wanted
            .iter()
            .zip(tail)
            .all(|(want, got)| want.starts_with('{') || want == got);
        let literal = wanted.iter().filter(|w| !w.starts_with('{')).count();
        if matches && best.as_ref().is_none_or(|(score, ..)| literal > *score) {
            let id = op.get("operationId").and_then(Value::as_str)?.to_string();
            best = Some((literal, id, template.clone()));
        }
    }
    best.map(|(_, id, template)| (id, template))
}

/// The JSON schema of an operation's response with this status (or its
/// `2XX` / `default`), following a `$ref` into `components/responses`.
fn response_schema<'d>(
    document: &'d Value,
    template: &str,
    method: &str,
    status: u64,
) -> Option<&'d Value> {
    let responses = document
        .get("paths")?
        .get(template)?
        .get(method.to_lowercase())?
        .get("responses")?;
    let range = format!("{}XX", status / 100);
    let response = responses
        .get(status.to_string())
        .or_else(|| responses.get(&range))
        .or_else(|| responses.get("default"))?;
    let response = match response.get("$ref").and_then(Value::as_str) {
        Some(reference) => document.pointer(reference.strip_prefix('#')?)?,
        None => response,
    };
    response.pointer("/content/application~1json/schema")
}

/// The response body as text (HAR stores binary bodies in base64).
fn body_text(entry: &Value) -> Option<String> {
    let content = entry.pointer("/response/content")?;
    let text = content.get("text").and_then(Value::as_str)?;
    match content.get("encoding").and_then(Value::as_str) {
        Some("base64") => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()?;
            String::from_utf8(bytes).ok()
        }
        _ => Some(text.to_string()),
    }
}
