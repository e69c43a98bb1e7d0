//! `--all` writes every item exactly as the API sent it, byte for byte, one
//! per line, page after page (each page written at once, not item by item).

use httpmock::prelude::*;

use crate::common::{ACCOUNT_ID, against, assert_exit, request, text};

/// A relation as one line of JSON, written in the API's own style.
fn relation(n: usize, style: &str) -> String {
    let fields = [
        r#""object":"UserRelation""#.to_string(),
        format!(r#""first_name":"Zoë {n}""#),
        r#""last_name":"O\"Brien \u00e9\/""#.to_string(),
        r#""headline":"Engineer, \"Acme\" [remote]: {ok}""#.to_string(),
        format!(r#""public_identifier":"member-{n}""#),
        format!(r#""public_profile_url":"https://www.linkedin.com/in/member-{n}""#),
        format!(r#""created_at":{}"#, 1_747_400_000_000_u64 + n as u64),
        format!(r#""member_id":"ACoAA{n:08}""#),
        format!(r#""member_urn":"urn:li:fsd_profile:ACoAA{n:08}""#),
        r#""connection_urn":"urn:li:fsd_connection:(ACoAABxyz,x)""#.to_string(),
        r#""a_field_the_sdk_does_not_know":[1.50,-0.0,1e3,null,{}]"#.to_string(),
    ];
    match style {
        "spaced" => format!("{{ {} }}", fields.join(" ,\t")),
        _ => format!("{{{}}}", fields.join(",")),
    }
}

#[test]
fn every_item_is_written_byte_for_byte_as_received() {
    let first: Vec<String> = (0..3)
        .map(|n| relation(n, if n == 1 { "spaced" } else { "compact" }))
        .chain([relation(3, "compact").replace(
            r#""member_urn":"urn:li:fsd_profile:ACoAA00000003""#,
            r#""member_urn":null"#,
        )])
        .collect();
    let second: Vec<String> = (4..6).map(|n| relation(n, "compact")).collect();
    let page = |items: &[String], cursor: &str| {
        format!(
            r#"{{"object":"UserRelationsList","items":[{}],"cursor":{cursor}}}"#,
            items.join(",")
        )
    };
    let server = MockServer::start();
    let one = server.mock(|when, then| {
        request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
        then.status(200).body(page(&first, r#""c2""#));
    });
    let two = server.mock(|when, then| {
        let query = [("account_id", ACCOUNT_ID), ("cursor", "c2")];
        request(when, GET, "/users/relations", &query);
        then.status(200).body(page(&second, "null"));
    });
    let output = against(&server)
        .args(["users", "relations", "--account-id", ACCOUNT_ID, "--all"])
        .output()
        .expect("runs");
    one.assert();
    two.assert();
    assert_exit(&output, 0);
    let mut expected = String::new();
    for item in first.iter().chain(&second) {
        expected.push_str(item);
        expected.push('\n');
    }
    assert_eq!(text(&output.stdout), expected);
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("warning: list_relations: page 1, item 3, `items[3].member_urn`"),
        "the relation with a null member_urn is printed and reported: {stderr}"
    );
}
