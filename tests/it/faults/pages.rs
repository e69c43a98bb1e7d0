//! Large pages and page streams failing halfway.

use super::*;

fn big_relations_page(items: usize, headline_bytes: usize) -> Value {
    let headline = "h".repeat(headline_bytes);
    let items: Vec<Value> = (0..items)
        .map(|n| {
            json!({
                "object": "UserRelation", "first_name": format!("F{n}"), "last_name": "L",
                "headline": headline, "public_identifier": format!("p{n}"),
                "public_profile_url": format!("https://www.linkedin.com/in/p{n}"),
                "created_at": 1_747_400_000_000_i64, "member_id": format!("m{n}"),
                "member_urn": format!("urn:li:fsd_profile:m{n}"), "connection_urn": format!("urn:li:c:{n}"),
            })
        })
        .collect();
    json!({"object": "UserRelationsList", "items": items, "cursor": null})
}

#[tokio::test]
async fn a_ten_mib_page_decodes_and_a_capped_client_refuses_it() {
    let page = big_relations_page(1000, 10 * 1024);
    assert!(page.to_string().len() > 10 * 1024 * 1024);
    let server = Scripted::start(vec![Reply::json(200, &page), Reply::json(200, &page)]).await;
    let list = client(&server, RetryPolicy::none())
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("10 MiB is under the default cap");
    assert_eq!(list.items().len(), 1000);

    let capped = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let error = capped
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect_err("over the cap");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1_048_576 }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_requests(&server, 2, "GET /users/relations?account_id=");
}

#[tokio::test]
async fn a_page_stream_failing_on_page_3_of_5_resumes_with_exactly_the_rest() {
    let pages = |range: std::ops::Range<usize>, cursor: Option<&str>| {
        let mut value = big_relations_page(0, 0);
        value["items"] = json!(
            range
                .map(|n| {
                    let mut item = big_relations_page(1, 1)["items"][0].clone();
                    item["member_id"] = json!(format!("m{n}"));
                    item
                })
                .collect::<Vec<_>>()
        );
        value["cursor"] = json!(cursor);
        Reply::json(200, &value)
    };
    let server = Scripted::start(vec![
        pages(0..2, Some("c1")),
        pages(2..4, Some("c2")),
        status(500, "unexpected_error"),
        pages(4..6, Some("c3")),
        pages(6..8, Some("c4")),
        pages(8..10, None),
    ])
    .await;
    let client = client(&server, quick_retries());
    let mut seen = Vec::new();
    let mut stream = client.relations(ACCOUNT_ID).prefetch(false).items();
    let error = loop {
        match stream.next().await {
            Some(Ok(relation)) => seen.push(relation.member_id),
            Some(Err(error)) => break error,
            None => panic!("ended without the error"),
        }
    };
    assert_eq!(
        error.resume_checkpoint(),
        Some(&postpress::Checkpoint::new(Some("c2".into()), 0))
    );
    assert!(matches!(error, Error::Page { page: 3, .. }), "{error:?}");
    let rest: Vec<_> = client
        .relations(ACCOUNT_ID)
        .resume_after(&error)
        .items()
        .map_ok(|relation| relation.member_id)
        .try_collect()
        .await
        .expect("pages 3 to 5");
    seen.extend(rest);
    let expected: Vec<String> = (0..10).map(|n| format!("m{n}")).collect();
    assert_eq!(seen, expected, "in order, no gap, no duplicate");
    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_line)
        .collect();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(
        lines[2].contains("cursor=c2") && lines[3].contains("cursor=c2"),
        "{lines:#?}"
    );
}
