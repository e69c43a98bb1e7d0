//! How often and after how long a failed attempt is sent again: the
//! [`RetryPolicy`] and `Retry-After` (the total deadline is `deadline.rs`'s,
//! asked whether a wait fits). Which failures are
//! worth repeating is decided by the one classifier in `crate::error`
//! (`retryable.rs`).
//!
//! The delay is the server's `Retry-After` when it sent one, else
//! exponential backoff with jitter (from `backon`). A `Retry-After` beyond
//! [`RetryPolicy::max_retry_after`] is not slept: the call returns the error,
//! which carries the delay ([`Error::retry_after`](crate::Error::retry_after)).
//! A wait that would pass the call's total deadline (`deadline.rs`) is not
//! started: the last error is returned.

use std::time::Duration;

use backon::BackoffBuilder;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::deadline::Deadline;

/// How a client (or one call, see [`RequestOptions`](crate::RequestOptions))
/// retries. The default makes up to 3 attempts, waiting 0.5 s then about 1 s
/// (plus jitter, at most 8 s), and honours `Retry-After` up to 120 s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(120),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Up to `retries` retries after the first attempt, with the default
    /// backoff: `RetryPolicy::retries(5).max_delay(Duration::from_secs(30))`
    /// for a patient batch job, `RetryPolicy::retries(0)` (or [`none`](Self::none))
    /// for a test that wants the first answer.
    pub fn retries(retries: u32) -> Self {
        RetryPolicy::default().max_attempts(retries.saturating_add(1))
    }

    /// Attempts in all, the first included (at least 1): `retries(n)` is
    /// `max_attempts(n + 1)`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff delay; each next one doubles, up to `max_delay`.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest backoff delay.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest `Retry-After` the client waits out; a longer one ends the
    /// call with the error, carrying the delay.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Whether to add random jitter to backoff delays (default on), so many
    /// clients do not retry in step.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The backoff delays before attempts 2, 3, ...
    pub(super) fn backoff(&self) -> impl backon::Backoff + use<> {
        let builder = backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize);
        let builder = if self.jitter {
            builder.with_jitter()
        } else {
            builder
        };
        builder.build()
    }
}

/// The wait before the next attempt of `operation` after one that failed
/// (with the server's `retry_after`, if any), given the policy's next
/// `backoff` delay and the call's `deadline`: `None` ends the call with the
/// failed attempt (no attempts left, a `Retry-After` past the cap, or no
/// time left).
pub(super) fn delay(
    policy: &RetryPolicy,
    operation: &'static str,
    deadline: Deadline,
    retry_after: Option<Duration>,
    backoff: Option<Duration>,
) -> Option<Duration> {
    let Some(backoff) = backoff else {
        tracing::debug!(operation, "no attempts left");
        return None;
    };
    let delay = retry_after.unwrap_or(backoff);
    if delay > policy.max_retry_after {
        tracing::debug!(
            operation,
            retry_after_ms = delay.as_millis() as u64,
            "Retry-After is beyond the cap; not waiting"
        );
        return None;
    }
    if !deadline.allows_wait(delay) {
        tracing::debug!(operation, "no time left to retry");
        return None;
    }
    Some(delay)
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delay = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delay.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap_and_stops_after_the_attempts() {
        let policy = RetryPolicy::default()
            .max_attempts(5)
            .initial_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(300))
            .jitter(false);
        // backon computes in floating point: compare whole milliseconds.
        let delays: Vec<u128> = policy.backoff().map(|d| d.as_millis()).collect();
        assert_eq!(delays, [100, 200, 300, 300]);
        assert_eq!(RetryPolicy::none().backoff().count(), 0);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
        assert_eq!(RetryPolicy::retries(2).max_attempts, 3);
        assert_eq!(RetryPolicy::retries(0), RetryPolicy::none());
        assert_eq!(RetryPolicy::retries(u32::MAX).max_attempts, u32::MAX);
    }

    #[test]
    fn the_wait_is_retry_after_else_backoff_within_the_cap_and_the_deadline() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        let secs = Duration::from_secs;
        let open = Deadline::start(None);
        let wait =
            |deadline, retry_after, backoff| delay(&policy, "op", deadline, retry_after, backoff);
        assert_eq!(wait(open, None, Some(secs(1))), Some(secs(1)));
        assert_eq!(wait(open, Some(secs(3)), Some(secs(1))), Some(secs(3)));
        // The cap itself is still waited out; one second more is not.
        assert_eq!(wait(open, Some(secs(10)), Some(secs(1))), Some(secs(10)));
        assert_eq!(wait(open, Some(secs(11)), Some(secs(1))), None);
        // No attempts left: no wait, whatever the server asked.
        assert_eq!(wait(open, Some(secs(3)), None), None);
        let soon = Deadline::start(Some(secs(60)));
        assert_eq!(wait(soon, Some(secs(3)), Some(secs(1))), Some(secs(3)));
        let short = Deadline::start(Some(secs(2)));
        assert_eq!(wait(short, Some(secs(3)), Some(secs(1))), None);
    }

    #[test]
    fn retry_after_reads_seconds_or_an_http_date() {
        let header = |value: &str| {
            let mut headers = HeaderMap::new();
            if let Ok(value) = value.parse() {
                headers.insert(RETRY_AFTER, value);
            }
            retry_after(&headers)
        };
        assert_eq!(header(" 5 "), Some(Duration::from_secs(5)));
        assert_eq!(header("soon"), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
        assert_eq!(
            header("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        let later = chrono::Utc::now() + chrono::TimeDelta::seconds(30);
        let date = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        // The date is whole seconds and the clock moves on: 29 to 30 s left.
        let left = header(&date).unwrap_or_default();
        assert!(
            left > Duration::from_secs(28) && left <= Duration::from_secs(30),
            "{left:?}"
        );
    }
}
