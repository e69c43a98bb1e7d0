//! Reading a listing body in one pass gives exactly the page that splitting
//! it first gives, for any body: items, what did not decode, corrections,
//! cursor, the page's own fields and where each item sits; and a pager's
//! cursor read from the end is the one the page holds.

use bytes::Bytes;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::RawPage;
use crate::decode::{Decoding, Settings};
use crate::types::UserRelation;

/// The pages' relation, as the example prints it.
fn relation() -> Value {
    let page: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/list_relations.example_response.json"
    ))
    .unwrap_or(Value::Null);
    page["items"][0].clone()
}

/// An entry of `items`: the relation, departed in one way or another.
fn entry() -> impl Strategy<Value = Value> {
    let fields = || {
        let Value::Object(map) = relation() else {
            return Vec::new();
        };
        map.keys().cloned().collect::<Vec<_>>()
    };
    let field = proptest::sample::select(fields());
    prop_oneof![
        Just(relation()),
        field.clone().prop_map(|f| with(|m| {
            m.insert(f, Value::Null);
        })),
        field.clone().prop_map(|f| with(|m| {
            m.remove(&f);
        })),
        field.prop_map(|f| with(|m| {
            m.insert(f, json!([1.5, {"a": "}"}]));
        })),
        Just(with(|m| {
            m.insert("new_field".into(), json!({"x": "a\"b\\"}));
        })),
        Just(json!("not a relation")),
        Just(json!(7)),
        Just(json!([relation()])),
    ]
}

fn with(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut value = relation();
    if let Value::Object(map) = &mut value {
        change(map);
    }
    value
}

/// A listing body: its members in any order, compact or indented.
fn body() -> impl Strategy<Value = String> {
    let cursor = prop_oneof![
        Just(None),
        Just(Some(json!("c1"))),
        Just(Some(json!("c\"2\\"))),
        Just(Some(Value::Null)),
        Just(Some(json!(3))),
    ];
    let items = prop_oneof![
        8 => proptest::collection::vec(entry(), 0..6).prop_map(Value::Array),
        1 => Just(json!({"not": "a list"})),
    ];
    let paging = prop_oneof![Just(None), Just(Some(json!({"start": 0, "q": "]},{\""})))];
    (items, cursor, paging, any::<bool>(), any::<u64>()).prop_map(
        |(items, cursor, paging, pretty, order)| {
            let mut members = vec![("object", json!("UserRelationsList")), ("items", items)];
            members.extend(cursor.map(|c| ("cursor", c)));
            members.extend(paging.map(|p| ("paging", p)));
            // A rotation and maybe a swap: every order comes up.
            let turn = usize::try_from(order % 7).unwrap_or(0) % members.len();
            members.rotate_left(turn);
            if order & 8 != 0 {
                let last = members.len() - 1;
                members.swap(0, last);
            }
            let text = |v: &Value| match pretty {
                true => serde_json::to_string_pretty(v).unwrap_or_default(),
                false => v.to_string(),
            };
            let inner: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("\"{key}\":{}", text(value)))
                .collect();
            match pretty {
                true => format!("{{\n  {}\n}}\n", inner.join(",\n  ")),
                false => format!("{{{}}}", inner.join(",")),
            }
        },
    )
}

fn call(unknown_fields: bool) -> Decoding {
    let settings = Settings {
        unknown_fields,
        ..Settings::default()
    };
    Decoding::for_call("list_relations", &settings, false)
}

