//! Responses carrying values this SDK version does not know still decode:
//! unknown enum values are kept as `Unknown(raw)`, unknown union variants as
//! raw JSON, unknown fields are ignored. Requests stay strict.

use std::sync::{Arc, Mutex};

use crate::common::{
    ACCOUNT_ID, answer_profile, answer_with_fixture, client, client_with, fixture, fixture_json,
    own_profile_from,
};
use httpmock::prelude::*;
use postpress::types;
use postpress::{AccountOwnerProfile, RecruitingActivity, SearchResult, UserProfile};

#[tokio::test]
async fn profile_with_new_enum_values_event_and_field_decodes() {
    let server = MockServer::start_async().await;
    let mock = answer_profile(&server, fixture("forward_compat/get_user.json")).await;
    let profile = client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("a profile with unknown values decodes");
    let UserProfile::Linkedin(linkedin) = &profile else {
        panic!("expected the LinkedIn variant, got {profile:?}");
    };
    let distance = linkedin.network_distance.as_ref().expect("present");
    assert!(distance.is_unknown());
    assert_eq!(distance.as_str(), "FOURTH_DEGREE");
    assert_eq!(
        *distance,
        types::LinkedinUserProfileNetworkDistance::Unknown("FOURTH_DEGREE".into())
    );
    assert_eq!(
        linkedin.throttled_sections,
        vec![
            types::LinkedinThrottledSection::Experience,
            types::LinkedinThrottledSection::Unknown("brand_new_section".into()),
        ]
    );
    let [RecruitingActivity::Unknown(event)] = linkedin.recruiting_activity.as_slice() else {
        panic!(
            "expected one unknown event: {:?}",
            linkedin.recruiting_activity
        );
    };
    assert_eq!(event["event"], "HOLOGRAM_MEETING");
    assert_eq!(
        linkedin.recruiting_activity[0].tag(),
        Some("HOLOGRAM_MEETING")
    );

    // Re-encoding gives back the unknown values exactly as received.
    let encoded = serde_json::to_value(&profile).expect("encodes");
    assert_eq!(encoded["network_distance"], "FOURTH_DEGREE");
    assert_eq!(
        encoded["throttled_sections"],
        serde_json::json!(["experience", "brand_new_section"])
    );
    assert_eq!(
        encoded["recruiting_activity"],
        fixture_json("forward_compat/get_user.json")["recruiting_activity"]
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn search_page_with_new_result_type_and_distance_decodes() {
    let server = MockServer::start_async().await;
    let mock = answer_with_fixture(
        &server,
        POST,
        "/linkedin/search",
        &[("account_id", ACCOUNT_ID)],
        Some(serde_json::json!({"cursor": "c1"})),
        "forward_compat/linkedin_search.json",
    )
    .await;
    let page = client(&server)
        .linkedin_search()
        .account_id(ACCOUNT_ID)
        .body(types::CursorSearch::new(
            "c1".try_into().expect("non-empty"),
        ))
        .send()
        .await
        .expect("a page with an unknown result type decodes");
    assert_eq!(page.items().len(), 2);
    let SearchResult::People(person) = &page.items()[0] else {
        panic!("expected a person first: {:?}", page.items()[0]);
    };
    assert_eq!(
        person.network_distance,
        types::PeopleSearchResultNetworkDistance::Unknown("DISTANCE_4".into())
    );
    assert_eq!(person.name.as_deref(), Some("Jordan Walke"));
    let SearchResult::Unknown(event) = &page.items()[1] else {
        panic!("expected an unknown result: {:?}", page.items()[1]);
    };
    assert_eq!(event["type"], "EVENT");
    assert_eq!(event["name"], "Rust meetup");
    assert_eq!(page.items()[1].tag(), Some("EVENT"));
    mock.assert_async().await;
}

#[tokio::test]
async fn own_profile_of_a_new_provider_is_kept_as_json() {
    let me = own_profile_from("forward_compat/get_own_profile.json").await;
    let AccountOwnerProfile::Unknown(raw) = &me else {
        panic!("expected the unknown variant: {me:?}");
    };
    assert_eq!(raw, &fixture_json("forward_compat/get_own_profile.json"));
    assert_eq!(me.tag(), Some("SIGNAL"));
}

/// An untagged union (a seat, or why it is unusable) keeps an unknown value
/// of its variant and observes it at the value's own path, not the union's.
#[tokio::test]
async fn an_unknown_value_inside_a_seat_is_observed_at_its_own_path() {
    let name = "forward_compat/get_own_profile.seat_error.json";
    let server = MockServer::start_async().await;
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_fixture(&server, GET, "/users/me", &query, None, name).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let builder = postpress::Client::builder()
        .retry(postpress::RetryPolicy::none())
        .on_observation(move |o: &postpress::Observation| {
            let place = (o.kind(), o.path().to_owned(), o.location().to_owned());
            sink.lock()
                .expect("not poisoned")
                .push((place, o.value().map(str::to_owned)));
        });
    let response = client_with(&server, builder)
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decoded");
    mock.assert_async().await;
    let AccountOwnerProfile::Linkedin(me) = response else {
        panic!("expected a LinkedIn profile");
    };
    let Some(types::SalesNavigatorSeatStatus::SalesNavigatorSeatError(seat)) = me.sales_navigator
    else {
        panic!("expected the seat's error: {:?}", me.sales_navigator);
    };
    assert_eq!(
        seat.error,
        types::SalesNavigatorSeatErrorError::Unknown("SEAT_EXPIRED".into())
    );
    let place = (
        postpress::ObservationKind::UnknownEnumValue,
        "sales_navigator.error".to_owned(),
        "SalesNavigatorSeatError.error".to_owned(),
    );
    // Nothing else: no correction, the recruiter seat's error as sent.
    let seen = seen.lock().expect("not poisoned").clone();
    assert_eq!(seen, [(place, Some("SEAT_EXPIRED".to_owned()))]);
}

#[test]
fn open_enums_parse_known_values_to_their_variant() {
    let known: types::LinkedinUserProfileNetworkDistance =
        serde_json::from_str("\"THIRD_DEGREE\"").expect("decodes");
    assert_eq!(
        known,
        types::LinkedinUserProfileNetworkDistance::ThirdDegree
    );
    assert!(!known.is_unknown());
    assert_eq!(known.to_string(), "THIRD_DEGREE");
    let parsed: types::LinkedinUserProfileNetworkDistance =
        "SOMETHING_NEW".parse().expect("parsing never fails");
    assert_eq!(parsed.to_string(), "SOMETHING_NEW");
    // Not a string at all is still an error, with the reason.
    let err = serde_json::from_str::<types::LinkedinUserProfileNetworkDistance>("3")
        .expect_err("a number is not a network distance");
    assert!(err.to_string().contains("expected a string"), "{err}");
}

#[test]
fn request_enums_stay_strict() {
    let err =
        serde_json::from_value::<types::ClassicPostsSearchSortBy>(serde_json::json!("most_liked"))
            .expect_err("a misspelled request value is rejected");
    assert!(err.to_string().contains("unknown variant"), "{err}");
    assert!(
        "most_liked"
            .parse::<types::ClassicPostsSearchSortBy>()
            .is_err()
    );
}
