//! The integration tests, one binary (one link of the crate) with a module
//! per area. Every test talks to loopback servers only: httpmock, scripted
//! TCP servers, Prism (`contract_prism`, run by `cargo xtask contract`) and a
//! real `redis-server` (`fleet`).

mod common;

mod client;
mod contract_prism;
mod corrections_property;
mod decode_never_panics;
mod departures;
mod dependent;
mod errors;
mod examples;
mod faults;
mod fleet;
mod forward_compat;
mod generated_code;
#[cfg(feature = "mock")]
mod mock;
#[cfg(feature = "mock")]
mod mock_failures;
mod observations;
mod pagination;
mod rate_limit;
mod required_values;
#[cfg(feature = "schemars")]
mod schema;
mod search_shapes;
mod secrets;
mod union_entries;
mod validation;
mod variants;
mod vendor_nullable;
