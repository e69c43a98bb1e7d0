//! Each kind of page change, made on a copy of a committed page, must be
//! named by `pages` at the spec location it concerns; the committed pages
//! and spec report nothing.

use std::path::{Path, PathBuf};

use super::fact::Fact;
use super::{check, read_pages};

mod records;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub(super) fn committed() -> (String, Vec<(String, String)>, String) {
    let read = |path: &str| std::fs::read_to_string(root().join(path)).expect(path);
    let pages = read_pages(&root().join(super::PAGES_DIR)).expect("pages");
    (
        read(crate::codegen::SPEC_PATH),
        pages,
        read(super::DEVIATIONS_FILE),
    )
}

/// The committed pages with `from` replaced by `to` once on `page`.
pub(super) fn edited(page: &str, from: &str, to: &str) -> Vec<(String, String)> {
    edited_all(&[(page, from, to)])
}

/// The committed pages with each (page, from, to) edit made once.
pub(super) fn edited_all(edits: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let (_, mut pages, _) = committed();
    for (page, from, to) in edits {
        let (_, text) = pages
            .iter_mut()
            .find(|(name, _)| name == page)
            .expect("page");
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once on {page}"
        );
        *text = text.replacen(from, to, 1);
    }
    pages
}

/// The differences `pages` reports (unrecorded, stale) for these pages.
pub(super) fn report(pages: &[(String, String)]) -> (Vec<Fact>, Vec<String>) {
    let (spec, _, deviations) = committed();
    let report = check(&spec, pages, &deviations).expect("check");
    (report.unrecorded, report.stale)
}

/// The one difference an edit causes, as (page:line, location, aspect,
/// page says, spec says).
fn only_difference(page: &str, from: &str, to: &str) -> (String, String, String, String, String) {
    only_difference_in(&edited(page, from, to))
}

fn only_difference_in(pages: &[(String, String)]) -> (String, String, String, String, String) {
    let (differences, stale) = report(pages);
    assert!(stale.is_empty(), "stale: {stale:#?}");
    let shown: Vec<String> = differences.iter().map(Fact::render).collect();
    assert_eq!(differences.len(), 1, "{shown:#?}");
    let d = &differences[0];
    (
        format!("{}:{}", d.page, d.line),
        d.location.clone(),
        d.aspect.clone(),
        d.page_says.clone(),
        d.spec_says.clone(),
    )
}

fn tuple(parts: [&str; 5]) -> (String, String, String, String, String) {
    let [a, b, c, d, e] = parts.map(str::to_string);
    (a, b, c, d, e)
}

#[test]
fn the_committed_pages_and_spec_report_no_difference() {
    let (_, pages, _) = committed();
    assert_eq!(pages.len(), 5);
    let (differences, stale) = report(&pages);
    let shown: Vec<String> = differences.iter().map(Fact::render).collect();
    assert!(differences.is_empty(), "{shown:#?}");
    assert!(stale.is_empty(), "{stale:#?}");
}

