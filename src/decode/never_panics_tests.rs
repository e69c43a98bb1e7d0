//! Never a panic through the tolerant decoder and the repair loop: example
//! responses of several operations departed from the spec in up to five
//! places (nulls, missing and extra fields, wrong types, unknown enum
//! values and union tags, deep nesting, huge numbers), some then broken
//! as bytes (not UTF-8, cut short, not JSON), decoded as every response
//! type. Each decode is a value or a typed failure; every correction
//! names a place in the body and carries the value found there; a body
//! that does not read as a `serde_json::Value` is never corrected.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{CorrectionReason, Decoding, Failed, Settings, typed};
use crate::types::{LinkedinPerformActionOnUser, LinkedinSearch, UserRelationsList};
use crate::{AccountOwnerProfile, SearchResult, UserProfile};

const EXAMPLES: [&str; 7] = [
    include_str!("../../tests/fixtures/get_user.example_response.json"),
    include_str!("../../tests/fixtures/variants/get_user.linkedin_full.json"),
    include_str!("../../tests/fixtures/get_own_profile.example_response.json"),
    include_str!("../../tests/fixtures/variants/get_own_profile.linkedin_seats.json"),
    include_str!("../../tests/fixtures/list_relations.example_response.json"),
    include_str!("../../tests/fixtures/variants/linkedin_search.every_result_type.json"),
    include_str!("../../tests/fixtures/linkedin_user_action.example_response.json"),
];

/// One way to depart from the spec at a place.
#[derive(Debug, Clone)]
enum Departure {
    Null,
    Remove,
    /// Any value in its place (most often of another type).
    Replace(Value),
    /// A member the spec does not have.
    Extra(String, Value),
    /// A string the spec does not list (an enum value, a union tag).
    Unknown(String),
    /// Arrays in arrays, this deep (past serde_json's 128: not JSON).
    Deep(usize),
}

/// Small JSON values of every type, huge numbers among them.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(json!(u64::MAX)),
        Just(json!(f64::MAX)),
        Just(json!(-1e-300)),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn departure() -> impl Strategy<Value = Departure> {
    prop_oneof![
        Just(Departure::Null),
        Just(Departure::Remove),
        value().prop_map(Departure::Replace),
        ("[a-z_]{1,8}", value()).prop_map(|(key, value)| Departure::Extra(key, value)),
        "[A-Za-z_]{1,12}".prop_map(Departure::Unknown),
        (1..160_usize).prop_map(Departure::Deep),
    ]
}

/// Every value inside `value` (itself first), as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(key, inner)| pointers(inner, format!("{at}/{key}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(index, inner)| pointers(inner, format!("{at}/{index}"), out)),
        _ => {}
    }
    out.push(at);
}

/// Applies `departure` at the place `pick` chooses.
fn depart(body: &mut Value, pick: prop::sample::Index, departure: &Departure) {
    let mut all = Vec::new();
    pointers(body, String::new(), &mut all);
    let pointer = &all[pick.index(all.len())];
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
    let Some(slot) = body.pointer_mut(pointer) else {
        return;
    };
    match departure {
        Departure::Null => *slot = Value::Null,
        Departure::Replace(value) => *slot = value.clone(),
        Departure::Unknown(text) => *slot = Value::String(text.clone()),
        Departure::Deep(depth) => *slot = (0..*depth).fold(json!(1), |inner, _| json!([inner])),
        Departure::Extra(name, value) => {
            if let Value::Object(map) = slot {
                map.insert(name.clone(), value.clone());
            }
        }
        Departure::Remove => {
            if let Some(Value::Object(map)) = body.pointer_mut(parent) {
                map.remove(key);
            }
        }
    }
}

/// The JSON pointer of a correction's path (`items[3].name`).
fn pointer_of(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    path.replace('[', ".")
        .replace(']', "")
        .split('.')
        .map(|step| format!("/{step}"))
        .collect()
}

/// Decodes `bytes` as `T`: a value whose corrections name places of
/// `tree` (the body as a `serde_json::Value`, `None` when serde_json reads
/// none), or a typed failure.
fn check<T: DeserializeOwned>(bytes: &[u8], tree: Option<&Value>, unknown_fields: bool) {
    let settings = Settings {
        unknown_fields,
        ..Settings::default()
    };
    let call = Decoding::for_call("get_user", &settings, false);
    let type_name = std::any::type_name::<T>();
    match (typed::<T>(&call, bytes, None), tree) {
        (Ok((_, corrections)), Some(tree)) => {
            for correction in corrections {
                let pointer = pointer_of(correction.path());
                let found = tree.pointer(&pointer);
                let what = format!("{type_name}: {correction:?}");
                if correction.reason() == CorrectionReason::MissingRequired {
                    let (parent, _) = pointer.rsplit_once('/').unwrap_or(("", ""));
                    assert!(found.is_none(), "{what}: present");
                    assert!(tree.pointer(parent).is_some(), "{what}: no parent");
                } else {
                    assert!(found.is_some(), "{what}: no such place");
                }
                assert_eq!(correction.value(), found, "{what}: as received");
            }
        }
        (Err(Failed::Undecodable { .. }), Some(_)) | (Err(Failed::NotJson), None) => {}
        // serde_json reads no value nested past 128 levels or `1e999`, yet
        // skips them in a member the type does not have: only the fast
        // path may take such a body, with nothing to correct.
        (Ok((_, corrections)), None) => {
            assert!(
                corrections.is_empty(),
                "{type_name}: corrected what is not JSON"
            );
        }
        (Err(Failed::Undecodable { .. }), None) => panic!("{type_name}: not JSON, yet decoded"),
        (Err(Failed::NotJson), Some(_)) => panic!("{type_name}: JSON taken for not JSON"),
    }
}

/// Breaks `text` as bytes at `at` (`mode` 0 to 3; others leave it).
fn break_bytes(text: String, mode: u8, at: prop::sample::Index) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    let at = at.index(bytes.len() + 1);
    match mode {
        0 => bytes.insert(at, 0xFF),
        1 => bytes.truncate(at),
        2 => drop(bytes.splice(at..at, *b"1e999")),
        3 => drop(bytes.splice(at..at, *b",}]")),
        _ => {}
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn departing_bodies_decode_to_a_value_or_a_typed_failure(
        example in 0..EXAMPLES.len(),
        departures in prop::collection::vec((any::<prop::sample::Index>(), departure()), 1..6),
        mode in 0..12_u8,
        at in any::<prop::sample::Index>(),
        unknown_fields in any::<bool>(),
    ) {
        let mut body: Value = serde_json::from_str(EXAMPLES[example]).unwrap_or_default();
        for (pick, departure) in &departures {
            depart(&mut body, *pick, departure);
        }
        let bytes = break_bytes(body.to_string(), mode, at);
        let tree = serde_json::from_slice::<Value>(&bytes).ok();
        let tree = tree.as_ref();
        check::<UserProfile>(&bytes, tree, unknown_fields);
        check::<AccountOwnerProfile>(&bytes, tree, unknown_fields);
        check::<UserRelationsList>(&bytes, tree, unknown_fields);
        check::<LinkedinSearch>(&bytes, tree, unknown_fields);
        check::<LinkedinPerformActionOnUser>(&bytes, tree, unknown_fields);
        if let Some(Value::Array(items)) = tree.and_then(|tree| tree.get("items")) {
            for item in items {
                // Read back from its own text: a float written out may not
                // parse back to the same bits.
                let text = item.to_string();
                let item = serde_json::from_str::<Value>(&text).ok();
                check::<SearchResult>(text.as_bytes(), item.as_ref(), unknown_fields);
            }
        }
    }
}
