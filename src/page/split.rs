//! Splitting a listing body in one pass, then decoding item by item.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Page, UndecodedItem};
use crate::decode;
use crate::error::{Error, Result};

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
