//! `cargo xtask drift` on the repository's spec, pages and deviations:
//! reading logs and grouping here, `--apply` in `apply.rs`, HAR captures
//! and the walker in `har.rs`.

mod apply;
mod har;
mod walk;

use std::path::{Path, PathBuf};

use super::findings::Edit;
use super::observation::{Kind, read_log};
use super::review;
use crate::pages;

pub(super) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub(super) struct Repo {
    pub(super) spec: String,
    pub(super) pages: Vec<(String, String)>,
    pub(super) deviations: String,
}

pub(super) fn repo() -> Repo {
    let root = root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    Repo {
        spec: read(crate::codegen::SPEC_PATH),
        pages: pages::read_pages(&root.join(pages::PAGES_DIR)).unwrap(),
        deviations: read(pages::DEVIATIONS_FILE),
    }
}

pub(super) const LOG: &str = r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.provider_id","path":"provider_id","kind":"null_required","expected":"string","seen":"null","value":null,"time":"2026-11-29T10:00:02Z","response":"r1"}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.provider_id","path":"provider_id","kind":"null_required","expected":"string","seen":"null","value":null,"time":"2026-11-29T10:00:01Z","response":"r2"}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.headline","path":"headline","kind":"missing_required","expected":"string","seen":"absent","value":null,"response":"r2"}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.network_distance","path":"network_distance","kind":"unknown_enum_value","expected":"string","seen":"string","value":"FOURTH_DEGREE","response":"r1"}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.follower_count","path":"follower_count","kind":"wrong_type","expected":"integer","seen":"number","value":null}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.pronoun_list","path":"pronoun_list","kind":"unknown_field","expected":"absent","seen":"array","value":null}
{"operation":"get_user","status":200,"location":"UserProfile","path":"","kind":"unknown_variant","expected":"UserProfile","seen":"object","value":"MASTODON"}
"#;

#[test]
fn a_bad_line_is_named_with_its_file_and_line() {
    let text = format!("{}\n{{\"operation\": 1}}\n", LOG.lines().next().unwrap());
    let error = read_log("drift.jsonl", &text).unwrap_err();
    assert_eq!((error.file.as_str(), error.line), ("drift.jsonl", 2));
    assert_eq!(
        error.to_string(),
        "drift.jsonl:2: not an observation: a field has the wrong JSON type"
    );
    let error = read_log("d.jsonl", "\n\nnot json\n").unwrap_err();
    assert!(
        error.to_string().starts_with("d.jsonl:3: not JSON"),
        "{error}"
    );
}

