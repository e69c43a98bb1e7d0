//! Checks the generated code cannot express, run on each built request before
//! it is sent: a request that fails one is never sent and the caller gets
//! [`crate::Error::InvalidRequest`].
//!
//! The generated builders already reject a missing required value and an
//! empty id, identifier or cursor (`minLength: 1`); typify does not enforce a
//! `maximum`, nor a limit that depends on the body, nor that a path keeps
//! its shape.

use crate::generated::OPERATION_PATHS;

/// Most relations one page may ask for.
pub const RELATIONS_MAX_LIMIT: u64 = 1000;
/// Most search results one page may ask for with the Classic API.
pub const CLASSIC_SEARCH_MAX_LIMIT: u64 = 50;
/// Most search results one page may ask for with Sales Navigator or Recruiter.
pub const SEARCH_MAX_LIMIT: u64 = 100;

/// `Err(reason)` when the request must not be sent.
/// `base_path` is the base URL's path (`/api/v1`), from [`crate::Inner`].
pub(crate) fn check(
    operation_id: &str,
    base_path: &str,
    request: &reqwest::Request,
) -> Result<(), String> {
    check_path(operation_id, base_path, request)?;
    check_limit(operation_id, request)
}

/// The request path must still have its template's shape: a path parameter
/// of `.` or `..` (even percent-encoded) is resolved away by URL parsing and
/// would send the request to another endpoint.
fn check_path(
    operation_id: &str,
    base_path: &str,
    request: &reqwest::Request,
) -> Result<(), String> {
    let Some((_, template)) = OPERATION_PATHS.iter().find(|(id, _)| *id == operation_id) else {
        return Ok(());
    };
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

fn check_limit(operation_id: &str, request: &reqwest::Request) -> Result<(), String> {
    let Some(limit) = query_value(request, "limit") else {
        return Ok(());
    };
    let limit: i64 = limit
        .parse()
        .map_err(|_| format!("limit {limit:?} is not a whole number"))?;
    if limit < 0 {
        return Err(format!("limit {limit} is negative: it counts items"));
    }
    // Relations pages document 1 to 1000; searches only a maximum.
    let (min, max, why) = match operation_id {
        "list_relations" => (1, RELATIONS_MAX_LIMIT, "relations pages"),
        "linkedin_search" if search_api(request).as_deref() == Some("classic") => {
            (0, CLASSIC_SEARCH_MAX_LIMIT, "Classic searches")
        }
        "linkedin_search" => (0, SEARCH_MAX_LIMIT, "searches"),
        _ => return Ok(()),
    };
    let limit = limit.unsigned_abs();
    if limit < min || limit > max {
        return Err(match min {
            0 => format!("limit {limit} is out of range: {why} allow at most {max}"),
            _ => format!("limit {limit} is out of range: {why} allow {min} to {max}"),
        });
    }
    Ok(())
}

fn query_value(request: &reqwest::Request, name: &str) -> Option<String> {
    request
        .url()
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The `api` of a search body (`classic`, `sales_navigator`, `recruiter`).
fn search_api(request: &reqwest::Request) -> Option<String> {
    let body = request.body()?.as_bytes()?;
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("api")?.as_str().map(str::to_string)
}
