//! Walking every page of a listing: one generic [`Pager`] over an
//! [`Endpoint`] (`GET /users/relations`, `POST /linkedin/search`).

use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;

use super::checkpoint::Checkpoint;
use super::engine::{self, Fetch, PagingOptions};
use super::item_stream::Items;
use super::page::{Listing, Page, RawPage};
use crate::error::Result;
use crate::model::SearchResult;
use crate::{Client, RequestOptions, Response, types};

/// A listing a [`Pager`] walks: how to ask for the page at a cursor.
///
/// Sealed: it lives in a private module, so users can neither name nor
/// implement it; the crate implements it for its two listings.
pub trait Endpoint: Clone + Send + Sync + 'static {
    /// One entry of its pages.
    type Item: Listing + Send + 'static;

    /// Requests the page at `cursor` (`None`: the first), split but not
    /// yet decoded.
    #[doc(hidden)]
    fn fetch(
        &self,
        client: &Client,
        cursor: Option<String>,
        options: RequestOptions,
    ) -> BoxFuture<'static, Result<RawPage<Self::Item>>>;
}

/// Every item of a listing, page after page. Built by [`Client::relations`]
/// ([`RelationsPager`]) or [`Client::search`] ([`SearchPager`]).
#[derive(Debug, Clone)]
#[must_use = "a pager does nothing until `pages()` or `items()` is polled"]
pub struct Pager<E> {
    client: Client,
    endpoint: E,
    options: PagingOptions,
}

/// Every relation of an account, page after page.
pub type RelationsPager = Pager<Relations>;
/// Every result of a LinkedIn search, page after page.
pub type SearchPager = Pager<Search>;

/// `GET /users/relations` for one account.
#[derive(Debug, Clone)]
pub struct Relations {
    account_id: String,
    filter: Option<String>,
    limit: Option<u64>,
}

/// `POST /linkedin/search` for one account and body.
#[derive(Debug, Clone)]
pub struct Search {
    account_id: String,
    limit: Option<u64>,
    body: types::LinkedinSearchRequest,
}

impl Client {
    /// Walks every relation of `account_id` (`GET /users/relations`) as a
    /// stream; nothing is sent until it is polled.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// # async fn run(client: postpress::Client) -> Result<(), postpress::Error> {
    /// let mut relations = client.relations("acc_1").limit(1000).items();
    /// while let Some(relation) = relations.try_next().await? {
    ///     println!("{} {}", relation.first_name, relation.last_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn relations(&self, account_id: impl Into<String>) -> RelationsPager {
        self.pager(Relations {
            account_id: account_id.into(),
            filter: None,
            limit: None,
        })
    }

    /// Walks every page of a LinkedIn search (`POST /linkedin/search`) as a
    /// stream; nothing is sent until it is polled. `body` is any search
    /// variant (`types::ClassicPeopleSearch`, ...) or a
    /// `types::LinkedinSearchRequest`. Each page after the first
    /// sends the same body with the page's cursor (in the query, or in the
    /// cursor-only body when longer than
    /// [`LONG_CURSOR_BYTES`](crate::LONG_CURSOR_BYTES), as for every call).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use postpress::types;
    /// # async fn run(client: postpress::Client) -> Result<(), postpress::Error> {
    /// let body = types::ClassicPeopleSearch::new().keywords("rust engineer");
    /// let people: Vec<postpress::SearchResult> = client
    ///     .search("acc_1", body)
    ///     .max_items(200)
    ///     .items()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn search(
        &self,
        account_id: impl Into<String>,
        body: impl Into<types::LinkedinSearchRequest>,
    ) -> SearchPager {
        self.pager(Search {
            account_id: account_id.into(),
            limit: None,
            body: body.into(),
        })
    }

    fn pager<E: Endpoint>(&self, endpoint: E) -> Pager<E> {
        Pager {
            client: self.clone(),
            endpoint,
            options: PagingOptions::default(),
        }
    }
}

