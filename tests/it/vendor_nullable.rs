//! Fields the vendor's published schemas declare nullable (the
//! `vendor-nullable-*` entries of `openapi/spec-deviations.yaml`): a `null`
//! there is `None`, with no correction, no observation and no strict-mode
//! error; a `null` in a field nobody declared nullable is still corrected.

use crate::common::operations::{answer_and_send, differences};
use crate::common::spec::{
    deviation_locations, location, member_paths, null_is_corrected, nulled, response_type, show,
    spec,
};
use crate::common::{client, client_with, fixture_json, user_profile_from};
use httpmock::prelude::*;
use postpress::{Client, UserProfile, types};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// One fixture per provider variant (and the search result types) with
/// every vendor-nullable field `null`.
const VENDOR_NULLS: &[&str] = &[
    "variants/get_user.linkedin_vendor_nulls.json",
    "variants/get_user.instagram_vendor_nulls.json",
    "variants/get_user.telegram_vendor_nulls.json",
    "variants/get_user.twitter_vendor_nulls.json",
    "variants/get_own_profile.linkedin_vendor_nulls.json",
    "variants/get_own_profile.telegram_vendor_nulls.json",
    "variants/get_own_profile.twitter_vendor_nulls.json",
    "variants/linkedin_search.vendor_nulls.json",
];

/// The examples the property test nulls fields in.
const EXAMPLES: &[&str] = &[
    "get_user.example_response.json",
    "get_own_profile.example_response.json",
    "list_relations.example_response.json",
    "linkedin_search.example_response.json",
    "linkedin_user_action.example_response.json",
    "variants/get_own_profile.linkedin_seats.json",
    "variants/get_own_profile.telegram.json",
    "variants/get_own_profile.twitter.json",
    "variants/get_user.instagram.json",
    "variants/get_user.linkedin_full.json",
    "variants/get_user.telegram.json",
    "variants/get_user.twitter.json",
    "variants/linkedin_search.every_result_type.json",
];

/// Cases per example, for each of the two kinds of field.
const CASES: usize = 24;

fn operation(fixture: &str) -> &str {
    let name = fixture.trim_start_matches("variants/");
    name.split('.').next().expect("an operation")
}

fn strict_client(server: &MockServer) -> Client {
    client_with(
        server,
        Client::builder()
            .strict(true)
            .retry(postpress::RetryPolicy::none()),
    )
}

/// Every `Type.field` that is `null` somewhere in `body`.
fn nulled_locations(spec: &Value, operation: &str, body: &Value, out: &mut BTreeSet<String>) {
    let mut paths = Vec::new();
    member_paths(body, Value::is_null, &mut Vec::new(), &mut paths);
    let root = response_type(operation);
    out.extend(paths.iter().filter_map(|p| location(spec, root, body, p)));
}

#[tokio::test]
async fn every_vendor_nullable_field_null_is_none_with_no_correction_even_strict() {
    let spec = spec();
    let vendor = deviation_locations("vendor-nullable-");
    let server = MockServer::start_async().await;
    let client = strict_client(&server);
    let mut covered = BTreeSet::new();
    for name in VENDOR_NULLS {
        let operation = operation(name);
        let sent = fixture_json(name);
        nulled_locations(&spec, operation, &sent, &mut covered);
        let (typed, corrections) = answer_and_send(&server, &client, operation, &sent)
            .await
            .unwrap_or_else(|e| panic!("{name}: strict mode accepts it: {e}"));
        assert_eq!(corrections, [], "{name}");
        let compared = match operation {
            "linkedin_search" => json!({ "items": sent["items"] }),
            _ => sent.clone(),
        };
        // A `null` sent is a `None` typed (both count as absent here).
        assert_eq!(
            differences(&compared, &typed, &[]),
            Vec::<String>::new(),
            "{name}"
        );
    }
    let missing: Vec<_> = vendor.difference(&covered).collect();
    assert_eq!(missing, Vec::<&String>::new(), "a fixture nulls each one");
}

#[tokio::test]
async fn an_out_of_network_member_has_no_names() {
    let name = "variants/get_user.linkedin_vendor_nulls.json";
    let UserProfile::Linkedin(profile) = user_profile_from("ada-lovelace", name).await else {
        panic!("expected the LinkedIn variant");
    };
    assert_eq!(profile.first_name, None);
    assert_eq!(profile.last_name, None);
    assert_eq!(profile.public_identifier, None);
    assert_eq!(profile.work_experience[0].start, None);
    assert_eq!(profile.skills[0].endorsement_id, None);
    assert_eq!(
        profile.network_distance,
        Some(types::LinkedinUserProfileNetworkDistance::OutOfNetwork)
    );
}

/// Any one vendor-nullable field nulled in any example: no correction.
/// Any one required, typed, non-nullable field nulled: exactly one, there.
#[tokio::test]
async fn one_nulled_field_is_corrected_exactly_when_nobody_declared_it_nullable() {
    let spec = spec();
    let vendor = deviation_locations("vendor-nullable-");
    let server = MockServer::start_async().await;
    let client = client(&server);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut seen_vendor, mut seen_required) = (0, 0);
    for example in EXAMPLES {
        let operation = operation(example);
        let original = fixture_json(example);
        let mut all = Vec::new();
        member_paths(&original, |v| !v.is_null(), &mut Vec::new(), &mut all);
        let root = response_type(operation);
        let located = all.into_iter().filter_map(|p| {
            let at = location(&spec, root, &original, &p)?;
            Some((p, at))
        });
        let (nullable, required): (Vec<_>, Vec<_>) = located
            .filter(|(_, at)| vendor.contains(at) || null_is_corrected(&spec, at))
            .partition(|(_, at)| vendor.contains(at));
        for (kind, group) in [("vendor-nullable", &nullable), ("required", &required)] {
            if group.is_empty() {
                continue;
            }
            for _ in 0..CASES {
                let pick = any::<prop::sample::Index>()
                    .new_tree(&mut runner)
                    .expect("a case")
                    .current();
                let (path, at) = &group[pick.index(group.len())];
                let shown = show(path);
                let case = format!("{example}: {kind} {at} nulled at {shown}");
                let sent = nulled(&original, path);
                let (_, corrections) = answer_and_send(&server, &client, operation, &sent)
                    .await
                    .unwrap_or_else(|e| panic!("{case}: decodes: {e}"));
                if kind == "vendor-nullable" {
                    seen_vendor += 1;
                    assert_eq!(corrections, [], "{case}");
                    continue;
                }
                seen_required += 1;
                let [correction] = corrections.as_slice() else {
                    panic!("{case}: exactly one correction: {corrections:?}");
                };
                assert_eq!(correction.path(), shown, "{case}");
                assert_eq!(correction.location(), at, "{case}");
                assert_eq!(correction.reason().as_str(), "null_required", "{case}");
            }
        }
    }
    assert!(
        seen_vendor > 0 && seen_required > 0,
        "both kinds were tried"
    );
}
