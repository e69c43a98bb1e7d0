//! The client from the environment: one rule for its variables, shared by
//! [`Client::from_env`] and [`ClientBuilder::from_env`].

use super::{Client, ClientBuilder};
use crate::{Error, Result};

/// Environment variable [`Client::from_env`] reads the API key from.
pub const API_KEY_ENV: &str = "POSTPRESS_API_KEY";
/// Environment variable [`Client::from_env`] reads the base URL from, if set.
pub const BASE_URL_ENV: &str = "POSTPRESS_BASE_URL";

impl Client {
    /// A client configured from `POSTPRESS_API_KEY` and, if set,
    /// `POSTPRESS_BASE_URL`: [`ClientBuilder::from_env`] built as it is.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), postpress::Error> {
    /// let client = postpress::Client::from_env()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    #[cfg(test)]
    pub(super) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        ClientBuilder::from_lookup(lookup)?.build()
    }
}

impl ClientBuilder {
    /// A builder holding `POSTPRESS_API_KEY` and, if set,
    /// `POSTPRESS_BASE_URL`, for further settings before
    /// [`build`](Self::build). A variable set to the empty string counts as
    /// unset (the same rule as [`Client::from_env`]); without a key it is
    /// [`Error::Config`] naming the variable.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), postpress::Error> {
    /// let client = postpress::ClientBuilder::from_env()?
    ///     .timeout(std::time::Duration::from_secs(30))
    ///     .retry(postpress::RetryPolicy::retries(2))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<ClientBuilder> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The one rule for the environment: an unset, non-UTF-8 or empty
    /// variable is absent.
    pub(super) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder> {
        let value = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let key = value(API_KEY_ENV).ok_or_else(|| {
            Error::config(format!("{API_KEY_ENV} is not set (or empty, or not UTF-8)"))
        })?;
        let builder = Client::builder().api_key(key);
        Ok(match value(BASE_URL_ENV) {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }
}
