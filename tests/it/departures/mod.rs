//! Real responses that depart from the spec: a departure is corrected and
//! reported (the corpus, `corpus.rs`); an item that cannot be corrected (not
//! an object) costs that item only, kept with its index, path, reason and
//! JSON; nothing the API sent is lost (`tests/fixtures/departures/`).

mod corpus;

use crate::common::{
    ACCOUNT_ID, answer_profile, answer_with_fixture, client, fixture, fixture_json, request,
    search_page_from,
};
use futures::StreamExt;
use httpmock::prelude::*;
use postpress::{Error, Page, PostSearchAttachment, SearchResult, types};
use serde_json::Value;

/// One entry of an item stream: a member id, or (page, index, path) of an
/// item that did not decode.
type Entry = Result<String, (usize, Option<usize>, String)>;

fn path_of(name: &str) -> String {
    format!("departures/{name}.json")
}

async fn relations_page(name: &str) -> Page<types::UserRelation> {
    let server = MockServer::start_async().await;
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_fixture(
        &server,
        GET,
        "/users/relations",
        &query,
        None,
        &path_of(name),
    )
    .await;
    let page = client(&server)
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{name}: a departure must not fail the page: {e}"));
    mock.assert_async().await;
    page
}

async fn search_page(name: &str) -> Page<SearchResult> {
    search_page_from(&path_of(name)).await
}

/// An attachment kind this version does not know is kept as sent; a file's
/// stray `size` (its byte count is `file_size`) costs nothing.
#[tokio::test]
async fn attachments_keep_an_unknown_kind() {
    let page = search_page("linkedin_search.unknown_attachment").await;
    let Some(SearchResult::Post(post)) = page.items().get(2) else {
        panic!("the POST result decodes: {:?}", page.undecoded());
    };
    let [
        _,
        PostSearchAttachment::Unknown(carousel),
        PostSearchAttachment::File(file),
    ] = post.attachments.as_slice()
    else {
        panic!("three attachments: {:?}", post.attachments);
    };
    assert_eq!(carousel["type"], "carousel", "an unknown variant is kept");
    assert_eq!(carousel["slides"], serde_json::json!([]));
    assert_eq!(file.file_name.as_deref(), Some("deck.pdf"));
}

