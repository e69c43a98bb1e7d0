//! Reading a listing body in one pass: each item is decoded where it
//! starts, and where its decode stopped is where the next one starts, so the
//! items are parsed once, not once to find them and once to decode them.
//! A pager still asks for the next page before that pass: the cursor is read
//! from the end of the body (`tail.rs`), where the API puts it.
//!
//! Nothing is reported here: each item's findings come back in
//! the body's order, for the page to report in that order. Anything this
//! reader does not expect (a body that is not one object with one `items`
//! array, JSON that does not parse) makes it give up, and the two-pass split
//! in `split.rs` says what the body is.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::decode::{self, Failed, Finding, Unreported};

/// A listing's entries decoded: the items that decoded, in order, and by
/// entry index, each decode's findings and which entries failed.
pub(super) struct DecodedItems<T> {
    pub(super) items: Vec<T>,
    pub(super) findings: Vec<(usize, Vec<Finding>)>,
    pub(super) failed: Vec<(usize, Failed)>,
}

impl<T> DecodedItems<T> {
    fn with_capacity(n: usize) -> Self {
        DecodedItems {
            items: Vec::with_capacity(n),
            findings: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Entry `index`'s decode, when it was not a clean one.
    fn add(&mut self, index: usize, decoded: Unreported<T>) {
        match decoded {
            Ok((item, findings)) => {
                self.items.push(item);
                if !findings.is_empty() {
                    self.findings.push((index, findings));
                }
            }
            Err(failed) => self.failed.push((index, failed)),
        }
    }
}

/// What one pass over a listing body gives.
pub(super) struct OnePass<T> {
    /// Where each entry of `items` sits in the body.
    pub(super) spans: Vec<Range<usize>>,
    /// The entries decoded.
    pub(super) decoded: DecodedItems<T>,
    /// Every top-level field but `items`.
    pub(super) page_fields: Map<String, Value>,
}

/// Reads `text`, a JSON object with one `items` array, decoding each item
/// as `T`; `None` when it is anything else.
pub(super) fn one_pass<T: DeserializeOwned>(
    text: &str,
    unknown_fields: bool,
) -> Option<OnePass<T>> {
    let mut reader = Reader { text, at: 0 };
    let mut pass = OnePass {
        spans: Vec::new(),
        decoded: DecodedItems::with_capacity(0),
        page_fields: Map::new(),
    };
    let mut items_read = false;
    reader.expect(b'{')?;
    if !reader.eat(b'}') {
        loop {
            let key: String = reader.value()?;
            reader.expect(b':')?;
            if key != "items" {
                pass.page_fields.insert(key, reader.value()?);
            } else if !items_read {
                reader.items(&mut pass, unknown_fields)?;
                items_read = true;
            } else {
                // Twice: the split keeps the last, as a map would.
                return None;
            }
            if !reader.eat(b',') {
                reader.expect(b'}')?;
                break;
            }
        }
    }
    reader.skip_whitespace();
    (items_read && reader.at == text.len()).then_some(pass)
}

/// A place in the body, moved forward as it is read.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn skip_whitespace(&mut self) {
        let rest = &self.text.as_bytes()[self.at..];
        self.at += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
    }

    /// Takes `byte` after any whitespace, if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let next = self.text.as_bytes().get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// The next JSON value, parsed by serde_json, which also says where it
    /// ended.
    fn value<V: DeserializeOwned>(&mut self) -> Option<V> {
        let mut values = serde_json::Deserializer::from_str(&self.text[self.at..]).into_iter::<V>();
        let value = values.next()?.ok()?;
        self.at += values.byte_offset();
        Some(value)
    }

    /// The `items` array into `pass`: each entry decoded as `T`, and where
    /// each sits.
    fn items<T: DeserializeOwned>(
        &mut self,
        pass: &mut OnePass<T>,
        unknown_fields: bool,
    ) -> Option<()> {
        self.expect(b'[')?;
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.skip_whitespace();
            let start = self.at;
            let text = &self.text[start..];
            let items = &mut pass.decoded.items;
            let (length, odd) = decode::unreported_leading(unknown_fields, text, items)?;
            if let Some(odd) = odd {
                pass.decoded.add(pass.spans.len(), odd);
            }
            if pass.spans.is_empty() {
                // Room for as many more items of this size as the body holds,
                // so a large page is not moved each time the lists grow.
                let room = (text.len() - length) / (length + 1) + 1;
                pass.spans.reserve(room);
                pass.decoded.items.reserve(room);
            }
            pass.spans.push(start..start + length);
            self.at = start + length;
            if !self.eat(b',') {
                return self.expect(b']');
            }
        }
    }
}

/// Each item at `spans` of `text`, decoded as `T`, in order (a body split
/// in two passes).
pub(super) fn decode_spans<T: DeserializeOwned>(
    text: &str,
    spans: &[Range<usize>],
    unknown_fields: bool,
) -> DecodedItems<T> {
    let mut decoded = DecodedItems::with_capacity(spans.len());
    for (index, span) in spans.iter().enumerate() {
        let json = text.get(span.clone()).unwrap_or_default();
        decoded.add(index, decode::unreported::<T>(unknown_fields, json));
    }
    decoded
}
