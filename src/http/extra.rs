//! The escape hatch: query parameters and body fields the spec does not
//! have yet (the vendor just added them), sent with a typed call through
//! [`RequestOptions::extra_query`](crate::RequestOptions::extra_query) and
//! [`RequestOptions::extra_body_field`](crate::RequestOptions::extra_body_field).
//! They are added after validation, before the first attempt, so the call
//! keeps the SDK's key handling, retries, timeouts, limits and typed errors.
//! A name the typed request already sends is refused: the typed setter is
//! the one way to set it (the limiter and validation read the typed value).

use serde_json::{Map, Value};

use super::RequestOptions;

/// Adds `options`' extra query parameters and body fields to `request`.
pub(crate) fn apply(
    options: &RequestOptions,
    request: &mut reqwest::Request,
) -> Result<(), String> {
    for (name, _) in &options.extra_query {
        if request
            .url()
            .query_pairs()
            .any(|(sent, _)| sent == name.as_str())
        {
            return Err(format!(
                "extra query parameter `{name}` is already sent by the typed request; use its setter"
            ));
        }
    }
    if !options.extra_query.is_empty() {
        let mut pairs = request.url_mut().query_pairs_mut();
        for (name, value) in &options.extra_query {
            pairs.append_pair(name, value);
        }
    }
    if options.extra_body.is_empty() {
        return Ok(());
    }
    let body = request
        .body()
        .and_then(reqwest::Body::as_bytes)
        .and_then(|body| serde_json::from_slice::<Map<String, Value>>(body).ok());
    let Some(mut body) = body else {
        return Err("extra body fields need an operation with a JSON object body".to_string());
    };
    for (name, value) in &options.extra_body {
        if body.contains_key(name) {
            return Err(format!(
                "extra body field `{name}` is already sent by the typed request; use its setter"
            ));
        }
        body.insert(name.clone(), value.clone());
    }
    let body = serde_json::to_vec(&body).map_err(|e| format!("extra body fields: {e}"))?;
    *request.body_mut() = Some(reqwest::Body::from(body));
    Ok(())
}

#[cfg(test)]
mod tests {
    use httpmock::prelude::*;

    use crate::{RequestOptions, RetryPolicy, types};

    const API_KEY: &str = "pp_test_secret_key";

    fn client(server: &MockServer) -> Option<crate::Client> {
        crate::Client::builder()
            .api_key(API_KEY)
            .base_url(server.base_url())
            .retry(RetryPolicy::none())
            .build()
            .ok()
    }

    #[tokio::test]
    async fn extra_query_and_body_fields_go_out_with_the_typed_call() {
        let body =
            types::LinkedinSearchRequest::from(types::ClassicPeopleSearch::new().keywords("rust"));
        // The typed body as it is sent, plus the extra field.
        let mut expected = serde_json::to_value(&body).unwrap_or_default();
        if let Some(fields) = expected.as_object_mut() {
            fields.insert("new_filter".to_string(), serde_json::json!([1, 2]));
        }
        assert_eq!(expected["keywords"], "rust");
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/linkedin/search")
                    .query_param("account_id", "acc_1")
                    .query_param("locale", "fr")
                    .header("x-api-key", API_KEY)
                    .json_body(expected.clone());
                then.status(200).json_body(serde_json::json!({
                    "object": "LinkedinSearch", "items": [], "cursor": null,
                }));
            })
            .await;
        let Some(client) = client(&server) else {
            panic!("client")
        };
        let options = RequestOptions::new()
            .extra_query("locale", "fr")
            .extra_body_field("new_filter", serde_json::json!([1, 2]));
        let page = client
            .linkedin_search()
            .account_id("acc_1")
            .body(body)
            .send_with(&options)
            .await;
        assert!(page.is_ok(), "{page:?}");
        mock.assert_async().await;
    }

    #[tokio::test]
    async fn a_name_the_typed_request_sends_is_refused_and_nothing_is_sent() {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.any_request();
                then.status(200);
            })
            .await;
        let Some(client) = client(&server) else {
            panic!("client")
        };
        let query = RequestOptions::new().extra_query("account_id", "acc_2");
        let error = client
            .get_own_profile()
            .account_id("acc_1")
            .send_with(&query)
            .await;
        assert!(error.is_err_and(|e| e.to_string().contains("`account_id` is already sent")),);
        let body = RequestOptions::new().extra_body_field("x", serde_json::json!(1));
        let error = client
            .get_own_profile()
            .account_id("acc_1")
            .send_with(&body)
            .await;
        assert!(error.is_err_and(|e| e.to_string().contains("JSON object body")));
        assert_eq!(mock.calls_async().await, 0);
    }
}
