//! Where a pager's items stream stands: the cursor of the page the next
//! item comes from, and how many of that page's items were yielded. A later
//! walk resumes from it with no item lost and none repeated, prefetching or
//! not.

/// Where an items stream stands: give it to
/// [`Pager::resume_from`](crate::Pager::resume_from) to go on from there.
/// Save [`cursor`](Checkpoint::cursor) and [`skip`](Checkpoint::skip) and
/// rebuild it with [`Checkpoint::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Checkpoint {
    cursor: Option<String>,
    skip: usize,
}

impl Checkpoint {
    /// The checkpoint at `cursor` (`None`: the first page) after its first
    /// `skip` items.
    pub fn new(cursor: Option<String>, skip: usize) -> Self {
        Checkpoint { cursor, skip }
    }

    /// The cursor the next item's page is requested with; `None` for the
    /// first page.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// How many items of that page were already yielded.
    pub fn skip(&self) -> usize {
        self.skip
    }

    /// `items` more of the page yielded.
    pub(super) fn pass(&mut self, items: usize) {
        self.skip += items;
    }
}
