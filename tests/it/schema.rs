//! The `schemars` feature: generated types and the handwritten unions have a
//! JSON Schema.

use postpress::{LinkedinSections, UserProfile, types};
use schemars::schema_for;
use serde_json::{Value, json};

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schema_for!(T)).expect("a schema is JSON")
}

#[test]
fn a_union_is_one_of_its_variants_schemas() {
    let schema = schema::<UserProfile>();
    let one_of: Vec<&str> = schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .filter_map(|v| v["$ref"].as_str())
        .collect();
    assert!(
        one_of.contains(&"#/definitions/LinkedinUserProfile"),
        "{one_of:?}"
    );
    for target in one_of {
        let name = target.trim_start_matches("#/definitions/");
        assert!(schema["definitions"].get(name).is_some(), "{name}");
    }
}

#[test]
fn sections_are_a_joined_string_or_a_list() {
    assert_eq!(
        schema::<LinkedinSections>()["anyOf"],
        json!([{"type": "string"}, {"type": "array", "items": {"type": "string"}}])
    );
}

#[test]
fn an_open_enum_is_any_string_and_a_request_is_an_object() {
    let event = schema::<types::CandidateStatusActivityEvent>();
    assert_eq!(event["type"], "string");
    assert!(event.get("enum").is_none(), "values added later are kept");
    let action = schema::<types::LinkedinUserActionRequest>();
    assert_eq!(action["title"], "LinkedinUserActionRequest");
    let people = schema::<types::ClassicPeopleSearch>();
    assert_eq!(people["type"], "object");
    assert!(people["properties"].get("keywords").is_some(), "{people}");
}
