//! The rule behind corrections, for every response example of the pages
//! (`tests/fixtures/*.example_response.json` and `variants/`): null, remove
//! or retype any one field at any depth, or change a string to another, and
//! the typed decode still succeeds; every other field decodes as sent; and
//! the typed value differs from what was sent at that path exactly when a
//! correction there says so (nulling or removing an optional field changes
//! nothing and reports nothing; a union whose tag changed is its `Unknown`
//! variant, the JSON as received). A correction may instead name the list
//! element around the path, left out. A string changed to another is kept
//! as sent, never corrected (the one date-time aside): an open enum keeps
//! the unknown value and observes it, a union keeps its raw JSON under an
//! unknown tag. Through the client, so pages are split as in use.
//!
//! The cases are new each run: the seed is printed with any failure, and
//! `CORRECTIONS_SEED=<seed>` runs those cases again.

use std::sync::{Arc, Mutex, PoisonError};

use crate::common::client_with;
use crate::common::operations::{answer_and_send, differences};
use crate::common::spec::{Step, show};
use httpmock::prelude::*;
use postpress::{Observation, ObservationKind};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

const EXAMPLES: &[&str] = &[
    "get_user.example_response.json",
    "get_own_profile.example_response.json",
    "list_relations.example_response.json",
    "linkedin_search.example_response.json",
    "linkedin_user_action.example_response.json",
    "variants/get_own_profile.gmail.json",
    "variants/get_own_profile.imap.json",
    "variants/get_own_profile.linkedin_no_seats.json",
    "variants/get_own_profile.linkedin_seat_errors.json",
    "variants/get_own_profile.linkedin_seats.json",
    "variants/get_own_profile.outlook.json",
    "variants/get_own_profile.telegram.json",
    "variants/get_own_profile.twitter.json",
    "variants/get_user.instagram.json",
    "variants/get_user.linkedin_full.json",
    "variants/get_user.telegram.json",
    "variants/get_user.twitter.json",
    "variants/get_user.whatsapp.json",
    "variants/linkedin_search.every_result_type.json",
];

/// The untagged unions of the spec (a seat, or why it is unusable: no
/// discriminator): a departure inside one makes the optional union `None`,
/// reported at the union with its JSON as received (an unknown enum value
/// inside is no departure: observed at its own path).
const UNTAGGED: &[&str] = &["recruiter", "sales_navigator"];

/// Cases per example.
const CASES: usize = 64;

