//! The split's own decisions: what it refuses as not JSON, what it keeps to
//! correct, how many entries it found, the strictness it carries.

use super::RawPage;
use crate::Error;
use crate::decode::{Decoding, Settings};
use crate::types::UserRelation;

fn call(strict: bool) -> Decoding {
    Decoding::for_call("list_relations", &Settings::default(), strict)
}

fn split(body: &str) -> crate::error::Result<RawPage<UserRelation>> {
    RawPage::split(&call(false), body.to_string())
}

#[test]
fn items_that_are_no_list_are_corrected_and_a_cut_body_is_not_json() {
    // Valid JSON of the wrong shape is kept, to correct and report.
    let odd = split(r#"{"items": 5, "cursor": null}"#);
    assert_eq!(odd.ok().and_then(|page| page.len()), Some(0));
    let cut = split(r#"{"items": [1, "#).err();
    assert!(
        matches!(cut, Some(Error::UnexpectedResponse { .. })),
        "{cut:?}"
    );
}

#[test]
fn a_body_that_is_no_object_says_a_listing_page_was_expected() {
    match split("[1, 2]").err() {
        Some(Error::Decode { path, message, .. }) => {
            assert_eq!(path, ".");
            assert!(message.contains("a listing page"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn len_counts_the_entries_once_split_and_none_before() {
    // The cursor last, as the API sends it: read from the end, not split.
    let body = r#"{"items": [{}, {}, {}], "cursor": "next"}"#;
    assert_eq!(split(body).ok().and_then(|page| page.len()), Some(3));
    let read = RawPage::<UserRelation>::read(&call(false), body.into());
    let Ok(read) = read else {
        panic!("a page read from its end");
    };
    assert_eq!(read.len(), None);
    let truncated = read.truncated(2).ok();
    assert_eq!(
        truncated.map(|(page, cut)| (page.len(), cut)),
        Some((Some(2), true))
    );
}

#[test]
fn the_page_carries_the_calls_strictness() {
    for strict in [false, true] {
        let page = RawPage::<UserRelation>::split(&call(strict), r#"{"items": []}"#.into());
        assert_eq!(page.map(|page| page.is_strict()).ok(), Some(strict));
    }
}
