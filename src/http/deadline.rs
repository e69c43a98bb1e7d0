//! The call's total deadline, in one place: made when the call starts
//! (`transport.rs`), it bounds the limiter's wait before each attempt
//! (a longer wait ends the call at once, reserving nothing), each
//! attempt's timeout (cut to the time left) and the wait before a retry
//! (not started when it would pass the deadline).

use std::time::{Duration, Instant};

use reqwest::Request;

/// When the call must be over, if it has a total timeout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    /// The deadline of a call starting now with this total timeout.
    pub(crate) fn start(total: Option<Duration>) -> Self {
        Deadline(total.map(|total| Instant::now() + total))
    }

    /// The time left (`None`: no deadline).
    pub(crate) fn left(&self) -> Option<Duration> {
        self.0
            .map(|deadline| deadline.saturating_duration_since(Instant::now()))
    }

    /// Whether a wait of `delay` from now ends before the deadline.
    pub(crate) fn allows_wait(&self, delay: Duration) -> bool {
        self.left().is_none_or(|left| delay < left)
    }

    /// Cuts `request`'s timeout to the time left (1 ms at least: reqwest
    /// reads zero as no timeout).
    pub(crate) fn clamp(&self, request: &mut Request) {
        if let Some(left) = self.left() {
            let per_attempt = request.timeout().copied().unwrap_or(left);
            *request.timeout_mut() = Some(per_attempt.min(left).max(Duration::from_millis(1)));
        }
    }
}
