//! `--apply`: the spec edited line by line, `pages` clean, nothing new after.

use super::super::apply::apply;
use super::super::findings::Edit;
use super::super::{peer, review};
use super::{LOG, repo, root};
use crate::pages;

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
    let inputs = [(
        "/home/maintainer/logs/drift.jsonl".to_string(),
        LOG.to_string(),
    )];
    let (spec, deviations, log) = round_trip(&inputs);
    assert!(deviations.contains("    inputs: ['drift.jsonl']\n") && !deviations.contains("/home/"));
    assert!(spec.contains(
        "        # DEVIATION (deviations: observed-linkedinuserprofile-provider-id-nullable): seen in responses.\n        provider_id:\n          type: string\n          nullable: true\n"
    ));
    assert!(spec.contains(
        "enum: [FIRST_DEGREE, SECOND_DEGREE, THIRD_DEGREE, OUT_OF_NETWORK, FOURTH_DEGREE]"
    ));
    assert!(deviations.contains(
        "- id: observed-linkedinuserprofile-provider-id-nullable\n  page: users-retrieve-profile.txt\n  aspect: nullable\n  page_says: 'not nullable'\n  spec_says: 'nullable'\n  at: 'LinkedinUserProfile.provider_id'\n"
    ));
    assert!(deviations.contains("    count: 2\n    responses: 2\n"));
    assert!(deviations.contains(
        "    first_seen: '2026-11-29T10:00:01Z'\n    last_seen: '2026-11-29T10:00:02Z'\n"
    ));
    // Exactly these lines changed, each in place; every other line is the same.
    let deviation = |id: &str| {
        format!(
            "        # DEVIATION (deviations: observed-linkedinuserprofile-{id}): seen in responses.\n"
        )
    };
    let expected = edited(
        &repo().spec,
        &[
            (
                "      required: [object, provider, provider_id, public_identifier, first_name, last_name, headline, websites]\n".to_string(),
                "      required: [object, provider, provider_id, public_identifier, first_name, last_name, websites]\n".to_string(),
            ),
            (
                "        provider_id:\n          type: string\n          description: LinkedIn member id.\n        # DEVIATION (deviations: vendor-nullable-users-retrieve-profile).\n".to_string(),
                deviation("provider-id-nullable")
                    + "        provider_id:\n          type: string\n          nullable: true\n          description: LinkedIn member id.\n        # DEVIATION (deviations: vendor-nullable-users-retrieve-profile).\n",
            ),
            (
                "        pronoun:\n          type: string\n        headline:\n".to_string(),
                "        pronoun:\n          type: string\n".to_string()
                    + &deviation("headline-optional")
                    + "        headline:\n",
            ),
            (
                "        follower_count:\n          type: integer\n          format: int64\n".to_string(),
                "        follower_count:\n          type: number\n          format: double\n".to_string(),
            ),
            (
                "        network_distance:\n          type: string\n          description: Degree of connection from the linked account.\n          enum: [FIRST_DEGREE, SECOND_DEGREE, THIRD_DEGREE, OUT_OF_NETWORK]\n".to_string(),
                deviation("network-distance-values")
                    + "        network_distance:\n          type: string\n          description: Degree of connection from the linked account.\n          enum: [FIRST_DEGREE, SECOND_DEGREE, THIRD_DEGREE, OUT_OF_NETWORK, FOURTH_DEGREE]\n"
                    + &deviation("pronoun-list-field")
                    + "        pronoun_list:\n          type: array\n          items: {}\n          description: Not on the reference pages; seen in responses (cargo xtask drift).\n",
            ),
        ],
    );
    let (got, want): (Vec<&str>, Vec<&str>) = (spec.lines().collect(), expected.lines().collect());
    for (number, (got, want)) in got.iter().zip(&want).enumerate() {
        assert_eq!(got, want, "line {}; log: {log:#?}", number + 1);
    }
    assert_eq!(got.len(), want.len(), "line count; log: {log:#?}");
    // The unknown variant needs a person: it stays in the table.
    assert!(
        log.iter()
            .all(|l| l.starts_with("applied:") || l.starts_with("the spec now follows")),
        "{log:#?}"
    );
}

/// `text` with each `(old, new)` replaced; each `old` must occur exactly once.
fn edited(text: &str, edits: &[(String, String)]) -> String {
    edits.iter().fold(text.to_string(), |text, (old, new)| {
        assert_eq!(text.matches(old.as_str()).count(), 1, "{old}");
        text.replace(old.as_str(), new)
    })
}

#[test]
fn apply_on_har_captures_keeps_pages_clean_and_regenerates() {
    let captures = peer::captures(&root()).unwrap();
    let (spec, _, _) = round_trip(&captures);
    // The edited spec still generates the client (what `cargo xtask regen` runs).
    crate::codegen::generate_all(crate::codegen::SPEC_PATH, &spec).unwrap();
}

#[test]
fn a_wrapped_required_list_keeps_its_breaks() {
    use super::super::yaml_edit::Yaml;
    let text = "components:\n  schemas:\n    T:\n      type: object\n      required: [a, b,\n        c, d]\n      properties:\n        a:\n          type: string\n";
    let path = super::super::yaml_edit::type_path("T").unwrap();
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