/// Every member and element of `value`, at any depth, as paths.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                at.push(Step::Key(key.clone()));
                out.push(at.clone());
                paths(inner, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                at.push(Step::Index(index));
                out.push(at.clone());
                paths(inner, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Keys whose strings are union tags or enum values in the examples.
const TAG_KEYS: &[&str] = &["provider", "type", "object"];

/// What to do at the path.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Null,
    Remove,
    Retype(usize),
    /// Another string for a string: an unknown enum value or union tag.
    Restring(usize),
}

/// The run's seed: `CORRECTIONS_SEED`, else a new one.
fn seed() -> u64 {
    use std::hash::BuildHasher;
    std::env::var("CORRECTIONS_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| std::collections::hash_map::RandomState::new().hash_one(0_u8))
}

/// A value of another JSON type than `old`.
fn other_type(old: &Value, choice: usize) -> Value {
    let candidates = [
        json!("x"),
        json!(7),
        json!(3.5),
        json!(true),
        json!([]),
        json!({}),
    ];
    let kind = |v: &Value| std::mem::discriminant(v);
    let others: Vec<&Value> = candidates
        .iter()
        .filter(|c| kind(c) != kind(old) || (c.is_f64() != old.is_f64()))
        .collect();
    others[choice % others.len()].clone()
}

/// Applies `edit` at `path`; false when it does not apply (removing an
/// element is not a field edit).
fn apply(root: &mut Value, path: &[Step], edit: Edit) -> bool {
    let Some((last, parent_path)) = path.split_last() else {
        return false;
    };
    let mut parent = &mut *root;
    for step in parent_path {
        parent = match step {
            Step::Key(key) => &mut parent[key.as_str()],
            Step::Index(index) => &mut parent[*index],
        };
    }
    match (edit, last) {
        (Edit::Remove, Step::Key(key)) => parent
            .as_object_mut()
            .is_some_and(|map| map.remove(key).is_some()),
        (Edit::Remove, Step::Index(_)) => false,
        (Edit::Null, Step::Key(key)) => {
            parent[key.as_str()] = Value::Null;
            true
        }
        (Edit::Null, Step::Index(index)) => {
            parent[*index] = Value::Null;
            true
        }
        (Edit::Retype(choice) | Edit::Restring(choice), step) => {
            let slot = match step {
                Step::Key(key) => &mut parent[key.as_str()],
                Step::Index(index) => &mut parent[*index],
            };
            match (edit, slot.as_str()) {
                (Edit::Retype(_), _) => *slot = other_type(slot, choice),
                (_, Some(old)) => *slot = Value::String(format!("{old}_UNKNOWN_{}", choice % 1000)),
                (_, None) => return false,
            }
            true
        }
    }
}

/// The value at `path` (`None` when absent).
fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let pointer: String = path
        .replace('[', ".")
        .replace(']', "")
        .split('.')
        .map(|part| format!("/{part}"))
        .collect();
    root.pointer(&pointer)
}

#[tokio::test]
async fn one_changed_field_costs_that_field_only_and_is_reported_there() {
    let server = MockServer::start_async().await;
    let observed: Arc<Mutex<Vec<Observation>>> = Arc::default();
    let sink = observed.clone();
    let builder = postpress::Client::builder()
        .retry(postpress::RetryPolicy::none())
        .on_observation(move |o| {
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(o.clone())
        });
    let client = client_with(&server, builder);
    let seed = seed();
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed.to_le_bytes(); 4].concat());
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = (any::<prop::sample::Index>(), 0..5_usize, any::<usize>());
    let mut unknown = (0, 0);
    for example in EXAMPLES {
        let operation = example
            .trim_start_matches("variants/")
            .split('.')
            .next()
            .expect("an operation");
        let original = crate::common::fixture_json(example);
        let mut all = Vec::new();
        paths(&original, &mut Vec::new(), &mut all);
        // A page's own fields are checked by the corpus; here its items.
        let listing = operation == "list_relations" || operation == "linkedin_search";
        if listing {
            all.retain(|p| matches!(p.first(), Some(Step::Key(k)) if k == "items") && p.len() > 2);
        }
        let strings: Vec<&Vec<Step>> = all
            .iter()
            .filter(|p| at(&original, &show(p)).is_some_and(Value::is_string))
            .collect();
        let tags: Vec<&Vec<Step>> = strings
            .iter()
            .copied()
            .filter(|p| matches!(p.last(), Some(Step::Key(k)) if TAG_KEYS.contains(&k.as_str())))
            .collect();
        for _ in 0..CASES {
            let (pick, edit, choice) = strategy.new_tree(&mut runner).expect("a case").current();
            let (path, edit) = match edit {
                0 => (&all[pick.index(all.len())], Edit::Null),
                1 => (&all[pick.index(all.len())], Edit::Remove),
                2 => (&all[pick.index(all.len())], Edit::Retype(choice)),
                // Half of the strings changed are tags and enum values.
                3 if !tags.is_empty() => (tags[pick.index(tags.len())], Edit::Restring(choice)),
                _ => (strings[pick.index(strings.len())], Edit::Restring(choice)),
            };
            let mut sent = original.clone();
            if !apply(&mut sent, path, edit) {
                continue;
            }
            let shown = show(path);
            let case = format!("seed {seed}, {example}: {edit:?} at {shown}");
            observed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
            let (typed, corrections) = answer_and_send(&server, &client, operation, &sent)
                .await
                .unwrap_or_else(|e| panic!("{case}: the decode must succeed: {e}"));
            assert!(corrections.len() <= 1, "{case}: {corrections:?}");
            if let Edit::Restring(_) = edit {
                let observed = observed.lock().unwrap_or_else(PoisonError::into_inner);
                let (enums, tags) = another_string_is_kept(
                    &case,
                    &original,
                    &sent,
                    &shown,
                    &corrections,
                    &observed,
                );
                unknown = (unknown.0 + enums, unknown.1 + tags);
            }
            let compared = match listing {
                true => json!({ "items": sent["items"] }),
                false => sent.clone(),
            };
            let skip = match corrections.first() {
                Some(c) => {
                    let inside = shown
                        .strip_prefix(c.path())
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
                    let untagged = UNTAGGED.iter().any(|u| c.path().ends_with(u));
                    let reason = c.reason().as_str();
                    assert!(
                        c.path() == shown
                            || (inside && reason == "dropped_element")
                            || (inside && untagged && reason == "wrong_type"),
                        "{case}: reported at {} ({:?})",
                        c.path(),
                        c.reason()
                    );
                    assert_eq!(
                        c.value(),
                        at(&sent, c.path()),
                        "{case}: the value as received"
                    );
                    c.path().to_string()
                }
                None => shown.clone(),
            };
            assert_eq!(
                differences(&compared, &typed, std::slice::from_ref(&skip)),
                Vec::<String>::new(),
                "{case}: every other field as sent"
            );
            // A left-out element (the comparison above saw the list one
            // shorter) or an untagged union made `None`: reported around
            // the path. Otherwise changed where sent exactly when reported.
            if corrections
                .first()
                .is_some_and(|c| c.reason().as_str() == "dropped_element" || c.path() != shown)
            {
                continue;
            }
            let (was, is) = (at(&compared, &shown), at(&typed, &shown));
            // The typed value skips `None` and an empty optional list; a
            // required list is there, empty.
            let changed = match (was, is) {
                (None, None) | (Some(Value::Null), None | Some(Value::Null)) => false,
                // An empty list for a list the typed value skips when empty.
                (Some(Value::Array(items)), None) => {
                    !items.is_empty() || !at(&original, &shown).is_some_and(Value::is_array)
                }
                (None | Some(Value::Null), Some(_)) => true,
                (was, is) => {
                    let kind = |v: Option<&Value>| v.map(std::mem::discriminant);
                    !differences(&json!({ "v": was }), &json!({ "v": is }), &[]).is_empty()
                        || kind(was) != kind(is)
                }
            };
            assert_eq!(
                changed,
                !corrections.is_empty(),
                "{case}: sent {was:?}, typed {is:?}, corrections {corrections:?}"
            );
        }
    }
    assert!(
        unknown.0 > 0 && unknown.1 > 0,
        "seed {seed}: unknown enum values and union tags seen {unknown:?}"
    );
}

