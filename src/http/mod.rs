//! The request path: what happens between a request builder's `send` and
//! the value (or [`Error`](crate::Error)) it returns.
//!
//! - `send.rs`: the public `send` of each operation builder;
//! - `transport.rs`: the hooks the generated code calls, and the policy
//!   around attempts; `attempt.rs`: one attempt;
//! - `retry.rs`: the [`RetryPolicy`]; `validation.rs`: checks before sending;
//!   `options.rs`: per-call [`RequestOptions`];
//! - `body.rs`: the one bounded body reader and the one envelope parse;
//!   `response.rs`: turning an answer into a value or an error.

mod attempt;
mod body;
mod options;
mod response;
mod retry;
mod send;
mod transport;
mod validation;

pub use options::RequestOptions;
pub use response::Response;
pub use retry::RetryPolicy;
pub use validation::{CLASSIC_SEARCH_MAX_LIMIT, RELATIONS_MAX_LIMIT, SEARCH_MAX_LIMIT};