#[test]
fn a_field_added_is_named_in_its_object() {
    let page = "users-retrieve-profile.txt";
    let found = only_difference(page, "pronounstring\n", "pronounstring\nnicknamestring\n");
    let expected = [
        &format!("{page}:42"),
        "LinkedinUserProfile.nickname",
        "field",
        "string optional",
        "absent",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn a_field_added_to_a_body_variant_is_named_in_that_variant() {
    let page = "linkedin-search.txt";
    let found = only_difference(
        page,
        "fair_chance_employerboolean\n",
        "fair_chance_employerboolean\nremote_onlyboolean\n",
    );
    let expected = [
        &format!("{page}:161"),
        "ClassicJobsSearch.remote_only",
        "field",
        "boolean optional",
        "absent",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn a_field_removed_is_named_in_its_object() {
    let page = "users-retrieve-profile.txt";
    let found = only_difference(
        page,
        "organizationstringrequired\nurlstring\n",
        "organizationstringrequired\n",
    );
    // Reported at the object's header line: the page no longer has a line for it.
    let expected = [
        &format!("{page}:145"),
        "LinkedinCertification.url",
        "field",
        "absent",
        "string optional",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn a_type_changed_is_named() {
    let page = "users-retrieve-profile.txt";
    let found = only_difference(page, "emailsarray of strings\n", "emailsstring\n");
    let expected = [
        &format!("{page}:52"),
        "LinkedinContactInfo.emails",
        "type",
        "string",
        "array of strings",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn an_optional_field_made_required_is_named() {
    let page = "users-list-relations.txt";
    let found = only_difference(
        page,
        "profile_picture_urlstring\n",
        "profile_picture_urlstringrequired\n",
    );
    let expected = [
        &format!("{page}:40"),
        "UserRelation.profile_picture_url",
        "required",
        "required",
        "optional",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn an_allowed_value_added_is_named_though_the_list_is_glued() {
    let page = "users-retrieve-profile.txt";
    let found = only_difference(page, "SENTRECEIVED\n", "SENTRECEIVEDBLOCKED\n");
    let unexplained = "listed (a stretch no known value explains)";
    let expected = [
        &format!("{page}:86"),
        "LinkedinInvitation.type",
        "value BLOCKED",
        unexplained,
        "not listed",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn an_allowed_value_removed_is_named() {
    let page = "linkedin-search.txt";
    let found = only_difference(
        page,
        "CURRENTOPEN_TO_RELOCATE_ONLYCURRENT_OR_OPEN_TO_RELOCATE\n",
        "CURRENTCURRENT_OR_OPEN_TO_RELOCATE\n",
    );
    let expected = [
        &format!("{page}:406"),
        "RecruiterLocationFilter.scope",
        "value OPEN_TO_RELOCATE_ONLY",
        "not listed",
        "listed",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn a_query_parameter_added_is_named() {
    let page = "users-list-relations.txt";
    let to = "filterstringoptional\nsortstringoptional\nSort order.\n";
    let found = only_difference(page, "filterstringoptional\n", to);
    let expected = [
        &format!("{page}:17"),
        "GET /users/relations query sort",
        "parameter",
        "string optional",
        "absent",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn a_limit_changed_is_named() {
    let page = "users-list-relations.txt";
    let found = only_difference(page, "Between 1 and 1000.", "Between 1 and 500.");
    let expected = [
        &format!("{page}:18"),
        "GET /users/relations query limit",
        "maximum",
        "500",
        "1000",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn an_error_type_added_under_a_status_is_named() {
    let page = "users-list-relations.txt";
    let anchor = "  • errors/invalid_resource_identifier";
    let to = "  • errors/account_deleted - The account was deleted.\n  • errors/invalid_resource_identifier";
    // The status line's count goes up with it, as a real page edit would.
    let count = (page, "404 Not Found2 types", "404 Not Found3 types");
    let found = only_difference_in(&edited_all(&[(page, anchor, to), count]));
    let expected = [
        &format!("{page}:122"),
        "GET /users/relations 404",
        "error errors/account_deleted",
        "listed",
        "not listed",
    ];
    assert_eq!(found, tuple(expected));
}

#[test]
fn an_example_that_no_longer_fits_the_spec_is_named() {
    let page = "users-list-relations.txt";
    let (differences, _) = report(&edited(
        page,
        "\"created_at\": 1747400000000",
        "\"created_at\": \"yesterday\"",
    ));
    let shown: Vec<String> = differences.iter().map(Fact::render).collect();
    let invalid = differences
        .iter()
        .find(|d| d.aspect == "example")
        .unwrap_or_else(|| panic!("{shown:#?}"));
    assert_eq!(invalid.location, "GET /users/relations example response");
    assert_eq!(invalid.line, 53);
    assert_eq!(
        invalid.spec_says,
        "$.items[0].created_at: \"yesterday\" is not integer"
    );
    // The spec's own copy of the example now differs from the page too.
    assert!(
        differences.iter().any(|d| d.aspect == "example copy"),
        "{shown:#?}"
    );
    assert_eq!(differences.len(), 2, "{shown:#?}");
}

#[test]
fn an_allowed_value_removed_from_a_prose_list_is_named() {
    let page = "linkedin-search.txt";
    let found = only_difference(page, "min in [0,51,101,251];", "min in [0,51,101];");
    let expected = [
        &format!("{page}:362"),
        "SalesNavigatorFortuneRange.min",
        "value 251",
        "not listed",
        "listed",
    ];
    assert_eq!(found, tuple(expected));
}
