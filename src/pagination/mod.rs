//! Listings: one [`Page`] decoded item by item (`page.rs`; read in one pass
//! by `page/items.rs`, its cursor first from its end by `page/tail.rs`, else
//! split by `page/split.rs`), the paging engine that walks them
//! (`engine.rs`) and the pagers users build (`pagers.rs`).

mod engine;
mod listing;
mod page;
mod pagers;

pub use page::Page;
pub(crate) use page::{Listing, RawPage, decode};
pub use pagers::{LONG_CURSOR_BYTES, Pager, RelationsPager, SearchPager};
