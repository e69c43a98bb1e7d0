//! What the command prints: the API's JSON exactly as received (keys in the
//! API's order, empty arrays, fields the SDK does not know), after the SDK
//! has decoded it; a warning line on stderr for each departure from the spec
//! (each correction the SDK made, each item it could not decode). A body
//! that is not JSON is an error: nothing on stdout.
//!
//! The JSON is re-indented token by token, never re-encoded, so numbers and
//! strings come out byte for byte as the API sent them.

use std::io::{BufWriter, IsTerminal, Write};

use futures::TryStreamExt;
use futures::stream::BoxStream;
use postpress::{Correction, Error, Page, Response, UndecodedItem};

use crate::Failure;

/// Where the output goes, and what departures were seen.
pub struct Output {
    /// The operation id, for warnings.
    operation: &'static str,
    /// Departures from the spec seen so far.
    pub departures: usize,
}

impl Output {
    /// Output for one operation.
    pub fn new(operation: &'static str) -> Self {
        Output {
            operation,
            departures: 0,
        }
    }

    /// One response: its JSON, pretty, with a warning per correction. JSON
    /// that does not decode is printed all the same, with a warning; a body
    /// that is not JSON fails (`Error::UnexpectedResponse`).
    pub fn one<T>(&mut self, result: postpress::Result<Response<T>>) -> Result<(), Failure> {
        match result {
            Ok(response) => {
                for correction in response.corrections() {
                    self.warn_correction(None, correction);
                }
                write_stdout(|out| pretty(response.json(), out))
            }
            Err(Error::Decode {
                path,
                message,
                body,
                ..
            }) => {
                self.warn(None, None, &path, &message);
                write_stdout(|out| match std::str::from_utf8(&body) {
                    Ok(text) => pretty(text, out),
                    Err(_) => out.write_all(&body),
                })
            }
            Err(error) => return Err(error.into()),
        }
        .map_err(Failure::from)
    }

    /// One page: its JSON, pretty, with a warning for each departure.
    pub fn page<T>(&mut self, result: postpress::Result<Response<Page<T>>>) -> Result<(), Failure> {
        let response = match result {
            Ok(response) => response,
            Err(error) => return self.one::<Page<T>>(Err(error)),
        };
        for odd in response.value().undecoded() {
            self.warn_item(None, odd);
        }
        self.one(Ok(response))
    }

    /// Every item of every page as one line of JSON each, as pages arrive,
    /// decoded or not, with a progress line on stderr when it is a terminal.
    pub async fn all<T>(
        &mut self,
        mut pages: BoxStream<'static, postpress::Result<Page<T>>>,
    ) -> Result<(), Failure> {
        let progress = std::io::stderr().is_terminal();
        let (mut page_count, mut item_count) = (0_usize, 0_usize);
        // One page's lines, reused: stdout is line-buffered, so writing item
        // by item would be one `write` call per item.
        let mut lines = Vec::new();
        let result = async {
            while let Some(page) = pages.try_next().await? {
                page_count += 1;
                for odd in page.undecoded() {
                    self.warn_item(Some(page_count), odd);
                }
                for correction in page.corrections() {
                    self.warn_correction(Some(page_count), correction);
                }
                lines.clear();
                page_lines(page.raw_items(), &mut lines)?;
                write_stdout(|out| out.write_all(&lines))?;
                item_count += page.len();
                if progress {
                    let _ = write!(
                        std::io::stderr(),
                        "\r{item_count} items, {page_count} pages"
                    );
                }
            }
            Ok::<(), Failure>(())
        }
        .await;
        if progress {
            let _ = writeln!(std::io::stderr());
        }
        result
    }

    fn warn_item(&mut self, page: Option<usize>, odd: &UndecodedItem) {
        self.warn(page, odd.index(), odd.path(), odd.message());
    }

    /// A correction, in shape (never the value: the JSON on stdout has it).
    fn warn_correction(&mut self, page: Option<usize>, correction: &Correction) {
        let message = correction.to_string();
        self.warn(page, correction.index(), correction.path(), &message);
    }

    fn warn(&mut self, page: Option<usize>, item: Option<usize>, path: &str, message: &str) {
        self.departures += 1;
        let mut place = String::new();
        if let Some(page) = page {
            place.push_str(&format!(" page {page},"));
        }
        if let Some(item) = item {
            place.push_str(&format!(" item {item},"));
        }
        // Nothing better to do when stderr is gone.
        let _ = writeln!(
            std::io::stderr(),
            "warning: {}:{place} `{path}` departs from the spec: {message}",
            self.operation
        );
    }
}

