//! Checks the generated code cannot express, run on each built request before
//! it is sent: a request that fails one is never sent and the caller gets
//! [`crate::Error::InvalidRequest`].
//!
//! The generated builders already reject a missing required value and an
//! empty id, identifier or cursor (`minLength: 1`); typify does not enforce a
//! `maximum`, nor a limit that depends on the body, nor that a path keeps
//! its shape, nor the search filters' id rules (`search_filters.rs`).

use super::call::{Call, Operation, TypedBody};
use crate::openapi::OPERATIONS;
use crate::types;

/// Most relations one page may ask for (`limit`): the spec's maximum,
/// read from the generated operations table.
pub const RELATIONS_MAX_LIMIT: u64 = max_page_size("list_relations");
/// Most search results one page may ask for with the Classic API (the
/// page's description says so; the spec's maximum is the one below).
pub const CLASSIC_SEARCH_MAX_LIMIT: u64 = 50;
/// Most search results one page may ask for with Sales Navigator or
/// Recruiter: the spec's maximum, read from the generated operations table.
pub const SEARCH_MAX_LIMIT: u64 = max_page_size("linkedin_search");

impl TypedBody for types::LinkedinSearchRequest {
    fn max_page_size(&self) -> Option<(u64, &'static str)> {
        use types::LinkedinSearchRequest as S;
        // The Classic API pages at most 50 results (the page's description).
        match self {
            S::ClassicPeopleSearch(_)
            | S::ClassicCompaniesSearch(_)
            | S::ClassicPostsSearch(_)
            | S::ClassicJobsSearch(_) => Some((CLASSIC_SEARCH_MAX_LIMIT, "Classic searches")),
            _ => None,
        }
    }

    fn invalid_filter(&self) -> Option<String> {
        super::search_filters::invalid_filter(self)
    }
}

/// The spec's maximum page size of operation `id`, at compile time: an id
/// missing from the table, or without a maximum, fails the build.
const fn max_page_size(id: &str) -> u64 {
    let mut at = 0;
    while at < OPERATIONS.len() {
        let operation = &OPERATIONS[at];
        if operation.id.len() == id.len()
            && same_bytes(operation.id.as_bytes(), id.as_bytes())
            && let Some((_, max)) = operation.page_size
        {
            return max as u64;
        }
        at += 1;
    }
    panic!("the operations table has no page-size maximum for this operation")
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let mut at = 0;
    while at < a.len() {
        if a[at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// `Err(reason)` when the request must not be sent. `base_path` is the
/// base URL's path (`/api/v1`); the page size is read from the typed
/// request.
pub(crate) fn check(
    operation: Option<&Operation>,
    base_path: &str,
    request: &reqwest::Request,
    call: &Call,
) -> Result<(), String> {
    let Some(operation) = operation else {
        return Ok(());
    };
    check_path(operation, base_path, request)?;
    if let Some(why) = &call.invalid_filter {
        return Err(why.clone());
    }
    check_page_size(operation, call)
}

/// The request path must still have its template's shape: a path parameter
/// of `.` or `..` (even percent-encoded) is resolved away by URL parsing and
/// would send the request to another endpoint.
fn check_path(
    operation: &Operation,
    base_path: &str,
    request: &reqwest::Request,
) -> Result<(), String> {
    let (operation_id, template) = (operation.id, operation.path);
    let path = request.url().path();
    let relative = path.strip_prefix(base_path).unwrap_or(path);
    let same_shape =
        operation.path_fits(relative, |part| !part.is_empty() && !is_dot_segment(part));
    if same_shape {
        Ok(())
    } else {
        Err(format!(
            "a path parameter of {operation_id} ({template}) is empty, `.` or `..`, \
             which a URL path cannot carry"
        ))
    }
}

fn is_dot_segment(segment: &str) -> bool {
    [".", "..", "%2e", "%2e.", ".%2e", "%2e%2e"]
        .iter()
        .any(|dots| segment.eq_ignore_ascii_case(dots))
}

/// The page size (`limit`) within the spec's bounds for the operation
/// (relations pages document 1 to 1000; searches only a maximum), or the
/// body's tighter one.
fn check_page_size(operation: &Operation, call: &Call) -> Result<(), String> {
    let (Some(limit), Some((min, max))) = (call.page_size, operation.page_size) else {
        return Ok(());
    };
    if limit < 0 {
        return Err(format!("limit {limit} is negative: it counts items"));
    }
    let (max, why) = match call.body_max_page_size {
        Some((body_max, why)) => (i128::from(body_max).min(max.into()), why),
        None => (max.into(), operation.noun),
    };
    if limit < min.into() || limit > max {
        return Err(match min {
            0 => format!("limit {limit} is out of range: {why} allow at most {max}"),
            _ => format!("limit {limit} is out of range: {why} allow {min} to {max}"),
        });
    }
    Ok(())
}
