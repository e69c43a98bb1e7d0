//! The one error type every call returns (its message helpers: `text.rs`;
//! the API's error answer: `api_error.rs`).

use std::time::Duration;

use reqwest::StatusCode;

use crate::pagination::Checkpoint;

mod api_error;
mod kind;
mod retryable;
mod text;
mod undecoded;

pub use api_error::ApiError;
pub use kind::ErrorKind;
pub(crate) use retryable::{Ending, should_retry};
pub(crate) use text::body_start;
use text::error_chain;
pub use undecoded::UndecodedItem;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a postpress call.
///
/// Match on the variant for the class of failure, or use the helpers
/// ([`Error::status`], [`Error::kind`], [`Error::is_retryable`], ...) that work
/// across variants. No variant, and no `Display` output, ever contains the
/// API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with its error envelope (`{title, detail, instance, type, status}`).
    Api(Box<ApiError>),

    /// The request never got a complete HTTP response (DNS, connect, TLS,
    /// connection reset, body cut short).
    Transport {
        /// What failed, in words.
        message: String,
        /// The underlying client error.
        source: reqwest::Error,
    },

    /// The request, or reading its response, took longer than the timeout.
    Timeout {
        /// What timed out, in words.
        message: String,
        /// The underlying client error.
        source: reqwest::Error,
    },

    /// A success response whose JSON cannot be decoded into the documented
    /// type even with corrections (not an object where one is needed), or
    /// one that departs from the spec while decoding is strict
    /// ([`ClientBuilder::strict`](crate::ClientBuilder::strict),
    /// [`RequestOptions::strict`](crate::RequestOptions::strict),
    /// [`Page::strict`](crate::Page::strict)). The whole body is kept,
    /// exactly as received.
    Decode {
        /// The HTTP status of the response.
        status: StatusCode,
        /// JSON path of the offending value, e.g. `work_experience[0].start`
        /// (`.` for the whole document).
        path: String,
        /// What was wrong with the value.
        message: String,
        /// The whole body, as received.
        body: bytes::Bytes,
        /// The JSON error, when the body was decoded as one value.
        source: Option<serde_json::Error>,
    },

    /// One entry of a listing page does not match the spec. The page's other
    /// items are delivered; an item stream yields this error in the item's
    /// place and goes on with the next item, so nothing is skipped silently.
    UndecodedItem {
        /// The 1-based number of the page in this stream.
        page: usize,
        /// Where it departs, why, and its JSON as received.
        item: Box<UndecodedItem>,
    },

    /// The request was invalid and was not sent.
    InvalidRequest {
        /// What is wrong with it.
        message: String,
    },

    /// A response the API does not document: an unexpected status, an
    /// error status whose body is not the JSON error envelope (for example
    /// an HTML page from a proxy), or a success status whose body is not
    /// JSON at all (empty, HTML, cut short, not UTF-8: never corrected, and
    /// not retried). [`Error::kind`] is `None`.
    UnexpectedResponse {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The `Content-Type` header, or `no content type`.
        content_type: String,
        /// The first bytes of the body, lossily decoded.
        body_start: String,
        /// The `Retry-After` delay, if the response carried one.
        retry_after: Option<Duration>,
    },

    /// A page of a paginated listing failed. `checkpoint` is where a walk
    /// resumed from it goes on ([`Pager::resume_after`](crate::Pager::resume_after)
    /// or [`Pager::resume_from`](crate::Pager::resume_from)): the cursor the
    /// page was requested with (`None`: the listing's first page), and, when
    /// it was the first page of a resumed walk, the items of it yielded
    /// before; the new stream yields exactly the items not yet yielded. The
    /// helpers ([`Error::status`], [`Error::kind`], ...) answer for `source`.
    Page {
        /// The 1-based number of the failed page in this stream.
        page: usize,
        /// Where to resume: the failed page's cursor and its items already
        /// yielded.
        checkpoint: Checkpoint,
        /// Why the page failed.
        source: Box<Error>,
    },

    /// The API returned a cursor it had already returned, so following it
    /// would loop forever; the listing stops here. Every item before it was
    /// yielded.
    RepeatedCursor {
        /// The 1-based number of the page that returned the cursor.
        page: usize,
        /// The repeated cursor.
        cursor: String,
    },

    /// A success response's body was larger than the client's cap
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    ResponseTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },

    /// Calls for this account are stopped: the API reported it restricted,
    /// disconnected or without valid credentials (`reason`), here or in
    /// another process sharing the limiter's Redis. Nothing was sent. The
    /// stop ends after the cool-down
    /// ([`Limits::stop_cool_down`](crate::Limits::stop_cool_down)) or with
    /// [`Limiter::reset`](crate::Limiter::reset).
    AccountStopped {
        /// The account.
        account_id: String,
        /// The error that stopped it.
        reason: ErrorKind,
        /// Time left until the stop ends (`None`: until reset).
        retry_in: Option<Duration>,
    },

    /// A daily or weekly quota of a budget is used up for this account;
    /// nothing was sent. A daily quota is counted again from midnight UTC,
    /// a weekly one allows a call again seven days after its oldest call.
    QuotaExhausted {
        /// The account.
        account_id: String,
        /// The kind's budget, or `None` for the account's budget.
        call_kind: Option<crate::CallKind>,
        /// Which of the budget's quotas is used up.
        window: crate::QuotaWindow,
        /// Time until the quota is counted again.
        resets_in: Duration,
    },

    /// The shared limiter's Redis could not be reached or failed, and the
    /// limits fail closed ([`Limits::fail_open`](crate::Limits)); nothing
    /// was sent.
    LimiterUnavailable {
        /// What failed, in words.
        message: String,
        /// The Redis error.
        source: std::sync::Arc<dyn std::error::Error + Send + Sync>,
    },

    /// The account's pace would have held the call past its total timeout
    /// ([`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)),
    /// so it ended before waiting: nothing was sent, and the slot it would
    /// have taken stays free for the next call.
    PacedPastTimeout {
        /// How long the pace would have made the call wait.
        wait: Duration,
    },

    /// The client could not be built from the given configuration.
    Config {
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    /// The error behind any [`Error::Page`] wrapping: what actually went wrong.
    pub fn root(&self) -> &Error {
        match self {
            Error::Page { source, .. } => source.root(),
            other => other,
        }
    }

    /// For a failed page, where to resume: its cursor and how many of its
    /// items were yielded before (a walk resumed from a checkpoint whose
    /// first page failed keeps that checkpoint's skip). Save it like
    /// [`Items::checkpoint`](crate::Items::checkpoint); `None` when this is
    /// not a page failure.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use postpress::Checkpoint;
    /// # async fn run(client: postpress::Client, saved: Checkpoint) -> Result<(), postpress::Error> {
    /// let mut relations = client.relations("acc_1").resume_from(&saved).items();
    /// match relations.try_next().await {
    ///     Err(error) => {
    ///         // Store these; a later walk resumes from them, nothing repeated.
    ///         if let Some(at) = error.resume_checkpoint() {
    ///             println!("resume from {:?} after {} items", at.cursor(), at.skip());
    ///         }
    ///     }
    ///     Ok(relation) => println!("{relation:?}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn resume_checkpoint(&self) -> Option<&Checkpoint> {
        match self {
            Error::Page { checkpoint, .. } => Some(checkpoint),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self.root() {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::UnexpectedResponse { status, .. } => {
                Some(*status)
            }
            Error::Transport { source, .. } | Error::Timeout { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The documented error type, for API errors (and, for a stopped
    /// account, the error that stopped it).
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self.root() {
            Error::Api(api) => Some(&api.kind),
            Error::AccountStopped { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The API error envelope, for API errors.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self.root() {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The delay the server asked for with `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.root() {
            Error::Api(api) => api.retry_after,
            Error::UnexpectedResponse { retry_after, .. } => *retry_after,
            Error::AccountStopped { retry_in, .. } => *retry_in,
            Error::QuotaExhausted { resets_in, .. } => Some(*resets_in),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed, for a call that
    /// is safe to repeat (every operation but `linkedin_user_action`): 408,
    /// 429, 503 and 504, an error of a type the pages call temporary
    /// ([`ErrorKind::is_transient`]), timeouts and connection failures, an
    /// unreachable limiter. Never true for other 4xx or 5xx, a stopped
    /// account or a used-up quota.
    ///
    /// The SDK's retry loop asks the same rule after each attempt, so an
    /// error it gave up on answers as it decided; for the user action it is
    /// stricter: after it was sent, only a 429 or 503 proves the server did
    /// not act. An error does not record which operation it came from, so
    /// this answer is for a call safe to repeat.
    pub fn is_retryable(&self) -> bool {
        self.ending()
            .is_some_and(|ending| should_retry(ending, true))
    }

    /// Whether the provider or the API is rate-limiting (HTTP 429).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the credentials or permissions are the problem: a 401 or
    /// 403, or an account stopped for such an error (the same rule as
    /// [`ErrorKind::is_auth`]).
    pub fn is_auth(&self) -> bool {
        match self.status() {
            Some(status) => kind::is_auth_status(status),
            None => self.kind().is_some_and(ErrorKind::is_auth),
        }
    }

    /// Whether the target does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// A transport failure: a timeout, or anything else that kept the
    /// request from a complete answer.
    pub(crate) fn transport(source: reqwest::Error) -> Self {
        // reqwest's Display names the URL but never headers, so no key leaks.
        let message = error_chain(&source);
        if source.is_timeout() {
            Error::Timeout { message, source }
        } else {
            Error::Transport { message, source }
        }
    }
}
