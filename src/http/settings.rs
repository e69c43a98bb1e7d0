//! The per-client settings the generated `Client` carries (progenitor's
//! "inner type"), kept here so the request path reads them without
//! importing `client`, which builds them.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::RetryPolicy;
use crate::limits::Limiter;
use crate::secrets::SecretString;

/// The per-client settings the generated code carries along; built only by
/// [`ClientBuilder::build`](crate::ClientBuilder::build).
#[derive(Clone)]
pub(crate) struct Inner {
    /// Checked at build time to make a valid header.
    pub(crate) api_key: SecretString,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Option<Limiter>,
    pub(crate) max_response_bytes: usize,
    /// The base URL's path without a trailing `/` (`/api/v1`), taken from
    /// the URL parsed at build time, for the path-shape check.
    pub(crate) base_path: String,
    /// Strictness and observations of response decoding.
    pub(crate) decoding: crate::decode::Settings,
    /// Whether spans record the account id and the path's identifiers.
    pub(crate) trace_identifiers: bool,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("api_key", &self.api_key)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("decoding", &self.decoding)
            .field("trace_identifiers", &self.trace_identifiers)
            .finish()
    }
}
