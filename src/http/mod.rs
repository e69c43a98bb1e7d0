//! The request path: what happens between a request builder's `send` and
//! the value (or [`Error`](crate::Error)) it returns.
//!
//! - `send.rs`: the public `send` of each operation builder;
//! - `transport.rs`: `pre`/`exec`, called by the generated code, and the policy
//!   around attempts; `attempt.rs`: one attempt;
//! - `settings.rs`: the per-client settings the generated `Client` carries;
//! - `retry.rs`: the [`RetryPolicy`]; `validation.rs`: checks before sending;
//!   `options.rs`: per-call [`RequestOptions`]; `call.rs`: what one call
//!   carries (its [`Operation`] from the generated table, its options, the
//!   typed request's `account_id` and `limit`);
//! - `body.rs`: the one bounded body reader and the one envelope parse;
//!   `response.rs`: turning an answer into a value or an error;
//! - `trace.rs`: the `tracing` span of each call; `extra.rs`: query
//!   parameters and body fields the spec does not have yet.

mod attempt;
mod body;
mod call;
mod extra;
mod options;
mod response;
mod retry;
mod send;
mod settings;
mod trace;
mod transport;
mod validation;

pub(crate) use call::{Call, Operation};
pub use options::RequestOptions;
pub use response::Response;
pub(crate) use response::{Decoded, finish};
pub use retry::RetryPolicy;
pub(crate) use send::send;
pub(crate) use settings::Inner;
pub(crate) use trace::call_span;
pub(crate) use transport::{exec, pre};
pub use validation::{CLASSIC_SEARCH_MAX_LIMIT, RELATIONS_MAX_LIMIT, SEARCH_MAX_LIMIT};
