//! The items stream of a pager ([`Items`]), which knows where it stands
//! ([`Checkpoint`]) as it goes.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{BoxStream, Stream, StreamExt};

use super::checkpoint::Checkpoint;
use super::engine::Walked;
use crate::error::{Error, Result, UndecodedItem};

/// One entry of a page, with whether it holds a place in the page's
/// `items` (a departure of the page's own fields does not).
type Entry<T> = (bool, std::result::Result<T, UndecodedItem>);

/// The items of a pager, page after page (a `Stream`); an item that did not
/// decode is an [`Error::UndecodedItem`] in its place.
/// [`checkpoint`](Items::checkpoint) says where it stands.
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    walk: BoxStream<'static, Result<Walked<T>>>,
    entries: std::vec::IntoIter<Entry<T>>,
    /// Pages handed out so far (an undecoded item names its page).
    pages: usize,
    /// The current page's cursor and how many of its items went out.
    at: Checkpoint,
    /// Where the next page starts, once this one's items are all out;
    /// `None` when unknown (the last page, or one `max_items` cut).
    after: Option<Checkpoint>,
}

// Nothing is pinned in place: the walk is boxed, the entries are a `Vec`'s.
impl<T> Unpin for Items<T> {}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("checkpoint", &self.checkpoint())
            .finish_non_exhaustive()
    }
}

impl<T> Items<T> {
    pub(crate) fn new(walk: BoxStream<'static, Result<Walked<T>>>, start: Checkpoint) -> Self {
        Items {
            walk,
            entries: Vec::new().into_iter(),
            pages: 0,
            at: start,
            after: None,
        }
    }

    /// Where a walk resumed from here goes on: the cursor of the page the
    /// next item comes from, and how many of that page's items this stream
    /// yielded. Exact with prefetching on: a page fetched ahead but not yet
    /// yielded from does not move it. After an error it still points at
    /// the first item not yielded.
    pub fn checkpoint(&self) -> Checkpoint {
        match &self.after {
            Some(after) if self.entries.len() == 0 => after.clone(),
            _ => self.at.clone(),
        }
    }

    fn start_page(&mut self, walked: Walked<T>) {
        self.pages += 1;
        let next = walked.page.cursor().filter(|c| !c.is_empty());
        self.after = match (walked.cut, next) {
            (false, Some(next)) => Some(Checkpoint::new(Some(next.to_owned()), 0)),
            _ => None,
        };
        self.at = Checkpoint::new(walked.requested, walked.skip);
        let mut position = 0;
        let entries: Vec<Entry<T>> = walked
            .page
            .into_entries()
            .into_iter()
            .map(|entry| {
                let placed = !matches!(&entry, Err(item) if item.index.is_none());
                (placed, entry)
            })
            // Skipped: what the earlier walk yielded, the page's own
            // departures (yielded first) included.
            .filter(|(placed, _)| {
                position += usize::from(*placed);
                walked.skip == 0 || (*placed && position > walked.skip)
            })
            .collect();
        self.entries = entries.into_iter();
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        loop {
            if let Some((placed, entry)) = self.entries.next() {
                self.at.pass(usize::from(placed));
                let page = self.pages;
                return Poll::Ready(Some(entry.map_err(|item| Error::UndecodedItem {
                    page,
                    item: Box::new(item),
                })));
            }
            match std::task::ready!(self.walk.poll_next_unpin(cx)) {
                Some(Ok(walked)) => self.start_page(walked),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}
