//! Every variant the reference pages' examples do not show: each provider's
//! profile and own profile, a LinkedIn profile with every section and all
//! six Recruiter activity events, the three states of a seat, the four
//! search result types, the nine search bodies and the three actions.
//!
//! Response fixtures fill every documented field; each decodes into its
//! variant, a few values are checked, and re-encoding it gives back the
//! fixture exactly, so no field is dropped or altered. Request fixtures go
//! out byte-for-byte as JSON-equal bodies.

use crate::common::{
    ACCOUNT_ID, answer_with_fixture, client, fixture, fixture_json, own_profile_from,
    search_page_from, user_profile_from,
};
use httpmock::prelude::*;
use postpress::types;
use postpress::{
    AccountOwnerProfile, RecruitingActivity, SearchResult, UserProfile, search_request_from_json,
    user_action_request_from_json,
};
use serde::Serialize;

/// Re-encoding `decoded` gives back the fixture: every field was kept.
fn assert_round_trip(decoded: &impl Serialize, fixture_name: &str) {
    let encoded = serde_json::to_value(decoded).expect("encodes");
    assert_eq!(
        encoded,
        fixture_json(fixture_name),
        "{fixture_name}: re-encoding the decoded value differs from the fixture"
    );
}

async fn get_user(fixture_name: &str) -> UserProfile {
    let profile = user_profile_from("ada-lovelace", fixture_name).await;
    assert_round_trip(&profile, fixture_name);
    profile
}

async fn get_own_profile(fixture_name: &str) -> AccountOwnerProfile {
    let profile = own_profile_from(fixture_name).await;
    assert_round_trip(&profile, fixture_name);
    profile
}

#[tokio::test]
async fn linkedin_profile_with_every_section_and_all_six_activity_events() {
    let name = "variants/get_user.linkedin_full.json";
    let UserProfile::Linkedin(profile) = get_user(name).await else {
        panic!("expected the LinkedIn variant");
    };
    assert_eq!(profile.first_name, "Ada");
    assert_eq!(profile.work_experience[0].position, "Principal Engineer");
    assert_eq!(profile.education[0].school, "University of London");
    assert_eq!(profile.skills.len(), 1);
    assert_eq!(profile.certifications.len(), 1);
    assert_eq!(profile.projects.len(), 1);
    assert!(profile.recommendations.is_some());
    assert_eq!(profile.notes.len(), 1);
    assert!(profile.invitation.is_some());
    assert!(profile.contact_info.is_some());
    assert_eq!(
        profile.throttled_sections,
        vec![types::LinkedinThrottledSection::Experience]
    );
    let events: Vec<Option<&str>> = profile
        .recruiting_activity
        .iter()
        .map(RecruitingActivity::tag)
        .collect();
    assert_eq!(
        events,
        [
            Some("MESSAGE"),
            Some("NOTE_ADDED"),
            Some("LINK_ADDED"),
            Some("CANDIDATE_ADDED"),
            Some("PROFILE_VIEW"),
            Some("UNHANDLED_EVENT"),
        ]
    );
    let [
        RecruitingActivity::Message(message),
        RecruitingActivity::Note(note),
        RecruitingActivity::Link(_),
        RecruitingActivity::CandidateStatus(candidate),
        RecruitingActivity::ProfileView(_),
        RecruitingActivity::UnhandledEvent(_),
    ] = profile.recruiting_activity.as_slice()
    else {
        panic!("each event decodes into its own variant");
    };
    assert_eq!(message.status, types::MessageActivityStatus::Pending);
    assert_eq!(note.event, types::NoteActivityEvent::NoteAdded);
    assert_eq!(candidate.project_id, "project_id_42");
    assert!(profile.connected_at_utc().is_some());
}

#[tokio::test]
async fn whatsapp_instagram_telegram_and_twitter_profiles() {
    let UserProfile::Whatsapp(whatsapp) = get_user("variants/get_user.whatsapp.json").await else {
        panic!("expected the WhatsApp variant");
    };
    assert_eq!(whatsapp.id, "id_42");
    let UserProfile::Instagram(instagram) = get_user("variants/get_user.instagram.json").await
    else {
        panic!("expected the Instagram variant");
    };
    assert_eq!(instagram.public_identifier, "ada-lovelace");
    assert_eq!(instagram.followers_count, 7);
    let UserProfile::Telegram(telegram) = get_user("variants/get_user.telegram.json").await else {
        panic!("expected the Telegram variant");
    };
    assert_eq!(telegram.first_name.as_deref(), Some("Ada"));
    let UserProfile::Twitter(twitter) = get_user("variants/get_user.twitter.json").await else {
        panic!("expected the Twitter variant");
    };
    assert_eq!(twitter.name, "Ada Lovelace");
}

