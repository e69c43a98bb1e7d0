//! The cursor rules, each decided here once:
//! - which member of a listing body is its cursor ([`sent_cursor`]): both
//!   readers of a body, from its end (`page/tail.rs`) and split
//!   (`page/split.rs`), hand it the member they found;
//! - the long-cursor rule, for every call that sends a search cursor (a
//!   pager's page, `linkedin_search().cursor(..)` called directly, the CLI):
//!   a cursor longer than [`LONG_CURSOR_BYTES`] leaves the query string for
//!   the cursor-only body. The request path applies it to each call
//!   (`http/transport.rs`), so callers only ever set the cursor.

use reqwest::Request;
use serde_json::Value;

use crate::types;

/// Search cursors longer than this many bytes go in the cursor-only body
/// instead of the query string: the pages ask for very long cursors to be
/// sent that way, and some proxies reject URLs much past 2 KiB.
pub const LONG_CURSOR_BYTES: usize = 1024;

/// The one operation whose body can carry a cursor.
const SEARCH: &str = "linkedin_search";

/// The cursor a listing body sends: its top-level `cursor` member when it
/// has one (a string, else none: `null` ends the walk), else the one under
/// `paging` (where the search page lists it). `paging` is only asked when
/// there is no top-level member.
pub(crate) fn sent_cursor<'a>(
    top_level: Option<&'a Value>,
    paging: impl FnOnce() -> Option<&'a Value>,
) -> Option<String> {
    match top_level.or_else(|| paging()?.get("cursor")) {
        Some(Value::String(cursor)) => Some(cursor.clone()),
        _ => None,
    }
}

/// Moves a long `cursor` of a search request from its query into a
/// cursor-only body (which replaces the search body: the cursor stands for
/// it); why it cannot, otherwise.
pub(crate) fn place(operation_id: &str, request: &mut Request) -> Result<(), String> {
    if operation_id != SEARCH {
        return Ok(());
    }
    let (long, kept): (Vec<_>, Vec<_>) = request
        .url()
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .partition(|(name, value)| name == "cursor" && value.len() > LONG_CURSOR_BYTES);
    let Some((_, cursor)) = long.into_iter().next() else {
        return Ok(());
    };
    let cursor = types::CursorSearchCursor::try_from(cursor.as_str())
        .map_err(|error| format!("cursor: {error}"))?;
    let body = types::LinkedinSearchRequest::from(types::CursorSearch { cursor });
    let body = serde_json::to_vec(&body).map_err(|error| format!("cursor: {error}"))?;
    let url = request.url_mut();
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(&kept);
    }
    *request.body_mut() = Some(body.into());
    Ok(())
}
