//! A listing body as a pager first holds it (the cursor known, the items
//! not yet decoded), and its decoding: in one pass where the body is as the
//! API sends it (`items.rs`), else split first, then decoded item by item.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Page;
use super::items::{self, DecodedItems};
use super::tail;
use crate::decode::{self, Correction, Decoding, Failed, Path};
use crate::error::{Error, Result, UndecodedItem};
use crate::pagination::cursor::sent_cursor;

/// A listing body with its cursor read, its items not yet decoded. A body
/// that ends with its cursor (as the API sends it) is read in one pass when
/// it decodes; any other is split at once. (Public only because the pagers'
/// `Endpoint` trait names it; users never see one.)
pub struct RawPage<T> {
    body: String,
    /// `None` until split: a body read in one pass never is.
    layout: Option<Layout>,
    cursor: Option<String>,
    /// The call's decode context, for the items decoded later.
    call: Decoding,
    item: PhantomData<fn() -> T>,
}

/// A body split: where its items are, and its own fields, checked.
struct Layout {
    spans: Vec<Range<usize>>,
    page_fields: Map<String, Value>,
    /// Departures of the page's own fields that could not be corrected.
    undecoded: Vec<UndecodedItem>,
    /// Corrections of the page's own fields.
    corrections: Vec<Correction>,
}

/// An item type of a listing, with the spec's type for its whole page.
pub trait Listing: DeserializeOwned {
    /// The page type, used to check the page's own fields.
    type Page: DeserializeOwned;
}

impl<T: Listing> RawPage<T> {
    /// Reads a listing body for a pager: its cursor, from its end when it
    /// is there, else by splitting it. A body that is not JSON fails as
    /// [`Error::UnexpectedResponse`], one that is not a JSON object as
    /// [`Error::Decode`] (here or when it decodes).
    pub(crate) fn read(call: &Decoding, body: Bytes) -> Result<Self> {
        let body = text(call, body)?;
        match tail::tail_cursor(body.as_bytes()) {
            Some(cursor) => Ok(RawPage {
                body,
                layout: None,
                cursor,
                call: call.clone(),
                item: PhantomData,
            }),
            None => Self::split(call, body),
        }
    }

    /// Splits a listing body: `items` as slices of it, its own fields
    /// checked (a departure, `items` included, is corrected and reported
    /// with the items). Errors as [`RawPage::read`].
    fn split(call: &Decoding, body: String) -> Result<Self> {
        let text = body.as_str();
        let (split, items) = match serde_json::from_str::<Split<'_>>(text) {
            Ok(split) => (split, ItemsMember::Split),
            Err(e) if !e.is_data() => return Err(call.not_json(body.as_bytes())),
            // Only on failure: `items` is not a list, or the body not an object.
            Err(e) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(mut page_fields)) => {
                    let items = ItemsMember::Odd(page_fields.remove("items"));
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
                        body: Bytes::from(body.clone()),
                        source: Some(e),
                    });
                }
                Err(_) => return Err(call.not_json(body.as_bytes())),
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
        let mut layout = Layout {
            spans,
            page_fields: split.page_fields,
            undecoded: Vec::new(),
            corrections: Vec::new(),
        };
        let cursor = layout.check_page_fields::<T>(call, &body, items);
        Ok(RawPage {
            body,
            layout: Some(layout),
            cursor,
            call: call.clone(),
            item: PhantomData,
        })
    }

    /// The cursor of the next page, as sent.
    pub(crate) fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// How many entries `items` holds, once split.
    pub(crate) fn len(&self) -> Option<usize> {
        self.layout.as_ref().map(|layout| layout.spans.len())
    }

    /// The page with only its first `n` entries of `items` (split first),
    /// and whether that left any out.
    pub(crate) fn truncated(self, n: usize) -> Result<(Self, bool)> {
        let mut page = match self.layout {
            Some(_) => self,
            None => Self::split(&self.call, self.body)?,
        };
        let mut cut = false;
        if let Some(layout) = &mut page.layout {
            cut = layout.spans.len() > n;
            layout.spans.truncate(n);
        }
        Ok((page, cut))
    }

    /// Whether the client or the call asked for strict decoding.
    pub(crate) fn is_strict(&self) -> bool {
        self.call.strict
    }

    /// Decodes each item on its own, correcting what departs from the spec;
    /// one that cannot be corrected (not an object) is kept as an
    /// [`UndecodedItem`]. Reports go out in the body's order. A body read
    /// from its end that turns out not to be a JSON object with an `items`
    /// array fails as [`RawPage::read`] says.
    pub(crate) fn decode(self) -> Result<Page<T>> {
        let unknown_fields = self.call.settings.unknown_fields;
        let Some(layout) = self.layout else {
            let Some(pass) = items::one_pass::<T>(&self.body, unknown_fields) else {
                return Self::split(&self.call, self.body)?.decode();
            };
            let mut layout = Layout {
                spans: pass.spans,
                page_fields: pass.page_fields,
                undecoded: Vec::new(),
                corrections: Vec::new(),
            };
            let cursor = layout.check_page_fields::<T>(&self.call, &self.body, ItemsMember::Split);
            return Ok(layout.assemble(&self.call, self.body, cursor, pass.decoded));
        };
        let decoded = items::decode_spans::<T>(&self.body, &layout.spans, unknown_fields);
        Ok(layout.assemble(&self.call, self.body, self.cursor, decoded))
    }
}

