//! An optional client-side rate limit per linked account.
//!
//! Providers limit what one account may do (LinkedIn especially); the API
//! answers 429 past that. With a limit set on the client, every call for an
//! account waits its turn before it is sent, across all clones of the client
//! and all tasks, so concurrent work stays under the provider's pace.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota};

/// How many calls per account may be sent in a period, with bursts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    quota: Quota,
}

impl RateLimit {
    /// At most `calls` per second for each account (bursts of up to `calls`).
    pub fn per_second(calls: NonZeroU32) -> Self {
        RateLimit {
            quota: Quota::per_second(calls),
        }
    }

    /// At most `calls` per minute for each account (bursts of up to `calls`).
    pub fn per_minute(calls: NonZeroU32) -> Self {
        RateLimit {
            quota: Quota::per_minute(calls),
        }
    }

    /// One call per `period` for each account, after a burst of `burst`;
    /// `None` when `period` is zero.
    pub fn every(period: Duration, burst: NonZeroU32) -> Option<Self> {
        Some(RateLimit {
            quota: Quota::with_period(period)?.allow_burst(burst),
        })
    }
}

/// The shared limiter: one budget per account id.
#[derive(Clone)]
pub(crate) struct AccountLimiter {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl fmt::Debug for AccountLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountLimiter").finish_non_exhaustive()
    }
}

impl AccountLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        AccountLimiter {
            limiter: Arc::new(DefaultKeyedRateLimiter::keyed(limit.quota)),
        }
    }

    /// Waits until `account_id` may send one more call.
    pub(crate) async fn until_ready(&self, account_id: &str) {
        self.limiter.until_key_ready(&account_id.to_string()).await;
    }
}

/// The account a request is for: its `account_id` query parameter, or the
/// `account_id` of its JSON body (the user action).
pub(crate) fn account_of(request: &reqwest::Request) -> Option<String> {
    if let Some((_, id)) = request.url().query_pairs().find(|(k, _)| k == "account_id") {
        return Some(id.into_owned());
    }
    let body = request.body()?.as_bytes()?;
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("account_id")?.as_str().map(str::to_string)
}
