//! Relations and search pagination: laziness, stop conditions, repeated
//! cursors, resume after failure, and what each page carries.

use crate::common::{ACCOUNT_ID, client, envelope, request};
use futures::{StreamExt, TryStreamExt};
use httpmock::Mock;
use httpmock::prelude::*;
use postpress::{Error, SearchResult, types};
use serde_json::{Value, json};

/// One relation, numbered so order and duplicates show.
fn relation(n: usize) -> Value {
    json!({
        "object": "UserRelation",
        "first_name": format!("First{n}"),
        "last_name": "Walke",
        "headline": "Engineer at Acme",
        "public_identifier": format!("member-{n}"),
        "public_profile_url": format!("https://www.linkedin.com/in/member-{n}"),
        "created_at": 1_747_400_000_000_i64 + n as i64,
        "member_id": format!("m{n}"),
        "member_urn": format!("urn:li:fsd_profile:m{n}"),
        "connection_urn": format!("urn:li:fsd_connection:m{n}"),
    })
}

fn relations_page(numbers: std::ops::Range<usize>, cursor: Option<&str>) -> Value {
    json!({
        "object": "UserRelationsList",
        "items": numbers.map(relation).collect::<Vec<_>>(),
        "cursor": cursor,
    })
}

/// Serves one relations page for exactly this query (cursor `None`: none sent).
async fn serve_relations<'a>(
    server: &'a MockServer,
    cursor: Option<&str>,
    status: u16,
    body: Value,
) -> Mock<'a> {
    let mut query = vec![
        ("account_id", ACCOUNT_ID),
        ("filter", "acme"),
        ("limit", "3"),
    ];
    if let Some(cursor) = cursor {
        query.push(("cursor", cursor));
    }
    let query: Vec<(String, String)> = query
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    server
        .mock_async(move |when, then| {
            let query: Vec<(&str, &str)> = query
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            request(when, GET, "/users/relations", &query);
            then.status(status).json_body(body);
        })
        .await
}

fn member_ids(relations: &[types::UserRelation]) -> Vec<String> {
    relations.iter().map(|r| r.member_id.clone()).collect()
}

fn expected_ids(numbers: std::ops::Range<usize>) -> Vec<String> {
    numbers.map(|n| format!("m{n}")).collect()
}

fn pager(server: &MockServer) -> postpress::RelationsPager {
    client(server).relations(ACCOUNT_ID).filter("acme").limit(3)
}

#[tokio::test]
async fn walks_every_page_in_order_carrying_the_options() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let second = serve_relations(&server, Some("c1"), 200, relations_page(3..6, Some("c2"))).await;
    let last = serve_relations(&server, Some("c2"), 200, relations_page(6..8, None)).await;
    let relations: Vec<_> = pager(&server)
        .items()
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(member_ids(&relations), expected_ids(0..8));
    first.assert_async().await;
    second.assert_async().await;
    last.assert_async().await;
}

#[tokio::test]
async fn pages_stream_hands_out_each_response() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let last = serve_relations(&server, Some("c1"), 200, relations_page(3..4, None)).await;
    let pages: Vec<_> = pager(&server).pages().try_collect().await.expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].cursor(), Some("c1"));
    assert_eq!(pages[1].cursor(), None);
    assert_eq!(member_ids(pages[1].items()), expected_ids(3..4));
    first.assert_async().await;
    last.assert_async().await;
}

#[tokio::test]
async fn sends_nothing_until_polled() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, None)).await;
    let stream = pager(&server).items();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(first.calls_async().await, 0);
    drop(stream);
    assert_eq!(first.calls_async().await, 0);
}

#[tokio::test]
async fn empty_pages_and_empty_cursor() {
    let server = MockServer::start_async().await;
    // An empty page in the middle is followed; an empty-string cursor ends it.
    let first = serve_relations(&server, None, 200, relations_page(0..0, Some("c1"))).await;
    let last = serve_relations(&server, Some("c1"), 200, relations_page(0..2, Some(""))).await;
    let relations: Vec<_> = pager(&server).items().try_collect().await.expect("pages");
    assert_eq!(member_ids(&relations), expected_ids(0..2));
    first.assert_async().await;
    last.assert_async().await;
}

