//! Test helpers for your own code (feature `mock`), built on
//! [httpmock](https://docs.rs/httpmock):
//!
//! - [`MockServerExt`]: a typed mock per operation, generated from the spec
//!   by progenitor: `server.get_own_profile(|when, then| ...)`, where `when`
//!   takes the operation's own parameters and body type and `then` its
//!   response types (`ok`, `not_found`, ...).
//! - [`ExampleServer`]: a ready server answering every operation with the
//!   spec's examples (the one `postpress --mock` runs);
//!   [`ExampleServer::builder`] makes operations fail first.
//! - [`error_envelope`] and [`error_status`]: the API's error answer for an
//!   [`ErrorKind`](crate::ErrorKind), as the spec lists it; every operation's
//!   `then.error(kind)` sends it.
//!
#![doc = include_str!("../docs/mock.md")]

mod failure;
mod server;
mod typed;

pub use failure::{ExampleServerBuilder, error_envelope, error_status};
/// The httpmock crate these helpers are built on, so your tests use the same
/// version (`postpress::mock::httpmock::MockServer`).
pub use httpmock;
pub use httpmock::MockServer;
pub use server::ExampleServer;
pub use typed::{MockServerExt, operations};

/// The 200 example of the operation `operation_id` (`get_own_profile`,
/// `list_relations`, ...) from the spec, decoded as `T`: a ready value for
/// [`MockServerExt`]'s `then.ok(...)`. `None` for an unknown operation id or
/// a `T` the example does not decode as.
///
/// ```
/// let me: postpress::AccountOwnerProfile = postpress::mock::example("get_own_profile").unwrap();
/// assert_eq!(me.tag(), Some("LINKEDIN"));
/// ```
pub fn example<T: serde::de::DeserializeOwned>(operation_id: &str) -> Option<T> {
    serde_json::from_str(example_text(operation_id)?).ok()
}

/// The 200 example of `operation_id` as compact JSON text, its keys in the
/// page's order (what [`ExampleServer`] sends).
pub(crate) fn example_text(operation_id: &str) -> Option<&'static str> {
    typed::EXAMPLES
        .iter()
        .find(|(operation, _)| *operation == operation_id)
        .map(|(_, text)| *text)
}
