//! Relations and search pagination: laziness, stop conditions, repeated
//! cursors, resume after failure, and what each page carries.

mod checkpoint;
mod large_page;
mod prefetch;
mod relations;
mod search;

use crate::common::{ACCOUNT_ID, as_sent, client, envelope, request};
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
            listing(then, status, &body);
        })
        .await
}

/// Page `c1` answers 503 (the test client does not retry).
async fn unavailable_at_c1(server: &MockServer) -> Mock<'_> {
    let unavailable = envelope(503, "service_unavailable");
    serve_relations(server, Some("c1"), 503, unavailable).await
}

/// Answers with `body` as the API sends a listing ([`as_sent`]).
fn listing(then: httpmock::Then, status: u16, body: &Value) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .body(as_sent(body))
}

/// `results` as the relations `0..n`, then one error: the error.
fn relations_then_error(results: &[postpress::Result<types::UserRelation>], n: usize) -> &Error {
    assert_eq!(
        results.len(),
        n + 1,
        "{n} relations, then the error: {results:?}"
    );
    let relations: Vec<_> = results[..n]
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    assert_eq!(member_ids(&relations), expected_ids(0..n));
    results[n].as_ref().expect_err("the error after them")
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
