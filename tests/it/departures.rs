//! Real responses that depart from the spec: one odd item costs that item
//! only, is reported with its index, path, reason and JSON, and nothing the
//! API sent is lost (`tests/fixtures/departures/`).

use crate::common::{ACCOUNT_ID, answer_with_fixture, client, fixture, fixture_json, request};
use futures::StreamExt;
use httpmock::prelude::*;
use postpress::{Error, Page, SearchResult, types};
use serde_json::Value;

/// A departure the page must report: item index (`None`: the page's own
/// fields), JSON path, and a part of the reason.
type Expected = (Option<usize>, &'static str, &'static str);

/// One entry of an item stream: a member id, or (page, index, path) of an
/// item that did not decode.
type Entry = Result<String, (usize, Option<usize>, String)>;

const RELATIONS: &[(&str, &[Expected])] = &[
    (
        "list_relations.float_timestamp",
        &[(
            Some(1),
            "items[1].created_at",
            "invalid type: floating point `1747400000001.0`",
        )],
    ),
    (
        "list_relations.null_required",
        &[(
            Some(2),
            "items[2].member_urn",
            "invalid type: null, expected a string",
        )],
    ),
    ("list_relations.unknown_fields", &[]),
];

const SEARCHES: &[(&str, &[Expected])] = &[
    (
        "linkedin_search.missing_required",
        &[(Some(0), "items[0]", "missing field `member_urn`")],
    ),
    (
        "linkedin_search.string_for_object",
        &[(
            Some(0),
            "items[0].privacySettings",
            "invalid type: string \"hidden\"",
        )],
    ),
    (
        "linkedin_search.number_for_string",
        &[(
            Some(1),
            "items[1].industry",
            "invalid type: integer `42`, expected a string",
        )],
    ),
    ("linkedin_search.unknown_attachment", &[]),
    (
        "linkedin_search.paging_null",
        &[(None, "paging.total_count", "invalid type: null")],
    ),
];

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

const SEARCH_URL: &str = "https://www.linkedin.com/search/results/all/?keywords=engines";

async fn search_page(name: &str) -> Page<SearchResult> {
    let server = MockServer::start_async().await;
    let query = [("account_id", ACCOUNT_ID)];
    let sent = serde_json::json!({ "url": SEARCH_URL });
    let mock = answer_with_fixture(
        &server,
        POST,
        "/linkedin/search",
        &query,
        Some(sent),
        &path_of(name),
    )
    .await;
    let body = types::UrlSearch::new(SEARCH_URL.try_into().expect("a non-empty URL"));
    let page = client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{name}: a departure must not fail the page: {e}"));
    mock.assert_async().await;
    page
}

/// Every item the API sent is either decoded or reported with its JSON; the
/// reports are exactly the expected ones; the body is kept byte for byte.
fn assert_nothing_lost<T>(name: &str, page: &Page<T>, expected: &[Expected]) {
    let sent = fixture_json(&path_of(name));
    let sent_items = sent["items"].as_array().expect("items");
    assert_eq!(
        page.json(),
        fixture(&path_of(name)),
        "{name}: body as received"
    );
    let raw: Vec<Value> = page
        .raw_items()
        .map(|item| serde_json::from_str(item).expect("raw item is JSON"))
        .collect();
    assert_eq!(&raw, sent_items, "{name}: every item as received");
    let reported: Vec<(Option<usize>, &str)> = page
        .undecoded()
        .iter()
        .map(|odd| (odd.index(), odd.path()))
        .collect();
    let wanted: Vec<(Option<usize>, &str)> = expected.iter().map(|(i, p, _)| (*i, *p)).collect();
    assert_eq!(reported, wanted, "{name}: departures reported");
    for (odd, (index, _, reason)) in page.undecoded().iter().zip(expected) {
        assert!(odd.message().contains(reason), "{name}: {}", odd.message());
        let json: Value = serde_json::from_str(odd.json()).expect("JSON");
        match index {
            Some(index) => assert_eq!(&json, &sent_items[*index], "{name}: the item's JSON"),
            None => assert_eq!(json, sent, "{name}: the page's JSON"),
        }
    }
    let odd_items = expected.iter().filter(|(i, _, _)| i.is_some()).count();
    assert_eq!(
        page.items().len(),
        sent_items.len() - odd_items,
        "{name}: the others decode"
    );
    assert_eq!(page.len(), sent_items.len());
}

#[tokio::test]
async fn an_odd_relation_costs_only_itself() {
    for (name, expected) in RELATIONS {
        let page = relations_page(name).await;
        assert_nothing_lost(name, &page, expected);
        let kept: Vec<&str> = page.items().iter().map(|r| r.member_id.as_str()).collect();
        let odd: Vec<usize> = expected.iter().filter_map(|(i, _, _)| *i).collect();
        let wanted: Vec<String> = (0..3)
            .filter(|i| !odd.contains(i))
            .map(|i| format!("ACoAAmember{i}"))
            .collect();
        assert_eq!(kept, wanted, "{name}: the other relations, in order");
    }
}

#[tokio::test]
async fn an_odd_search_result_costs_only_itself() {
    for (name, expected) in SEARCHES {
        let page = search_page(name).await;
        assert_nothing_lost(name, &page, expected);
    }
}

#[tokio::test]
async fn attachments_keep_what_the_page_does_not_type() {
    let page = search_page("linkedin_search.unknown_attachment").await;
    let Some(SearchResult::Post(post)) = page.items().get(2) else {
        panic!("the POST result decodes: {:?}", page.undecoded());
    };
    let [_, carousel, file] = post.attachments.as_slice() else {
        panic!("three attachments: {:?}", post.attachments);
    };
    assert_eq!(
        carousel.type_.as_ref().map(|t| t.as_str()),
        Some("carousel"),
        "an unknown variant is kept"
    );
    assert_eq!(file.size, Some(serde_json::json!(204800)));
    assert_eq!(file.file_name, Some(serde_json::json!("deck.pdf")));
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
            assert!(message.contains("null"), "{message}");
            assert_eq!(body, fixture(&path_of("list_relations.null_required")));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let fine = relations_page("list_relations.unknown_fields").await;
    assert_eq!(fine.strict().expect("nothing departs").items().len(), 3);
}

/// Two pages, each with one odd relation, walked with prefetching: every
/// relation comes once, each odd one as an error in its place, and the
/// stream goes on after it.
#[tokio::test]
async fn an_item_stream_yields_the_odd_item_and_goes_on() {
    let server = MockServer::start_async().await;
    let mut first = fixture_json(&path_of("list_relations.float_timestamp"));
    first["cursor"] = Value::from("c2");
    let second = fixture_json(&path_of("list_relations.null_required"));
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
            Err((1, Some(1), "items[1].created_at".to_string())),
            Ok("ACoAAmember2".to_string()),
            Ok("ACoAAmember0".to_string()),
            Ok("ACoAAmember1".to_string()),
            Err((2, Some(2), "items[2].member_urn".to_string())),
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
    assert_eq!(error.resume_cursor(), Some(None));
    assert!(matches!(error.root(), Error::Decode { path, .. } if path == "items[1].created_at"));
    assert!(strict.next().await.is_none());
}

#[tokio::test]
async fn every_call_can_return_the_json_it_decoded() {
    let server = MockServer::start_async().await;
    let mut profile = fixture_json("get_user.example_response.json");
    profile["a_field_this_sdk_does_not_know"] = serde_json::json!({"z": [], "a": 1.50});
    let text = serde_json::to_string_pretty(&profile).expect("JSON");
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[("account_id", ACCOUNT_ID)],
            );
            then.status(200).body(&text);
        })
        .await;
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
