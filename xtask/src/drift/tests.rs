//! `cargo xtask drift` on the repository's spec, pages and deviations.

use std::path::{Path, PathBuf};

use super::apply::apply;
use super::findings::Edit;
use super::observation::{Kind, read_log};
use super::{peer, review};
use crate::pages;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

struct Repo {
    spec: String,
    pages: Vec<(String, String)>,
    deviations: String,
}

fn repo() -> Repo {
    let root = root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    Repo {
        spec: read(crate::codegen::SPEC_PATH),
        pages: pages::read_pages(&root.join(pages::PAGES_DIR)).unwrap(),
        deviations: read(pages::DEVIATIONS_FILE),
    }
}

const LOG: &str = r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.first_name","path":"first_name","kind":"null_required","expected":"string","seen":"null","value":null,"time":"2026-11-29T10:00:02Z","response":"r1"}
{"operation":"get_user","status":200,"location":"LinkedinUserProfile.first_name","path":"first_name","kind":"null_required","expected":"string","seen":"null","value":null,"time":"2026-11-29T10:00:01Z","response":"r2"}
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
            "LinkedinUserProfile.first_name",
            "LinkedinUserProfile.follower_count",
            "LinkedinUserProfile.headline",
            "LinkedinUserProfile.network_distance",
            "LinkedinUserProfile.pronoun_list",
            "UserProfile",
        ]
    );
    let first_name = &review.findings[0];
    assert_eq!(first_name.count, 2);
    assert_eq!(first_name.responses.len(), 2);
    assert_eq!(first_name.kinds.get(&Kind::NullRequired), Some(&2));
    assert_eq!(first_name.first_seen, "2026-11-29T10:00:01Z");
    assert_eq!(first_name.last_seen, "2026-11-29T10:00:02Z");
    let edits: Vec<&Vec<Edit>> = review.findings.iter().map(|f| &f.edits).collect();
    assert_eq!(edits[0], &vec![Edit::Nullable]);
    assert_eq!(edits[1], &vec![Edit::Widen]);
    assert_eq!(edits[2], &vec![Edit::Optional]);
    assert_eq!(
        edits[3],
        &vec![Edit::AddValues(vec!["FOURTH_DEGREE".to_string()])]
    );
    assert_eq!(
        edits[4],
        &vec![Edit::AddField(["array".to_string()].into())]
    );
    assert!(matches!(edits[5].as_slice(), [Edit::Review(why)] if why.contains("MASTODON")));
    // The table names the page line each location was transcribed from.
    let row = review
        .table
        .lines()
        .find(|l| l.contains("`LinkedinUserProfile.first_name`"));
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

/// Applies a review, then checks: `pages` is clean, the spec still parses,
/// and the same input reports nothing new.
fn round_trip(inputs: &[(String, String)]) -> (String, String, Vec<String>) {
    let repo = repo();
    let first = review(&repo.spec, &repo.pages, inputs).unwrap().unwrap();
    assert!(!first.findings.is_empty());
    let applied = apply(&repo.spec, &repo.deviations, &repo.pages, &first.findings).unwrap();
    let report = pages::check(&applied.spec, &repo.pages, &applied.deviations).unwrap();
    let unrecorded: Vec<String> = report.unrecorded.iter().map(|f| f.render()).collect();
    assert_eq!(
        (unrecorded, report.stale),
        (vec![], vec![]),
        "{:#?}",
        applied.log
    );
    crate::model::parse(&applied.spec).unwrap();
    let again = review(&applied.spec, &repo.pages, inputs).unwrap().unwrap();
    let left: Vec<(&str, &Vec<Edit>)> = again
        .findings
        .iter()
        .map(|f| (f.location.as_str(), &f.edits))
        .collect();
    assert!(
        left.iter()
            .all(|(_, edits)| edits.iter().all(|e| matches!(e, Edit::Review(_)))),
        "after --apply, only what needs a person is left: {left:?}"
    );
    (applied.spec, applied.deviations, applied.log)
}

