//! The paging engine behind [`RelationsPager`](crate::RelationsPager) and
//! [`SearchPager`](crate::SearchPager): a lazy stream of pages that fetches
//! the next page while the caller works through the current one.
//!
//! - Nothing is sent until the stream is first polled.
//! - It stops after a page whose cursor is null or empty, after `max_items`
//!   items, or with [`Error::RepeatedCursor`] when the API hands out a cursor
//!   it already gave (instead of looping forever).
//! - A failing page ends the stream with [`Error::Page`], which carries the
//!   checkpoint of that page (its cursor, and the skip a resumed walk's first
//!   page started with): a stream resumed from it yields exactly the items
//!   not yet yielded.
//! - An item that does not match the spec costs only itself: the item stream
//!   yields [`Error::UndecodedItem`] in its place and goes on (with `strict`,
//!   its page fails instead).
//! - With prefetching on (the default) and a Tokio runtime present, page
//!   `k + 1` is requested as soon as page `k` is handed out, at most one page
//!   ahead; dropping the stream cancels it.

use std::collections::HashSet;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, RemoteHandle};
use futures_util::stream::{self, BoxStream, StreamExt};

use super::checkpoint::Checkpoint;
use super::page::{Listing, Page, RawPage};
use crate::error::{Error, Result};

/// Fetches one page given its cursor (`None`: the first page), split but
/// not decoded.
pub(crate) type Fetch<T> =
    std::sync::Arc<dyn Fn(Option<String>) -> BoxFuture<'static, Result<RawPage<T>>> + Send + Sync>;

/// What every pager shares: where to start, when to stop, whether to prefetch.
#[derive(Debug, Clone, Default)]
pub(crate) struct PagingOptions {
    pub(crate) request: crate::RequestOptions,
    pub(crate) start_cursor: Option<String>,
    /// Items of the first page already yielded before (a checkpoint's).
    pub(crate) start_skip: usize,
    pub(crate) max_items: Option<usize>,
    pub(crate) sequential: bool,
    /// A page with anything that does not match the spec fails.
    pub(crate) strict: bool,
}

impl PagingOptions {
    /// Resumes from `checkpoint`: its page, without the items yielded there.
    pub(crate) fn resume_from(&mut self, checkpoint: &Checkpoint) {
        self.start_cursor = checkpoint.cursor().map(str::to_owned);
        self.start_skip = checkpoint.skip();
    }

    /// Resumes after `error`: after a failed page, from its checkpoint, so
    /// the new stream yields exactly the items the failed one did not; any
    /// other error changes nothing.
    pub(crate) fn resume_after(&mut self, error: &Error) {
        if let Some(checkpoint) = error.resume_checkpoint() {
            self.resume_from(checkpoint);
        }
    }
}

/// A page request under way: spawned on the runtime, or left to run inline
/// when there is no Tokio runtime to spawn on.
enum InFlight<P> {
    Spawned(RemoteHandle<Result<P>>),
    Inline(BoxFuture<'static, Result<P>>),
}

impl<P: Send + 'static> InFlight<P> {
    fn start(future: BoxFuture<'static, Result<P>>, prefetch: bool) -> Self {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) if prefetch => {
                let (task, handle) = future.remote_handle();
                // The page's call span is a child of the caller's, as inline.
                runtime.spawn(tracing::Instrument::instrument(
                    task,
                    tracing::Span::current(),
                ));
                InFlight::Spawned(handle)
            }
            _ => InFlight::Inline(future),
        }
    }

    async fn finish(self) -> Result<P> {
        match self {
            InFlight::Spawned(handle) => handle.await,
            InFlight::Inline(future) => future.await,
        }
    }
}

struct WalkState<T> {
    fetch: Fetch<T>,
    options: PagingOptions,
    /// The page to hand out next, with the cursor it was requested with.
    next: Option<(Option<String>, InFlight<RawPage<T>>)>,
    /// Cursors already requested (or started from).
    seen: HashSet<String>,
    /// Pages handed out so far.
    pages: usize,
    /// Items handed out so far (counted per page).
    items: usize,
    /// An error to hand out after the current page.
    pending_error: Option<Error>,
    /// Items at the start of the next page handed out that an earlier walk
    /// yielded: not counted against `max_items`.
    skip: usize,
}

/// A page as walked: the cursor it was requested with, how many of its
/// first items an earlier walk yielded, and whether `max_items` cut it.
pub(crate) struct Walked<T> {
    pub(crate) requested: Option<String>,
    pub(crate) skip: usize,
    pub(crate) cut: bool,
    pub(crate) page: Page<T>,
}

