//! One attempt, start to end: admitted by the limiter, sent, its body read
//! (`body.rs`) into one [`Outcome`], and what it taught the limiter passed
//! on. Nothing here decides: admission and feedback are the limiter's
//! (`limits/mod.rs`), the deadline's bounds `deadline.rs`'s, the
//! body cap `body.rs`'s, whether to repeat the classifier's
//! (`error/retryable.rs`, asked by the loop in `transport.rs`).

use reqwest::Request;

use super::deadline::Deadline;
use super::outcome::Outcome;
use super::{body, trace};
use crate::CallKind;
use crate::limits::Limiter;

/// What every attempt of one call shares: it sends them.
pub(super) struct Sender<'a> {
    pub(super) http: &'a reqwest::Client,
    pub(super) operation_id: &'static str,
    pub(super) idempotent: bool,
    pub(super) deadline: Deadline,
    /// The limiter and the account it paces, when both are known.
    pub(super) limited: Option<(&'a Limiter, &'a str)>,
    pub(super) kind: Option<CallKind>,
    pub(super) max_response_bytes: usize,
}

impl Sender<'_> {
    /// Sends `request` once (attempt `number`, 1 for the first).
    pub(super) async fn send_once(&self, mut request: Request, number: u32) -> Outcome {
        let mut pace = 1.0;
        if let Some((limiter, account)) = self.limited {
            match limiter
                .admit(account, self.kind, self.deadline.left())
                .await
            {
                Ok(admitted) => pace = admitted,
                Err(refusal) => return Outcome::Refused(refusal),
            }
        }
        self.deadline.clamp(&mut request);
        tracing::debug!(
            operation = self.operation_id,
            attempt = number,
            method = %request.method(),
            "sending postpress request"
        );
        let outcome = match self.http.execute(request).await {
            Ok(response) => body::read_answer(response, self.max_response_bytes).await,
            Err(error) => Outcome::failed(error),
        };
        trace::record_attempt(number, outcome.status());
        if let (Some((limiter, account)), Some(feedback)) = (self.limited, outcome.feedback()) {
            limiter.observe(account, self.kind, feedback, pace).await;
        }
        outcome
    }
}
