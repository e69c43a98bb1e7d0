//! The tolerant decoder on small values: each kind of departure is
//! corrected and reported once, at its path.

use serde_json::{Value, json};

use super::{Correction, Decoding, typed};
use crate::UserProfile;

fn decode<T: serde::de::DeserializeOwned>(body: &Value) -> (T, Vec<Correction>) {
    let call = Decoding::for_call("get_user", &super::Settings::default(), false);
    match typed::<T>(&call, body.to_string().as_bytes(), None) {
        Ok(decoded) => decoded,
        Err(failed) => panic!("{failed:?}"),
    }
}

fn profile() -> Value {
    let text = include_str!("../../tests/fixtures/get_user.example_response.json");
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn seen(corrections: &[Correction]) -> Vec<(String, &'static str, String)> {
    corrections
        .iter()
        .map(|c| {
            (
                c.path().to_string(),
                c.reason().as_str(),
                c.location().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_null_required_string_is_empty_and_reported() {
    let mut body = profile();
    body["headline"] = Value::Null;
    let (profile, corrections) = decode::<UserProfile>(&body);
    let UserProfile::Linkedin(profile) = profile else {
        panic!("a LinkedIn profile");
    };
    assert_eq!(profile.headline, "");
    assert_eq!(profile.last_name.as_deref(), Some("Walke"));
    assert_eq!(
        seen(&corrections),
        [(
            "headline".into(),
            "null_required",
            "LinkedinUserProfile.headline".into()
        )]
    );
    assert_eq!(corrections[0].value(), Some(&Value::Null));
}

#[test]
fn a_missing_field_a_wrong_optional_and_a_fraction() {
    let mut body = profile();
    let object = body.as_object_mut().expect("an object");
    object.remove("headline");
    object.insert("connections_count".into(), json!("many"));
    object.insert("follower_count".into(), json!(3.5));
    let (profile, corrections) = decode::<UserProfile>(&body);
    let UserProfile::Linkedin(profile) = profile else {
        panic!("a LinkedIn profile");
    };
    assert_eq!(profile.headline, "");
    assert_eq!(profile.connections_count, None);
    assert_eq!(profile.follower_count, None);
    let mut paths: Vec<_> = seen(&corrections)
        .into_iter()
        .map(|(p, r, _)| (p, r))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("connections_count".into(), "wrong_type"),
            ("follower_count".into(), "wrong_type"),
            ("headline".into(), "missing_required"),
        ]
    );
}

#[test]
fn a_string_for_a_list_is_an_empty_list_and_reported() {
    let mut body = profile();
    body["websites"] = json!("https://jordan.dev");
    let (profile, corrections) = decode::<UserProfile>(&body);
    let UserProfile::Linkedin(profile) = profile else {
        panic!("a LinkedIn profile");
    };
    assert!(profile.websites.is_empty());
    assert_eq!(
        seen(&corrections),
        [(
            "websites".into(),
            "wrong_type",
            "LinkedinUserProfile.websites".into()
        )]
    );
}

#[test]
fn a_list_element_of_another_type_is_left_out_and_reported() {
    let mut body = profile();
    body["websites"] = json!(["https://a.example", 5, "https://b.example"]);
    let (profile, corrections) = decode::<UserProfile>(&body);
    let UserProfile::Linkedin(profile) = profile else {
        panic!("a LinkedIn profile");
    };
    assert_eq!(profile.websites, ["https://a.example", "https://b.example"]);
    assert_eq!(
        seen(&corrections),
        [(
            "websites[1]".into(),
            "dropped_element",
            "LinkedinUserProfile.websites[]".into()
        )]
    );
    assert_eq!(corrections[0].value(), Some(&json!(5)));
}

#[test]
fn a_missing_nullable_date_time_is_none_and_reported() {
    let text = include_str!("../../tests/fixtures/variants/linkedin_search.every_result_type.json");
    let mut page: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let mut item = page["items"][3].take();
    item.as_object_mut().map(|job| job.remove("posted_at"));
    let (job, corrections) = decode::<crate::SearchResult>(&item);
    let crate::SearchResult::Job(job) = job else {
        panic!("a job");
    };
    // Nullable, but the key is required: missing is still a correction.
    assert_eq!(job.posted_at, None);
    assert_eq!(
        seen(&corrections),
        [(
            "posted_at".into(),
            "missing_required",
            "JobSearchResult.posted_at".into()
        )]
    );
}
