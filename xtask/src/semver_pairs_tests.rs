//! Keeps `xtask/SEMVER_PAIRS.md` true: its `cargo xtask diff` column is
//! recomputed from the pairs on every run, and its rows obey the agreement
//! rules.

use std::path::{Path, PathBuf};

use super::{PAIRS, TABLE, xtask_breaking};
use crate::semver_table::{Row, Semver, parse, render};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join(TABLE)).expect("the table is checked in");
    parse(&text).expect("the table parses")
}

#[test]
fn the_table_has_one_row_per_pair_in_order() {
    let names: Vec<String> = table().into_iter().map(|r| r.name).collect();
    let pairs: Vec<&str> = PAIRS.iter().map(|p| p.name).collect();
    assert_eq!(
        names, pairs,
        "run `cargo xtask semver --pairs` to refresh {TABLE}"
    );
}

#[test]
fn the_xtask_diff_column_is_what_cargo_xtask_diff_says_now() {
    let root = root();
    for (row, pair) in table().iter().zip(PAIRS) {
        let breaking = xtask_breaking(&root, pair).expect("the pair applies to the spec");
        assert_eq!(
            row.xtask_breaking, breaking,
            "{}: the table says {}, `cargo xtask diff` says {}",
            pair.name, row.xtask_breaking, breaking
        );
        assert_eq!(row.edit, pair.edit, "{}: the edit's description", pair.name);
        assert_eq!(
            row.blind.as_deref(),
            pair.blind,
            "{}: the blind spot",
            pair.name
        );
    }
}

#[test]
fn every_row_obeys_the_agreement_rules() {
    for row in table() {
        match (&row.semver, row.xtask_breaking) {
            (Semver::Major(lints), false) => {
                panic!(
                    "{}: cargo-semver-checks needs a major version ({lints:?}) but `cargo xtask diff` says not breaking",
                    row.name
                )
            }
            (Semver::Pass, true) => assert!(
                row.blind.is_some(),
                "{}: only `cargo xtask diff` calls it breaking; name the lint cargo-semver-checks lacks",
                row.name
            ),
            _ => assert!(
                row.blind.is_none(),
                "{}: both tools agree, so it is no blind spot",
                row.name
            ),
        }
    }
}

#[test]
fn the_pairs_cover_the_kinds_of_change_the_rules_name() {
    let names: Vec<&str> = PAIRS.iter().map(|p| p.name).collect();
    for needed in [
        "response-field-added",
        "request-field-added",
        "request-field-made-required",
        "request-enum-value-added",
        "request-enum-value-removed",
        "response-enum-value-added",
        "response-enum-value-removed",
        "response-union-variant-added",
        "operation-removed",
        "parameter-added-optional",
        "parameter-added-required",
        "response-field-type-changed",
        "response-field-made-optional",
        "response-field-made-required",
        "request-limit-tightened",
        "request-limit-loosened",
    ] {
        assert!(names.contains(&needed), "no pair `{needed}`");
    }
}

#[test]
fn a_table_reads_back_as_rendered() {
    let rows = vec![
        Row {
            name: "a".into(),
            edit: "`A.x` added | with a pipe".into(),
            xtask_breaking: false,
            semver: Semver::Pass,
            blind: None,
        },
        Row {
            name: "b".into(),
            edit: "b".into(),
            xtask_breaking: true,
            semver: Semver::Major(vec!["enum_variant_missing".into(), "struct_missing".into()]),
            blind: None,
        },
        Row {
            name: "c".into(),
            edit: "c".into(),
            xtask_breaking: true,
            semver: Semver::Pass,
            blind: Some("no lint for X".into()),
        },
    ];
    assert_eq!(parse(&render(&rows)).expect("parses"), rows);
}