/// A string changed to another (`shown`) is kept as sent: no correction
/// (but for a date-time, or inside an untagged union); an open enum
/// observes the unknown value there (inside an untagged union too), a
/// union the unknown tag at itself.
/// The unknown enum values and union tags observed.
fn another_string_is_kept(
    case: &str,
    original: &Value,
    sent: &Value,
    shown: &str,
    corrections: &[postpress::Correction],
    observed: &[Observation],
) -> (usize, usize) {
    let date_time = at(original, shown)
        .and_then(Value::as_str)
        .is_some_and(|old| chrono::DateTime::parse_from_rfc3339(old).is_ok());
    let untagged = corrections
        .iter()
        .all(|c| UNTAGGED.iter().any(|u| c.path().ends_with(u)));
    assert!(
        corrections.is_empty() || date_time || untagged,
        "{case}: another string is kept, not corrected: {corrections:?}"
    );
    let new = at(sent, shown).and_then(Value::as_str);
    let union = shown.rsplit_once('.').map_or(".", |(union, _)| union);
    let (mut enums, mut tags) = (0, 0);
    for observation in observed {
        let seen = (observation.path(), observation.value());
        match observation.kind() {
            ObservationKind::UnknownEnumValue => {
                assert_eq!(seen, (shown, new), "{case}: the unknown value");
                enums += 1;
            }
            ObservationKind::UnknownVariant => {
                assert_eq!(seen, (union, new), "{case}: the unknown tag");
                tags += 1;
            }
            _ => {}
        }
    }
    (enums, tags)
}