#[test]
fn a_line_carrying_a_field_value_is_refused_without_printing_it() {
    let line = LOG
        .lines()
        .next()
        .unwrap()
        .replace(r#""value":null"#, r#""value":"Ada""#);
    let error = read_log("d.jsonl", &line).unwrap_err().to_string();
    assert_eq!(
        error,
        "d.jsonl:1: a null_required observation carries a value; only unknown_enum_value and unknown_variant may"
    );
    let typed = LOG
        .lines()
        .next()
        .unwrap()
        .replace(r#""seen":"null""#, r#""seen":"Ada""#);
    let error = read_log("d.jsonl", &typed).unwrap_err().to_string();
    assert!(!error.contains("Ada"), "{error}");
}

#[test]
fn unreadable_input_exits_2_and_findings_exit_1() {
    let dir = root().join("target/drift-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{}\n").unwrap();
    let code = super::run(&root(), &[bad.to_str().unwrap()]);
    assert_eq!(code, std::process::ExitCode::from(2));
    let good = dir.join("good.jsonl");
    std::fs::write(&good, LOG).unwrap();
    assert_eq!(
        super::run(&root(), &[good.to_str().unwrap()]),
        std::process::ExitCode::from(1)
    );
    assert_eq!(super::run(&root(), &[]), std::process::ExitCode::from(2));
}

#[test]
fn observations_are_grouped_by_location_with_counts_times_and_an_edit() {
    let repo = repo();
    let inputs = [("drift.jsonl".to_string(), LOG.to_string())];
    let review = review(&repo.spec, &repo.pages, &inputs).unwrap().unwrap();
    let locations: Vec<&str> = review
        .findings
        .iter()
        .map(|f| f.location.as_str())
        .collect();
    assert_eq!(
        locations,
        [
            "LinkedinUserProfile.follower_count",
            "LinkedinUserProfile.headline",
            "LinkedinUserProfile.network_distance",
            "LinkedinUserProfile.pronoun_list",
            "LinkedinUserProfile.provider_id",
            "UserProfile",
        ]
    );
    let provider_id = &review.findings[4];
    assert_eq!(provider_id.count, 2);
    assert_eq!(provider_id.responses.len(), 2);
    assert_eq!(provider_id.kinds.get(&Kind::NullRequired), Some(&2));
    assert_eq!(provider_id.first_seen, "2026-11-29T10:00:01Z");
    assert_eq!(provider_id.last_seen, "2026-11-29T10:00:02Z");
    let edits: Vec<&Vec<Edit>> = review.findings.iter().map(|f| &f.edits).collect();
    assert_eq!(edits[0], &vec![Edit::Widen]);
    assert_eq!(edits[1], &vec![Edit::Optional]);
    assert_eq!(
        edits[2],
        &vec![Edit::AddValues(vec!["FOURTH_DEGREE".to_string()])]
    );
    assert_eq!(
        edits[3],
        &vec![Edit::AddField(["array".to_string()].into())]
    );
    assert_eq!(edits[4], &vec![Edit::Nullable]);
    assert!(matches!(edits[5].as_slice(), [Edit::Review(why)] if why.contains("MASTODON")));
    // The table names the page line each location was transcribed from.
    let row = review
        .table
        .lines()
        .find(|l| l.contains("`LinkedinUserProfile.provider_id`"));
    let row = row.unwrap();
    assert!(
        row.contains("| string, required | users-retrieve-profile.txt:"),
        "{row}"
    );
    assert!(
        row.contains("null_required ×2 in 2 response(s) of get_user 200"),
        "{row}"
    );
    assert!(row.ends_with("| make nullable |"), "{row}");
}

#[test]
fn a_wrong_type_other_than_a_fraction_is_left_to_a_person() {
    let line = LOG
        .lines()
        .nth(4)
        .unwrap()
        .replace(r#""seen":"number""#, r#""seen":"string""#);
    let repo = repo();
    let review = review(&repo.spec, &repo.pages, &[("d".to_string(), line)])
        .unwrap()
        .unwrap();
    assert_eq!(
        review.findings[0].edits,
        [Edit::Review(
            "the API sent string where the spec has integer".to_string()
        )]
    );
}

/// Lines exactly as the SDK's observation hook writes them (its own tests'
/// expectations): the root path is `.`, an enum's `expected` its Rust name.
#[test]
fn the_sdk_hook_lines_read_group_and_apply() {
    let lines = [
        r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.provider_id","path":"provider_id","kind":"null_required","expected":"string","seen":"null","value":null}"#,
        r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.headline","path":"headline","kind":"wrong_type","expected":"string","seen":"array","value":null}"#,
        r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.network_distance","path":"network_distance","kind":"unknown_enum_value","expected":"LinkedinUserProfileNetworkDistance","seen":"string","value":"FOURTH_DEGREE"}"#,
        r#"{"operation":"get_user","status":200,"location":"UserProfile","path":".","kind":"unknown_variant","expected":"UserProfile","seen":"object","value":"MASTODON"}"#,
        r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.a_new_field","path":"a_new_field","kind":"unknown_field","expected":"absent","seen":"object","value":null}"#,
    ];
    let repo = repo();
    let inputs = [("hook.jsonl".to_string(), lines.join("\n"))];
    let checked = review(&repo.spec, &repo.pages, &inputs).unwrap().unwrap();
    let edits: Vec<(&str, &[Edit])> = checked
        .findings
        .iter()
        .map(|f| (f.location.as_str(), f.edits.as_slice()))
        .collect();
    assert_eq!(
        edits[0],
        (
            "LinkedinUserProfile.a_new_field",
            &[Edit::AddField(["object".to_string()].into())][..]
        )
    );
    assert!(matches!(
        edits[1],
        ("LinkedinUserProfile.headline", [Edit::Review(_)])
    ));
    assert_eq!(
        edits[2].1,
        &[Edit::AddValues(vec!["FOURTH_DEGREE".to_string()])][..]
    );
    assert_eq!(
        edits[3],
        ("LinkedinUserProfile.provider_id", &[Edit::Nullable][..])
    );
    assert!(matches!(edits[4], ("UserProfile", [Edit::Review(_)])));
    let applied =
        super::apply::apply(&repo.spec, &repo.deviations, &repo.pages, &checked.findings).unwrap();
    assert!(
        applied
            .spec
            .contains("        a_new_field:\n          type: object\n"),
        "{:#?}",
        applied.log
    );
    let report = pages::check(&applied.spec, &repo.pages, &applied.deviations).unwrap();
    assert!(
        report.unrecorded.is_empty() && report.stale.is_empty(),
        "{:#?}",
        applied.log
    );
}
