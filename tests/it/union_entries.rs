//! A union keeps the entries it reads before its tag (`provider`, `type`,
//! `event`) and replays them to the variant: strings borrowed from the
//! input, escaped strings and other JSON types as owned values. Wherever the
//! tag comes, the variant decodes to the same value, and a wrong type before
//! the tag is reported at its own path.

use httpmock::prelude::*;
use postpress::{CorrectionReason, Error, RequestOptions, SearchResult, UserProfile};

use crate::common::{ACCOUNT_ID, answer_with_text, client, fixture};

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
    let text = fixture("linkedin_search.example_response.json");
    let page: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let person = &page["items"][0];
    let as_sent: SearchResult = serde_json::from_value(person.clone()).expect("a person");
    // `Value` sorts the keys: `type` now comes after most of them.
    let reordered = serde_json::to_string(person).expect("JSON");
    assert!(reordered.find("\"type\"") > reordered.find("\"public_identifier\""));
    let decoded: SearchResult = serde_json::from_str(&reordered).expect("a person");
    assert!(matches!(decoded, SearchResult::People(_)));
    assert_eq!(decoded, as_sent);
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
    let response = client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send_with_json()
        .await
        .expect("corrected: the profile is delivered");
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
