//! Checks the generated code cannot express, run on each built request before
//! it is sent: a request that fails one is never sent and the caller gets
//! [`crate::Error::InvalidRequest`].
//!
//! The generated builders already reject a missing required value and an
//! empty id, identifier or cursor (`minLength: 1`); typify does not enforce a
//! `maximum`, nor a limit that depends on the body.

/// Most relations one page may ask for.
pub const RELATIONS_MAX_LIMIT: u64 = 1000;
/// Most search results one page may ask for with the Classic API.
pub const CLASSIC_SEARCH_MAX_LIMIT: u64 = 50;
/// Most search results one page may ask for with Sales Navigator or Recruiter.
pub const SEARCH_MAX_LIMIT: u64 = 100;

/// `Err(reason)` when the request must not be sent.
pub(crate) fn check(operation_id: &str, request: &reqwest::Request) -> Result<(), String> {
    let Some(limit) = query_value(request, "limit") else {
        return Ok(());
    };
    let limit: u64 = limit
        .parse()
        .map_err(|_| format!("limit {limit:?} is not a whole number"))?;
    let (max, why) = match operation_id {
        "list_relations" => (RELATIONS_MAX_LIMIT, "relations pages"),
        "linkedin_search" if search_api(request).as_deref() == Some("classic") => {
            (CLASSIC_SEARCH_MAX_LIMIT, "Classic searches")
        }
        "linkedin_search" => (SEARCH_MAX_LIMIT, "searches"),
        _ => return Ok(()),
    };
    if limit == 0 || limit > max {
        return Err(format!(
            "limit {limit} is out of range: {why} allow 1 to {max}"
        ));
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
