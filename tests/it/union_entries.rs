//! A union keeps the entries it reads before its tag (`provider`, `type`,
//! `event`) as their JSON text and replays them to the variant through
//! serde_json's reader; from a `Value` (which hands out no text) it decodes
//! the object again from its text. Wherever the tag comes, whatever the
//! entries' JSON types and escapes, the variant decodes to the same value,
//! an unknown tag keeps every entry, and a wrong type before the tag is
//! reported at its own path.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use httpmock::prelude::*;
use postpress::{Client, CorrectionReason, Error, Observation, RequestOptions};
use postpress::{SearchResult, UserProfile};
use proptest::prelude::*;
use serde_json::value::RawValue;

use crate::common::{ACCOUNT_ID, answer_with_text, client, client_with, fixture};

/// The example profile with its `provider` line moved to the end, so every
/// other entry (strings, numbers, booleans, arrays, objects, null) is read
/// before the tag.
fn profile_with_the_tag_last(text: &str) -> String {
    let tag = "  \"provider\": \"LINKEDIN\",\n";
    assert!(text.contains(tag), "the example sends `provider` second");
    let without = text.replacen(tag, "", 1);
    let end = without.rfind('}').expect("an object");
    format!(
        "{},\n  \"provider\": \"LINKEDIN\"\n}}\n",
        without[..end].trim_end()
    )
}

fn decode(text: &str) -> UserProfile {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn entries_of_every_json_type_before_the_tag_decode_as_after_it() {
    let text = fixture("get_user.example_response.json");
    let as_sent = decode(&text);
    assert!(matches!(as_sent, UserProfile::Linkedin(_)));
    assert_eq!(decode(&profile_with_the_tag_last(&text)), as_sent);
    // Escaped keys and values cannot be borrowed from the input.
    let escape = |text: &str| {
        text.replacen(
            "\"object\": \"UserProfile\"",
            "\"obj\\u0065ct\": \"User\\u0050rofile\"",
            1,
        )
        .replacen("\"LINKEDIN\"", "\"LINKED\\u0049N\"", 1)
    };
    assert_ne!(escape(&text), text);
    assert_eq!(decode(&escape(&text)), as_sent);
    assert_eq!(decode(&escape(&profile_with_the_tag_last(&text))), as_sent);
}

#[test]
fn an_unknown_tag_keeps_every_entry_read_before_it() {
    let text = fixture("get_user.example_response.json");
    let unknown = |text: &str| text.replacen("\"LINKEDIN\"", "\"MASTODON\"", 1);
    let expected: serde_json::Value = serde_json::from_str(&unknown(&text)).expect("JSON");
    for text in [unknown(&text), unknown(&profile_with_the_tag_last(&text))] {
        let UserProfile::Unknown(kept) = decode(&text) else {
            panic!("an unknown provider is kept as JSON");
        };
        assert_eq!(kept, expected);
    }
    let no_tag: serde_json::Value =
        serde_json::json!({"object": "UserProfile", "n": 1.5, "list": [null, true], "o": {}});
    let UserProfile::Unknown(kept) = decode(&no_tag.to_string()) else {
        panic!("a profile without a provider is kept as JSON");
    };
    assert_eq!(kept, no_tag);
}

#[test]
fn a_search_result_with_its_type_after_other_entries_decodes() {
    #[derive(serde::Deserialize)]
    struct Items<'a> {
        #[serde(borrow)]
        items: Vec<&'a RawValue>,
    }
    let text = fixture("linkedin_search.example_response.json");
    let page: Items<'_> = serde_json::from_str(&text).expect("a page");
    // The item as the API orders it: `type` second, after `object`.
    let in_api_order = page.items[0].get();
    assert!(in_api_order.find("\"type\"") < in_api_order.find("\"id\""));
    let as_sent: SearchResult = serde_json::from_str(in_api_order).expect("a person");
    let SearchResult::People(person) = &as_sent else {
        panic!("a person, got {as_sent:?}");
    };
    let value: serde_json::Value = serde_json::from_str(in_api_order).expect("JSON");
    assert_eq!(value["id"], person.id.as_str());
    // `Value` sorts the keys: `type` now comes after most of them.
    let reordered = serde_json::to_string(&value).expect("JSON");
    assert!(reordered.find("\"type\"") > reordered.find("\"public_identifier\""));
    let decoded: SearchResult = serde_json::from_str(&reordered).expect("a person");
    assert_eq!(decoded, as_sent);
}

/// `get_user` for the profile the mock answers with, which departs.
async fn corrected_profile(client: Client) -> postpress::Response<UserProfile> {
    client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send_with_json()
        .await
        .expect("corrected: the profile is delivered")
}

