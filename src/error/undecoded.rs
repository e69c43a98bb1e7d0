//! [`UndecodedItem`]: a part of a listing page that does not match the spec,
//! kept whole ([`crate::Page::undecoded`], [`crate::Error::UndecodedItem`]).

use std::fmt;

/// A part of a listing page that does not match the spec: one item (with its
/// index), or the page's own fields around the items. Nothing of it is lost:
/// [`UndecodedItem::json`] is the JSON as received.
#[derive(Clone, PartialEq, Eq)]
pub struct UndecodedItem {
    pub(crate) index: Option<usize>,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) json: String,
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