#[test]
fn apply_on_a_drift_log_keeps_pages_clean_and_the_log_reports_nothing_new() {
    let inputs = [("drift.jsonl".to_string(), LOG.to_string())];
    let (spec, deviations, log) = round_trip(&inputs);
    assert!(spec.contains(
        "        # DEVIATION (deviations: observed-linkedinuserprofile-first-name-nullable): seen in responses.\n        first_name:\n          type: string\n          nullable: true\n"
    ));
    assert!(spec.contains(
        "enum: [FIRST_DEGREE, SECOND_DEGREE, THIRD_DEGREE, OUT_OF_NETWORK, FOURTH_DEGREE]"
    ));
    assert!(deviations.contains(
        "- id: observed-linkedinuserprofile-first-name-nullable\n  page: users-retrieve-profile.txt\n  aspect: nullable\n  page_says: 'not nullable'\n  spec_says: 'nullable'\n  at: 'LinkedinUserProfile.first_name'\n"
    ));
    assert!(deviations.contains("    count: 2\n    responses: 2\n"));
    assert!(deviations.contains(
        "    first_seen: '2026-11-29T10:00:01Z'\n    last_seen: '2026-11-29T10:00:02Z'\n"
    ));
    // Only the edited lines changed: the rest of the file is byte for byte the same.
    let before = repo().spec;
    let removed = before
        .lines()
        .filter(|l| !spec.lines().any(|n| n == *l))
        .count();
    assert!(
        removed <= 4,
        "{removed} lines changed or removed; log: {log:#?}"
    );
    // The unknown variant needs a person: it stays in the table.
    assert!(
        log.iter()
            .all(|l| l.starts_with("applied:") || l.starts_with("the spec now follows")),
        "{log:#?}"
    );
}

#[test]
fn apply_on_har_captures_keeps_pages_clean_and_regenerates() {
    let captures = peer::captures(&root()).unwrap();
    let (spec, _, _) = round_trip(&captures);
    // The edited spec still generates the client (what `cargo xtask regen` runs).
    crate::codegen::generate_all(crate::codegen::SPEC_PATH, &spec).unwrap();
}

#[test]
fn har_paths_become_json_pointers() {
    assert_eq!(
        peer::pointer("work_experience[0].skills"),
        "/work_experience/0/skills"
    );
    assert_eq!(peer::pointer("items[3]"), "/items/3");
    assert_eq!(peer::pointer(""), "");
}

#[test]
fn a_wrapped_required_list_keeps_its_breaks() {
    use super::yaml_edit::Yaml;
    let text = "components:\n  schemas:\n    T:\n      type: object\n      required: [a, b,\n        c, d]\n      properties:\n        a:\n          type: string\n";
    let path = super::yaml_edit::type_path("T").unwrap();
    let cases = [
        ("a", "      required: [b,\n        c, d]\n"),
        ("b", "      required: [a,\n        c, d]\n"),
        ("c", "      required: [a, b,\n        d]\n"),
        ("d", "      required: [a, b,\n        c]\n"),
    ];
    for (field, expected) in cases {
        let mut yaml = Yaml::new(text);
        yaml.make_optional(&path, field).unwrap();
        assert!(yaml.text().contains(expected), "{field}: {}", yaml.text());
    }
    let mut yaml = Yaml::new(&text.replace("[a, b,\n        c, d]", "[a]"));
    yaml.make_optional(&path, "a").unwrap();
    assert!(!yaml.text().contains("required"), "{}", yaml.text());
}

