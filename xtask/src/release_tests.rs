//! Tests of `release.rs`.

use super::*;

fn change(breaking: bool, subject: &str, what: &str) -> Change {
    Change {
        breaking,
        subject: subject.to_string(),
        what: what.to_string(),
    }
}

#[test]
fn the_version_follows_the_verdicts() {
    assert_eq!(next_version("0.1.0", true, true).unwrap(), "0.2.0");
    assert_eq!(next_version("0.1.3", false, true).unwrap(), "0.1.4");
    assert_eq!(next_version("1.2.3", true, false).unwrap(), "2.0.0");
    assert_eq!(next_version("1.2.3", false, true).unwrap(), "1.3.0");
    assert_eq!(next_version("1.2.3", false, false).unwrap(), "1.2.4");
    assert!(next_version("1.2", false, false).is_err());
    assert!(next_version("1.2.3-rc.1", false, false).is_err());
}

#[test]
fn the_entry_names_each_change_breaking_first() {
    let release = Release {
        base: "3cd2cc7".into(),
        from: "0.1.0".into(),
        to: "0.2.0".into(),
        date: "2026-11-30".into(),
        changes: vec![
            change(
                false,
                "type `UserRelation` field `nickname`",
                "added (optional, response)",
            ),
            change(
                true,
                "operation `list_relations` query parameter `limit`",
                "maximum 1000 → 250",
            ),
        ],
        semver: Some(Semver::Major(vec!["struct_missing".into()])),
        breaking: vec!["`types::builder` needs the `builders` feature".into()],
        notes: "### Changed\n\n- TLS uses ring.\n\n".into(),
    };
    assert_eq!(
        entry(&release),
        "## 0.2.0 (2026-11-30)\n\n\
         From 0.1.0 (changes since `3cd2cc7`). Spec: 1 breaking change(s), 1 other; \
         cargo-semver-checks: breaking (struct_missing); 1 handwritten breaking change(s).\n\n\
         ### Breaking\n\n\
         - `types::builder` needs the `builders` feature\n\
         - operation `list_relations` query parameter `limit`: maximum 1000 → 250\n\n\
         ### Not breaking\n\n\
         - type `UserRelation` field `nickname`: added (optional, response)\n\n\
         ### Changed\n\n\
         - TLS uses ring.\n\n"
    );
}

#[test]
fn writes_the_version_and_keeps_older_entries_below_the_new_one() {
    let manifest = "[workspace.dependencies]\nx = { version = \"0.1.0\" }\n\n[package]\nname = \"postpress\"\nversion = \"0.1.0\"\n";
    let bumped = set_version(manifest, "0.1.0", "0.2.0").unwrap();
    assert!(bumped.ends_with("name = \"postpress\"\nversion = \"0.2.0\"\n"));
    assert!(bumped.contains("x = { version = \"0.1.0\" }"));
    let cli = "[dependencies]\npostpress = { path = \"..\", version = \"0.1.0\", features = [\"mock\"] }\nclap = \"4\"\n";
    assert_eq!(
        set_requirement(cli, "0.1.0", "0.2.0").unwrap(),
        "[dependencies]\npostpress = { path = \"..\", version = \"0.2.0\", features = [\"mock\"] }\nclap = \"4\"\n"
    );
    assert_eq!(
        set_doc_requirement(
            "[dev-dependencies] postpress = { version = \"0.1\", features = [\"mock\"] }\npostpress = { path = \"..\" }",
            "0.1.4",
            "0.2.0"
        ),
        "[dev-dependencies] postpress = { version = \"0.2\", features = [\"mock\"] }\npostpress = { path = \"..\" }"
    );
    assert_eq!(
        set_doc_requirement(
            "postpress = { path = \"../..\", version = \"0.1\", features = [\"mock\"] }\nother = { version = \"0.1\" }\n",
            "0.1.4",
            "0.2.0"
        ),
        "postpress = { path = \"../..\", version = \"0.2\", features = [\"mock\"] }\nother = { version = \"0.1\" }\n"
    );
    assert_eq!(
        (requirement("0.2.0"), requirement("1.4.2")),
        ("0.2".to_string(), "1".to_string())
    );
    let first = prepend("", "## 0.2.0 (d)\n\nA.\n\n");
    let second = prepend(&first, "## 0.3.0 (e)\n\nB.\n\n");
    assert_eq!(
        second,
        format!("{CHANGELOG_HEAD}\n## 0.3.0 (e)\n\nB.\n\n## 0.2.0 (d)\n\nA.\n\n")
    );
    assert!(options(&["--since"]).is_err());
    let o = options(&[
        "--since",
        "v0.1.0",
        "--breaking",
        "why",
        "--spec-only",
        "--dry-run",
    ])
    .unwrap();
    assert_eq!(
        (o.since.as_deref(), o.breaking.len(), o.spec_only, o.dry_run),
        (Some("v0.1.0"), 1, true, true)
    );
}
