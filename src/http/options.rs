//! Settings for one call, overriding the client's: retries and timeouts
//! ([`RequestOptions::over`] decides which apply); and what the typed
//! request cannot express yet (`extra.rs`).

use std::time::Duration;

use super::RetryPolicy;
use super::settings::Inner;

/// Per-call overrides of the client's retry policy and timeouts, given to
/// `send_with` on any request builder, or to a pager's `options`.
///
/// ```no_run
/// use std::time::Duration;
/// use postpress::{RequestOptions, RetryPolicy};
/// # async fn run(client: &postpress::Client) -> Result<(), postpress::Error> {
/// // A search that may take long, retried up to five times.
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(180))
///     .retry(RetryPolicy::default().max_attempts(5));
/// let me = client.get_own_profile().account_id("acc_1").send_with(&options).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) extra_query: Vec<(String, String)>,
    pub(crate) extra_body: Vec<(String, serde_json::Value)>,
    pub(crate) strict: bool,
}

impl RequestOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Time allowed for each attempt, headers and body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a query parameter the typed request cannot set yet (one the
    /// vendor just added). It is sent with every attempt, after the
    /// SDK's checks; a name the typed request already sends is refused
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    ///
    /// ```no_run
    /// # async fn run(client: &postpress::Client) -> Result<(), postpress::Error> {
    /// let options = postpress::RequestOptions::new().extra_query("locale", "fr");
    /// let me = client.get_own_profile().account_id("acc_1").send_with(&options).await?;
    /// # Ok(()) }
    /// ```
    pub fn extra_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_query.push((name.into(), value.into()));
        self
    }

    /// Adds a field to the JSON body that the typed body cannot hold yet.
    /// Refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// for an operation without a JSON object body, or a field the typed
    /// body already sends.
    pub fn extra_body_field(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.extra_body.push((name.into(), value));
        self
    }

    /// Strict decoding for this call: a response that departs from the spec
    /// anywhere is an [`Error::Decode`](crate::Error::Decode) with the path
    /// of the first departure and the whole body, instead of a value with
    /// [`Response::corrections`](crate::Response::corrections). The client
    /// can be strict for every call ([`ClientBuilder::strict`](crate::ClientBuilder::strict)).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Time allowed for the whole call, every attempt and wait included.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }
}

/// The settings one call runs with: its options where set, else the
/// client's.
pub(crate) struct Effective<'a> {
    pub(crate) retry: &'a RetryPolicy,
    /// Each attempt's timeout, headers and body.
    pub(crate) timeout: Duration,
    /// The whole call's, every attempt and wait included.
    pub(crate) total_timeout: Option<Duration>,
}

impl RequestOptions {
    /// These options over the client's settings.
    pub(crate) fn over<'a>(&'a self, client: &'a Inner) -> Effective<'a> {
        Effective {
            retry: self.retry.as_ref().unwrap_or(&client.retry),
            timeout: self.timeout.unwrap_or(client.timeout),
            total_timeout: self.total_timeout.or(client.total_timeout),
        }
    }
}
