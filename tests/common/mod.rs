//! Helpers for the two CLI test binaries (`tests/cli.rs`, `tests/cli_output.rs`):
//! the integration tests' request matcher and fixtures (`tests/it/common/`),
//! and running the binary. Each of the two uses a different part, so the
//! `allow`s are scoped to the modules they share; these binaries move to the
//! CLI package (issue 13).

#[allow(dead_code)] // `tokens` is for `cli_output` only
pub mod cli;
#[path = "../it/common/fixtures.rs"]
mod fixtures;
#[allow(dead_code)] // `envelope` is for `cli` only
#[path = "../it/common/request.rs"]
mod request;

pub use fixtures::{fixture, fixture_json};
pub use request::*;
