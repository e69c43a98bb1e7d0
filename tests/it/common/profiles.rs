//! The two profile calls answered with a fixture: the mock sees exactly the
//! documented request, and the decoded value comes back.

use httpmock::prelude::*;
use postpress::{AccountOwnerProfile, UserProfile};

use super::{ACCOUNT_ID, answer_with_fixture, client};

/// `GET /users/{identifier}` answered with `tests/fixtures/<fixture_name>`,
/// decoded.
pub async fn user_profile_from(identifier: &str, fixture_name: &str) -> UserProfile {
    let server = MockServer::start_async().await;
    let path = format!("/users/{identifier}");
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_fixture(&server, GET, &path, &query, None, fixture_name).await;
    let profile = client(&server)
        .get_user()
        .identifier(identifier)
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{fixture_name} decodes: {e}"));
    mock.assert_async().await;
    profile
}

/// `GET /users/me` answered with `tests/fixtures/<fixture_name>`, decoded.
pub async fn own_profile_from(fixture_name: &str) -> AccountOwnerProfile {
    let server = MockServer::start_async().await;
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_fixture(&server, GET, "/users/me", &query, None, fixture_name).await;
    let profile = client(&server)
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{fixture_name} decodes: {e}"));
    mock.assert_async().await;
    profile
}
