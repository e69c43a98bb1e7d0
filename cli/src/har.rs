//! HAR 1.2 entries (<http://www.softwareishard.com/blog/har-12-spec/>): one
//! per exchange, the API key and every other credential left out, by the
//! SDK's one list (`postpress::secrets::is_credential`).

use std::io::Write;

use base64::Engine;
use http::HeaderMap;
use postpress::secrets::is_credential;
use serde_json::{Value, json};

/// The headers as HAR lists them, credentials left out (and `host`,
/// which names the relay: the URL names the server).
fn headers(headers: &HeaderMap) -> Vec<Value> {
    headers
        .iter()
        .filter(|(name, _)| !is_credential(name.as_str()) && name.as_str() != "host")
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            json!({"name": name.as_str(), "value": value})
        })
        .collect()
}

/// The URL without credential query parameters, and its query as HAR
/// lists it.
fn url_and_query(url: &url::Url) -> (String, Vec<Value>) {
    let mut kept = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_credential(name))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    kept.set_query(None);
    if !pairs.is_empty() {
        kept.query_pairs_mut().extend_pairs(&pairs);
    }
    let query = pairs
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    (kept.to_string(), query)
}

/// A body as HAR content: text, or base64 when it is not UTF-8.
fn content(headers: &HeaderMap, body: &[u8]) -> Value {
    let mime = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut content = json!({"size": body.len(), "mimeType": mime});
    match std::str::from_utf8(body) {
        Ok(text) => content["text"] = json!(text),
        Err(_) => {
            content["text"] = json!(base64::engine::general_purpose::STANDARD.encode(body));
            content["encoding"] = json!("base64");
        }
    }
    content
}

/// What was sent.
pub struct Sent<'a> {
    pub method: &'a str,
    pub url: &'a url::Url,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// What came back: status, HTTP version, headers, body; `None` when the
/// exchange failed before a response.
pub struct Received<'a> {
    pub status: u16,
    pub version: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// One HAR entry.
pub fn entry(started: &str, millis: f64, sent: &Sent, received: Option<&Received>) -> Value {
    let (url, query) = url_and_query(sent.url);
    let mut request = json!({
        "method": sent.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(sent.headers),
        "queryString": query,
        "headersSize": -1,
        "bodySize": sent.body.len(),
    });
    if !sent.body.is_empty() {
        let body = content(sent.headers, sent.body);
        request["postData"] = json!({"mimeType": body["mimeType"], "text": body["text"]});
    }
    let response = match received {
        Some(r) => json!({
            "status": r.status,
            "statusText": http::StatusCode::from_u16(r.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or(""),
            "httpVersion": r.version,
            "cookies": [],
            "headers": headers(r.headers),
            "content": content(r.headers, r.body),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": r.body.len(),
        }),
        // HAR's convention for an exchange with no response.
        None => json!({
            "status": 0, "statusText": "", "httpVersion": "", "cookies": [], "headers": [],
            "content": {"size": 0, "mimeType": ""}, "redirectURL": "",
            "headersSize": -1, "bodySize": -1, "_error": "no response (transport error)",
        }),
    };
    json!({
        "startedDateTime": started,
        "time": millis,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": millis, "receive": 0},
    })
}

/// A HAR file written as exchanges complete: the opening, then each entry,
/// then the closing, so memory stays flat however long the export.
pub struct Writer {
    out: std::io::BufWriter<std::fs::File>,
    entries: usize,
}

impl Writer {
    pub fn create(path: &std::path::Path) -> std::io::Result<Writer> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        let creator = json!({"name": "postpress", "version": env!("CARGO_PKG_VERSION")});
        write!(
            out,
            "{{\"log\":{{\"version\":\"1.2\",\"creator\":{creator},\"entries\":["
        )?;
        Ok(Writer { out, entries: 0 })
    }

    pub fn entry(&mut self, entry: &Value) -> std::io::Result<()> {
        let comma = if self.entries == 0 { "" } else { "," };
        write!(self.out, "{comma}\n{entry}")?;
        self.entries += 1;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        write!(self.out, "\n]}}}}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry for a GET of `url` with `headers`, answered 200 with
    /// `response_headers`, as JSON text.
    fn captured(url: &str, headers: &[(&str, &str)], response_headers: &[(&str, &str)]) -> String {
        let map = |pairs: &[(&str, &str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                if let (Ok(name), Ok(value)) = (
                    http::HeaderName::from_bytes(name.as_bytes()),
                    http::HeaderValue::from_str(value),
                ) {
                    map.append(name, value);
                }
            }
            map
        };
        let (sent_headers, received_headers) = (map(headers), map(response_headers));
        let url = url::Url::parse(url).expect("a URL");
        let sent = Sent {
            method: "GET",
            url: &url,
            headers: &sent_headers,
            body: b"",
        };
        let received = Received {
            status: 200,
            version: "HTTP/1.1",
            headers: &received_headers,
            body: b"{}",
        };
        entry("2026-01-01T00:00:00Z", 1.0, &sent, Some(&received)).to_string()
    }

    #[test]
    fn a_capture_drops_authorization_and_the_sdk_key() {
        let har = captured(
            "http://127.0.0.1:1/users/me",
            &[
                ("authorization", "Bearer sk-one"),
                ("x-api-key", "sk-two"),
                ("accept", "application/json"),
            ],
            &[],
        );
        assert!(!har.contains("sk-one") && !har.contains("sk-two"), "{har}");
        assert!(
            har.contains("application/json"),
            "other headers stay: {har}"
        );
    }

    #[test]
    fn a_capture_drops_cookies_both_ways() {
        let har = captured(
            "http://127.0.0.1:1/users/me",
            &[("cookie", "session=c-one")],
            &[("set-cookie", "session=c-two; HttpOnly")],
        );
        assert!(!har.contains("c-one") && !har.contains("c-two"), "{har}");
    }

    #[test]
    fn a_capture_drops_tokens_in_headers_and_query_parameters() {
        let har = captured(
            "http://127.0.0.1:1/users/me?account_id=acc_1&access_token=t-one",
            &[("x-auth-token", "t-two")],
            &[],
        );
        assert!(!har.contains("t-one") && !har.contains("t-two"), "{har}");
        assert!(har.contains("acc_1"), "other parameters stay: {har}");
    }
}
