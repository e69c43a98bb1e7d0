//! Invalid input is caught before anything is sent: each case returns
//! `Error::InvalidRequest` naming the problem, and the server sees nothing.

use std::num::NonZeroU64;

use crate::common::{ACCOUNT_ID, client};
use httpmock::prelude::*;
use postpress::{Error, types};

/// A server that answers anything, so a request that slips through shows up
/// as a call rather than as a transport error.
async fn catch_all(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500).body("should not have been called");
        })
        .await
}

fn assert_invalid(result: Result<impl std::fmt::Debug, Error>, mentions: &str) {
    match result {
        Err(Error::InvalidRequest { message }) => {
            assert!(
                message.contains(mentions),
                "{message:?} should mention {mentions:?}"
            );
        }
        other => panic!("expected InvalidRequest mentioning {mentions:?}, got {other:?}"),
    }
}

fn limit(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).expect("test limits are not zero")
}

#[tokio::test]
async fn empty_ids_identifiers_and_cursors_are_rejected() {
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    assert_invalid(
        c.get_user()
            .identifier("")
            .account_id(ACCOUNT_ID)
            .send()
            .await,
        "identifier",
    );
    assert_invalid(
        c.get_user()
            .identifier("jordan-walke")
            .account_id("")
            .send()
            .await,
        "account_id",
    );
    assert_invalid(
        c.get_own_profile().account_id("").send().await,
        "account_id",
    );
    assert_invalid(
        c.list_relations()
            .account_id(ACCOUNT_ID)
            .cursor("")
            .send()
            .await,
        "cursor",
    );
    assert_invalid(
        c.linkedin_search()
            .account_id(ACCOUNT_ID)
            .cursor("")
            .body(types::ClassicPeopleSearch::default())
            .send()
            .await,
        "cursor",
    );
    assert_invalid(
        c.linkedin_user_action()
            .user_id("")
            .body(types::RecruiterPipelineAction::new(
                ACCOUNT_ID,
                types::RecruiterPipelineActionAction::AddCandidateToPipeline,
                "hp_1",
            ))
            .send()
            .await,
        "user_id",
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn missing_required_values_are_rejected() {
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    assert_invalid(
        c.get_user().account_id(ACCOUNT_ID).send().await,
        "identifier",
    );
    assert_invalid(c.get_own_profile().send().await, "account_id");
    assert_invalid(
        c.linkedin_search().account_id(ACCOUNT_ID).send().await,
        "body",
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn limits_out_of_range_are_rejected() {
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    assert_invalid(
        c.list_relations()
            .account_id(ACCOUNT_ID)
            .limit(limit(1001))
            .send()
            .await,
        "1 to 1000",
    );
    assert_invalid(
        c.linkedin_search()
            .account_id(ACCOUNT_ID)
            .limit(51)
            .body(types::ClassicPeopleSearch::default())
            .send()
            .await,
        "Classic searches allow at most 50",
    );
    assert_invalid(
        c.linkedin_search()
            .account_id(ACCOUNT_ID)
            .limit(101)
            .body(types::SalesNavigatorPeopleSearch::default())
            .send()
            .await,
        "searches allow at most 100",
    );
    // The page sets no lower bound on a search's `limit`, but it counts items.
    assert_invalid(
        c.linkedin_search()
            .account_id(ACCOUNT_ID)
            .limit(-1)
            .body(types::ClassicPeopleSearch::default())
            .send()
            .await,
        "limit -1 is negative",
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn limits_at_the_maximum_are_sent() {
    let server = MockServer::start_async().await;
    let relations = server
        .mock_async(|when, then| {
            crate::common::request(
                when,
                GET,
                "/users/relations",
                &[("account_id", ACCOUNT_ID), ("limit", "1000")],
            );
            then.status(200).json_body(
                serde_json::json!({"object": "UserRelationsList", "items": [], "cursor": null}),
            );
        })
        .await;
    client(&server)
        .list_relations()
        .account_id(ACCOUNT_ID)
        .limit(limit(1000))
        .send()
        .await
        .expect("1000 is allowed");
    relations.assert_async().await;
}

#[tokio::test]
async fn dot_segment_path_parameters_are_rejected() {
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    // ("%2e%2e" is not one: its `%` is encoded, so it arrives as written.)
    for identifier in [".", ".."] {
        assert_invalid(
            c.get_user()
                .identifier(identifier)
                .account_id(ACCOUNT_ID)
                .send()
                .await,
            "`.` or `..`",
        );
    }
    let body = crate::common::example_action_request();
    assert_invalid(
        c.linkedin_user_action()
            .user_id("..")
            .body(body)
            .send()
            .await,
        "`.` or `..`",
    );
    assert_eq!(mock.calls_async().await, 0);
}

/// A missing required value and a refused one are named in the user's terms:
/// the operation, the parameter and the spec's rule, never a generated
/// type's name or token spacing.
#[tokio::test]
async fn refused_values_are_named_in_the_users_terms() {
    use futures::TryStreamExt;
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    let missing = c.get_user().account_id(ACCOUNT_ID).send().await;
    let empty = c
        .get_user()
        .identifier(String::new())
        .account_id(ACCOUNT_ID)
        .send()
        .await;
    let zero: Result<Vec<_>, _> = c.relations(ACCOUNT_ID).limit(0).items().try_collect().await;
    let messages =
        [missing.err(), empty.err(), zero.err()].map(|e| e.map(|e| e.root().to_string()));
    assert_eq!(
        messages,
        [
            "invalid request (not sent): get_user: `identifier` is required: set it with `.identifier(...)` before sending",
            "invalid request (not sent): get_user: `identifier` must not be empty",
            "invalid request (not sent): list_relations: `limit` must be a whole number from 1 to 1000",
        ]
        .map(|m| Some(m.to_string()))
    );
    mock.assert_calls_async(0).await;
}

/// Tenure ranges are years, and the pages give them no whole-number
/// evidence: a fraction goes out as written, not refused or rounded.
#[test]
fn a_fractional_tenure_goes_out_as_written() {
    let years = types::SearchTenureRange::new().min(0.5).max(2.5);
    let search = types::RecruiterPeopleSearch::new()
        .tenure(years.clone())
        .tenure_in_position(years);
    let sent = serde_json::to_value(&search).expect("encodes");
    let expected = serde_json::json!({"min": 0.5, "max": 2.5});
    assert_eq!(sent["tenure"], expected);
    assert_eq!(sent["tenure_in_position"], expected);
}

/// The search filters the API refuses (the vendor's published search
/// schema): each is refused naming its field, and nothing is sent.
#[tokio::test]
async fn search_filters_the_api_refuses_are_not_sent() {
    use types::{RecruiterCompanyFilter, RecruiterRoleFilter, RecruiterSkillFilter};
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    let c = client(&server);
    let recruiter = types::RecruiterPeopleSearch::new;
    let cases: [(types::LinkedinSearchRequest, &str); 5] = [
        (
            recruiter()
                .role([RecruiterRoleFilter::new().id("25")])
                .into(),
            "`role[0]`: an id-based filter needs `is_selection`",
        ),
        (
            recruiter()
                .skills([RecruiterSkillFilter::new().id("7").keywords("rust")])
                .into(),
            "`skills[0]`: give `id` or `keywords`, not both",
        ),
        (
            recruiter()
                .company([RecruiterCompanyFilter::new().keywords("")])
                .into(),
            "`company[0]`: `keywords` is empty",
        ),
        (
            recruiter()
                .role([
                    RecruiterRoleFilter::new().keywords("engineer"),
                    RecruiterRoleFilter::new().id("lead").is_selection(true),
                ])
                .into(),
            "`role[1]`: `id` is not a LinkedIn id",
        ),
        (
            types::ClassicPeopleSearch::new()
                .industry(["4", "software"])
                .into(),
            "`industry[1]`: not a LinkedIn id",
        ),
    ];
    for (body, mentions) in cases {
        assert_invalid(
            c.linkedin_search()
                .account_id(ACCOUNT_ID)
                .body(body)
                .send()
                .await,
            mentions,
        );
    }
    assert_eq!(mock.calls_async().await, 0);
}

/// Values outside the vendor's lists cannot even be built: a headcount
/// bound that is not one of LinkedIn's buckets, a lookup API that is not
/// Recruiter or Sales Navigator.
#[tokio::test]
async fn values_outside_the_vendors_lists_are_not_sent() {
    assert!(types::SearchHeadcountBucketMin::try_from(12).is_err());
    assert!(types::SearchHeadcountBucketMax::try_from(1).is_ok());
    assert_invalid(
        postpress::search_request_from_json(
            r#"{"api": "recruiter", "category": "people", "company_headcount": [{"min": 12}]}"#,
        ),
        "body field `company_headcount[0]`: invalid value",
    );
    let server = MockServer::start_async().await;
    let mock = catch_all(&server).await;
    assert_invalid(
        client(&server)
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .linkedin_api("classic")
            .send()
            .await,
        "linkedin_api",
    );
    assert_eq!(mock.calls_async().await, 0);
}
