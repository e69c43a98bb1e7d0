//! The reference pages' example requests, reproduced through the SDK.

use crate::common::{
    ACCOUNT_ID, answer_profile, answer_with_fixture, client, fixture, fixture_json,
    own_profile_from, request,
};
use httpmock::prelude::*;
use postpress::types;

#[tokio::test]
async fn linkedin_sections_go_out_comma_joined() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[
                    ("account_id", ACCOUNT_ID),
                    ("linkedin_sections", "*_preview,experience"),
                ],
            )
            .is_true(|req| {
                req.uri()
                    .query()
                    .is_some_and(|q| q.matches("linkedin_sections=").count() == 1)
            });
            then.status(200)
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .linkedin_sections(["*_preview", "experience"])
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
}

#[tokio::test]
async fn search_example_request_and_response() {
    let server = MockServer::start_async().await;
    let mock = answer_with_fixture(
        &server,
        POST,
        "/linkedin/search",
        &[("account_id", ACCOUNT_ID), ("limit", "10")],
        Some(fixture_json("linkedin_search.example_request.json")),
        "linkedin_search.example_response.json",
    )
    .await;
    let body = types::ClassicPeopleSearch::new()
        .keywords("software engineer")
        .location(["102277331"])
        .network_distance([1.try_into().expect("1"), 2.try_into().expect("2")]);
    let page = client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .limit(10)
        .body(body)
        .send()
        .await
        .expect("decodes");
    assert_eq!(page.items().len(), 1);
    assert_eq!(page.items()[0].tag(), Some("PEOPLE"));
    assert_eq!(page.cursor(), Some("eyJzdGFydCI6MTB9"));
    mock.assert_async().await;
}

#[tokio::test]
async fn retrieve_a_profile_example() {
    let server = MockServer::start_async().await;
    let mock = answer_profile(&server, fixture("get_user.example_response.json")).await;
    let profile = client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
    let postpress::UserProfile::Linkedin(profile) = profile else {
        panic!("the example is a LinkedIn profile");
    };
    assert_eq!(profile.public_identifier.as_deref(), Some("jordan-walke"));
    assert_eq!(
        (profile.first_name.as_deref(), profile.last_name.as_deref()),
        (Some("Jordan"), Some("Walke"))
    );
    assert_eq!(profile.headline, "Engineer at Acme");
    assert_eq!(profile.websites, ["https://jordan.dev"]);
    assert_eq!(profile.follower_count, Some(12450));
    assert_eq!(
        profile.network_distance,
        Some(types::LinkedinUserProfileNetworkDistance::SecondDegree)
    );
    let job = &profile.work_experience[0];
    assert_eq!(job.company, "Acme");
    assert_eq!(job.start.as_deref(), Some("2022-04"));
    assert_eq!(
        job.end, None,
        "the example's `end: null` (openapi/spec-deviations.yaml)"
    );
    assert_eq!(profile.education[0].school, "MIT");
    assert_eq!(
        profile.languages[0].proficiency.as_deref(),
        Some("NATIVE_OR_BILINGUAL")
    );
    assert!(profile.throttled_sections.is_empty());
}

#[tokio::test]
async fn retrieve_own_profile_example() {
    let me = own_profile_from("get_own_profile.example_response.json").await;
    let postpress::AccountOwnerProfile::Linkedin(me) = me else {
        panic!("the example is a LinkedIn account");
    };
    assert!(me.premium);
    assert_eq!(me.organizations[0].id, "org_1337");
    let Some(types::RecruiterSeatStatus::LinkedinSeat(seat)) = &me.recruiter else {
        panic!("the example has a Recruiter seat: {:?}", me.recruiter);
    };
    assert_eq!(seat.owner_seat_id, "seat_1");
    assert_eq!(
        me.sales_navigator, None,
        "the example's `sales_navigator: null`"
    );
}

#[tokio::test]
async fn list_relations_example() {
    let server = MockServer::start_async().await;
    let mock = answer_with_fixture(
        &server,
        GET,
        "/users/relations",
        &[("limit", "100"), ("account_id", ACCOUNT_ID)],
        None,
        "list_relations.example_response.json",
    )
    .await;
    let page = client(&server)
        .list_relations()
        .limit(std::num::NonZeroU64::new(100).expect("100"))
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.items().len(), 1);
    let relation = &page.items()[0];
    assert_eq!(relation.public_identifier, "jordan-walke");
    assert_eq!(relation.created_at, 1_747_400_000_000);
    assert_eq!(
        relation.created_at_utc().map(|t| t.to_rfc3339()),
        Some("2025-05-16T12:53:20+00:00".to_string())
    );
    assert_eq!(page.cursor(), Some("eyJvIjoxMDB9"));
}

#[tokio::test]
async fn act_on_a_user_example() {
    let server = MockServer::start_async().await;
    let mock = answer_with_fixture(
        &server,
        POST,
        "/linkedin/user/AEMAACr-1eYBl...",
        &[],
        Some(fixture_json("linkedin_user_action.example_request.json")),
        "linkedin_user_action.example_response.json",
    )
    .await;
    let body = types::RecruiterPipelineAction::new(
        ACCOUNT_ID,
        types::RecruiterPipelineActionAction::AddCandidateToPipeline,
        "proj_01HXYZ4QK3WJ8FN3M6QH7TZ8GR",
    )
    .stage(types::RecruiterPipelineActionStage::Uncontacted);
    let done = client(&server)
        .linkedin_user_action()
        .user_id("AEMAACr-1eYBl...")
        .body(body)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert!(done.success);
}
