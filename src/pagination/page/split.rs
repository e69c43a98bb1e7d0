//! Splitting a listing body in one pass, then decoding item by item.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Page, items};
use crate::decode::{self, Correction, Decoding, Failed, Path};
use crate::error::{Error, Result, UndecodedItem};

/// A listing body split into its items, still as received, and its own
/// fields, checked. Splitting is one fast pass that finds the cursor, so a
/// pager can ask for the next page before the items are decoded. (Public
/// only because the pagers' `Endpoint` trait names it; users never see one.)
pub struct RawPage<T> {
    body: Bytes,
    spans: Vec<Range<usize>>,
    page_fields: Map<String, Value>,
    cursor: Option<String>,
    /// Departures of the page's own fields that could not be corrected.
    undecoded: Vec<UndecodedItem>,
    /// Corrections of the page's own fields.
    corrections: Vec<Correction>,
    /// The call's decode context, for the items decoded later.
    call: Decoding,
    item: PhantomData<fn() -> T>,
}

/// An item type of a listing, with the spec's type for its whole page.
pub trait Listing: DeserializeOwned {
    /// The page type, used to check the page's own fields.
    type Page: DeserializeOwned;
}

impl<T: Listing> RawPage<T> {
    /// Splits a listing body. A body that is not JSON fails as
    /// [`Error::UnexpectedResponse`], one that is not a JSON object as
    /// [`Error::Decode`]; a departure of the page's own fields (`items`
    /// included) is corrected and reported with the items.
    pub(crate) fn split(call: &Decoding, body: Bytes) -> Result<Self> {
        // One UTF-8 check for the whole body; the items are then borrowed
        // from it without another.
        let Ok(text) = std::str::from_utf8(&body) else {
            return Err(call.not_json(&body));
        };
        let (split, items) = match serde_json::from_str::<Split<'_>>(text) {
            Ok(split) => (split, Items::Split),
            Err(e) if !e.is_data() => return Err(call.not_json(&body)),
            // Only on failure: `items` is not a list, or the body not an object.
            Err(e) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(mut page_fields)) => {
                    let items = Items::Odd(page_fields.remove("items"));
                    let split = Split {
                        items: Vec::new(),
                        page_fields,
                    };
                    (split, items)
                }
                Ok(_) => {
                    return Err(Error::Decode {
                        status: call.status,
                        path: ".".into(),
                        message: e.to_string(),
                        body: body.clone(),
                        source: Some(e),
                    });
                }
                Err(_) => return Err(call.not_json(&body)),
            },
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
            page_fields: split.page_fields,
            cursor: None,
            undecoded: Vec::new(),
            corrections: Vec::new(),
            call: call.clone(),
            item: PhantomData,
            body: Bytes::new(),
        };
        page.check_page_fields(&body, items);
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

    /// Whether the client or the call asked for strict decoding.
    pub(crate) fn is_strict(&self) -> bool {
        self.call.strict
    }

    /// Decodes each item on its own, correcting what departs from the spec;
    /// one that cannot be corrected (not an object) is kept as an
    /// [`UndecodedItem`]. Reports go out in the body's order.
    pub(crate) fn decode(self) -> Page<T>
    where
        T: Send + 'static,
    {
        let mut items = Vec::with_capacity(self.spans.len());
        let mut undecoded = self.undecoded;
        let mut corrections = self.corrections;
        // The split checked the body is UTF-8.
        let text = std::str::from_utf8(&self.body).unwrap_or_default();
        let unknown_fields = self.call.settings.unknown_fields;
        let decoded = items::decode_items::<T>(text, &self.body, &self.spans, unknown_fields);
        for (index, (span, result)) in self.spans.iter().zip(decoded).enumerate() {
            // The item's path, made only for a report.
            let at = || Path::default().key("items").index(index);
            match result {
                Ok((item, found)) => {
                    items.push(item);
                    if !found.is_empty() {
                        corrections.extend(self.call.report(found, Some((&at(), index))));
                    }
                }
                Err(failed) => {
                    let (path, message) = match failed {
                        Failed::Undecodable { path, message, .. } => (path.under(&at()), message),
                        Failed::NotJson => (at(), "not JSON".to_string()),
                    };
                    undecoded.push(UndecodedItem {
                        index: Some(index),
                        path: path.to_string(),
                        message,
                        json: text.get(span.clone()).unwrap_or_default().to_string(),
                    });
                }
            }
        }
        Page {
            items,
            undecoded,
            corrections,
            cursor: self.cursor,
            page_fields: self.page_fields,
            spans: self.spans,
            body: self.body,
        }
    }

    /// Reads the cursor and decodes the page's own fields as the spec's
    /// page type (with `items` empty when it split), correcting them.
    fn check_page_fields(&mut self, body: &[u8], items: Items) {
        if let Some(Value::String(cursor)) = self.page_fields.get("cursor") {
            self.cursor = Some(cursor.clone());
        }
        let mut fields = self.page_fields.clone();
        match items {
            Items::Split => {
                fields.insert("items".to_string(), Value::Array(Vec::new()));
            }
            Items::Odd(Some(odd)) => {
                fields.insert("items".to_string(), odd);
            }
            Items::Odd(None) => {}
        }
        match decode::typed_value::<T::Page>(&self.call, &Value::Object(fields)) {
            Ok((_, corrections)) => self.corrections = corrections,
            Err(failed) => {
                let (path, message) = match failed {
                    Failed::Undecodable { path, message, .. } => (path.to_string(), message),
                    Failed::NotJson => (".".to_string(), "not JSON".to_string()),
                };
                self.undecoded.push(UndecodedItem {
                    index: None,
                    path,
                    message,
                    json: String::from_utf8_lossy(body).into_owned(),
                });
            }
        }
    }
}

/// How `items` split: as a list, or not a list (kept to be reported).
enum Items {
    Split,
    Odd(Option<Value>),
}

/// Decodes a listing body, item by item.
pub(crate) fn decode<T: Listing + Send + 'static>(call: &Decoding, body: Bytes) -> Result<Page<T>> {
    RawPage::split(call, body).map(RawPage::decode)
}

/// A listing body split in one pass: `items` as slices of the input, every
/// other top-level field as a value (they are few and small).
struct Split<'a> {
    items: Vec<&'a RawValue>,
    page_fields: Map<String, Value>,
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
        let mut page_fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                items = Some(map.next_value_seed(ItemsSeed(PhantomData))?);
            } else {
                page_fields.insert(key, map.next_value()?);
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field("items"))?;
        Ok(Split { items, page_fields })
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
