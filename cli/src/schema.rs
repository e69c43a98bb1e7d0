//! `postpress schema BODY`: the JSON Schema (draft 7) of a request body, to
//! validate body files before sending them.

use std::io::Write;

use clap::ValueEnum;
use postpress::types;

use crate::Failure;

/// A request body the CLI reads from a file.
#[derive(Clone, Copy, ValueEnum)]
pub enum Body {
    /// `linkedin search --body`.
    LinkedinSearch,
    /// `linkedin user-action --body`.
    LinkedinUserAction,
}

/// Prints the body's schema, pretty JSON, on stdout.
pub fn print(body: Body) -> Result<(), Failure> {
    let schema = match body {
        Body::LinkedinSearch => schemars::schema_for!(types::LinkedinSearchRequest),
        Body::LinkedinUserAction => schemars::schema_for!(types::LinkedinUserActionRequest),
    };
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &schema)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(stdout))
        .map_err(Failure::Output)
}
