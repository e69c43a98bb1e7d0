//! One page of a listing (`GET /users/relations`, `POST /linkedin/search`),
//! decoded item by item.
//!
//! The API scrapes LinkedIn, so a real page may carry an item the spec did
//! not foresee. Decoding the whole page as one value would lose every item of
//! it, and every page after it, to one odd field. A [`Page`] instead splits
//! the body once (each item stays a slice of the body as received), decodes
//! each item on its own, and keeps the ones that do not decode as
//! [`UndecodedItem`]s: index, JSON path, reason and the item's own JSON.
//! [`Page::strict`] turns any departure back into an error.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::decode;
use crate::error::{Error, Result};

/// One page of a listing: the items that decoded, the ones that did not, the
/// cursor of the next page, and the body exactly as received.
#[derive(Clone)]
pub struct Page<T> {
    items: Vec<T>,
    undecoded: Vec<UndecodedItem>,
    cursor: Option<String>,
    /// Every top-level entry but `items`, as received.
    envelope: Map<String, Value>,
    /// Where each entry of `items` sits in `body`, in the API's order.
    spans: Vec<Range<usize>>,
    body: Bytes,
}

/// A part of a listing page that does not match the spec: one item (with its
/// index), or the page's own fields around the items. Nothing of it is lost:
/// [`UndecodedItem::json`] is the JSON as received.
#[derive(Clone, PartialEq, Eq)]
pub struct UndecodedItem {
    index: Option<usize>,
    path: String,
    message: String,
    json: String,
}

impl UndecodedItem {
    /// The item's 0-based position in the page's `items`; `None` when the
    /// page's own fields (`cursor`, `paging`, ...) are what departs.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The JSON path of the offending value inside the page, e.g.
    /// `items[1].attachments[2].size`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with the value, e.g. ``missing field `member_urn` ``.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The item's JSON exactly as received (the whole page for a departure
    /// outside the items).
    pub fn json(&self) -> &str {
        &self.json
    }
}

impl fmt::Debug for UndecodedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UndecodedItem")
            .field("index", &self.index)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("json_bytes", &self.json.len())
            .finish()
    }
}

impl fmt::Display for UndecodedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "item {index}")?,
            None => f.write_str("the page")?,
        }
        write!(
            f,
            " does not match the spec at `{}`: {}",
            self.path, self.message
        )
    }
}

impl<T> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items.len())
            .field("undecoded", &self.undecoded)
            .field("cursor", &self.cursor)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl<T> Page<T> {
    /// The items that decoded, in the API's order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items that decoded.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// What did not decode, in the API's order: items, and the page's own
    /// fields when they depart from the spec. Empty for a page that matches.
    pub fn undecoded(&self) -> &[UndecodedItem] {
        &self.undecoded
    }

    /// How many entries the API sent in `items`, decoded or not.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the API sent no items.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The cursor of the next page (`None`, or empty, on the last page).
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The whole body as received (UTF-8 JSON).
    pub fn json(&self) -> &str {
        // The body was checked to be UTF-8 when the page was decoded.
        std::str::from_utf8(&self.body).unwrap_or_default()
    }

    /// Each entry of `items` as received, decoded or not, in the API's order.
    pub fn raw_items(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let json = self.json();
        self.spans.iter().map(move |span| &json[span.clone()])
    }

    /// A top-level field of the page other than `items`, as received
    /// (`paging`, `metadata`, `config`, `object`, or one the spec does not know).
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.envelope.get(name)
    }

    /// The page if everything in it matches the spec; otherwise
    /// [`Error::Decode`] for the first departure, with the whole body.
    ///
    /// # Errors
    /// As above.
    pub fn strict(self) -> Result<Self> {
        match self.undecoded.first() {
            None => Ok(self),
            Some(first) => Err(Error::Decode {
                status: reqwest::StatusCode::OK,
                path: first.path.clone(),
                message: first.message.clone(),
                body: self.body.clone(),
                source: None,
            }),
        }
    }

    /// Each entry in the API's order: the item, or why it did not decode.
    /// A departure of the page's own fields comes first.
    pub(crate) fn into_entries(self) -> Vec<std::result::Result<T, UndecodedItem>> {
        let mut undecoded = self.undecoded.into_iter().peekable();
        let mut items = self.items.into_iter();
        let mut entries = Vec::with_capacity(self.spans.len() + 1);
        while let Some(page_level) = undecoded.next_if(|u| u.index.is_none()) {
            entries.push(Err(page_level));
        }
        for index in 0..self.spans.len() {
            match undecoded.next_if(|u| u.index == Some(index)) {
                Some(odd) => entries.push(Err(odd)),
                None => entries.extend(items.next().map(Ok)),
            }
        }
        entries
    }

    /// Keeps the first `n` entries of `items` (decoded or not).
    pub(crate) fn truncate(&mut self, n: usize) {
        if n >= self.spans.len() {
            return;
        }
        self.spans.truncate(n);
        self.undecoded.retain(|u| u.index.is_none_or(|i| i < n));
        let odd = self.undecoded.iter().filter(|u| u.index.is_some()).count();
        self.items.truncate(n - odd);
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Decodes a listing body: its own fields must read as `L` (the spec's
    /// page type, checked with `items` left empty), each item as `T`.
    ///
    /// Only a body that is not a JSON object with an `items` array fails as
    /// a whole; anything else that departs is kept in
    /// [`Page::undecoded`].
    pub(crate) fn decode<L: DeserializeOwned>(body: Bytes) -> Result<Self> {
        let whole = |path: &str, message: String, body: &Bytes| Error::Decode {
            status: reqwest::StatusCode::OK,
            path: path.to_string(),
            message,
            body: body.clone(),
            source: None,
        };
        let text = match std::str::from_utf8(&body) {
            Ok(text) => text,
            Err(e) => return Err(whole(".", format!("the body is not UTF-8: {e}"), &body)),
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
                return Err(whole(&path, message, &body));
            }
        };
        let mut page = Page {
            items: Vec::with_capacity(split.items.len()),
            undecoded: Vec::new(),
            cursor: None,
            envelope: split.envelope,
            spans: Vec::with_capacity(split.items.len()),
            body: Bytes::new(),
        };
        page.check_envelope::<L>(text);
        let start = text.as_ptr() as usize;
        for (index, raw) in split.items.into_iter().enumerate() {
            let json = raw.get();
            let offset = json.as_ptr() as usize - start;
            page.spans.push(offset..offset + json.len());
            match serde_json::from_str::<T>(json) {
                Ok(item) => page.items.push(item),
                Err(e) => {
                    let (inner, message) = decode::locate::<T>(json.as_bytes())
                        .unwrap_or_else(|| (".".to_string(), e.to_string()));
                    page.undecoded.push(UndecodedItem {
                        index: Some(index),
                        path: item_path(index, &inner),
                        message,
                        json: json.to_string(),
                    });
                }
            }
        }
        page.body = body;
        Ok(page)
    }

    /// Reads the cursor and checks the page's own fields against `L`.
    fn check_envelope<L: DeserializeOwned>(&mut self, text: &str) {
        let odd = |path: String, message: String| UndecodedItem {
            index: None,
            path,
            message,
            json: text.to_string(),
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
        if let Err(error) = serde_path_to_error::deserialize::<_, L>(&fields) {
            let path = error.path().to_string();
            let message = error.into_inner().to_string();
            if !(path == "cursor" && self.undecoded.iter().any(|u| u.path == "cursor")) {
                self.undecoded.push(odd(path, message));
            }
        }
    }
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