impl<T: Listing + Send + 'static> WalkState<T> {
    /// The cursor to follow after `raw`: none after the last page or once
    /// `max_items` is reached (with `max_items`, `raw` was split, so its
    /// length is known).
    fn next_cursor(&self, raw: &RawPage<T>) -> Option<String> {
        let wanted_more = self
            .options
            .max_items
            .is_none_or(|max| self.items + raw.len().unwrap_or(0).saturating_sub(self.skip) < max);
        raw.cursor()
            .filter(|c| !c.is_empty() && wanted_more)
            .map(str::to_owned)
    }

    /// Requests the page at `next`, or notes a repeated cursor instead.
    fn follow(&mut self, next: Option<String>) {
        let Some(next) = next else { return };
        if self.seen.contains(&next) {
            self.pending_error = Some(Error::RepeatedCursor {
                page: self.pages + 1,
                cursor: next,
            });
        } else {
            let prefetch = !self.options.sequential;
            self.request(Some(next), prefetch);
        }
    }

    fn request(&mut self, cursor: Option<String>, prefetch: bool) {
        if let Some(c) = &cursor {
            self.seen.insert(c.clone());
        }
        let future = (self.fetch)(cursor.clone());
        self.next = Some((cursor, InFlight::start(future, prefetch)));
    }
}

/// The stream of pages for `fetch` under `options`.
pub(crate) fn pages<T: Listing + Send + 'static>(
    fetch: Fetch<T>,
    options: PagingOptions,
) -> BoxStream<'static, Result<Page<T>>> {
    walk(fetch, options)
        .map(|walked| walked.map(|walked| walked.page))
        .boxed()
}

/// The pages for `fetch` under `options`, each with where it was walked from.
pub(crate) fn walk<T: Listing + Send + 'static>(
    fetch: Fetch<T>,
    options: PagingOptions,
) -> BoxStream<'static, Result<Walked<T>>> {
    let state = WalkState {
        fetch,
        next: None,
        seen: HashSet::new(),
        pages: 0,
        items: 0,
        pending_error: None,
        skip: options.start_skip,
        options,
    };
    let started = false;
    stream::unfold((state, started), |(mut state, started)| async move {
        if !started {
            // The first page: requested only now, on the first poll.
            let cursor = state.options.start_cursor.clone();
            state.request(cursor, false);
        }
        if let Some(error) = state.pending_error.take() {
            return Some((Err(error), (state, true)));
        }
        let (cursor, in_flight) = state.next.take()?;
        // Items of the page an earlier walk yielded (`skip`) stay skipped
        // by a walk resumed from the error.
        let failed = |state: &WalkState<T>, cursor, source| Error::Page {
            page: state.pages + 1,
            checkpoint: Checkpoint::new(cursor, state.skip),
            source: Box::new(source),
        };
        let mut raw = match in_flight.finish().await {
            Ok(raw) => raw,
            Err(source) => return Some((Err(failed(&state, cursor, source)), (state, true))),
        };
        let mut cut = false;
        if let Some(max) = state.options.max_items {
            (raw, cut) = match raw.truncated(max.saturating_sub(state.items) + state.skip) {
                Ok(truncated) => truncated,
                Err(source) => return Some((Err(failed(&state, cursor, source)), (state, true))),
            };
        }
        // The next page is asked for as soon as the cursor is read, so it
        // travels while this one's items decode; a strict walk decodes first,
        // since this page may end it.
        let next = state.next_cursor(&raw);
        let strict = state.options.strict || raw.is_strict();
        if !strict {
            state.follow(next.clone());
        }
        let page = raw.decode().and_then(|page| match strict {
            false => Ok(page),
            true => page.strict(),
        });
        let page = match page {
            Ok(page) => page,
            Err(source) => {
                // A body that was not a listing after all: the walk ends
                // here, without the page asked for after it (or the error
                // its cursor would have been).
                state.next = None;
                state.pending_error = None;
                return Some((Err(failed(&state, cursor, source)), (state, true)));
            }
        };
        if strict {
            state.follow(next);
        }
        state.pages += 1;
        state.items += page.len().saturating_sub(state.skip);
        let walked = Walked {
            requested: cursor,
            skip: std::mem::take(&mut state.skip),
            cut,
            page,
        };
        Some((Ok(walked), (state, true)))
    })
    .boxed()
}