/// Runs `write` on stdout, buffered: stdout itself flushes at every newline,
/// which for a pretty page would be one `write` call per line.
fn write_stdout(
    write: impl FnOnce(&mut BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    write(&mut out)?;
    out.flush()
}

/// Each item on its own line, compact, tokens as received.
pub fn page_lines<'a>(
    items: impl Iterator<Item = &'a str>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    for item in items {
        compact(item, out)?;
        out.push(b'\n');
    }
    Ok(())
}

/// `json` re-indented (two spaces), every token kept as received.
pub fn pretty(json: &str, out: &mut impl Write) -> std::io::Result<()> {
    let mut depth = 0_usize;
    let mut tokens = Tokens::new(json);
    while let Some(token) = tokens.next() {
        match token {
            b"{" | b"[" => {
                let close = if token == b"{" { b'}' } else { b']' };
                if tokens.peek_byte() == Some(close) {
                    out.write_all(token)?;
                    out.write_all(&[close])?;
                    tokens.next();
                } else {
                    depth += 1;
                    out.write_all(token)?;
                    newline(out, depth)?;
                }
            }
            b"}" | b"]" => {
                depth = depth.saturating_sub(1);
                newline(out, depth)?;
                out.write_all(token)?;
            }
            b"," => {
                out.write_all(b",")?;
                newline(out, depth)?;
            }
            b":" => out.write_all(b": ")?,
            other => out.write_all(other)?,
        }
    }
    out.write_all(b"\n")
}

/// `json` on one line: whitespace between tokens dropped, tokens kept.
pub fn compact(json: &str, out: &mut impl Write) -> std::io::Result<()> {
    // An API that sends compact JSON needs no token work at all (memchr:
    // a per-character scan here was 15 % of a bulk export).
    if memchr::memchr2(b'\n', b'\r', json.as_bytes()).is_none() {
        return out.write_all(json.as_bytes());
    }
    for token in Tokens::new(json) {
        out.write_all(token)?;
    }
    Ok(())
}

fn newline(out: &mut impl Write, depth: usize) -> std::io::Result<()> {
    out.write_all(b"\n")?;
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// The tokens of a JSON text: punctuation, strings (with their quotes and
/// escapes as written) and bare literals, whitespace between them skipped.
struct Tokens<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(json: &'a str) -> Self {
        Tokens {
            bytes: json.as_bytes(),
            at: 0,
        }
    }

    fn skip_whitespace(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    fn peek_byte(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied()
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.skip_whitespace();
        let start = self.at;
        let first = *self.bytes.get(start)?;
        self.at += 1;
        match first {
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {}
            b'"' => {
                let mut escaped = false;
                while let Some(&b) = self.bytes.get(self.at) {
                    self.at += 1;
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => break,
                        _ => {}
                    }
                }
            }
            _ => {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !b"{}[],:\"".contains(b))
                {
                    self.at += 1;
                }
            }
        }
        Some(&self.bytes[start..self.at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty_text(json: &str) -> String {
        let mut out = Vec::new();
        pretty(json, &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn re_indents_without_touching_tokens() {
        let json = r#"{"z":1.0,"a":[],"b":{},"s":"x, \"y\": [z]","n":[12.50,-1e3,null,true]}"#;
        assert_eq!(
            pretty_text(json),
            "{\n  \"z\": 1.0,\n  \"a\": [],\n  \"b\": {},\n  \"s\": \"x, \\\"y\\\": [z]\",\n  \"n\": [\n    12.50,\n    -1e3,\n    null,\n    true\n  ]\n}\n"
        );
        let mut line = Vec::new();
        compact(&pretty_text(json), &mut line).expect("writing to a Vec");
        assert_eq!(String::from_utf8(line).expect("UTF-8"), json);
    }

    #[test]
    fn page_lines_keep_one_line_items_byte_for_byte() {
        let items = [
            r#"{ "a" : [1.50, "x\ny"],	"b":{} }"#,
            "{\n  \"c\": [\n    1e3\n  ]\n}",
            r#"{"d":"\u00e9"}"#,
        ];
        let mut out = Vec::new();
        page_lines(items.into_iter(), &mut out).expect("writing to a Vec");
        let expected = format!("{}\n{}\n{}\n", items[0], r#"{"c":[1e3]}"#, items[2]);
        assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
    }
}
