//! `xtask/SEMVER_PAIRS.md`: one row per spec-edit pair with both verdicts,
//! rendered by `cargo xtask semver --pairs` and read back by the test that
//! keeps it true.

use std::fmt::Write;

/// cargo-semver-checks' verdict with `--release-type minor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Semver {
    /// A minor release is enough.
    Pass,
    /// The lints that need a major version.
    Major(Vec<String>),
}

impl Semver {
    pub fn cell(&self) -> String {
        match self {
            Semver::Pass => "pass".to_string(),
            Semver::Major(lints) => {
                let lints: Vec<String> = lints.iter().map(|l| format!("`{l}`")).collect();
                format!("major: {}", lints.join(", "))
            }
        }
    }

    fn from_cell(cell: &str) -> Result<Semver, String> {
        if cell == "pass" {
            return Ok(Semver::Pass);
        }
        let lints = cell
            .strip_prefix("major: ")
            .ok_or_else(|| format!("`{cell}` is neither `pass` nor `major: LINTS`"))?;
        Ok(Semver::Major(
            lints
                .split(", ")
                .map(|l| l.trim_matches('`').to_string())
                .collect(),
        ))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub edit: String,
    pub xtask_breaking: bool,
    pub semver: Semver,
    /// The lint cargo-semver-checks lacks, where only our rule sees the break.
    pub blind: Option<String>,
}

const HEADER: &str = "| pair | spec edit | `cargo xtask diff` | cargo-semver-checks | agreement |\n\
                      | --- | --- | --- | --- | --- |\n";

const INTRO: &str = "# Spec edits: `cargo xtask diff` against cargo-semver-checks

Each row is one edit of `openapi/postpress.yaml` (`xtask/src/semver_pairs.rs`), judged by
`cargo xtask diff` and by cargo-semver-checks on the generated crate built before and after
(`--release-type minor`: `pass` means a minor release is enough). `cargo test -p xtask` keeps
the `cargo xtask diff` column and the agreement rules true; the cargo-semver-checks column is
refreshed with `cargo xtask semver --pairs` (CONTRIBUTING.md, \"Updating the spec\"). Rules: a pair
that needs a major version is breaking in `cargo xtask diff`; a pair it calls not breaking
passes; where only `cargo xtask diff` sees the break, the row names the lint
cargo-semver-checks lacks.

";

pub fn render(rows: &[Row]) -> String {
    let mut out = format!("{INTRO}{HEADER}");
    for row in rows {
        let xtask = if row.xtask_breaking {
            "breaking"
        } else {
            "not breaking"
        };
        let agreement = match &row.blind {
            Some(lint) => format!("semver-checks blind: {lint}"),
            None => "agree".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {xtask} | {} | {agreement} |",
            row.name,
            row.edit.replace('|', "\\|"),
            row.semver.cell()
        );
    }
    out
}

pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let table = text
        .split_once(HEADER)
        .map(|(_, table)| table)
        .ok_or("the table header is missing")?;
    let mut rows = Vec::new();
    for line in table.lines().take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [name, edit, xtask, semver, agreement] = cells.as_slice() else {
            return Err(format!("a row needs 5 cells: {line}"));
        };
        let xtask_breaking = match *xtask {
            "breaking" => true,
            "not breaking" => false,
            other => return Err(format!("{name}: unknown xtask verdict `{other}`")),
        };
        let blind = match agreement.strip_prefix("semver-checks blind: ") {
            Some(lint) => Some(lint.to_string()),
            None if *agreement == "agree" => None,
            None => return Err(format!("{name}: unknown agreement `{agreement}`")),
        };
        rows.push(Row {
            name: name.to_string(),
            edit: edit.replace("\\|", "|"),
            xtask_breaking,
            semver: Semver::from_cell(semver).map_err(|e| format!("{name}: {e}"))?,
            blind,
        });
    }
    Ok(rows)
}
