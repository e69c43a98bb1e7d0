//! Relations pages: order, laziness, stop conditions, repeated cursors,
//! resume after failure, and validation before the first request.

use super::*;

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

/// Without a poll, only a task could send; so no task may be started
/// either, which is checked at once instead of waiting for a request that
/// should never come.
#[tokio::test]
async fn sends_nothing_until_polled() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, None)).await;
    let tasks = || {
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks()
    };
    let before = tasks();
    let stream = pager(&server).items();
    assert_eq!(tasks(), before, "building the stream starts no task");
    drop(stream);
    assert_eq!(tasks(), before);
    assert_eq!(first.calls_async().await, 0);

    let mut stream = pager(&server).items();
    stream.next().await.expect("an item").expect("decoded");
    assert_eq!(first.calls_async().await, 1, "the first poll sends");
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
    match relations_then_error(&results, 6) {
        Error::RepeatedCursor { page, cursor } => {
            assert_eq!((*page, cursor.as_str()), (2, "c1"));
        }
        other => panic!("expected RepeatedCursor, got {other:?}"),
    }
    first.assert_async().await;
    looping.assert_async().await;
}

/// A cycle longer than one step: the first page hands out A, A's page B,
/// B's page A again.
#[tokio::test]
async fn a_cursor_cycle_a_b_a_stops_with_repeated_cursor() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("A"))).await;
    let at_a = serve_relations(&server, Some("A"), 200, relations_page(3..6, Some("B"))).await;
    let at_b = serve_relations(&server, Some("B"), 200, relations_page(6..9, Some("A"))).await;
    let results: Vec<_> = pager(&server).items().collect().await;
    assert_eq!(results.len(), 10, "nine relations, then the error");
    let relations: Vec<_> = results[..9]
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    assert_eq!(member_ids(&relations), expected_ids(0..9));
    match &results[9] {
        Err(Error::RepeatedCursor { page, cursor }) => {
            assert_eq!((*page, cursor.as_str()), (3, "A"));
        }
        other => panic!("expected RepeatedCursor, got {other:?}"),
    }
    // Each page requested once: A is not followed a second time.
    first.assert_async().await;
    at_a.assert_async().await;
    at_b.assert_async().await;
}

#[tokio::test]
async fn failure_then_resume_yields_exactly_the_remaining_items() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let failing = unavailable_at_c1(&server).await;
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
    assert_eq!(
        error.resume_checkpoint(),
        Some(&postpress::Checkpoint::new(Some("c1".into()), 0))
    );
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

#[tokio::test]
async fn a_body_that_ends_as_a_listing_but_is_not_json_fails_its_page_and_ends_the_walk() {
    // Its end reads as a cursor (a new one, or one already given, which
    // would be a repeated-cursor error); the item before it does not parse.
    for next in ["c2", "c1"] {
        let server = MockServer::start_async().await;
        let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
        let broken = format!(
            r#"{{"object":"UserRelationsList","items":[{{"member_id":tru}}],"cursor":"{next}"}}"#
        );
        let second = server
            .mock_async(|when, then| {
                let query = [
                    ("account_id", ACCOUNT_ID),
                    ("filter", "acme"),
                    ("limit", "3"),
                    ("cursor", "c1"),
                ];
                request(when, GET, "/users/relations", &query);
                then.status(200)
                    .header("content-type", "application/json")
                    .body(&broken);
            })
            .await;
        let after = serve_relations(&server, Some("c2"), 200, relations_page(6..8, None)).await;
        let results: Vec<_> = pager(&server).items().collect().await;
        match relations_then_error(&results, 3) {
            Error::Page {
                page,
                checkpoint,
                source,
            } => {
                assert_eq!((*page, checkpoint.cursor()), (2, Some("c1")));
                assert!(
                    matches!(**source, Error::UnexpectedResponse { .. }),
                    "{source:?}"
                );
            }
            other => panic!("the second page's failure, got {other:?}"),
        }
        first.assert_async().await;
        second.assert_async().await;
        // The page its end pointed to may have been asked for (the first
        // time), but nothing of it comes out.
        assert!(after.calls_async().await <= 1, "cursor {next}");
    }
}