#[tokio::test]
async fn strict_turns_a_departure_into_an_error_with_the_whole_body() {
    let page = relations_page("list_relations.null_required").await;
    match page.strict() {
        Err(Error::Decode {
            path,
            message,
            body,
            ..
        }) => {
            assert_eq!(path, "items[2].member_urn");
            assert!(
                message.contains("null where string is required"),
                "{message}"
            );
            assert_eq!(body, fixture(&path_of("list_relations.null_required")));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let fine = relations_page("list_relations.unknown_fields").await;
    assert_eq!(fine.strict().expect("nothing departs").items().len(), 3);
}

/// Two pages, each with one relation that is not an object (it cannot be
/// corrected) and one that departs (it is), walked with prefetching: every
/// relation comes once, each odd one as an error in its place, and the
/// stream goes on after it.
#[tokio::test]
async fn an_item_stream_yields_the_odd_item_and_goes_on() {
    let server = MockServer::start_async().await;
    let mut first = fixture_json(&path_of("list_relations.float_timestamp"));
    first["cursor"] = Value::from("c2");
    first["items"][1] = Value::from("not a relation");
    let mut second = fixture_json(&path_of("list_relations.null_required"));
    second["items"][0] = Value::from(42);
    let pages = [(None, first), (Some("c2"), second)];
    let mut mocks = Vec::new();
    for (cursor, body) in pages {
        let mut query = vec![("account_id", ACCOUNT_ID), ("limit", "3")];
        query.extend(cursor.map(|c| ("cursor", c)));
        mocks.push(
            server
                .mock_async(|when, then| {
                    request(when, GET, "/users/relations", &query);
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let c = client(&server);
    let entries: Vec<Entry> = c
        .relations(ACCOUNT_ID)
        .limit(3)
        .items()
        .map(|entry| match entry {
            Ok(relation) => Ok(relation.member_id),
            Err(Error::UndecodedItem { page, item }) => {
                Err((page, item.index(), item.path().to_string()))
            }
            Err(other) => panic!("only item errors: {other}"),
        })
        .collect()
        .await;
    assert_eq!(
        entries,
        vec![
            Ok("ACoAAmember0".to_string()),
            Err((1, Some(1), "items[1]".to_string())),
            Ok("ACoAAmember2".to_string()),
            Err((2, Some(0), "items[0]".to_string())),
            Ok("ACoAAmember1".to_string()),
            // Corrected: the relation whose `member_urn` was null.
            Ok("ACoAAmember2".to_string()),
        ]
    );
    for mock in &mocks {
        mock.assert_async().await;
    }
    // Strict, the first page fails and the stream stops there; resuming
    // from its error asks for the same page again.
    let mut strict = c.relations(ACCOUNT_ID).limit(3).strict(true).items();
    let error = match strict.next().await {
        Some(Err(error)) => error,
        other => panic!("expected the page to fail, got {other:?}"),
    };
    assert_eq!(
        error.resume_checkpoint(),
        Some(&postpress::Checkpoint::default())
    );
    assert!(matches!(error.root(), Error::Decode { path, .. } if path == "items[1]"));
    assert!(strict.next().await.is_none());
}

#[tokio::test]
async fn every_call_can_return_the_json_it_decoded() {
    let server = MockServer::start_async().await;
    let mut profile = fixture_json("get_user.example_response.json");
    profile["a_field_this_sdk_does_not_know"] = serde_json::json!({"z": [], "a": 1.50});
    let text = serde_json::to_string_pretty(&profile).expect("JSON");
    let mock = answer_profile(&server, text.clone()).await;
    let response = client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send_with_json()
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(response.json(), text);
    assert_eq!(response.status().as_u16(), 200);
    assert!(matches!(
        response.value(),
        postpress::UserProfile::Linkedin(_)
    ));
}

/// The page's own fields depart (`paging.total_count` is null): corrected,
/// reported with no index, and the cursor is still read.
#[tokio::test]
async fn a_departing_page_field_is_corrected_and_the_cursor_still_read() {
    let page = search_page("linkedin_search.paging_null").await;
    assert_eq!(page.cursor(), Some("c2-after-paging-null"));
    let [correction] = page.corrections() else {
        panic!("one correction: {:?}", page.corrections());
    };
    assert_eq!(correction.path(), "paging.total_count");
    assert_eq!(correction.index(), None);
    assert_eq!(correction.location(), "SearchPaging.total_count");
    assert!(page.undecoded().is_empty());
    assert_eq!(page.items().len(), page.len());
}

/// Strict for one call only (`RequestOptions::strict`): that call fails
/// with the path, the same client's other calls are corrected.
#[tokio::test]
async fn one_call_can_be_strict() {
    let server = MockServer::start_async().await;
    let mut profile = fixture_json("get_user.example_response.json");
    profile["provider_id"] = Value::Null;
    let mock = answer_profile(&server, profile.to_string()).await;
    let c = client(&server);
    let get = || {
        c.get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
    };
    let strict = postpress::RequestOptions::new().strict(true);
    match get().send_with(&strict).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "provider_id"),
        other => panic!("expected Decode, got {other:?}"),
    }
    let response = get().send_with_json().await.expect("corrected");
    let [correction] = response.corrections() else {
        panic!("one correction: {:?}", response.corrections());
    };
    assert_eq!(correction.location(), "LinkedinUserProfile.provider_id");
    assert_eq!(correction.value(), Some(&Value::Null));
    mock.assert_calls_async(2).await;
}

/// A page whose `items` is missing, `null` or not a list is a page with no
/// items and the correction, its other fields still read.
#[tokio::test]
async fn a_page_without_an_items_list_is_corrected() {
    for (items, reason) in [
        (None, "missing_required"),
        (Some(Value::Null), "null_required"),
        (Some(Value::from("none")), "wrong_type"),
    ] {
        let server = MockServer::start_async().await;
        let mut body = fixture_json("list_relations.example_response.json");
        let object = body.as_object_mut().expect("an object");
        object.remove("items");
        object.insert("cursor".into(), Value::from("c9"));
        if let Some(items) = items.clone() {
            object.insert("items".into(), items);
        }
        let mock = server
            .mock_async(|when, then| {
                request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
                then.status(200).json_body(body);
            })
            .await;
        let page = client(&server)
            .list_relations()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{items:?}: corrected, not failed: {e}"));
        mock.assert_async().await;
        assert!(page.is_empty());
        assert_eq!(page.cursor(), Some("c9"));
        let [correction] = page.corrections() else {
            panic!("{items:?}: one correction: {:?}", page.corrections());
        };
        assert_eq!(correction.path(), "items");
        assert_eq!(correction.reason().as_str(), reason);
        assert_eq!(correction.value(), items.as_ref());
    }
}
