//! How errors put bodies, cursors and causes into words: [`Error`]'s
//! `Display` and `source` (written out, not derived: the derive's proc
//! macro is a dependency's build cost; BENCHMARKS.md, build cost).

use std::fmt;
use std::time::Duration;

use super::Error;
use crate::pagination::Checkpoint;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "{error}"),
            Error::Transport { message, .. } => write!(f, "transport error: {message}"),
            Error::Timeout { message, .. } => write!(f, "timed out: {message}"),
            Error::Decode {
                status,
                path,
                message,
                body,
                ..
            } => write!(
                f,
                "could not decode the {status} response at `{path}`: {message} (body starts: {:?})",
                body_start(body)
            ),
            Error::UndecodedItem { page, item } => write!(f, "page {page}: {item}"),
            Error::InvalidRequest { message } => write!(f, "invalid request (not sent): {message}"),
            Error::UnexpectedResponse {
                status,
                content_type,
                body_start,
                ..
            } => write!(
                f,
                "unexpected {status} response ({content_type}), body starts: {body_start:?}"
            ),
            Error::Page {
                page,
                checkpoint,
                source,
            } => write!(f, "page {page} failed{}: {source}", resume_hint(checkpoint)),
            Error::RepeatedCursor { page, cursor } => write!(
                f,
                "page {page} returned cursor {} again; stopping instead of looping",
                shorten(cursor)
            ),
            Error::ResponseTooLarge { limit } => write!(
                f,
                "the response body is larger than the {limit}-byte cap; it was not read further"
            ),
            Error::AccountStopped {
                account_id,
                reason,
                retry_in,
            } => write!(
                f,
                "calls for account {account_id} are stopped after {reason}{}; nothing was sent",
                stop_hint(*retry_in)
            ),
            Error::QuotaExhausted {
                account_id,
                call_kind,
                window,
                resets_in,
            } => write!(
                f,
                "the {window} quota of account {account_id}'s {} budget is used up (resets in {}s); nothing was sent",
                call_kind.map_or("account", |k| k.name()),
                resets_in.as_secs()
            ),
            Error::LimiterUnavailable { message, .. } => write!(
                f,
                "the shared rate limiter is unavailable; nothing was sent: {message}"
            ),
            Error::PacedPastTimeout { wait } => write!(
                f,
                "the account's pace would wait {} ms, past the call's total timeout; nothing was sent",
                wait.as_millis()
            ),
            Error::Config { message } => write!(f, "invalid client configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Timeout { source, .. } => Some(source),
            Error::Decode { source, .. } => source.as_ref().map(|e| e as _),
            Error::Page { source, .. } => Some(&**source),
            Error::LimiterUnavailable { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

/// The start of a body for a message: at most [`BODY_START`] bytes, lossily
/// decoded, with `…` when cut.
pub(crate) fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_START)]);
    if body.len() > BODY_START {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}

/// How much of a body an error message shows.
const BODY_START: usize = 256;

/// `" for 42s more"`, or `" until reset"`.
pub(super) fn stop_hint(left: Option<Duration>) -> String {
    left.map_or_else(
        || " until reset".to_string(),
        |left| format!(" for {}s more", left.as_secs()),
    )
}

/// `" (resume from cursor … after its first n items)"`, or nothing for a
/// first page from its start.
pub(super) fn resume_hint(checkpoint: &Checkpoint) -> String {
    match (checkpoint.cursor(), checkpoint.skip()) {
        (None, 0) => String::new(),
        (Some(c), 0) => format!(" (resume from cursor {})", shorten(c)),
        (Some(c), skip) => format!(
            " (resume from cursor {} after its first {skip} items)",
            shorten(c)
        ),
        (None, skip) => format!(" (resume from the first page after its first {skip} items)"),
    }
}

/// A cursor for a message: whole when short, its start otherwise.
pub(super) fn shorten(cursor: &str) -> String {
    const SHOWN: usize = 48;
    match cursor.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}... ({} bytes)", &cursor[..end], cursor.len()),
        None => format!("{cursor:?}"),
    }
}

