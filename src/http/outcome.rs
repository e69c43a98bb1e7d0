//! What one attempt came to: one typed [`Outcome`] of our own. The retry
//! classifier ([`Outcome::ending`]), the limiter's feedback
//! ([`Outcome::feedback`]) and the call's final [`Error`]
//! ([`Outcome::into_error`]) all read it; nothing travels disguised inside
//! a `reqwest` body.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::envelope::{self, Envelope};
use super::retry;
use crate::ErrorKind;
use crate::error::{Ending, Error};
use crate::limits::{Feedback, Refusal};

/// How one attempt ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The server answered; the body is read whole (a success, under the
    /// client's cap) or cut (an error, see `body.rs`).
    Answered(Answer),
    /// The limiter refused the attempt: nothing was sent.
    Refused(Refusal),
    /// A success answer whose body is larger than the client's cap; it was
    /// not read further.
    TooLarge {
        /// The answer's status.
        status: StatusCode,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The attempt took longer than its timeout (headers or body).
    TimedOut(reqwest::Error),
    /// No complete answer: no connection, a reset, a body cut short.
    Transport(reqwest::Error),
}

/// An answer with its body in memory and its error envelope, parsed once
/// by the one rule (`envelope.rs`).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) envelope: Option<Envelope>,
}

impl Answer {
    /// An answer, its envelope parsed by the one rule.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let envelope = envelope::parse(status, &body);
        Answer {
            status,
            headers,
            body,
            envelope,
        }
    }
}

impl Outcome {
    /// The outcome from a failed `reqwest` send or body read.
    pub(crate) fn failed(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Outcome::TimedOut(error)
        } else {
            Outcome::Transport(error)
        }
    }

    /// The status, when the server answered.
    pub(crate) fn status(&self) -> Option<StatusCode> {
        match self {
            Outcome::Answered(answer) => Some(answer.status),
            Outcome::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The documented error type of an answer, from its envelope.
    fn error_kind(&self) -> Option<&ErrorKind> {
        match self {
            Outcome::Answered(answer) => answer.envelope.as_ref().map(|envelope| &envelope.kind),
            _ => None,
        }
    }

    /// How the attempt ended, for the retry rule; `None` when it must not
    /// be repeated whatever the operation (a stop or a quota: the limiter
    /// said no; a body past the cap: it would be again).
    pub(crate) fn ending(&self) -> Option<Ending<'_>> {
        match self {
            Outcome::Answered(answer) => Some(Ending::Answered(answer.status, self.error_kind())),
            Outcome::Transport(error) | Outcome::TimedOut(error) => {
                Some(Ending::of_transport(error))
            }
            Outcome::Refused(Refusal::Unavailable(_)) => Some(Ending::LimiterUnavailable),
            Outcome::Refused(_) | Outcome::TooLarge { .. } => None,
        }
    }

    /// What the attempt teaches the limiter: only an answer does (a body
    /// past the cap included: the server answered).
    pub(crate) fn feedback(&self) -> Option<Feedback<'_>> {
        let status = self.status()?;
        Some(if status == StatusCode::TOO_MANY_REQUESTS {
            Feedback::TooManyRequests
        } else if status.is_success() {
            Feedback::Success
        } else {
            Feedback::Failed(self.error_kind())
        })
    }

    /// The server's `Retry-After`, when it sent one.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Outcome::Answered(answer) => retry::retry_after(&answer.headers),
            _ => None,
        }
    }

    /// The error the call returns when it ends with this outcome (a success
    /// answer is decoded instead, in `response.rs`).
    pub(crate) fn into_error(self) -> Error {
        match self {
            Outcome::Answered(Answer {
                status,
                headers,
                body,
                envelope,
            }) => envelope::into_error(status, &headers, &body, envelope),
            Outcome::Refused(refusal) => refusal.into(),
            Outcome::TooLarge { limit, .. } => Error::ResponseTooLarge { limit },
            Outcome::TimedOut(source) | Outcome::Transport(source) => Error::transport(source),
        }
    }
}
