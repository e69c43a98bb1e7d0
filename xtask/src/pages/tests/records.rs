//! The deviations file against the pages and the spec (stale entries,
//! citations), and `--since` over edited pages.

use super::{committed, edited, edited_all, report};
use crate::pages::{Spec, check, since};

#[test]
fn a_deviation_the_page_no_longer_makes_is_stale() {
    let page = "users-list-relations.txt";
    let (differences, stale) = report(&edited(
        page,
        "created_atnumberrequired",
        "created_atintegerrequired",
    ));
    assert!(differences.is_empty());
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert!(
        stale[0].contains("UserRelation.created_at (type)"),
        "{}",
        stale[0]
    );
}

#[test]
fn since_maps_each_page_change_to_its_spec_location() {
    let (spec, old, _) = committed();
    let spec = Spec::parse(&spec).expect("spec");
    let new = edited_all(&[
        (
            "users-retrieve-profile.txt",
            "PENDINGIGNOREDWITHDRAWN\n",
            "PENDINGWITHDRAWN\n",
        ),
        (
            "users-list-relations.txt",
            "created_atnumberrequired",
            "created_atintegerrequired",
        ),
    ]);
    let changes = since::changes(&spec, &old, &new);
    let shown: Vec<String> = changes.iter().map(since::Change::render).collect();
    assert_eq!(changes.len(), 2, "{shown:#?}");
    let removed = &changes[1];
    assert_eq!(
        (removed.location.as_str(), removed.aspect.as_str()),
        ("LinkedinInvitation.status", "value IGNORED")
    );
    assert_eq!(
        (removed.was.as_deref(), removed.now.as_deref()),
        (Some("listed"), Some("not listed"))
    );
    assert!(!removed.spec_follows, "the spec still lists IGNORED");
    let typed = &changes[0];
    assert_eq!(
        (typed.location.as_str(), typed.aspect.as_str()),
        ("UserRelation.created_at", "type")
    );
    assert!(typed.spec_follows, "the spec already says integer");
}

#[test]
fn a_spec_comment_citing_no_entry_is_reported() {
    let (spec, pages, deviations) = committed();
    let spec =
        format!("{spec}\n# DEVIATION (deviations: no-such-entry): a comment pointing nowhere\n");
    let report = check(&spec, &pages, &deviations).expect("check");
    assert_eq!(report.stale.len(), 1, "{:#?}", report.stale);
    assert!(
        report.stale[0].contains("`no-such-entry`"),
        "{}",
        report.stale[0]
    );
}

#[test]
fn a_prose_entry_whose_spec_location_is_gone_is_stale() {
    let (spec, pages, deviations) = committed();
    let gone = "- id: prose-gone\n  page: linkedin-search.txt\n  aspect: prose\n  page_says: 'x'\n  spec_says: 'y'\n  at: 'PeopleSearchPosition.no_such_field'\n  evidence: 'e'\n";
    let report = check(&spec, &pages, &format!("{deviations}{gone}")).expect("check");
    assert_eq!(report.stale.len(), 1, "{:#?}", report.stale);
    assert!(
        report.stale[0].contains("PeopleSearchPosition.no_such_field"),
        "{}",
        report.stale[0]
    );
}