#[tokio::test]
async fn a_repeated_cursor_stops_with_an_error_after_every_item() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let looping = serve_relations(&server, Some("c1"), 200, relations_page(3..6, Some("c1"))).await;
    let results: Vec<_> = pager(&server).items().collect().await;
    assert_eq!(results.len(), 7, "six relations, then the error");
    let relations: Vec<_> = results[..6]
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    assert_eq!(member_ids(&relations), expected_ids(0..6));
    match &results[6] {
        Err(Error::RepeatedCursor { page, cursor }) => {
            assert_eq!((*page, cursor.as_str()), (2, "c1"));
        }
        other => panic!("expected RepeatedCursor, got {other:?}"),
    }
    first.assert_async().await;
    looping.assert_async().await;
}

#[tokio::test]
async fn failure_then_resume_yields_exactly_the_remaining_items() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let failing = serve_relations(
        &server,
        Some("c1"),
        503,
        envelope(503, "service_unavailable"),
    )
    .await;
    let mut seen = Vec::new();
    let mut stream = pager(&server).prefetch(false).items();
    let error = loop {
        match stream.next().await {
            Some(Ok(relation)) => seen.push(relation),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without the page error"),
        }
    };
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(member_ids(&seen), expected_ids(0..3));
    assert!(matches!(error, Error::Page { page: 2, .. }), "{error:?}");
    assert_eq!(error.resume_cursor(), Some(Some("c1")));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_retryable());
    assert!(
        error.to_string().contains("resume from cursor \"c1\""),
        "{error}"
    );
    failing.assert_async().await;
    failing.delete_async().await;

    let second = serve_relations(&server, Some("c1"), 200, relations_page(3..6, Some("c2"))).await;
    let last = serve_relations(&server, Some("c2"), 200, relations_page(6..7, None)).await;
    let rest: Vec<_> = pager(&server)
        .resume_after(&error)
        .items()
        .try_collect()
        .await
        .expect("the rest");
    seen.extend(rest);
    assert_eq!(
        member_ids(&seen),
        expected_ids(0..7),
        "no gap, no duplicate"
    );
    first.assert_async().await;
    second.assert_async().await;
    last.assert_async().await;
}

#[tokio::test]
async fn max_items_stops_fetching_once_reached() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let second = serve_relations(&server, Some("c1"), 200, relations_page(3..6, Some("c2"))).await;
    let third = serve_relations(&server, Some("c2"), 200, relations_page(6..9, None)).await;
    let relations: Vec<_> = pager(&server)
        .max_items(5)
        .items()
        .try_collect()
        .await
        .expect("five");
    assert_eq!(member_ids(&relations), expected_ids(0..5));
    // Reaching five on page 2 requests nothing more, prefetch or not.
    assert_eq!(third.calls_async().await, 0);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn take_without_prefetch_requests_only_what_it_reads() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let second = serve_relations(&server, Some("c1"), 200, relations_page(3..6, None)).await;
    let relations: Vec<_> = pager(&server)
        .prefetch(false)
        .items()
        .take(2)
        .try_collect()
        .await
        .expect("two");
    assert_eq!(member_ids(&relations), expected_ids(0..2));
    assert_eq!(second.calls_async().await, 0);
    first.assert_async().await;
}

#[tokio::test]
async fn invalid_limit_and_empty_account_never_reach_the_network() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(relations_page(0..1, None));
        })
        .await;
    for pager in [
        client(&server).relations(ACCOUNT_ID).limit(1001),
        client(&server).relations(ACCOUNT_ID).limit(0),
        client(&server).relations(""),
        client(&server).relations(ACCOUNT_ID).cursor(""),
    ] {
        let results: Vec<_> = pager.items().collect().await;
        assert_eq!(results.len(), 1, "{results:?}");
        let error = results[0].as_ref().expect_err("rejected");
        assert!(
            matches!(error.root(), Error::InvalidRequest { .. }),
            "{error:?}"
        );
    }
    assert_eq!(any.calls_async().await, 0);
}