impl<E: Endpoint> Pager<E> {
    /// Starts from `cursor` (a page's `cursor`) instead of the first page,
    /// with the whole page; to resume a walk use
    /// [`Pager::resume_from`] or [`Pager::resume_after`], which also skip
    /// the items already yielded.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.options.start_cursor = Some(cursor.into());
        self.options.start_skip = 0;
        self
    }

    /// Resumes where an items stream stood ([`Items::checkpoint`]): from
    /// the page its next item comes from, without the items it yielded
    /// there. `max_items` counts from the checkpoint. [`Pager::pages`]
    /// starts from that page whole.
    pub fn resume_from(mut self, checkpoint: &Checkpoint) -> Self {
        self.options.resume_from(checkpoint);
        self
    }

    /// Resumes after a failed page, from its
    /// [`Error::resume_checkpoint`](crate::Error::resume_checkpoint): the
    /// new stream yields exactly the items the failed one did not (the
    /// failed page's items an earlier walk yielded included). Any other
    /// error leaves the pager as it is.
    pub fn resume_after(mut self, error: &crate::Error) -> Self {
        self.options.resume_after(error);
        self
    }

    /// Retry and timeout overrides for every page request.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options.request = options;
        self
    }

    /// Stops after this many items in all; no page is requested beyond
    /// the one that reaches it.
    pub fn max_items(mut self, max_items: usize) -> Self {
        self.options.max_items = Some(max_items);
        self
    }

    /// Whether to request page `k + 1` while page `k` is being consumed
    /// (default: on, at most one page ahead, when a Tokio runtime runs).
    /// Off, nothing is requested before the caller asks for it, so
    /// `take(n)` never costs an extra request.
    pub fn prefetch(mut self, prefetch: bool) -> Self {
        self.options.sequential = !prefetch;
        self
    }

    /// Whether a page with anything that does not match the spec fails
    /// as a whole ([`Page::strict`]; default: off, such an item is yielded
    /// as [`Error::UndecodedItem`](crate::Error::UndecodedItem) and the stream goes on).
    pub fn strict(mut self, strict: bool) -> Self {
        self.options.strict = strict;
        self
    }

    /// The stream of pages, each with the JSON the API sent.
    pub fn pages(self) -> BoxStream<'static, Result<Page<E::Item>>> {
        let (fetch, options) = self.fetch();
        engine::pages(fetch, options)
    }

    /// The stream of items, across pages; an item that does not match the
    /// spec is an [`Error::UndecodedItem`](crate::Error::UndecodedItem) in its place.
    /// [`Items::checkpoint`] says where to resume.
    pub fn items(self) -> Items<E::Item> {
        let (fetch, options) = self.fetch();
        let start = Checkpoint::new(options.start_cursor.clone(), options.start_skip);
        Items::new(engine::walk(fetch, options), start)
    }

    fn fetch(self) -> (Fetch<E::Item>, PagingOptions) {
        let Pager {
            client,
            endpoint,
            options,
        } = self;
        let request_options = options.request.clone();
        let fetch: Fetch<E::Item> =
            Arc::new(move |cursor| endpoint.fetch(&client, cursor, request_options.clone()));
        (fetch, options)
    }
}

impl Pager<Relations> {
    /// Only relations matching this text.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.endpoint.filter = Some(filter.into());
        self
    }

    /// Relations per page, 1 to [`RELATIONS_MAX_LIMIT`](crate::RELATIONS_MAX_LIMIT).
    pub fn limit(mut self, limit: u64) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }
}

impl Pager<Search> {
    /// Results per page: at most [`CLASSIC_SEARCH_MAX_LIMIT`](crate::CLASSIC_SEARCH_MAX_LIMIT)
    /// for Classic, [`SEARCH_MAX_LIMIT`](crate::SEARCH_MAX_LIMIT) otherwise.
    pub fn limit(mut self, limit: u64) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }
}

impl Endpoint for Relations {
    type Item = types::UserRelation;

    fn fetch(
        &self,
        client: &Client,
        cursor: Option<String>,
        options: RequestOptions,
    ) -> BoxFuture<'static, Result<RawPage<Self::Item>>> {
        let (client, this) = (client.clone(), self.clone());
        async move {
            let mut request = client.list_relations().account_id(this.account_id.as_str());
            if let Some(cursor) = cursor {
                request = request.cursor(cursor.as_str());
            }
            if let Some(filter) = this.filter {
                request = request.filter(filter);
            }
            if let Some(limit) = this.limit {
                request = request.limit(limit);
            }
            request.send_as(options).await.map(Response::into_value)
        }
        .boxed()
    }
}

impl Endpoint for Search {
    type Item = SearchResult;

    fn fetch(
        &self,
        client: &Client,
        cursor: Option<String>,
        options: RequestOptions,
    ) -> BoxFuture<'static, Result<RawPage<Self::Item>>> {
        let (client, this) = (client.clone(), self.clone());
        async move {
            let mut request = client
                .linkedin_search()
                .account_id(this.account_id.as_str());
            if let Some(limit) = this.limit {
                request = request.limit(limit);
            }
            // A long cursor moves to the body in the request path.
            if let Some(cursor) = cursor {
                request = request.cursor(cursor.as_str());
            }
            request
                .body(this.body)
                .send_as(options)
                .await
                .map(Response::into_value)
        }
        .boxed()
    }
}