#[tokio::test]
async fn a_wrong_type_before_the_tag_is_corrected_and_reported_at_its_path() {
    let server = MockServer::start_async().await;
    let text = fixture("get_user.example_response.json").replacen(
        "\"object\": \"UserProfile\"",
        "\"object\": 5",
        1,
    );
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_text(&server, GET, "/users/jordan-walke", &query, None, text).await;
    let response = corrected_profile(client(&server)).await;
    mock.assert_async().await;
    assert!(matches!(response.value(), UserProfile::Linkedin(_)));
    let [correction] = response.corrections() else {
        panic!("one correction, got {:?}", response.corrections());
    };
    assert_eq!(correction.path(), "object");
    assert_eq!(correction.reason(), CorrectionReason::WrongType);
    assert_eq!(correction.value(), Some(&serde_json::json!(5)));
    // Strict, the same departure is an error at its path.
    let error = client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send_with(&RequestOptions::new().strict(true))
        .await
        .expect_err("strict");
    let Error::Decode { path, .. } = error else {
        panic!("a decode error, got {error:?}");
    };
    assert_eq!(path, "object");
}

/// The example profile's top-level entries, each as its JSON text.
fn profile_entries() -> Vec<(String, String)> {
    let text = fixture("get_user.example_response.json");
    let entries: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&text).expect("an object");
    entries
        .into_iter()
        .map(|(key, value)| (key, value.get().to_string()))
        .collect()
}

fn object_text(entries: &[(String, String)]) -> String {
    let members: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{}: {value}", serde_json::to_string(key).expect("a key")))
        .collect();
    format!("{{{}}}", members.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any order of the profile's entries, read from text (borrowed) or from
    /// a `Value` (re-encoded), decodes to the profile as sent.
    #[test]
    fn the_profile_decodes_the_same_whatever_the_order_of_its_entries(
        entries in Just(profile_entries()).prop_shuffle()
    ) {
        let as_sent = decode(&fixture("get_user.example_response.json"));
        let text = object_text(&entries);
        prop_assert_eq!(&decode(&text), &as_sent);
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let from_value: UserProfile = serde_json::from_value(value).expect("a profile");
        prop_assert_eq!(from_value, as_sent);
    }
}

#[test]
fn escaped_entries_and_a_late_tag_read_from_a_value_decode_as_sent() {
    let text = fixture("get_user.example_response.json");
    let as_sent = decode(&text);
    let escaped = profile_with_the_tag_last(&text)
        .replacen(
            "\"object\": \"UserProfile\"",
            "\"obj\\u0065ct\": \"User\\u0050rofile\"",
            1,
        )
        .replacen("\"LINKEDIN\"", "\"LINKED\\u0049N\"", 1);
    let value: serde_json::Value = serde_json::from_str(&escaped).expect("JSON");
    let from_value: UserProfile = serde_json::from_value(value.clone()).expect("a profile");
    assert_eq!(from_value, as_sent);
    let from_ref = <UserProfile as serde::Deserialize>::deserialize(&value).expect("a profile");
    assert_eq!(from_ref, as_sent);
}

#[test]
fn an_unknown_tag_read_from_a_value_keeps_every_entry() {
    let text = profile_with_the_tag_last(&fixture("get_user.example_response.json")).replacen(
        "\"LINKEDIN\"",
        "\"MASTODON\"",
        1,
    );
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let UserProfile::Unknown(kept) = serde_json::from_value(value.clone()).expect("kept") else {
        panic!("an unknown provider is kept as JSON");
    };
    assert_eq!(kept, value);
}

#[tokio::test]
async fn a_wrong_type_and_an_unknown_field_before_a_late_tag_are_reported_at_their_paths() {
    let server = MockServer::start_async().await;
    let text = profile_with_the_tag_last(&fixture("get_user.example_response.json")).replacen(
        "\"headline\": \"",
        "\"a_new_field\": [1, {}], \"headline\": 5, \"was\": \"",
        1,
    );
    assert!(text.find("\"headline\": 5") < text.find("\"provider\""));
    let query = [("account_id", ACCOUNT_ID)];
    let mock = answer_with_text(&server, GET, "/users/jordan-walke", &query, None, text).await;
    let observed = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&observed);
    let builder = Client::builder()
        .observe_unknown_fields(true)
        .on_observation(move |seen: &Observation| {
            let kind = serde_json::to_value(seen).expect("JSON")["kind"].clone();
            sink.lock()
                .expect("not poisoned")
                .push(format!("{} {kind}", seen.path()));
        });
    let response = corrected_profile(client_with(&server, builder)).await;
    mock.assert_async().await;
    let UserProfile::Linkedin(profile) = response.value() else {
        panic!("a LinkedIn profile");
    };
    assert_eq!(profile.headline, "", "corrected to its empty value");
    let [correction] = response.corrections() else {
        panic!("one correction, got {:?}", response.corrections());
    };
    assert_eq!(correction.path(), "headline");
    assert_eq!(correction.reason(), CorrectionReason::WrongType);
    assert_eq!(correction.value(), Some(&serde_json::json!(5)));
    let mut seen = observed.lock().expect("not poisoned").clone();
    seen.sort();
    assert_eq!(
        seen,
        [
            "a_new_field \"unknown_field\"",
            "headline \"wrong_type\"",
            "was \"unknown_field\""
        ]
    );
}
