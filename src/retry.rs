//! When a failed attempt is sent again, and after how long.
//!
//! Retried: 429 and 503 (the server did not act), 408, 504 and the 500 types
//! the pages call temporary (only for operations that are safe to repeat),
//! connection failures before the request left (always), timeouts and
//! broken connections (only when safe to repeat). Never any other 4xx.
//! `POST /linkedin/user/{user_id}` acts on a user, so it is repeated only
//! when the server provably did not act: 429, 503, or no connection.
//!
//! The delay is the server's `Retry-After` when it sent one, else
//! exponential backoff with jitter (from `backon`). A `Retry-After` beyond
//! [`RetryPolicy::max_retry_after`] is not slept: the call returns the error,
//! which carries the delay ([`Error::retry_after`](crate::Error::retry_after)).

use std::time::Duration;

use backon::BackoffBuilder;
use reqwest::StatusCode;

use crate::ErrorKind;

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

    /// Attempts in all, the first included (at least 1).
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

    /// Attempts in all, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn longest_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The backoff delays before attempts 2, 3, ...
    pub(crate) fn backoff(&self) -> impl Iterator<Item = Duration> + Send + use<> {
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

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt<'a> {
    /// The server answered with this status (and, for 5xx, the error type).
    Answered(StatusCode, Option<&'a ErrorKind>),
    /// No connection could be made: the request never left.
    NotConnected,
    /// The request was sent (or may have been) and no complete answer came:
    /// a timeout, a reset connection, a body cut short.
    Interrupted,
}

/// Whether `attempt` may be repeated for an operation that is (or is not)
/// safe to repeat.
pub(crate) fn should_retry(attempt: Attempt<'_>, idempotent: bool) -> bool {
    match attempt {
        Attempt::NotConnected => true,
        Attempt::Interrupted => idempotent,
        Attempt::Answered(status, kind) => match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => true,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => idempotent,
            StatusCode::INTERNAL_SERVER_ERROR => {
                idempotent && kind.is_some_and(ErrorKind::is_transient)
            }
            _ => false,
        },
    }
}

/// Whether an operation is safe to send twice: every operation but the
/// user action reads (the search `POST` included).
pub(crate) fn is_idempotent(operation_id: &str) -> bool {
    operation_id != "linkedin_user_action"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_only_what_is_safe() {
        let transient = ErrorKind::ProviderUnreachable;
        let permanent = ErrorKind::UnexpectedError;
        let cases = [
            (
                Attempt::Answered(StatusCode::TOO_MANY_REQUESTS, None),
                true,
                true,
            ),
            (
                Attempt::Answered(StatusCode::SERVICE_UNAVAILABLE, None),
                true,
                true,
            ),
            (
                Attempt::Answered(StatusCode::GATEWAY_TIMEOUT, None),
                true,
                false,
            ),
            (
                Attempt::Answered(StatusCode::REQUEST_TIMEOUT, None),
                true,
                false,
            ),
            (
                Attempt::Answered(StatusCode::INTERNAL_SERVER_ERROR, Some(&transient)),
                true,
                false,
            ),
            (
                Attempt::Answered(StatusCode::INTERNAL_SERVER_ERROR, Some(&permanent)),
                false,
                false,
            ),
            (
                Attempt::Answered(StatusCode::INTERNAL_SERVER_ERROR, None),
                false,
                false,
            ),
            (
                Attempt::Answered(StatusCode::BAD_GATEWAY, None),
                false,
                false,
            ),
            (Attempt::Answered(StatusCode::NOT_FOUND, None), false, false),
            (
                Attempt::Answered(StatusCode::UNPROCESSABLE_ENTITY, None),
                false,
                false,
            ),
            (
                Attempt::Answered(StatusCode::UNAUTHORIZED, None),
                false,
                false,
            ),
            (Attempt::NotConnected, true, true),
            (Attempt::Interrupted, true, false),
        ];
        for (attempt, idempotent, not_idempotent) in cases {
            assert_eq!(
                should_retry(attempt, true),
                idempotent,
                "{attempt:?} idempotent"
            );
            assert_eq!(
                should_retry(attempt, false),
                not_idempotent,
                "{attempt:?} not idempotent"
            );
        }
    }

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
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn only_the_user_action_is_not_idempotent() {
        assert!(!is_idempotent("linkedin_user_action"));
        for op in [
            "get_user",
            "get_own_profile",
            "list_relations",
            "linkedin_search",
        ] {
            assert!(is_idempotent(op));
        }
    }
}
