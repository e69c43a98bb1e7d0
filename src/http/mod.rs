//! The request path: what happens between a request builder's `send` and
//! the value (or [`Error`](crate::Error)) it returns.
//!
//! - `send.rs`: the public `send` of each operation builder;
//! - `call.rs`: what one call carries (its [`Operation`] from the generated
//!   table, its options, the typed request's `account_id` and page size) and
//!   the [`Prepared`] request the generated `send_raw` hands over;
//! - `transport.rs`: the client's headers (progenitor's pre hook), the
//!   per-call checks and the loop around attempts; `attempt.rs`: one
//!   attempt, ending in one `Outcome` (`outcome.rs`);
//! - `body.rs`: the body cap; `envelope.rs`: the one error-envelope rule;
//!   `retry.rs`: the [`RetryPolicy`], `Retry-After` and the total deadline;
//! - `response.rs`: the last outcome as a value or an error;
//! - `settings.rs`: the per-client settings the generated `Client` carries;
//!   `options.rs`: per-call [`RequestOptions`] over them; `validation.rs`:
//!   checks before sending; `extra.rs`: query parameters and body fields the
//!   spec does not have yet; `trace.rs`: the `tracing` span of each call.

mod attempt;
mod body;
mod call;
mod deadline;
mod envelope;
mod extra;
mod options;
mod outcome;
mod response;
mod retry;
mod search_filters;
mod send;
mod settings;
mod trace;
mod transport;
mod validation;

pub(crate) use call::{Call, Operation, Prepared};
pub use options::RequestOptions;
pub use response::Response;
pub(crate) use response::SuccessBody;
pub use retry::RetryPolicy;
pub(crate) use send::send;
pub(crate) use settings::Inner;
pub(crate) use trace::call_span;
pub(crate) use transport::{client_headers, run};
pub use validation::{CLASSIC_SEARCH_MAX_LIMIT, RELATIONS_MAX_LIMIT, SEARCH_MAX_LIMIT};
