//! The reference pages' example requests, reproduced through the SDK.

mod common;

use common::{ACCOUNT_ID, client, fixture, fixture_json, request};
use httpmock::prelude::*;
use postpress::types;

#[tokio::test]
async fn linkedin_sections_go_out_comma_joined() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[
                    ("account_id", ACCOUNT_ID),
                    ("linkedin_sections", "*_preview,experience"),
                ],
            )
            .is_true(|req| {
                req.uri()
                    .query()
                    .is_some_and(|q| q.matches("linkedin_sections=").count() == 1)
            });
            then.status(200)
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .linkedin_sections(["*_preview", "experience"])
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
}

#[tokio::test]
async fn search_example_request_and_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID), ("limit", "10")],
            )
            .json_body(fixture_json("linkedin_search.example_request.json"));
            then.status(200)
                .body(fixture("linkedin_search.example_response.json"));
        })
        .await;
    let body = types::LinkedinSearchRequest::from(types::ClassicPeopleSearch {
        keywords: Some("software engineer".into()),
        location: vec!["102277331".into()],
        network_distance: vec![1.try_into().expect("1"), 2.try_into().expect("2")],
        ..Default::default()
    });
    let page = client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .limit(std::num::NonZeroU64::new(10).expect("10"))
        .body(body)
        .send()
        .await
        .expect("decodes");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].tag(), Some("PEOPLE"));
    assert_eq!(page.cursor.as_deref(), Some("eyJzdGFydCI6MTB9"));
    mock.assert_async().await;
}
