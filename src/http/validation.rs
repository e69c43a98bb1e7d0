//! Checks the generated code cannot express, run on each built request before
//! it is sent: a request that fails one is never sent and the caller gets
//! [`crate::Error::InvalidRequest`].
//!
//! The generated builders already reject a missing required value and an
//! empty id, identifier or cursor (`minLength: 1`); typify does not enforce a
//! `maximum`, nor a limit that depends on the body, nor that a path keeps
//! its shape.

use super::call::{Call, Operation};

/// Most relations one page may ask for.
pub const RELATIONS_MAX_LIMIT: u64 = 1000;
/// Most search results one page may ask for with the Classic API.
pub const CLASSIC_SEARCH_MAX_LIMIT: u64 = 50;
/// Most search results one page may ask for with Sales Navigator or Recruiter.
pub const SEARCH_MAX_LIMIT: u64 = 100;

/// `Err(reason)` when the request must not be sent. `base_path` is the
/// base URL's path (`/api/v1`); `limit` is read from the typed request.
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
    check_limit(operation, call)
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
    let (mut actual, mut expected) = (relative.split('/'), template.split('/'));
    let same_shape = loop {
        match (actual.next(), expected.next()) {
            (None, None) => break true,
            (Some(actual), Some(expected)) if expected.starts_with('{') => {
                if actual.is_empty() || is_dot_segment(actual) {
                    break false;
                }
            }
            (Some(actual), Some(expected)) if actual == expected => {}
            _ => break false,
        }
    };
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

/// The `limit` within the spec's bounds for the operation (relations pages
/// document 1 to 1000; searches only a maximum), or the body's tighter one.
fn check_limit(operation: &Operation, call: &Call) -> Result<(), String> {
    let (Some(limit), Some((min, max))) = (call.limit, operation.limit) else {
        return Ok(());
    };
    if limit < 0 {
        return Err(format!("limit {limit} is negative: it counts items"));
    }
    let (max, why) = match call.body_max_limit {
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
