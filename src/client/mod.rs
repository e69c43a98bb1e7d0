//! Building a [`Client`]: API key, base URL, timeouts, user agent.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::http::{Inner, RetryPolicy};
use crate::limits::{Budget, Limits, RateLimit};
pub use crate::openapi::Client;
use crate::secrets::SecretString;
use secrecy::ExposeSecret;

/// The server every example on the reference pages uses.
pub const DEFAULT_BASE_URL: &str = "https://api.postpress.ai/api/v1";
/// Default time allowed for one request, headers and body: LinkedIn searches
/// through Sales Navigator or Recruiter can take most of a minute.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(90);
/// Default time allowed for a whole call, every attempt and wait included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);
/// Default cap on the size of a success response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

const DEFAULT_USER_AGENT: &str = concat!("postpress-rust/", env!("CARGO_PKG_VERSION"));

impl Client {
    /// Starts configuring a client.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), postpress::Error> {
    /// let client = postpress::Client::builder()
    ///     .api_key("pp_live_...")
    ///     .timeout(std::time::Duration::from_secs(30))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, e.g. `https://api.postpress.ai/api/v1`.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }
}

/// Configures a [`Client`]. Only the API key is required.
///
/// It is the only way to make a client: the generated constructors (with
/// their own 15 s timeout) and the settings type they take are private.
///
/// ```compile_fail
/// let client = postpress::Client::new("https://api.postpress.ai/api/v1", todo!());
/// ```
/// ```compile_fail
/// let client = postpress::Client::new_with_client("http://127.0.0.1:1", reqwest::Client::new(), todo!());
/// ```
/// ```compile_fail
/// fn settings(_: postpress::Inner) {}
/// ```
#[derive(Default, Clone)]
pub struct ClientBuilder {
    api_key: Option<SecretString>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    total_timeout: TotalTimeout,
    retry: Option<RetryPolicy>,
    limits: Option<Limits>,
    max_response_bytes: Option<usize>,
    allow_http: bool,
    decoding: crate::decode::Settings,
    trace_identifiers: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_http", &self.allow_http)
            .field("decoding", &self.decoding)
            .field("trace_identifiers", &self.trace_identifiers)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key from the postpress dashboard, sent as `X-API-KEY`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    /// The server URL including the version prefix (default
    /// [`DEFAULT_BASE_URL`]). Must be `https`, or `http` on a loopback host.
    /// A client for a plain `http` base URL loads no TLS certificates (it
    /// starts faster), so a redirect from it to `https` fails.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time allowed for a whole call, every attempt and retry wait included
    /// (default [`DEFAULT_TOTAL_TIMEOUT`]), as
    /// [`RequestOptions::total_timeout`](crate::RequestOptions::total_timeout)
    /// sets it for one call.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = TotalTimeout::After(timeout);
        self
    }

    /// No limit on a whole call beyond the per-attempt timeout and the
    /// retry policy.
    pub fn no_total_timeout(mut self) -> Self {
        self.total_timeout = TotalTimeout::Off;
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`];
    /// [`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Limits the pace of calls per `account_id`, shared by every clone of
    /// the client (default: no limit): shorthand for
    /// [`Limits::per_account`] with [`Budget::rate`].
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        let limits = self.limits.take().unwrap_or_default();
        self.limits = Some(limits.per_account(Budget::rate(limit)));
        self
    }

    /// Per-account budgets, slow-down after 429 and stops (default: none),
    /// shared by every clone of the client and, with Redis (`Limits::redis`,
    /// feature `redis`), by every process using the same server. Every attempt is admitted,
    /// retries and pages included.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    /// The largest success body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger one is
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Records the account id (`postpress.account.id`) and the request's
    /// path with its identifiers (`url.path`) on each call's span (default
    /// off: the span names the path template, `/users/{identifier}`, and no
    /// account, so traces carry no personal data).
    pub fn trace_identifiers(mut self, record: bool) -> Self {
        self.trace_identifiers = record;
        self
    }

    /// Accepts a plain `http` base URL on any host (default: `http` only on
    /// loopback). The API key then crosses the network unencrypted: only for
    /// a trusted proxy or a test network.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Time allowed for each attempt, headers and body (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect (default [`DEFAULT_CONNECT_TIMEOUT`]); has no
    /// effect with [`ClientBuilder::http_client`], whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `postpress-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through an existing `reqwest::Client` (its proxy, TLS and pool
    /// settings); the API key, user agent and timeout are still applied to
    /// every request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let key = self
            .api_key
            .ok_or_else(|| Error::config("no API key: call .api_key(...)"))?;
        if key.expose_secret().trim().is_empty() {
            return Err(Error::config("the API key is empty"));
        }
        if crate::secrets::api_key_header(&key).is_none() {
            return Err(Error::config(
                "the API key contains characters not allowed in a header",
            ));
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::config(format!("invalid user agent {user_agent:?}")))?;
        let (base_url, base_path) = checked_base_url(
            self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
            self.allow_http,
        )?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::config("the timeout must be longer than zero"));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => tls::configure(
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT)),
                base_url.starts_with("http:"),
            )?
            .build()
            .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client::new_with_client(
            &base_url,
            http,
            Inner {
                api_key: key,
                user_agent,
                timeout,
                total_timeout: match self.total_timeout {
                    TotalTimeout::Default => Some(DEFAULT_TOTAL_TIMEOUT),
                    TotalTimeout::Off => None,
                    TotalTimeout::After(timeout) => Some(timeout),
                },
                retry: self.retry.unwrap_or_default(),
                limiter: self.limits.map(Limits::build).transpose()?,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                base_path,
                decoding: self.decoding,
                trace_identifiers: self.trace_identifiers,
            },
        ))
    }
}

/// The total timeout a builder was given.
#[derive(Debug, Default, Clone, Copy)]
enum TotalTimeout {
    #[default]
    Default,
    Off,
    After(Duration),
}

/// Accepts `https` URLs, and `http` only on loopback hosts (local mocks)
/// unless `allow_http`: the URL and its path, each without a trailing `/`.
fn checked_base_url(raw: &str, allow_http: bool) -> Result<(String, String)> {
    let url = reqwest::Url::parse(raw)
        .map_err(|e| Error::config(format!("invalid base URL {raw:?}: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_http => {}
        scheme => {
            return Err(Error::config(format!(
                "base URL {raw:?} uses {scheme}: only https is allowed (http only on loopback, or with allow_insecure_http)"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    Ok((
        url.as_str().trim_end_matches('/').to_string(),
        url.path().trim_end_matches('/').to_string(),
    ))
}

impl Client {
    /// The per-account limiter, when the client was built with
    /// [`ClientBuilder::limits`](crate::ClientBuilder::limits) or
    /// [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
    pub fn limiter(&self) -> Option<&crate::limits::Limiter> {
        self.inner.limiter.as_ref()
    }
}

mod decoding;
mod env;
pub(crate) mod tls;
pub use env::{API_KEY_ENV, BASE_URL_ENV};
#[cfg(test)]
mod tests;