#[test]
fn har_exchanges_that_cannot_be_checked_are_noted_and_a_cut_capture_is_unreadable() {
    let repo = repo();
    let (_, text) = peer::captures(&root()).unwrap().remove(0);
    let mut har: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = har["log"]["entries"].as_array_mut().unwrap();
    entries.truncate(2);
    entries[0]["request"]["url"] = "https://api.postpress.ai/api/v1/nowhere".into();
    entries[1]["response"]["content"]["text"] = "<html>proxy error</html>".into();
    let har = serde_json::to_string_pretty(&har).unwrap();
    let inputs = [("c.har".to_string(), har.clone())];
    let checked = review(&repo.spec, &repo.pages, &inputs).unwrap().unwrap();
    assert_eq!(
        checked.notes,
        [
            "c.har entry 1: GET https://api.postpress.ai/api/v1/nowhere (200): no operation of the spec has this method and path",
            "c.har entry 2: GET https://api.postpress.ai/api/v1/users/someone-else?account_id=acc_1 (200): the response body is not JSON",
        ]
    );
    assert!(checked.findings.is_empty());
    let cut = [("c.har".to_string(), har[..har.len() / 2].to_string())];
    let error = review(&repo.spec, &repo.pages, &cut).unwrap().unwrap_err();
    assert_eq!(error.file, "c.har");
    assert!(error.line > 1, "{error}");
}

/// Every field path of a JSON value, at any depth (`a.b[0].c`).
fn paths(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                out.push(path.clone());
                paths(inner, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                paths(inner, &format!("{at}[{index}]"), out);
            }
        }
        _ => {}
    }
}

/// Each example response of the pages reports nothing; nulled, removed or
/// retyped at any one field, it reports that path and no other (a union's
/// tag retyped: the union's own path, as an unknown variant).
#[test]
fn a_one_field_departure_of_any_example_is_reported_at_its_path_only() {
    let repo = repo();
    let spec = crate::pages::Spec::parse(&repo.spec).unwrap();
    let (mut checked, mut reported) = (0, 0);
    for operation in [
        "get_user",
        "get_own_profile",
        "list_relations",
        "linkedin_search",
        "linkedin_user_action",
    ] {
        let file = root().join(format!("tests/fixtures/{operation}.example_response.json"));
        let example: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let template = spec.document["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find_map(|(_, item)| {
                item.as_object()?
                    .values()
                    .find(|op| op["operationId"] == operation)
            })
            .unwrap();
        let schema = &template["responses"]["200"]["content"]["application/json"]["schema"];
        let walk = |body: &serde_json::Value| {
            let mut walker = super::walk::Walker::new(&spec.document, operation, 200);
            walker.body(schema, &format!("{operation}.200"), body);
            walker.found
        };
        assert_eq!(walk(&example), [], "{operation}: the example itself");
        let mut all = Vec::new();
        paths(&example, "", &mut all);
        for path in all {
            let pointer = peer::pointer(&path);
            for departure in ["null", "remove", "retype"] {
                let mut body = example.clone();
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                let slot = body.pointer_mut(parent).unwrap().as_object_mut().unwrap();
                match departure {
                    "null" => drop(slot.insert(key.to_string(), serde_json::Value::Null)),
                    "remove" => drop(slot.remove(key)),
                    _ => {
                        let other = match slot[key] {
                            serde_json::Value::Bool(_) => serde_json::json!([1]),
                            _ => serde_json::json!(true),
                        };
                        slot.insert(key.to_string(), other);
                    }
                }
                checked += 1;
                let found = walk(&body);
                reported += usize::from(!found.is_empty());
                let parent_path = path.rsplit_once('.').map_or("", |(p, _)| p);
                for o in &found {
                    let at_union = o.kind == Kind::UnknownVariant && o.path == parent_path;
                    assert!(
                        o.path == path || at_union,
                        "{operation} {departure} {path}: {o:?}"
                    );
                }
                // `SearchConfig.params` is a free-form object: its fields have no type.
                let typed = !path.starts_with("config.params.");
                if departure == "retype" && typed {
                    assert!(!found.is_empty(), "{operation} retype {path}: not reported");
                }
            }
        }
    }
    // Not every null or removal departs (optional or nullable fields), but most do.
    assert!(reported * 2 > checked, "{reported} of {checked}");
}
