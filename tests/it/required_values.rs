//! The `<operation>_for` methods take each operation's required values as
//! arguments: each sends exactly the request its builder form sends, and a
//! refused value fails before sending with the builder's message.

use crate::common::operations::mock_operation;
use crate::common::{ACCOUNT_ID, client, fixture, fixture_json};
use httpmock::prelude::*;
use postpress::{Error, types};

#[tokio::test]
async fn each_operation_sends_its_example_request_from_the_arguments() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    let search: types::LinkedinSearchRequest =
        serde_json::from_value(fixture_json("linkedin_search.example_request.json"))
            .expect("example body");
    let action: types::LinkedinUserActionRequest =
        serde_json::from_value(fixture_json("linkedin_user_action.example_request.json"))
            .expect("example body");
    for operation in [
        "get_user",
        "get_own_profile",
        "list_relations",
        "linkedin_search",
        "linkedin_user_action",
    ] {
        let answer = fixture(&format!("{operation}.example_response.json"));
        let mock = mock_operation(&server, operation, answer.as_bytes()).await;
        let sent = match operation {
            "get_user" => c
                .get_user_for(String::from("jordan-walke"), ACCOUNT_ID)
                .send()
                .await
                .map(drop),
            "get_own_profile" => c.get_own_profile_for(ACCOUNT_ID).send().await.map(drop),
            "list_relations" => c.list_relations_for(ACCOUNT_ID).send().await.map(drop),
            "linkedin_search" => c
                .linkedin_search_for(ACCOUNT_ID, search.clone())
                .send()
                .await
                .map(drop),
            _ => c
                .linkedin_user_action_for("AEMAACr-1eYBl...", action.clone())
                .send()
                .await
                .map(drop),
        };
        assert!(sent.is_ok(), "{operation}: {sent:?}");
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn an_empty_argument_is_named_before_sending() {
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let c = client(&server);
    let body = types::ClassicPeopleSearch::new().keywords("rust");
    let errors = [
        c.get_user_for("", ACCOUNT_ID).send().await.err(),
        c.get_user_for("jordan-walke", String::new())
            .send()
            .await
            .err(),
        c.linkedin_search_for("", body).send().await.map(drop).err(),
    ];
    let messages = errors.map(|e| match e {
        Some(Error::InvalidRequest { message }) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    });
    assert_eq!(
        messages,
        [
            "get_user: `identifier` must not be empty",
            "get_user: `account_id` must not be empty",
            "linkedin_search: `account_id` must not be empty",
        ]
    );
    anything.assert_calls_async(0).await;
}
