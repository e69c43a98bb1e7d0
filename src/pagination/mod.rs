//! Listings: one [`Page`] decoded item by item (`page.rs`; read in one pass
//! by `page/items.rs`, its cursor first from its end by `page/tail.rs`, else
//! split by `page/split.rs`), the paging engine that walks them
//! (`engine.rs`), the items stream (`item_stream.rs`) and where it stands
//! (`checkpoint.rs`), the pagers users build (`pagers.rs`) and the cursor rules (`cursor.rs`:
//! which member of a body is its cursor, for both readers; where every call
//! that sends a cursor puts a long one).

mod checkpoint;
mod cursor;
mod engine;
mod item_stream;
mod listing;
mod page;
mod pagers;

pub use checkpoint::Checkpoint;
pub use cursor::LONG_CURSOR_BYTES;
pub(crate) use cursor::place as place_cursor;
pub use item_stream::Items;
pub use page::Page;
pub(crate) use page::{Listing, RawPage, decode};
pub use pagers::{Pager, RelationsPager, SearchPager};
