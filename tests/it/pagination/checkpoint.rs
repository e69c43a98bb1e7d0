//! The items stream's checkpoint: a walk stopped anywhere resumes from it
//! with no item lost and none repeated, prefetching on.

use super::*;
use postpress::Checkpoint;

/// Three pages: `m0..m3` (cursor `c1`), `m3..m6` (`c2`), `m6..m8` (last).
async fn three_pages(server: &MockServer) -> [Mock<'_>; 3] {
    [
        serve_relations(server, None, 200, relations_page(0..3, Some("c1"))).await,
        serve_relations(server, Some("c1"), 200, relations_page(3..6, Some("c2"))).await,
        serve_relations(server, Some("c2"), 200, relations_page(6..8, None)).await,
    ]
}

/// Every item of a walk resumed from `checkpoint`.
async fn resume_all(
    server: &MockServer,
    checkpoint: &Checkpoint,
) -> Vec<postpress::types::UserRelation> {
    pager(server)
        .resume_from(checkpoint)
        .items()
        .try_collect()
        .await
        .expect("the rest")
}

#[tokio::test]
async fn a_walk_stopped_mid_page_resumes_where_it_stood() {
    let server = MockServer::start_async().await;
    let [first, second, last] = three_pages(&server).await;
    let mut stream = pager(&server).items();
    assert_eq!(stream.checkpoint(), Checkpoint::new(None, 0));
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(stream.try_next().await.expect("decoded").expect("an item"));
    }
    // Page `c2` is fetched ahead while `m3` is handed out; the checkpoint
    // still names the page the next item comes from.
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while last.calls_async().await == 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the prefetch of page c2");
    let checkpoint = stream.checkpoint();
    assert_eq!(checkpoint, Checkpoint::new(Some("c1".into()), 2));
    assert!(
        format!("{stream:?}").contains(&format!("{checkpoint:?}")),
        "{stream:?}"
    );
    drop(stream);

    let rest = resume_all(&server, &checkpoint).await;
    seen.extend(rest);
    assert_eq!(member_ids(&seen), expected_ids(0..8), "no gap, no repeat");
    first.assert_calls_async(1).await;
    second.assert_calls_async(2).await;
    last.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_page_end_and_a_max_items_cut_checkpoint_exactly() {
    let server = MockServer::start_async().await;
    let [first, second, last] = three_pages(&server).await;
    let mut stream = pager(&server).prefetch(false).items();
    for _ in 0..3 {
        stream.try_next().await.expect("decoded").expect("an item");
    }
    // A page whose items are all out points at the next page.
    assert_eq!(stream.checkpoint(), Checkpoint::new(Some("c1".into()), 0));
    drop(stream);

    let mut cut = pager(&server).max_items(4).items();
    let four: Vec<_> = (&mut cut).try_collect().await.expect("four");
    assert_eq!(member_ids(&four), expected_ids(0..4));
    // `max_items` cut page `c1` after one item: the rest of it is next.
    let checkpoint = cut.checkpoint();
    assert_eq!(checkpoint, Checkpoint::new(Some("c1".into()), 1));

    let mut rest = pager(&server).resume_from(&checkpoint).max_items(3).items();
    let three: Vec<_> = (&mut rest).try_collect().await.expect("three");
    assert_eq!(
        member_ids(&three),
        expected_ids(4..7),
        "max_items counts from the checkpoint"
    );
    let mut end = pager(&server).resume_from(&rest.checkpoint()).items();
    let last_one: Vec<_> = (&mut end).try_collect().await.expect("the last");
    assert_eq!(member_ids(&last_one), expected_ids(7..8));
    // The walk is over: resuming asks for the last page again, yields nothing.
    assert_eq!(end.checkpoint(), Checkpoint::new(Some("c2".into()), 2));
    first.assert_calls_async(2).await;
    second.assert_calls_async(2).await;
    last.assert_calls_async(2).await;
}

#[tokio::test]
async fn after_a_failed_page_the_checkpoint_names_it() {
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let failing = unavailable_at_c1(&server).await;
    let mut stream = pager(&server).items();
    let results: Vec<_> = (&mut stream).collect().await;
    relations_then_error(&results, 3);
    assert_eq!(stream.checkpoint(), Checkpoint::new(Some("c1".into()), 0));
    first.assert_calls_async(1).await;
    failing.assert_calls_async(1).await;
}

/// An item that did not decode holds its place: the checkpoint counts it,
/// and the resumed walk goes on after it.
#[tokio::test]
async fn an_undecoded_item_counts_as_yielded() {
    let server = MockServer::start_async().await;
    let odd = json!({
        "object": "UserRelationsList",
        "items": [relation(0), 5, relation(2)],
        "cursor": "c1",
    });
    let first = serve_relations(&server, None, 200, odd).await;
    let last = serve_relations(&server, Some("c1"), 200, relations_page(3..4, None)).await;
    let mut stream = pager(&server).prefetch(false).items();
    let m0 = stream.try_next().await.expect("decoded").expect("an item");
    let undecoded = stream
        .next()
        .await
        .expect("an entry")
        .expect_err("undecoded");
    assert!(
        matches!(undecoded, Error::UndecodedItem { page: 1, .. }),
        "{undecoded:?}"
    );
    let checkpoint = stream.checkpoint();
    assert_eq!(checkpoint, Checkpoint::new(None, 2));
    drop(stream);
    let rest = resume_all(&server, &checkpoint).await;
    assert_eq!(member_ids(&[m0]), expected_ids(0..1));
    assert_eq!(member_ids(&rest), ["m2", "m3"]);
    first.assert_calls_async(2).await;
    last.assert_calls_async(1).await;
}

/// The first page of a resumed walk fails: the error's checkpoint is the
/// one resumed from, skip included, so resuming from it repeats nothing.
#[tokio::test]
async fn a_resumed_walk_s_failed_first_page_keeps_the_skip() {
    let server = MockServer::start_async().await;
    let resumed_from = Checkpoint::new(Some("c1".into()), 2);
    let failing = unavailable_at_c1(&server).await;
    let results: Vec<_> = pager(&server)
        .resume_from(&resumed_from)
        .items()
        .collect()
        .await;
    let [Err(error)] = results.as_slice() else {
        panic!("expected one error: {results:?}");
    };
    assert!(matches!(error, Error::Page { page: 1, .. }), "{error:?}");
    assert_eq!(error.resume_checkpoint(), Some(&resumed_from));
    failing.assert_calls_async(1).await;
    failing.delete_async().await;

    let [second, last] = [
        serve_relations(&server, Some("c1"), 200, relations_page(3..6, Some("c2"))).await,
        serve_relations(&server, Some("c2"), 200, relations_page(6..8, None)).await,
    ];
    let after: Vec<_> = pager(&server)
        .resume_after(error)
        .items()
        .try_collect()
        .await
        .expect("the rest");
    assert_eq!(
        member_ids(&after),
        expected_ids(5..8),
        "m3 and m4 not again"
    );
    let from: Vec<_> = pager(&server)
        .resume_from(error.resume_checkpoint().expect("a page error"))
        .items()
        .try_collect()
        .await
        .expect("the rest");
    assert_eq!(member_ids(&from), expected_ids(5..8));
    second.assert_calls_async(2).await;
    last.assert_calls_async(2).await;
}
