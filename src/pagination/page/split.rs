//! Splitting a listing body in one pass, then decoding item by item.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Page;
use crate::error::{Error, Result, UndecodedItem};
use crate::model::decode;

/// A listing body split into its items, still as received, and its own
/// fields, checked. Splitting is one fast pass that finds the cursor, so a
/// pager can ask for the next page before the items are decoded. (Public
/// only because the pagers' `Endpoint` trait names it; users never see one.)
pub struct RawPage<T> {
    body: Bytes,
    spans: Vec<Range<usize>>,
    envelope: Map<String, Value>,
    cursor: Option<String>,
    /// Departures of the page's own fields.
    undecoded: Vec<UndecodedItem>,
    item: PhantomData<fn() -> T>,
}

/// An item type of a listing, with the spec's type for its whole page.
pub trait Listing: DeserializeOwned {
    /// The page type, used to check the page's own fields.
    type Page: DeserializeOwned;
}

impl<T: Listing> RawPage<T> {
    /// Splits a listing body. Only a body that is not a JSON object with an
    /// `items` array fails as a whole; a departure of the page's own fields
    /// is kept, to be reported with the items.
    pub(crate) fn split(body: Bytes) -> Result<Self> {
        let fail = |path: String, message: String, body: Bytes| Error::Decode {
            status: reqwest::StatusCode::OK,
            path,
            message,
            body,
            source: None,
        };
        // One UTF-8 check for the whole body; the items are then borrowed
        // from it without another.
        let text = match std::str::from_utf8(&body) {
            Ok(text) => text,
            Err(e) => {
                return Err(fail(
                    ".".into(),
                    format!("the body is not UTF-8: {e}"),
                    body.clone(),
                ));
            }
        };
        let split: Split<'_> = match serde_json::from_str(text) {
            Ok(split) => split,
            Err(e) => {
                // Only on failure: decode again, tracking the path.
                let mut input = serde_json::Deserializer::from_str(text);
                let (path, message) =
                    match serde_path_to_error::deserialize::<_, Split<'_>>(&mut input) {
                        Err(located) => {
                            (located.path().to_string(), located.into_inner().to_string())
                        }
                        Ok(_) => (".".to_string(), e.to_string()),
                    };
                return Err(fail(path, message, body.clone()));
            }
        };
        let start = body.as_ptr() as usize;
        let spans = split
            .items
            .iter()
            .map(|raw| {
                let offset = raw.get().as_ptr() as usize - start;
                offset..offset + raw.get().len()
            })
            .collect();
        let mut page = RawPage {
            spans,
            envelope: split.envelope,
            cursor: None,
            undecoded: Vec::new(),
            item: PhantomData,
            body: Bytes::new(),
        };
        page.check_envelope(&body);
        page.body = body;
        Ok(page)
    }

    /// The cursor of the next page, as sent.
    pub(crate) fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// How many entries `items` holds.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Keeps the first `n` entries of `items`.
    pub(crate) fn truncate(&mut self, n: usize) {
        self.spans.truncate(n);
    }

    /// Decodes each item on its own; one that does not match the spec is
    /// kept as an [`UndecodedItem`].
    pub(crate) fn decode(self) -> Page<T> {
        let mut items = Vec::with_capacity(self.spans.len());
        let mut undecoded = self.undecoded;
        // The split checked the body as UTF-8 and cut the spans from that
        // text. Items decode from `&str`: one bulk check of the page here
        // costs less than serde_json's check of every string of every item.
        let text = std::str::from_utf8(&self.body).unwrap_or_default();
        for (index, span) in self.spans.iter().enumerate() {
            let json = text.get(span.clone()).unwrap_or_default();
            match serde_json::from_str::<T>(json) {
                Ok(item) => items.push(item),
                Err(e) => {
                    let (inner, message) = decode::locate::<T>(json.as_bytes())
                        .unwrap_or_else(|| (".".to_string(), e.to_string()));
                    undecoded.push(UndecodedItem {
                        index: Some(index),
                        path: item_path(index, &inner),
                        message,
                        json: json.to_string(),
                    });
                }
            }
        }
        Page {
            items,
            undecoded,
            cursor: self.cursor,
            envelope: self.envelope,
            spans: self.spans,
            body: self.body,
        }
    }

    /// Reads the cursor and checks the page's own fields against the spec's
    /// page type (with `items` left empty).
    fn check_envelope(&mut self, body: &[u8]) {
        let odd = |path: String, message: String| UndecodedItem {
            index: None,
            path,
            message,
            json: String::from_utf8_lossy(body).into_owned(),
        };
        match self.envelope.get("cursor") {
            None | Some(Value::Null) => {}
            Some(Value::String(cursor)) => self.cursor = Some(cursor.clone()),
            Some(other) => {
                let message = format!("invalid type: {other}, expected a string or null");
                self.undecoded.push(odd("cursor".to_string(), message));
            }
        }
        let mut fields = self.envelope.clone();
        fields.insert("items".to_string(), Value::Array(Vec::new()));
        let fields = Value::Object(fields);
        if let Err(error) = serde_path_to_error::deserialize::<_, T::Page>(&fields) {
            let path = error.path().to_string();
            let message = error.into_inner().to_string();
            if !(path == "cursor" && self.undecoded.iter().any(|u| u.path == "cursor")) {
                self.undecoded.push(odd(path, message));
            }
        }
    }
}

/// Decodes a listing body, item by item.
pub(crate) fn decode<T: Listing>(body: Bytes) -> Result<Page<T>> {
    RawPage::split(body).map(RawPage::decode)
}

/// `items[3].title` from the index and the path inside the item.
fn item_path(index: usize, inner: &str) -> String {
    match inner {
        "." => format!("items[{index}]"),
        _ if inner.starts_with('[') => format!("items[{index}]{inner}"),
        _ => format!("items[{index}].{inner}"),
    }
}

/// A listing body split in one pass: `items` as slices of the input, every
/// other top-level field as a value (they are few and small).
struct Split<'a> {
    items: Vec<&'a RawValue>,
    envelope: Map<String, Value>,
}

impl<'de: 'a, 'a> de::Deserialize<'de> for Split<'a> {
    fn deserialize<D: de::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(SplitVisitor(PhantomData))
    }
}

struct SplitVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for SplitVisitor<'a> {
    type Value = Split<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a listing page: a JSON object with an `items` array")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> std::result::Result<Split<'a>, M::Error> {
        let mut items = None;
        let mut envelope = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                items = Some(map.next_value_seed(ItemsSeed(PhantomData))?);
            } else {
                envelope.insert(key, map.next_value()?);
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field("items"))?;
        Ok(Split { items, envelope })
    }
}

/// `items` as borrowed raw slices (no copy, no parse beyond finding their ends).
struct ItemsSeed<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> de::DeserializeSeed<'de> for ItemsSeed<'a> {
    type Value = Vec<&'a RawValue>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for ItemsSeed<'a> {
    type Value = Vec<&'a RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<S: SeqAccess<'de>>(
        self,
        mut seq: S,
    ) -> std::result::Result<Self::Value, S::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<&'a RawValue>()? {
            items.push(item);
        }
        Ok(items)
    }
}
