//! A large page, read in one pass with its cursor taken from its end: its
//! corrections, undecoded items and observations come out in the body's
//! order, on either Tokio runtime.

use std::sync::{Arc, Mutex};

use super::*;
use crate::common::client_with;
use postpress::{Client, Observation};

/// 300 relations with departures: corrected ones (a `null` required name
/// at 5, 150 and 280) and ones kept undecoded (not objects, at 151 and 299).
fn departing_page() -> Value {
    let mut page = relations_page(0..300, None);
    let items = page["items"].as_array_mut().expect("items");
    for n in [5, 150, 280] {
        items[n]["first_name"] = Value::Null;
    }
    items[151] = json!("not a relation");
    items[299] = json!(299);
    page
}

async fn walk(server: &MockServer) -> (Vec<postpress::Page<types::UserRelation>>, Vec<String>) {
    let observed = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&observed);
    let client = client_with(
        server,
        Client::builder().on_observation(move |seen: &Observation| {
            sink.lock()
                .expect("not poisoned")
                .push(seen.path().to_string());
        }),
    );
    let pages = client
        .relations(ACCOUNT_ID)
        .filter("acme")
        .limit(3)
        .pages()
        .try_collect()
        .await
        .expect("one page");
    let paths = observed.lock().expect("not poisoned").clone();
    (pages, paths)
}

async fn a_large_page_keeps_the_body_order() {
    let server = MockServer::start_async().await;
    let mock = serve_relations(&server, None, 200, departing_page()).await;
    let (pages, observed) = walk(&server).await;
    mock.assert_async().await;
    let [page] = &pages[..] else {
        panic!("one page, got {}", pages.len());
    };
    assert_eq!(page.len(), 300);
    let decoded: Vec<usize> = (0..300).filter(|n| ![151, 299].contains(n)).collect();
    let expected: Vec<String> = decoded.iter().map(|n| format!("m{n}")).collect();
    assert_eq!(member_ids(page.items()), expected);
    assert_eq!(
        page.items()[5].first_name,
        "",
        "corrected to its empty value"
    );
    let corrected = [
        "items[5].first_name",
        "items[150].first_name",
        "items[280].first_name",
    ];
    let paths: Vec<&str> = page.corrections().iter().map(|c| c.path()).collect();
    assert_eq!(paths, corrected);
    let indexes: Vec<_> = page.corrections().iter().map(|c| c.index()).collect();
    assert_eq!(indexes, [Some(5), Some(150), Some(280)]);
    let odd: Vec<_> = page
        .undecoded()
        .iter()
        .map(|u| (u.index(), u.json()))
        .collect();
    assert_eq!(odd, [(Some(151), "\"not a relation\""), (Some(299), "299")]);
    assert_eq!(observed, corrected, "observations in the body's order");
    let raw: Vec<Value> = page
        .raw_items()
        .map(|item| serde_json::from_str(item).expect("JSON"))
        .collect();
    assert_eq!(Value::Array(raw), departing_page()["items"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_page_keeps_the_body_order_on_a_multi_thread_runtime() {
    a_large_page_keeps_the_body_order().await;
}

#[tokio::test]
async fn a_large_page_keeps_the_body_order_on_a_current_thread_runtime() {
    a_large_page_keeps_the_body_order().await;
}
