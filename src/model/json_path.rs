//! The JSON path at a byte offset of a JSON text, read from the text alone:
//! where a `serde_json` decoding error stopped, as `work_experience[0].start`
//! (the spelling of `serde_path_to_error`, `.` for the root).
//!
//! Finding the path this way instead of decoding the value a second time
//! through `serde_path_to_error` keeps one compiled decoder per type: a
//! second one doubled the generated types' share of a dependent's build.

/// One step of a path.
#[derive(Debug, PartialEq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// An open object or array while scanning.
enum Frame {
    /// The last key read, and whether the next string is a key.
    Object {
        key: Option<String>,
        at_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The byte offset of serde_json's `line` (1-based) and `column` (bytes
/// read on that line) in `text`; `None` for an error without a position.
pub(crate) fn offset(text: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    Some((start + column).min(text.len()))
}

/// The path of the value being read after the first `end` bytes of `text`.
pub(crate) fn segments_at(text: &[u8], end: usize) -> Vec<Segment> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end.min(text.len()) {
        match text[i] {
            b'{' => frames.push(Frame::Object {
                key: None,
                at_key: true,
            }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { at_key, .. }) => *at_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { at_key, .. }) = frames.last_mut() {
                    *at_key = false;
                }
            }
            b'"' => {
                let close = string_end(text, i);
                if let Some(Frame::Object { key, at_key: true }) = frames.last_mut() {
                    let raw = &text[i..(close + 1).min(text.len())];
                    *key = Some(serde_json::from_slice(raw).unwrap_or_else(|_| {
                        String::from_utf8_lossy(raw).trim_matches('"').to_string()
                    }));
                }
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    frames
        .into_iter()
        .filter_map(|frame| match frame {
            Frame::Object { key, .. } => key.map(Segment::Key),
            Frame::Array { index } => Some(Segment::Index(index)),
        })
        .collect()
}

/// The index of the quote closing the string that opens at `open`.
fn string_end(text: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    text.len()
}

/// `items[3].title`; `.` for the root.
pub(crate) fn display(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

/// Where decoding `bytes` failed with `error` (from `serde_json` on the same
/// bytes), for a text the SDK wrote itself (a `Value` encoded again to be
/// decoded by the one compiled decoder): `(path, message)`, the message
/// without serde_json's line and column, which would mislead there.
pub(crate) fn locate_in_reencoded(bytes: &[u8], error: &serde_json::Error) -> (String, String) {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_string();
    let path = match offset(bytes, error.line(), error.column()) {
        Some(offset) => display(&segments_at(bytes, offset)),
        None => ".".to_string(),
    };
    (path, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's error on `text` decoded as `T` points at.
    fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let error = serde_json::from_str::<T>(text).expect_err("must fail");
        let at = offset(text.as_bytes(), error.line(), error.column()).expect("a position");
        display(&segments_at(text.as_bytes(), at))
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        title: String,
        n: Option<u32>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
        cursor: Option<String>,
    }

    #[test]
    fn finds_the_path_where_serde_json_stopped() {
        assert_eq!(
            path_of_error::<Page>(r#"{"items":[{"title":"a"},{"title":null}]}"#),
            "items[1].title"
        );
        // A value of the wrong kind is reported before it is read.
        assert_eq!(
            path_of_error::<Page>(r#"{"items":[{"title":"a","n":{"x":1}}],"cursor":null}"#),
            "items[0].n"
        );
        // A missing field: the object's own path (the error comes at its end).
        assert_eq!(path_of_error::<Page>(r#"{"items":[{"n":1}]}"#), "items[0]");
        assert_eq!(path_of_error::<Page>(r#"{"cursor":"c"}"#), ".");
        // Keys with escapes and strings holding brackets, over several lines.
        assert_eq!(
            path_of_error::<Page>(
                "{\"items\":[\n {\"t\\\"x\":\"],{\", \"title\":\"a\"},\n {\"title\": 5}\n]}"
            ),
            "items[1].title"
        );
    }

    #[test]
    fn an_error_without_a_position_has_no_offset() {
        assert_eq!(offset(b"{}", 0, 0), None);
        assert_eq!(offset(b"{\n\"a\":1}", 2, 4), Some(6));
        assert_eq!(offset(b"{}", 9, 0), None);
    }
}
