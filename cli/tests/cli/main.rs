//! The `postpress` command's tests: the binary against loopback servers.

mod commands;
mod common;
mod export;
mod failures;
mod fleet;
mod output;
#[path = "../../../tests/it/common/pages.rs"]
mod pages;
#[path = "../../../src/limits/test_server.rs"]
mod redis_server;
mod schema;
