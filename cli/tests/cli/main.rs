//! The `postpress` command's tests: the binary against loopback servers.

mod capture;
mod commands;
mod common;
mod drift_log;
mod export;
mod failures;
mod fleet;
mod fleet_ops;
mod output;
#[path = "../../../tests/it/common/pages.rs"]
mod pages;
#[path = "../../../src/limits/test_server.rs"]
mod redis_server;
mod schema;
mod vendor_nulls;
