//! Request bodies read from JSON (a file, a queue message, a CLI argument),
//! checked against the request types before anything is sent.
//!
//! The body unions have no single discriminator field, so serde's untagged
//! decoding can only say "data did not match any variant". These functions
//! pick the variant the body names (`api` + `category`, `api` + `action`,
//! `url`, `cursor`) and decode exactly that one, so an error names the field:
//! ``body field `network_distance[0]`: unknown variant `5` ...``.

use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::types;

/// Reads a `POST /linkedin/search` body.
///
/// ```
/// let body = postpress::search_request_from_json(
///     r#"{"api": "classic", "category": "people", "keywords": "rust"}"#,
/// )?;
/// assert!(matches!(body, postpress::types::LinkedinSearchRequest::ClassicPeopleSearch(_)));
///
/// let typo = postpress::search_request_from_json(r#"{"api": "classic", "category": "people", "keyword": "rust"}"#);
/// assert!(typo.unwrap_err().to_string().contains("unknown field `keyword`"));
/// # Ok::<(), postpress::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidRequest`] naming the JSON path of the first bad value, or
/// listing the searches when the body names none.
pub fn search_request_from_json(json: &str) -> Result<types::LinkedinSearchRequest> {
    use types::LinkedinSearchRequest as Body;
    let object = object(json)?;
    if object.contains_key("url") {
        return decode::<types::UrlSearch>(object).map(Body::from);
    }
    if object.contains_key("cursor") && !object.contains_key("api") {
        return decode::<types::CursorSearch>(object).map(Body::from);
    }
    let (api, category) = (text(&object, "api"), text(&object, "category"));
    macro_rules! searches {
        ($( $variant:ident: $api:ident + $category:ident, )+) => {
            $(
                if parses::<types::$api>(api) && parses::<types::$category>(category) {
                    return decode::<types::$variant>(object).map(Body::from);
                }
            )+
            let known = [$(
                format!("{} + {}", types::$api::default(), types::$category::default()),
            )+];
            Err(Error::invalid_request(format!(
                "body: no search has api {} with category {}; \
                 use one of {}, or only `url`, or only `cursor`",
                shown(api),
                shown(category),
                known.join(", ")
            )))
        };
    }
    searches! {
        ClassicPeopleSearch: ClassicPeopleSearchApi + ClassicPeopleSearchCategory,
        ClassicCompaniesSearch: ClassicCompaniesSearchApi + ClassicCompaniesSearchCategory,
        ClassicPostsSearch: ClassicPostsSearchApi + ClassicPostsSearchCategory,
        ClassicJobsSearch: ClassicJobsSearchApi + ClassicJobsSearchCategory,
        SalesNavigatorPeopleSearch: SalesNavigatorPeopleSearchApi + SalesNavigatorPeopleSearchCategory,
        SalesNavigatorCompaniesSearch: SalesNavigatorCompaniesSearchApi + SalesNavigatorCompaniesSearchCategory,
        RecruiterPeopleSearch: RecruiterPeopleSearchApi + RecruiterPeopleSearchCategory,
    }
}

/// Reads a `POST /linkedin/user/{user_id}` body.
///
/// ```
/// let body = postpress::user_action_request_from_json(
///     r#"{"account_id": "acc_1", "api": "sales_navigator", "action": "saveLead"}"#,
/// )?;
/// assert!(matches!(body, postpress::types::LinkedinUserActionRequest::SalesNavigatorSaveLeadAction(_)));
/// # Ok::<(), postpress::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidRequest`] naming the JSON path of the first bad value, or
/// when `api` + `action` name no action.
pub fn user_action_request_from_json(json: &str) -> Result<types::LinkedinUserActionRequest> {
    use types::LinkedinUserActionRequest as Body;
    let object = object(json)?;
    let (api, action) = (text(&object, "api"), text(&object, "action"));
    macro_rules! actions {
        ($( $variant:ident: $api:ident + $action:ident, )+) => {
            $(
                if parses::<types::$api>(api) && parses::<types::$action>(action) {
                    return decode::<types::$variant>(object).map(Body::from);
                }
            )+
            Err(Error::invalid_request(format!(
                "body: no action has api {} with action {}; use api `recruiter` \
                 (addCandidateToPipeline, addApplicantToPipeline, rejectApplicant) or \
                 `sales_navigator` (saveLead)",
                shown(api),
                shown(action)
            )))
        };
    }
    actions! {
        RecruiterPipelineAction: RecruiterPipelineActionApi + RecruiterPipelineActionAction,
        RecruiterRejectApplicantAction: RecruiterRejectApplicantActionApi + RecruiterRejectApplicantActionAction,
        SalesNavigatorSaveLeadAction: SalesNavigatorSaveLeadActionApi + SalesNavigatorSaveLeadActionAction,
    }
}

fn object(json: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(json) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(Error::invalid_request(format!(
            "body: expected a JSON object, found {}",
            kind_of(&other)
        ))),
        Err(e) => Err(Error::invalid_request(format!(
            "body is not valid JSON: {e}"
        ))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// A field's text for a message: `classic` in backquotes, or `none`.
fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), |value| format!("`{value}`"))
}

fn parses<T: FromStr>(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.parse::<T>().is_ok())
}

/// Decoded from text by the same decoder as everywhere else (a path-tracking
/// decoder from a `Value` would compile every request type's decoding again).
fn decode<T: DeserializeOwned>(object: Map<String, Value>) -> Result<T> {
    let text = serde_json::to_vec(&object).unwrap_or_default();
    serde_json::from_slice(&text).map_err(|error| {
        let (path, message) = super::json_path::locate_in_reencoded(&text, &error);
        if path == "." {
            Error::invalid_request(format!("body: {message}"))
        } else {
            Error::invalid_request(format!("body field `{path}`: {message}"))
        }
    })
}
