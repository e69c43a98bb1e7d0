//! Why the limiter did not let an attempt go (`http/outcome.rs`
//! `Outcome::Refused`), and the [`Error`] each refusal becomes.

use std::sync::Arc;
use std::time::Duration;

use crate::{CallKind, Error, ErrorKind, QuotaWindow};

/// Why an attempt was not sent (`http/outcome.rs` `Outcome::Refused`).
#[derive(Debug, Clone)]
pub(crate) enum Refusal {
    /// The pace would wait `wait`, past the call's deadline; nothing was
    /// reserved.
    TooLate { wait: Duration },
    Stopped {
        account: String,
        reason: ErrorKind,
        left: Option<Duration>,
    },
    Quota {
        account: String,
        budget: String,
        window: QuotaWindow,
        resets_in: Duration,
    },
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    Unavailable(Arc<dyn std::error::Error + Send + Sync>),
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Stopped {
                account,
                reason,
                left,
            } => Error::AccountStopped {
                account_id: account,
                reason,
                retry_in: left,
            },
            Refusal::Quota {
                account,
                budget,
                window,
                resets_in,
            } => Error::QuotaExhausted {
                account_id: account,
                // `None`: the account's budget (`all`).
                call_kind: CallKind::ALL.iter().copied().find(|k| k.name() == budget),
                window,
                resets_in,
            },
            Refusal::TooLate { wait } => Error::PacedPastTimeout { wait },
            Refusal::Unavailable(source) => Error::LimiterUnavailable {
                message: source.to_string(),
                source,
            },
        }
    }
}
