//! Prefetching the next page while the current one is consumed, inside
//! the caller's span.

use super::*;
use std::time::{Duration, Instant};

#[tokio::test]
async fn prefetch_requests_the_next_page_while_the_current_one_is_consumed() {
    for prefetch in [true, false] {
        let server = MockServer::start_async().await;
        let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
        let second = serve_relations(&server, Some("c1"), 200, relations_page(3..4, None)).await;
        let mut stream = pager(&server).prefetch(prefetch).items();
        let relation = stream.next().await.expect("an item").expect("a relation");
        assert_eq!(relation.member_id, "m0");
        // The caller is busy with item 0; only a prefetching stream asks for
        // page 2. A prefetch is waited for as it arrives; its absence is
        // checked after a quiet spell (nothing to wait on).
        if prefetch {
            let deadline = Instant::now() + Duration::from_secs(5);
            while second.calls_async().await == 0 {
                assert!(Instant::now() < deadline, "page 2 was never prefetched");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        } else {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
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
    let error = relations_then_error(&results, 3);
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(
        error.resume_checkpoint(),
        Some(&postpress::Checkpoint::new(Some("c1".into()), 0))
    );
    first.assert_async().await;
    failing.assert_async().await;
}

/// For each `postpress.call` span, in order, the name of its parent span.
#[derive(Clone, Default)]
struct CallParents(std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>);

impl<S> tracing_subscriber::Layer<S> for CallParents
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attributes: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if attributes.metadata().name() != "postpress.call" {
            return;
        }
        let parent = context
            .span(id)
            .and_then(|span| span.parent())
            .map(|parent| parent.name().to_string());
        if let Ok(mut parents) = self.0.lock() {
            parents.push(parent);
        }
    }
}

#[tokio::test]
async fn a_prefetched_page_is_requested_inside_the_caller_s_span() {
    use tracing::Instrument;
    use tracing_subscriber::layer::SubscriberExt;
    let parents = CallParents::default();
    let subscriber = tracing_subscriber::registry().with(parents.clone());
    // A second dispatcher makes every call site ask this thread's one too
    // (see `secrets.rs`); the runtime is this thread, prefetch tasks included.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let _this_thread = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start_async().await;
    let first = serve_relations(&server, None, 200, relations_page(0..3, Some("c1"))).await;
    let second = serve_relations(&server, Some("c1"), 200, relations_page(3..4, None)).await;
    async {
        let mut stream = pager(&server).prefetch(true).items();
        stream.next().await.expect("an item").expect("a relation");
        // Page 2 is requested on its own task while item 0 is in hand.
        let deadline = Instant::now() + Duration::from_secs(5);
        while second.calls_async().await == 0 {
            assert!(Instant::now() < deadline, "page 2 was never prefetched");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let rest: Vec<_> = stream.try_collect().await.expect("the rest");
        assert_eq!(member_ids(&rest), expected_ids(1..4));
    }
    .instrument(tracing::info_span!("caller"))
    .await;
    first.assert_async().await;
    second.assert_async().await;
    let parents = parents.0.lock().expect("not poisoned").clone();
    assert_eq!(
        parents,
        vec![Some("caller".to_string()); 2],
        "each page's call span, the prefetched one's included"
    );
}
