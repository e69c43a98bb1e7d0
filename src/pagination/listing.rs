//! The two listing operations: how their bodies decode (a page split in one
//! pass, items decoded one by one) and their `send` methods.

use bytes::Bytes;
use reqwest::StatusCode;

use super::{Listing, Page, RawPage};
use crate::error::Result;
use crate::http::Decoded;
use crate::{SearchResult, types};

impl<T: Listing> Decoded for Page<T> {
    fn decode(_: StatusCode, body: Bytes) -> Result<Self> {
        super::decode(body)
    }
}

impl<T: Listing> Decoded for RawPage<T> {
    fn decode(_: StatusCode, body: Bytes) -> Result<Self> {
        RawPage::split(body)
    }
}

impl Listing for types::UserRelation {
    type Page = types::UserRelationsList;
}

impl Listing for SearchResult {
    type Page = types::LinkedinSearch;
}

crate::http::send! {
    /// Sends `GET /users/relations`: one page of the account's relations.
    /// A relation that does not match the spec costs only itself: it is
    /// kept in [`Page::undecoded`] with its path and JSON.
    ListRelations => Page<types::UserRelation>;
    /// Sends `POST /linkedin/search`: one page of LinkedIn search results.
    /// A result that does not match the spec costs only itself: it is kept
    /// in [`Page::undecoded`] with its path and JSON.
    LinkedinSearch => Page<SearchResult>;
}