impl Layout {
    /// The page: its items as `decoded`, reported after the page's own
    /// fields, in the body's order.
    fn assemble<T>(
        self,
        call: &Decoding,
        body: String,
        cursor: Option<String>,
        decoded: DecodedItems<T>,
    ) -> Page<T> {
        let mut undecoded = self.undecoded;
        let mut corrections = self.corrections;
        // An entry's path, made only for a report.
        let at = |index: usize| Path::default().key("items").index(index);
        for (index, findings) in decoded.findings {
            corrections.extend(call.report(findings, Some((&at(index), index))));
        }
        for (index, failed) in decoded.failed {
            let (path, message) = match failed {
                Failed::Undecodable { path, message, .. } => (path.under(&at(index)), message),
                Failed::NotJson => (at(index), "not JSON".to_string()),
            };
            let json = self
                .spans
                .get(index)
                .and_then(|span| body.get(span.clone()));
            undecoded.push(UndecodedItem {
                index: Some(index),
                path: path.to_string(),
                message,
                json: json.unwrap_or_default().to_string(),
            });
        }
        Page {
            items: decoded.items,
            undecoded,
            corrections,
            cursor,
            page_fields: self.page_fields,
            spans: self.spans,
            body,
        }
    }

    /// Decodes the page's own fields as the spec's page type (with `items`
    /// empty when it split), correcting them; returns the cursor.
    fn check_page_fields<T: Listing>(
        &mut self,
        call: &Decoding,
        body: &str,
        items: ItemsMember,
    ) -> Option<String> {
        // A search page under `paging` is read too, so it does not end a walk
        // (the check below reports it missing).
        let cursor = sent_cursor(self.page_fields.get("cursor"), || {
            self.page_fields.get("paging")
        });
        let mut fields = self.page_fields.clone();
        match items {
            ItemsMember::Split => {
                fields.insert("items".to_string(), Value::Array(Vec::new()));
            }
            ItemsMember::Odd(Some(odd)) => {
                fields.insert("items".to_string(), odd);
            }
            ItemsMember::Odd(None) => {}
        }
        match decode::typed_value::<T::Page>(call, &Value::Object(fields)) {
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
                    json: body.to_string(),
                });
            }
        }
        cursor
    }
}

/// The body as text, checked once (the page then borrows from it with no
/// other check); one that is not UTF-8 is not JSON.
fn text(call: &Decoding, body: Bytes) -> Result<String> {
    // No copy: the body was read into a buffer of its own.
    String::from_utf8(Vec::from(body)).map_err(|e| call.not_json(e.as_bytes()))
}

/// How `items` split: as a list, or not a list (kept to be reported).
enum ItemsMember {
    Split,
    Odd(Option<Value>),
}

/// Decodes a listing body, item by item (in one pass when it is as the API
/// sends it).
pub(crate) fn decode<T: Listing>(call: &Decoding, body: Bytes) -> Result<Page<T>> {
    let body = text(call, body)?;
    // Not split: read in one pass when it decodes, which finds the cursor.
    let raw = RawPage {
        body,
        layout: None,
        cursor: None,
        call: call.clone(),
        item: PhantomData,
    };
    raw.decode()
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

#[cfg(test)]
#[path = "one_pass_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "split_tests.rs"]
mod split_tests;
