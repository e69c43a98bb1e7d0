//! The one retry classifier: which failures are worth sending again. The
//! retry loop (`http/transport.rs`) asks it about each attempt's outcome
//! (`http/outcome.rs` `Outcome::ending`), and [`Error::is_retryable`] about
//! the error a call returned ([`Error::ending`]); an error is made from the
//! outcome that ended its call, with the same status and envelope, so both
//! answer alike.
//!
//! Retried: 429 and 503 (the server did not act), 408, 504 and the 500 types
//! the pages call temporary (only for operations that are safe to repeat),
//! connection failures before the request left (always), timeouts and
//! broken connections (only when safe to repeat). Never any other 4xx, nor
//! any other 5xx.

use reqwest::StatusCode;

use super::{Error, ErrorKind};

/// How an attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending<'a> {
    /// The server answered with this status (and, for an error, its type).
    Answered(StatusCode, Option<&'a ErrorKind>),
    /// No connection could be made: the request never left.
    NotConnected,
    /// The request was sent (or may have been) and no complete answer came:
    /// a timeout, a reset connection, a body cut short.
    Interrupted,
}

/// Whether an attempt that ended so may be repeated for an operation that
/// is (or is not) safe to repeat.
pub(crate) fn should_retry(ending: Ending<'_>, idempotent: bool) -> bool {
    match ending {
        Ending::NotConnected => true,
        Ending::Interrupted => idempotent,
        Ending::Answered(status, kind) => match status {
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
    /// How the attempt behind this error ended, when one did and could be
    /// repeated (not for errors raised before sending, a refusal, a body
    /// past the cap, or a complete answer that did not decode).
    pub(crate) fn ending(&self) -> Option<Ending<'_>> {
        match self.root() {
            Error::Api(api) => Some(Ending::Answered(api.status, Some(&api.kind))),
            Error::UnexpectedResponse { status, .. } => Some(Ending::Answered(*status, None)),
            Error::Transport { source, .. } if source.is_connect() => Some(Ending::NotConnected),
            Error::Transport { .. } | Error::Timeout { .. } => Some(Ending::Interrupted),
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
        let answered = |status, kind| Ending::Answered(status, kind);
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
            (Ending::NotConnected, true, true),
            (Ending::Interrupted, true, false),
        ];
        for (ending, idempotent, not_idempotent) in cases {
            assert_eq!(
                should_retry(ending, true),
                idempotent,
                "{ending:?} idempotent"
            );
            assert_eq!(
                should_retry(ending, false),
                not_idempotent,
                "{ending:?} not idempotent"
            );
        }
    }

    /// A page failure answers for its root error; errors raised before
    /// sending, or after a whole body past the cap, end no repeatable
    /// attempt. (That `is_retryable` agrees with the real loop for every
    /// outcome class: `tests/it/faults/outcomes.rs`.)
    #[test]
    fn page_failures_answer_for_their_root() {
        let unavailable = Error::Api(Box::new(super::super::ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error_type: "errors/network_down".to_string(),
            kind: ErrorKind::NetworkDown,
            title: String::new(),
            detail: None,
            instance: None,
            retry_after: None,
        }));
        let paged = Error::Page {
            page: 2,
            cursor: None,
            source: Box::new(unavailable),
        };
        assert!(paged.is_retryable());
        assert!(!Error::invalid_request("bad").is_retryable());
        assert_eq!(Error::invalid_request("bad").ending(), None);
        assert_eq!(Error::ResponseTooLarge { limit: 1 }.ending(), None);
    }
}
