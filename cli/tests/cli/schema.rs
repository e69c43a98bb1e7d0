//! `postpress schema BODY`: the JSON Schema of a request body, with no key
//! and no request.

use serde_json::Value;

use crate::common::{FIXTURES, assert_exit, postpress, text};

fn schema(body: &str) -> Value {
    let output = postpress().args(["schema", body]).output().expect("runs");
    assert_exit(&output, 0);
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stdout)))
}

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target);
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[test]
fn each_request_body_schema_is_printed_whole_without_a_key() {
    for (body, title) in [
        ("linkedin-search", "LinkedinSearchRequest"),
        ("linkedin-user-action", "LinkedinUserActionRequest"),
    ] {
        let schema = schema(body);
        assert_eq!(schema["title"], title);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let mut found = Vec::new();
        refs(&schema, &mut found);
        assert!(!found.is_empty(), "{body}: variants are definitions");
        for target in found {
            let name = target.trim_start_matches("#/definitions/");
            assert!(
                schema["definitions"].get(name).is_some(),
                "{body}: {target} is defined"
            );
        }
    }
}

#[test]
fn the_search_schema_has_every_variant_and_the_example_body_fits_one() {
    let schema = schema("linkedin-search");
    let variants: Vec<&str> = schema["anyOf"]
        .as_array()
        .expect("anyOf")
        .iter()
        .filter_map(|v| v["$ref"].as_str())
        .map(|r| r.trim_start_matches("#/definitions/"))
        .collect();
    assert!(variants.contains(&"ClassicPeopleSearch"), "{variants:?}");
    assert!(variants.contains(&"RecruiterPeopleSearch"), "{variants:?}");
    // The pages' example request: every key it sends is a property of the
    // variant its api + category name.
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{FIXTURES}/linkedin_search.example_request.json"))
            .expect("fixture"),
    )
    .expect("json");
    let fits = variants.iter().any(|name| {
        let properties = &schema["definitions"][name]["properties"];
        let required = schema["definitions"][name]["required"].as_array();
        example.as_object().is_some_and(|body| {
            body.keys().all(|key| properties.get(key).is_some())
                && required.is_none_or(|r| {
                    r.iter()
                        .all(|k| k.as_str().is_some_and(|k| body.contains_key(k)))
                })
        })
    });
    assert!(fits, "the example request fits no variant: {example}");
}