proptest! {
    #[test]
    fn one_pass_gives_the_page_the_split_gives(body in body(), unknown_fields in any::<bool>()) {
        let call = call(unknown_fields);
        // The one pass runs on every listing the generator makes (else both
        // sides below would be the split): it gives up only without a list.
        let listing = serde_json::from_str::<Value>(&body)
            .is_ok_and(|page| page["items"].is_array());
        let ran = super::items::one_pass::<UserRelation>(&body, unknown_fields).is_some();
        prop_assert_eq!(ran, listing, "one pass ran: {}", body);
        let one_pass = super::decode::<UserRelation>(&call, Bytes::from(body.clone()));
        let split = RawPage::<UserRelation>::split(&call, body.clone()).and_then(RawPage::decode);
        match (one_pass, split) {
            (Ok(one), Ok(two)) => {
                prop_assert_eq!(&one.items, &two.items);
                prop_assert_eq!(&one.undecoded, &two.undecoded);
                prop_assert_eq!(&one.corrections, &two.corrections);
                prop_assert_eq!(&one.cursor, &two.cursor);
                prop_assert_eq!(&one.page_fields, &two.page_fields);
                prop_assert_eq!(&one.spans, &two.spans);
                // A pager's read, from the end when it can, agrees.
                let raw = RawPage::<UserRelation>::read(&call, Bytes::from(body.clone()));
                let raw = raw.map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(raw.cursor(), two.cursor());
            }
            (Err(one), Err(two)) => prop_assert_eq!(one.to_string(), two.to_string()),
            (one, two) => prop_assert!(false, "one pass {:?}, split {:?}", one.err(), two.err()),
        }
    }
}

#[test]
fn the_pages_relations_are_read_in_one_pass_with_the_cursor_from_the_end() {
    let body = include_str!("../../../tests/fixtures/list_relations.example_response.json");
    let raw = RawPage::<UserRelation>::read(&call(false), Bytes::from(body));
    let raw = raw.expect("the example is a listing");
    assert!(raw.layout.is_none(), "not split");
    assert_eq!(raw.cursor(), Some("eyJvIjoxMDB9"));
}

/// Each reader keeps an item's corrections, under its index, and nothing
/// for a clean item.
#[test]
fn an_item_s_corrections_are_kept_under_its_index() {
    let body = json!({
        "object": "UserRelationsList",
        "items": [relation(), with(|m| { m.remove("first_name"); })],
        "cursor": null,
    })
    .to_string();
    let call = call(false);
    let split = RawPage::<UserRelation>::split(&call, body.clone()).and_then(RawPage::decode);
    for page in [
        super::decode::<UserRelation>(&call, Bytes::from(body)),
        split,
    ] {
        let page = page.expect("a listing");
        let places: Vec<_> = page
            .corrections()
            .iter()
            .map(|c| (c.index(), c.path()))
            .collect();
        assert_eq!(places, [(Some(1), "items[1].first_name")]);
        assert_eq!(page.items().len(), 2);
    }
}

/// Only a whole body that is one object with `items` is read in one pass:
/// text after it, or no `items`, is left to the split.
#[test]
fn text_after_the_body_or_no_items_is_left_to_the_split() {
    let one_pass = |body: &str| super::items::one_pass::<UserRelation>(body, false).is_some();
    assert!(one_pass(r#"{"items": [], "cursor": "c"} "#));
    assert!(!one_pass(r#"{"items": [], "cursor": "c"} x"#));
    assert!(!one_pass(r#"{"cursor": "c"}"#));
    let after = super::decode::<UserRelation>(&call(false), Bytes::from(r#"{"items": []} x"#));
    assert!(after.is_err(), "not JSON: {:?}", after.map(|p| p.len()));
}

/// The lists are sized once, from the first item and the body: room for as
/// many items of that size as the body holds, so a page is neither moved as
/// it grows nor given far more room than its items (200 relations: room for
/// 200 to 202, not doubled, not multiplied).
#[test]
fn the_lists_are_sized_once_from_the_first_item_and_the_body() {
    let items: Vec<_> = (0..200).map(|_| relation()).collect();
    let body = json!({"object": "UserRelationsList", "items": items, "cursor": null}).to_string();
    let pass = super::items::one_pass::<UserRelation>(&body, false).expect("one pass");
    assert_eq!(pass.spans.len(), 200);
    for capacity in [pass.spans.capacity(), pass.decoded.items.capacity()] {
        assert!((200..=202).contains(&capacity), "room for {capacity}");
    }
    // One item and little after it: room for that one (4, a vector's
    // smallest), with nothing subtracted past zero.
    let body = json!({"object": "UserRelationsList", "items": [relation()], "cursor": null});
    let pass = super::items::one_pass::<UserRelation>(&body.to_string(), false).expect("one pass");
    assert_eq!(pass.spans.len(), 1);
    assert!(
        pass.spans.capacity() <= 4,
        "room for {}",
        pass.spans.capacity()
    );
}
