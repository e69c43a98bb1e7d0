//! The one retry classifier: which failures are worth sending again. The
//! retry loop (`http/attempt.rs`) asks it after each attempt, and
//! [`Error::is_retryable`] asks it about the error a call returned.
//!
//! Retried: 429 and 503 (the server did not act), 408, 504 and the 500 types
//! the pages call temporary (only for operations that are safe to repeat),
//! connection failures before the request left (always), timeouts and
//! broken connections (only when safe to repeat). Never any other 4xx, nor
//! any other 5xx.

use reqwest::StatusCode;

use super::{Error, ErrorKind};

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt<'a> {
    /// The server answered with this status (and, for an error, its type).
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

impl Error {
    /// The attempt this error ended, when it came from one (not for errors
    /// raised before sending or after a complete answer was decoded).
    pub(crate) fn attempt(&self) -> Option<Attempt<'_>> {
        match self.root() {
            Error::Api(api) => Some(Attempt::Answered(api.status, Some(&api.kind))),
            Error::UnexpectedResponse { status, .. } => Some(Attempt::Answered(*status, None)),
            Error::Transport { source, .. } if source.is_connect() => Some(Attempt::NotConnected),
            Error::Transport { .. } | Error::Timeout { .. } => Some(Attempt::Interrupted),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_only_what_is_safe() {
        let transient = ErrorKind::ProviderUnreachable;
        let permanent = ErrorKind::UnexpectedError;
        let answered = |status, kind| Attempt::Answered(status, kind);
        let cases = [
            (answered(StatusCode::TOO_MANY_REQUESTS, None), true, true),
            (answered(StatusCode::SERVICE_UNAVAILABLE, None), true, true),
            (answered(StatusCode::GATEWAY_TIMEOUT, None), true, false),
            (answered(StatusCode::REQUEST_TIMEOUT, None), true, false),
            (
                answered(StatusCode::INTERNAL_SERVER_ERROR, Some(&transient)),
                true,
                false,
            ),
            (
                answered(StatusCode::INTERNAL_SERVER_ERROR, Some(&permanent)),
                false,
                false,
            ),
            (
                answered(StatusCode::INTERNAL_SERVER_ERROR, None),
                false,
                false,
            ),
            (answered(StatusCode::BAD_GATEWAY, None), false, false),
            (answered(StatusCode::NOT_FOUND, None), false, false),
            (
                answered(StatusCode::UNPROCESSABLE_ENTITY, None),
                false,
                false,
            ),
            (answered(StatusCode::UNAUTHORIZED, None), false, false),
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

    /// `is_retryable` answers what the loop would do for a call that is
    /// safe to repeat: a transient type on a 502 is not retried by the loop,
    /// so the error does not claim it would be.
    #[test]
    fn is_retryable_agrees_with_the_loop() {
        let api = |status: u16, kind: ErrorKind| {
            Error::Api(Box::new(super::super::ApiError {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
                error_type: format!("errors/{}", kind.name()),
                kind,
                title: String::new(),
                detail: None,
                instance: None,
                retry_after: None,
            }))
        };
        for (error, retryable) in [
            (api(500, ErrorKind::ProviderError), true),
            (api(502, ErrorKind::ProviderError), false),
            (api(500, ErrorKind::UnexpectedError), false),
            (api(504, ErrorKind::RequestTimeout), true),
            (api(429, ErrorKind::TooManyRequests), true),
            (api(404, ErrorKind::ResourceNotFound), false),
        ] {
            let attempt = error.attempt();
            assert!(attempt.is_some(), "{error}");
            let by_loop = attempt.is_some_and(|attempt| should_retry(attempt, true));
            assert_eq!(error.is_retryable(), retryable, "{error}");
            assert_eq!(by_loop, retryable, "{error}");
        }
        let paged = Error::Page {
            page: 2,
            cursor: None,
            source: Box::new(api(503, ErrorKind::NetworkDown)),
        };
        assert!(paged.is_retryable());
        assert!(!Error::invalid_request("bad").is_retryable());
        assert_eq!(Error::ResponseTooLarge { limit: 1 }.attempt(), None);
    }
}
