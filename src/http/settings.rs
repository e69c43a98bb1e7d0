//! The per-client settings the generated `Client` carries (progenitor's
//! "inner type"), kept here so the request path reads them without
//! importing `client`, which builds them.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::RetryPolicy;
use crate::limits::Limiter;

/// The header the API key travels in.
pub(crate) const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

/// The per-client settings the generated code carries along; built only by
/// [`ClientBuilder::build`](crate::ClientBuilder::build).
#[derive(Clone)]
pub(crate) struct Inner {
    pub(crate) api_key: HeaderValue,
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
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("api_key", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("decoding", &self.decoding)
            .finish()
    }
}