/// The error and its sources on one line (`a: b: c`).
pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;
    use std::sync::Arc;
    use std::time::Duration;

    use reqwest::StatusCode;

    use crate::Checkpoint;

    use super::Error;
    use crate::{ErrorKind, QuotaWindow};

    #[test]
    fn each_error_says_what_happened_in_words() {
        let config = || Error::Config {
            message: "no API key".into(),
        };
        let kind = ErrorKind::Unknown("errors/x".into());
        let cases = [
            (config(), "invalid client configuration: no API key".to_string()),
            (
                Error::Decode {
                    status: StatusCode::OK,
                    path: "items[0]".into(),
                    message: "not an object".into(),
                    body: bytes::Bytes::from_static(b"[1]"),
                    source: None,
                },
                "could not decode the 200 OK response at `items[0]`: not an object (body starts: \"[1]\")".into(),
            ),
            (
                Error::InvalidRequest {
                    message: "limit: 0".into(),
                },
                "invalid request (not sent): limit: 0".into(),
            ),
            (
                Error::UnexpectedResponse {
                    status: StatusCode::BAD_GATEWAY,
                    content_type: "text/html".into(),
                    body_start: "<html>".into(),
                    retry_after: None,
                },
                "unexpected 502 Bad Gateway response (text/html), body starts: \"<html>\"".into(),
            ),
            (
                Error::Page {
                    page: 2,
                    checkpoint: Checkpoint::new(Some("c1".into()), 0),
                    source: Box::new(config()),
                },
                "page 2 failed (resume from cursor \"c1\"): invalid client configuration: no API key"
                    .into(),
            ),
            (
                Error::Page {
                    page: 1,
                    checkpoint: Checkpoint::new(Some("c1".into()), 2),
                    source: Box::new(config()),
                },
                "page 1 failed (resume from cursor \"c1\" after its first 2 items): invalid client configuration: no API key"
                    .into(),
            ),
            (
                Error::Page {
                    page: 1,
                    checkpoint: Checkpoint::new(None, 2),
                    source: Box::new(config()),
                },
                "page 1 failed (resume from the first page after its first 2 items): invalid client configuration: no API key"
                    .into(),
            ),
            (
                Error::Page {
                    page: 1,
                    checkpoint: Checkpoint::default(),
                    source: Box::new(config()),
                },
                "page 1 failed: invalid client configuration: no API key".into(),
            ),
            (
                Error::RepeatedCursor {
                    page: 3,
                    cursor: "c1".into(),
                },
                "page 3 returned cursor \"c1\" again; stopping instead of looping".into(),
            ),
            (
                Error::ResponseTooLarge { limit: 10 },
                "the response body is larger than the 10-byte cap; it was not read further".into(),
            ),
            (
                Error::AccountStopped {
                    account_id: "acc_1".into(),
                    reason: kind.clone(),
                    retry_in: Some(Duration::from_secs(42)),
                },
                format!("calls for account acc_1 are stopped after {kind} for 42s more; nothing was sent"),
            ),
            (
                Error::AccountStopped {
                    account_id: "acc_1".into(),
                    reason: kind.clone(),
                    retry_in: None,
                },
                format!("calls for account acc_1 are stopped after {kind} until reset; nothing was sent"),
            ),
            (
                Error::QuotaExhausted {
                    account_id: "acc_1".into(),
                    call_kind: None,
                    window: QuotaWindow::Day,
                    resets_in: Duration::from_secs(60),
                },
                format!(
                    "the {} quota of account acc_1's account budget is used up (resets in 60s); nothing was sent",
                    QuotaWindow::Day
                ),
            ),
            (
                Error::LimiterUnavailable {
                    message: "connection refused".into(),
                    source: Arc::new(std::io::Error::other("refused")),
                },
                "the shared rate limiter is unavailable; nothing was sent: connection refused".into(),
            ),
            (
                Error::PacedPastTimeout {
                    wait: Duration::from_millis(1500),
                },
                "the account's pace would wait 1500 ms, past the call's total timeout; nothing was sent".into(),
            ),
        ];
        for (error, words) in cases {
            assert_eq!(error.to_string(), words);
        }
    }

    #[test]
    fn the_cause_is_kept_as_the_source() {
        let page = Error::Page {
            page: 1,
            checkpoint: Checkpoint::default(),
            source: Box::new(Error::Config {
                message: "m".into(),
            }),
        };
        let source = page.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("invalid client configuration: m"));
        let limiter = Error::LimiterUnavailable {
            message: "m".into(),
            source: Arc::new(std::io::Error::other("refused")),
        };
        assert_eq!(
            limiter.source().map(ToString::to_string).as_deref(),
            Some("refused")
        );
        assert!(Error::ResponseTooLarge { limit: 1 }.source().is_none());
    }
}
