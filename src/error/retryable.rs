//! The one retry rule: which attempt endings are worth sending again. The
//! loop (`http/transport.rs`) asks it about each attempt's outcome
//! (`Outcome::ending`), [`Error::is_retryable`] about the error a call
//! returned ([`Error::ending`]: an error keeps the status, type and
//! transport failure of the outcome it was made from, read by the same
//! [`Ending::of_transport`]), and [`ErrorKind::is_transient`] about a type
//! at its documented status. Nothing else decides.
//!
//! Repeated: 429 and 503 (the server did not act), no connection, an
//! unreachable limiter (nothing was sent); only for operations safe to
//! repeat: 408, 504, an error of a temporary type (`TEMPORARY`, e.g. a 500
//! `provider_error`, a 422 `provider_unreachable`), timeouts and broken
//! connections. Never any other answer.

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
    /// The shared limiter could not be asked: the request never left.
    LimiterUnavailable,
}

impl Ending<'_> {
    /// How an attempt whose send or body read failed with `error` ended.
    pub(crate) fn of_transport(error: &reqwest::Error) -> Ending<'static> {
        if error.is_connect() && !error.is_timeout() {
            Ending::NotConnected
        } else {
            Ending::Interrupted
        }
    }
}

/// The types the pages call temporary: repeated, when safe, whatever status
/// they come with.
fn is_temporary(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TooManyRequests
            | ErrorKind::ProviderError
            | ErrorKind::ProviderUnreachable
            | ErrorKind::NoClientSession
            | ErrorKind::NoChannel
            | ErrorKind::NoHandler
            | ErrorKind::NetworkDown
            | ErrorKind::ServiceUnavailable
            | ErrorKind::RequestTimeout
    )
}

/// Whether an attempt that ended so may be repeated for an operation that
/// is (or is not) safe to repeat.
pub(crate) fn should_retry(ending: Ending<'_>, idempotent: bool) -> bool {
    match ending {
        Ending::NotConnected | Ending::LimiterUnavailable => true,
        Ending::Interrupted => idempotent,
        Ending::Answered(status, kind) => match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => true,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => idempotent,
            // Only an error answer has a type.
            _ => idempotent && kind.is_some_and(is_temporary),
        },
    }
}

impl Error {
    /// How the attempt behind this error ended, when one did and could be
    /// repeated (not for errors raised before sending, a stop or a quota,
    /// a body past the cap, or a complete answer that did not decode).
    pub(crate) fn ending(&self) -> Option<Ending<'_>> {
        match self.root() {
            Error::Api(api) => Some(Ending::Answered(api.status, Some(&api.kind))),
            Error::UnexpectedResponse { status, .. } => Some(Ending::Answered(*status, None)),
            Error::Transport { source, .. } | Error::Timeout { source, .. } => {
                Some(Ending::of_transport(source))
            }
            Error::LimiterUnavailable { .. } => Some(Ending::LimiterUnavailable),
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
            (
                answered(StatusCode::UNPROCESSABLE_ENTITY, Some(&transient)),
                true,
                false,
            ),
            (Ending::NotConnected, true, true),
            (Ending::Interrupted, true, false),
            (Ending::LimiterUnavailable, true, true),
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
            checkpoint: crate::Checkpoint::default(),
            source: Box::new(unavailable),
        };
        assert!(paged.is_retryable());
        assert!(!Error::invalid_request("bad").is_retryable());
        assert_eq!(Error::invalid_request("bad").ending(), None);
        assert_eq!(Error::ResponseTooLarge { limit: 1 }.ending(), None);
    }

    /// A refused connection never left; a body cut short may have acted.
    /// Real `reqwest` errors, as the loop sees them, on loopback.
    #[tokio::test]
    async fn a_refused_connection_never_left_and_a_cut_body_was_interrupted() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let free = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr());
        let closed = free.expect("a free loopback port");
        // TLS set up as the SDK's own clients have it (with `rustls` alone
        // a bare `reqwest::Client::new()` has no provider and panics).
        let builder = crate::client::tls::configure(reqwest::Client::builder(), true);
        let http = builder.expect("TLS set up").build().expect("a client");
        let refused = http.get(format!("http://{closed}/")).send().await;
        let refused = refused.expect_err("nothing listens");
        assert_eq!(Ending::of_transport(&refused), Ending::NotConnected);

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await;
        let listener = listener.expect("a loopback listener");
        let address = listener.local_addr().expect("its address");
        let server = tokio::spawn(async move {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\ncut";
            let _ = socket.write_all(head.as_bytes()).await;
        });
        let answer = http.get(format!("http://{address}/")).send().await;
        let cut = answer.expect("headers arrive").bytes().await;
        let cut = cut.expect_err("the body is cut short");
        assert_eq!(Ending::of_transport(&cut), Ending::Interrupted);
        server.await.expect("server task");
    }
}
