//! The repair loop's own decisions, on its findings before reporting: how many
//! rounds it allows, which repairs it records, what it tidies away.

use serde_json::{Value, json};

use super::repair::repair;
use crate::UserProfile;

fn found(body: &Value) -> Vec<(String, &'static str, String, &'static str)> {
    match repair::<UserProfile>(body, false) {
        Ok((_, found)) => found
            .iter()
            .map(|f| {
                (
                    f.path.to_string(),
                    f.kind.as_str(),
                    f.location.clone(),
                    f.seen,
                )
            })
            .collect(),
        Err(fault) => panic!("{fault}"),
    }
}

/// A LinkedIn profile with only its required fields.
fn linkedin_with(field: &str, value: Value) -> Value {
    let mut body = json!({
        "object": "UserProfile", "provider": "LINKEDIN", "provider_id": "p", "headline": "h",
        "first_name": null, "last_name": null, "public_identifier": null, "websites": []
    });
    body[field] = value;
    body
}

#[test]
fn every_missing_required_field_is_filled_in_however_few_the_body_has() {
    // Missing fields are places the body does not hold: 19 for a Twitter
    // profile of two fields, more than twice its three nodes.
    for provider in ["TWITTER", "INSTAGRAM"] {
        let found = found(&json!({"object": "UserProfile", "provider": provider}));
        assert!(found.len() >= 10, "{provider}: {found:?}");
        assert!(found.iter().all(|f| f.1 == "missing_required"), "{found:?}");
    }
}

#[test]
fn hundreds_of_elements_left_out_each_take_a_round() {
    let hashtags: Vec<u32> = (0..300).collect();
    let found = found(&linkedin_with("hashtags", json!(hashtags)));
    assert_eq!(found.len(), 300);
    assert!(found.iter().all(|f| f.1 == "dropped_element"));
}

#[test]
fn a_body_of_another_type_fails_without_a_panic() {
    assert!(repair::<UserProfile>(&json!(5), false).is_err());
}

#[test]
fn an_unknown_tag_names_the_union_and_an_unknown_value_its_field() {
    assert_eq!(
        found(&linkedin_with("provider", json!("MYSPACE"))),
        [(
            ".".into(),
            "unknown_variant",
            "UserProfile".into(),
            "object"
        )]
    );
    assert_eq!(
        found(&linkedin_with("network_distance", json!("FAR"))),
        [(
            "network_distance".into(),
            "unknown_enum_value",
            "LinkedinUserProfile.network_distance".into(),
            "string"
        )]
    );
}

#[test]
fn a_null_optional_list_is_no_departure_and_another_type_is() {
    assert_eq!(found(&linkedin_with("hashtags", Value::Null)), []);
    assert_eq!(
        found(&linkedin_with("hashtags", json!(7))),
        [(
            "hashtags".into(),
            "wrong_type",
            "LinkedinUserProfile.hashtags".into(),
            "integer"
        )]
    );
}

#[test]
fn what_a_correction_fills_in_is_not_reported_again() {
    // `object` filled with "" is no unknown value the API sent.
    let mut body = linkedin_with("headline", json!("h"));
    body.as_object_mut().map(|profile| profile.remove("object"));
    assert_eq!(
        found(&body),
        [(
            "object".into(),
            "missing_required",
            "LinkedinUserProfile.object".into(),
            "absent"
        )]
    );
    // Nor the fields of an object filled in for a `null`.
    let note = json!({"author": null, "content": "c", "created_at": 1, "project_id": "p"});
    assert_eq!(
        found(&linkedin_with("notes", json!([note]))),
        [(
            "notes[0].author".into(),
            "null_required",
            "LinkedinNote.author".into(),
            "null"
        )]
    );
}

#[test]
fn a_date_time_refusing_the_empty_value_is_filled_with_the_epoch() {
    // No required date-time is in the spec yet: a type of the test's own.
    #[derive(serde::Deserialize)]
    struct Stamped {
        at: chrono::DateTime<chrono::Utc>,
    }
    let Ok((stamped, found)) = repair::<Stamped>(&json!({}), false) else {
        panic!("a date-time filled in");
    };
    assert_eq!(stamped.at, chrono::DateTime::UNIX_EPOCH);
    let kinds: Vec<_> = found
        .iter()
        .map(|f| (f.path.to_string(), f.kind.as_str()))
        .collect();
    assert_eq!(kinds, [("at".to_string(), "missing_required")]);
}

#[test]
fn a_plain_object_missing_all_its_fields_is_filled_in() {
    let Ok((_, found)) = repair::<crate::types::LinkedinNote>(&json!({}), false) else {
        panic!("a note filled in");
    };
    let paths: Vec<_> = found.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(paths, ["author", "content", "created_at", "project_id"]);
}

#[test]
fn two_rounds_for_each_missing_date_time_fit_the_bound() {
    // Each is filled in ("" refused), then refilled: 40 rounds for 20.
    type At = chrono::DateTime<chrono::Utc>;
    #[derive(serde::Deserialize)]
    #[allow(dead_code)] // only decoded
    struct Stamps {
        a: At,
        b: At,
        c: At,
        d: At,
        e: At,
        f: At,
        g: At,
        h: At,
        i: At,
        j: At,
        k: At,
        l: At,
        m: At,
        n: At,
        o: At,
        p: At,
        q: At,
        r: At,
        s: At,
        t: At,
    }
    let found = repair::<Stamps>(&json!({}), false).map(|(_, found)| found.len());
    assert_eq!(found.ok(), Some(20));
}
