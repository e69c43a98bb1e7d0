//! One page of a listing (`GET /users/relations`, `POST /linkedin/search`),
//! decoded item by item.
//!
//! The API scrapes LinkedIn, so a real page may carry an item the spec did
//! not foresee. Decoding the whole page as one value would lose every item of
//! it, and every page after it, to one odd field. A [`Page`] instead decodes
//! each item on its own (each stays a slice of the body as received),
//! correcting what departs from the spec
//! ([`Page::corrections`], `crate::decode`), and keeps the ones that cannot
//! be corrected (not objects) as [`UndecodedItem`]s: index, JSON path,
//! reason and the item's own JSON. [`Page::strict`] turns any departure
//! back into an error.

mod items;
mod split;
mod tail;

pub(crate) use split::{Listing, RawPage, decode};

use std::fmt;
use std::ops::Range;

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::decode::{Correction, strict_error};
use crate::error::{Error, Result, UndecodedItem};

/// One page of a listing: the items that decoded, the ones that did not, the
/// cursor of the next page, and the body exactly as received.
#[derive(Clone)]
pub struct Page<T> {
    items: Vec<T>,
    undecoded: Vec<UndecodedItem>,
    /// Corrections of the page's own fields, then of each item, in order.
    corrections: Vec<Correction>,
    cursor: Option<String>,
    /// Every top-level entry but `items`, as received.
    page_fields: Map<String, Value>,
    /// Where each entry of `items` sits in `body`, in the API's order.
    spans: Vec<Range<usize>>,
    body: String,
}

impl<T> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items.len())
            .field("undecoded", &self.undecoded)
            .field("corrections", &self.corrections)
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

    /// Where the page departed from the spec and was corrected to stay
    /// typed, in the body's order: the page's own fields (index `None`),
    /// then each item's (its [`Correction::index`], paths such as
    /// `items[3].name`). Empty for a page that matches.
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
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
        &self.body
    }

    /// Each entry of `items` as received, decoded or not, in the API's order.
    pub fn raw_items(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let json = self.json();
        self.spans.iter().map(move |span| &json[span.clone()])
    }

    /// A top-level field of the page other than `items`, as received
    /// (`paging`, `metadata`, `config`, `object`, or one the spec does not know).
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.page_fields.get(name)
    }

    /// The page if everything in it matches the spec; otherwise
    /// [`Error::Decode`] for the first departure (corrected or not), with
    /// the whole body.
    ///
    /// # Errors
    /// As above.
    pub fn strict(self) -> Result<Self> {
        // Page-level departures first, then by item.
        let place = |index: Option<usize>| index.map_or(0, |i| i + 1);
        let odd = self.undecoded.first();
        let fixed = self.corrections.first();
        let odd_first = match (odd, fixed) {
            (Some(odd), Some(fixed)) => place(odd.index) <= place(fixed.index),
            (odd, _) => odd.is_some(),
        };
        if let (true, Some(odd)) = (odd_first, odd) {
            return Err(Error::Decode {
                status: reqwest::StatusCode::OK,
                path: odd.path.clone(),
                message: odd.message.clone(),
                body: Bytes::from(self.body),
                source: None,
            });
        }
        match fixed {
            Some(first) => {
                let body = Bytes::from(self.body.clone());
                Err(strict_error(reqwest::StatusCode::OK, first, &body))
            }
            None => Ok(self),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Number(u32);

    impl Listing for Number {
        type Page = serde_json::Value;
    }

    const BODY: &str = r#"{"items": [1, "two", 3, null, 5], "cursor": "c"}"#;

    fn call() -> crate::decode::Decoding {
        let settings = crate::decode::Settings::default();
        crate::decode::Decoding::for_call("list_relations", &settings, false)
    }

    fn page() -> Page<Number> {
        decode(&call(), Bytes::from(BODY)).expect("a listing")
    }

    fn first(n: usize) -> Page<Number> {
        let raw = RawPage::<Number>::read(&call(), Bytes::from(BODY)).expect("a listing");
        raw.truncated(n)
            .and_then(|(raw, _)| raw.decode())
            .expect("a listing")
    }

    #[test]
    fn entries_keep_the_api_order() {
        let entries: Vec<std::result::Result<u32, Option<usize>>> = page()
            .into_entries()
            .into_iter()
            .map(|entry| entry.map(|n| n.0).map_err(|odd| odd.index()))
            .collect();
        assert_eq!(entries, [Ok(1), Err(Some(1)), Ok(3), Err(Some(3)), Ok(5)]);
    }

    #[test]
    fn a_truncated_page_keeps_decoded_and_undecoded_entries_in_step() {
        let first_two = first(2);
        assert_eq!(first_two.items(), [Number(1)]);
        assert_eq!(first_two.raw_items().collect::<Vec<_>>(), ["1", "\"two\""]);
        assert_eq!(first_two.undecoded().len(), 1);
        let first_four = first(4);
        assert_eq!(first_four.items(), [Number(1), Number(3)]);
        assert_eq!(first_four.len(), 4);
        assert_eq!(first_four.cursor(), Some("c"));
        assert_eq!(first_four.undecoded()[1].path(), "items[3]");
    }
}
