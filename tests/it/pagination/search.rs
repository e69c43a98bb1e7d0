//! Search pages: the body goes with every page, long cursors in the body.

use super::*;

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
            listing(then, 200, &search_page(&["a", "b"], Some("s1")));
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
            listing(then, 200, &search_page(&["c", "d"], Some(&long_cursor)));
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
            listing(then, 200, &search_page(&["e"], None));
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

/// The search page's field list puts `cursor` under `paging`; a page that
/// carries it only there goes on to the next page (its missing top-level
/// `cursor` reported), and never ends the walk silently.
#[tokio::test]
async fn a_cursor_only_under_paging_continues_the_walk() {
    let server = MockServer::start_async().await;
    let body = types::LinkedinSearchRequest::from(
        types::ClassicCompaniesSearch::new().keywords("robotics"),
    );
    let mut first_page = search_page(&["a", "b"], None);
    let fields = first_page.as_object_mut().expect("an object");
    fields.remove("cursor");
    fields.insert(
        "paging".into(),
        json!({"start": 0, "page_count": 2, "total_count": 3, "cursor": "p1"}),
    );
    let first = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID)],
            );
            listing(then, 200, &first_page);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID), ("cursor", "p1")],
            );
            listing(then, 200, &search_page(&["c"], None));
        })
        .await;
    let pages: Vec<_> = client(&server)
        .search(ACCOUNT_ID, body)
        .pages()
        .try_collect()
        .await
        .expect("two pages");
    let lengths: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(lengths, [2, 1]);
    let reported: Vec<(&str, &str)> = pages[0]
        .corrections()
        .iter()
        .map(|c| (c.path(), c.reason().as_str()))
        .collect();
    assert_eq!(reported, [("cursor", "missing_required")]);
    assert_eq!(pages[1].corrections(), []);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn a_long_cursor_set_on_a_direct_call_goes_in_the_body() {
    let server = MockServer::start_async().await;
    let long_cursor = "L".repeat(postpress::LONG_CURSOR_BYTES + 1);
    let page = server
        .mock_async(|when, then| {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID)],
            )
            .json_body(json!({ "cursor": long_cursor }));
            listing(then, 200, &search_page(&["e"], None));
        })
        .await;
    let body = types::LinkedinSearchRequest::from(
        types::ClassicCompaniesSearch::new().keywords("robotics"),
    );
    client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .cursor(long_cursor.as_str())
        .body(body)
        .send()
        .await
        .expect("sent with the cursor in the body");
    page.assert_async().await;
}

#[tokio::test]
async fn classic_search_limit_above_50_is_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            listing(then, 200, &search_page(&[], None));
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
    assert_eq!(
        error.resume_checkpoint(),
        Some(&postpress::Checkpoint::default())
    );
    assert_eq!(any.calls_async().await, 0);
}
