//! The search call answered with a fixture: the mock sees exactly the
//! documented request (a search-from-URL body), and the page comes back.

use httpmock::prelude::*;
use postpress::{Page, SearchResult, types};

use super::{ACCOUNT_ID, answer_with_fixture, client};

/// The LinkedIn search URL every fixture-answered search sends.
const SEARCH_URL: &str = "https://www.linkedin.com/search/results/all/?keywords=engines";

/// `POST /linkedin/search` with `{"url": SEARCH_URL}`, answered with
/// `tests/fixtures/<fixture_name>`, decoded.
pub async fn search_page_from(fixture_name: &str) -> Page<SearchResult> {
    let server = MockServer::start_async().await;
    let query = [("account_id", ACCOUNT_ID)];
    let sent = serde_json::json!({ "url": SEARCH_URL });
    let mock = answer_with_fixture(
        &server,
        POST,
        "/linkedin/search",
        &query,
        Some(sent),
        fixture_name,
    )
    .await;
    let body = types::UrlSearch::new(SEARCH_URL.try_into().expect("a non-empty URL"));
    let page = client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{fixture_name}: the page decodes: {e}"));
    mock.assert_async().await;
    page
}