#[tokio::test]
async fn linkedin_own_profile_with_seats_seat_errors_and_no_seats() {
    let AccountOwnerProfile::Linkedin(seats) =
        get_own_profile("variants/get_own_profile.linkedin_seats.json").await
    else {
        panic!("expected the LinkedIn variant");
    };
    assert!(matches!(
        seats.recruiter,
        Some(types::RecruiterSeatStatus::LinkedinSeat(_))
    ));
    assert!(matches!(
        seats.sales_navigator,
        Some(types::SalesNavigatorSeatStatus::LinkedinSeat(_))
    ));

    let AccountOwnerProfile::Linkedin(errors) =
        get_own_profile("variants/get_own_profile.linkedin_seat_errors.json").await
    else {
        panic!("expected the LinkedIn variant");
    };
    assert!(matches!(
        errors.recruiter,
        Some(types::RecruiterSeatStatus::RecruiterSeatError(_))
    ));
    assert!(matches!(
        errors.sales_navigator,
        Some(types::SalesNavigatorSeatStatus::SalesNavigatorSeatError(_))
    ));

    let AccountOwnerProfile::Linkedin(none) =
        get_own_profile("variants/get_own_profile.linkedin_no_seats.json").await
    else {
        panic!("expected the LinkedIn variant");
    };
    assert_eq!((none.recruiter, none.sales_navigator), (None, None));
}

#[tokio::test]
async fn telegram_twitter_gmail_outlook_and_imap_own_profiles() {
    let cases = [
        ("telegram", "TELEGRAM"),
        ("twitter", "TWITTER"),
        ("gmail", "GMAIL"),
        ("outlook", "OUTLOOK"),
        ("imap", "IMAP"),
    ];
    for (file, provider) in cases {
        let profile = get_own_profile(&format!("variants/get_own_profile.{file}.json")).await;
        assert_eq!(profile.tag(), Some(provider));
        let known = match &profile {
            AccountOwnerProfile::Telegram(_) => "TELEGRAM",
            AccountOwnerProfile::Twitter(_) => "TWITTER",
            AccountOwnerProfile::Gmail(_) => "GMAIL",
            AccountOwnerProfile::Outlook(_) => "OUTLOOK",
            AccountOwnerProfile::Imap(imap) => {
                assert_eq!(imap.connection_params.imap.host, "imap.example.com");
                "IMAP"
            }
            other => panic!("{file}: unexpected variant {other:?}"),
        };
        assert_eq!(known, provider);
    }
}

#[tokio::test]
async fn a_search_page_with_people_company_post_and_job_results() {
    let name = "variants/linkedin_search.every_result_type.json";
    let page = search_page_from(name).await;
    assert!(page.undecoded().is_empty(), "{:?}", page.undecoded());
    let items: Vec<serde_json::Value> = page
        .items()
        .iter()
        .map(|item| serde_json::to_value(item).expect("encodes"))
        .collect();
    assert_eq!(
        items,
        fixture_json(name)["items"]
            .as_array()
            .cloned()
            .expect("items"),
        "{name}: re-encoded items differ"
    );
    let whole: types::LinkedinSearch =
        serde_json::from_str(page.json()).expect("the page as one value");
    assert_round_trip(&whole, name);
    let [
        SearchResult::People(person),
        SearchResult::Company(company),
        SearchResult::Post(post),
        SearchResult::Job(job),
    ] = page.items()
    else {
        panic!(
            "each result decodes into its own variant: {:?}",
            page.items()
        );
    };
    assert_eq!(person.first_name.as_deref(), Some("Ada"));
    assert_eq!(company.name, "Ada Lovelace");
    assert_eq!(post.text, "Thinking about engines.");
    assert_eq!(job.title, "Principal Engineer");
}

const SEARCH_BODIES: &[&str] = &[
    "search_classic_people",
    "search_classic_companies",
    "search_classic_posts",
    "search_classic_jobs",
    "search_sales_navigator_people",
    "search_sales_navigator_companies",
    "search_recruiter_people",
    "search_url",
    "search_cursor",
];

/// The bodies go out JSON-equal to the fixtures. The one liberty serde
/// takes: a `number` (double) field such as `annual_revenue.max` is written
/// as `100.0` even when the input said `100` (the same JSON number), so the
/// fixture writes it that way.
#[tokio::test]
async fn each_of_the_nine_search_bodies_goes_out_as_written() {
    for name in SEARCH_BODIES {
        let fixture_name = format!("requests/{name}.json");
        let server = MockServer::start_async().await;
        let mock = answer_with_fixture(
            &server,
            POST,
            "/linkedin/search",
            &[("account_id", ACCOUNT_ID), ("limit", "25")],
            Some(fixture_json(&fixture_name)),
            "linkedin_search.example_response.json",
        )
        .await;
        let body = search_request_from_json(&fixture(&fixture_name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        client(&server)
            .linkedin_search()
            .account_id(ACCOUNT_ID)
            .limit(25)
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn each_of_the_three_actions_goes_out_as_written() {
    for name in [
        "action_recruiter_pipeline",
        "action_recruiter_reject",
        "action_sales_navigator_save_lead",
    ] {
        let fixture_name = format!("requests/{name}.json");
        let server = MockServer::start_async().await;
        let mock = answer_with_fixture(
            &server,
            POST,
            "/linkedin/user/ACoAAB1234567",
            &[],
            Some(fixture_json(&fixture_name)),
            "linkedin_user_action.example_response.json",
        )
        .await;
        let body = user_action_request_from_json(&fixture(&fixture_name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let done = client(&server)
            .linkedin_user_action()
            .user_id("ACoAAB1234567")
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(done.success);
        mock.assert_async().await;
    }
}