fn search_page(names: &[&str], cursor: Option<&str>) -> Value {
    json!({
        "object": "LinkedinSearch",
        "items": names.iter().map(|name| json!({
            "object": "SearchResult",
            "type": "COMPANY",
            "id": format!("id-{name}"),
            "name": name,
            "profile_url": format!("https://www.linkedin.com/company/{name}"),
            "industry": "Robotics",
            "location": "Pittsburgh",
            "summary": "Robots.",
        })).collect::<Vec<_>>(),
        "config": {"params": {"api": "classic", "category": "companies"}},
        "paging": {"start": 0, "page_count": names.len(), "total_count": 5},
        "cursor": cursor,
    })
}

#[tokio::test]
async fn search_carries_the_body_and_sends_long_cursors_in_the_body() {
    let server = MockServer::start_async().await;
    let long_cursor = "L".repeat(postpress::LONG_CURSOR_BYTES + 1);
    let body = types::LinkedinSearchRequest::from(
        types::ClassicCompaniesSearch::new().keywords("robotics"),
    );
    let body_json = serde_json::to_value(&body).expect("encodes");
    let first = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID), ("limit", "2")],
            )
            .json_body(body_json.clone());
            then.status(200)
                .json_body(search_page(&["a", "b"], Some("s1")));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID), ("limit", "2"), ("cursor", "s1")],
            )
            .json_body(body_json.clone());
            then.status(200)
                .json_body(search_page(&["c", "d"], Some(&long_cursor)));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID), ("limit", "2")],
            )
            .json_body(json!({ "cursor": long_cursor }));
            then.status(200).json_body(search_page(&["e"], None));
        })
        .await;
    let results: Vec<SearchResult> = client(&server)
        .search(ACCOUNT_ID, body)
        .limit(2)
        .items()
        .try_collect()
        .await
        .expect("three pages");
    let names: Vec<_> = results
        .iter()
        .map(|r| match r {
            SearchResult::Company(c) => c.name.clone(),
            other => panic!("expected companies: {other:?}"),
        })
        .collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
}

#[tokio::test]
async fn classic_search_limit_above_50_is_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(search_page(&[], None));
        })
        .await;
    let body = types::LinkedinSearchRequest::from(types::ClassicCompaniesSearch::default());
    let results: Vec<_> = client(&server)
        .search(ACCOUNT_ID, body)
        .limit(51)
        .pages()
        .collect()
        .await;
    let [Err(error)] = results.as_slice() else {
        panic!("expected one error: {results:?}");
    };
    assert!(
        matches!(error.root(), Error::InvalidRequest { .. }),
        "{error:?}"
    );
    assert_eq!(error.resume_cursor(), Some(None));
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn prefetch_requests_the_next_page_while_the_current_one_is_consumed() {
    for prefetch in [true, false] {
        let server = MockServer::start_async().await;
        let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
        let second = serve_relations(&server, Some("c1"), 200, relations_page(3..4, None)).await;
        let mut stream = pager(&server).prefetch(prefetch).items();
        let relation = stream.next().await.expect("an item").expect("a relation");
        assert_eq!(relation.member_id, "m0");
        // The caller is busy with item 0; only a prefetching stream asks for page 2.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            second.calls_async().await,
            usize::from(prefetch),
            "prefetch {prefetch}"
        );
        let rest: Vec<_> = stream.try_collect().await.expect("the rest");
        assert_eq!(member_ids(&rest), expected_ids(1..4));
        first.assert_async().await;
        second.assert_async().await;
    }
}

#[tokio::test]
async fn a_prefetched_failure_comes_after_every_item_of_the_page_before() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let failing =
        serve_relations(&server, Some("c1"), 429, envelope(429, "too_many_requests")).await;
    let results: Vec<_> = pager(&server).items().collect().await;
    assert_eq!(results.len(), 4, "{results:?}");
    let relations: Vec<_> = results[..3]
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    assert_eq!(member_ids(&relations), expected_ids(0..3));
    let error = results[3].as_ref().expect_err("page 2 fails");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.resume_cursor(), Some(Some("c1")));
    first.assert_async().await;
    failing.assert_async().await;
}
