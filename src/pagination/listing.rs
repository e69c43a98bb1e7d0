//! The two listing operations: how their bodies decode (items decoded one
//! by one, each costing only itself) and their `send` methods.

use bytes::Bytes;

use super::{Listing, Page, RawPage};
use crate::decode::{Correction, Decoding};
use crate::error::Result;
use crate::http::SuccessBody;
use crate::{SearchResult, types};

impl<T: Listing> SuccessBody for Page<T> {
    fn decode(call: &Decoding, body: Bytes) -> Result<(Self, Vec<Correction>)> {
        let page = super::decode(call, body)?;
        let page = if call.strict { page.strict()? } else { page };
        let corrections = page.corrections().to_vec();
        Ok((page, corrections))
    }
}

impl<T: Listing> SuccessBody for RawPage<T> {
    fn decode(call: &Decoding, body: Bytes) -> Result<(Self, Vec<Correction>)> {
        // A pager decodes the items later, and reports on the page.
        Ok((RawPage::read(call, body)?, Vec::new()))
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
    /// A relation that departs from the spec is corrected and reported in
    /// [`Page::corrections`]; one that cannot be (not an object) costs only
    /// itself: it is kept in [`Page::undecoded`] with its path and JSON.
    ListRelations => Page<types::UserRelation>;
    /// Sends `POST /linkedin/search`: one page of LinkedIn search results.
    /// A result that departs from the spec is corrected and reported in
    /// [`Page::corrections`]; one that cannot be (not an object) costs only
    /// itself: it is kept in [`Page::undecoded`] with its path and JSON.
    LinkedinSearch => Page<SearchResult>;
}
