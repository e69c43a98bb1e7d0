//! The escape hatch (`RequestOptions::extra_query`, `extra_body_field`)
//! through the real loop: a body field the typed request already sends is
//! refused before anything is sent, and the extras go out again with every
//! retried attempt.

use postpress::RequestOptions;
use postpress::types::{ClassicPeopleSearch, LinkedinSearchRequest};

use super::*;

fn rust_search() -> LinkedinSearchRequest {
    LinkedinSearchRequest::from(ClassicPeopleSearch::new().keywords("rust"))
}

#[tokio::test]
async fn a_body_field_the_typed_request_sends_is_refused_and_nothing_is_sent() {
    let server = Scripted::start(vec![own_profile()]).await;
    let options = RequestOptions::new().extra_body_field("keywords", json!("go"));
    let error = client(&server, quick_retries())
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .body(rust_search())
        .send_with(&options)
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(
        error.to_string().contains("`keywords` is already sent"),
        "{error}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn extras_go_out_again_on_a_retried_attempt() {
    let page = Reply::json(200, &fixture_json("linkedin_search.example_response.json"));
    let server = Scripted::start(vec![status(503, "service_unavailable"), page]).await;
    let options = RequestOptions::new()
        .extra_query("locale", "fr")
        .extra_body_field("new_filter", json!([1, 2]));
    client(&server, quick_retries())
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .body(rust_search())
        .send_with(&options)
        .await
        .expect("the second attempt succeeds");
    let mut expected = serde_json::to_value(rust_search()).expect("a JSON body");
    expected["new_filter"] = json!([1, 2]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    for request in requests {
        assert_eq!(
            request.request_line,
            format!("POST /linkedin/search?account_id={ACCOUNT_ID}&locale=fr HTTP/1.1"),
        );
        let body: Value = serde_json::from_slice(&request.body).expect("JSON");
        assert_eq!(body, expected);
    }
}
