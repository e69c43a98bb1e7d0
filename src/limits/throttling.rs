//! LinkedIn's throttling as a signal: a profile that lists
//! `throttled_sections` ("sections that returned empty because LinkedIn
//! throttled the request") slows that account's profile views as a 429
//! slows the account, and is still delivered.
//!
//! The profile is decoded once, by the call itself; `http::run`, where the
//! decoded value and the call's limiter meet, hands it to [`after_call`].

use std::any::Any;

use super::{Feedback, Limiter};
use crate::{CallKind, UserProfile};

/// How many sections LinkedIn throttled in a call's decoded `value` (0 for
/// anything but a LinkedIn profile).
pub(crate) fn throttled_sections(value: &dyn Any) -> usize {
    match value.downcast_ref::<UserProfile>() {
        Some(UserProfile::Linkedin(profile)) => profile.throttled_sections.len(),
        _ => 0,
    }
}

/// After a profile came back with `throttled` sections: slows the account's
/// profile views, when the call was limited and the limiter takes
/// throttling as a signal.
pub(crate) async fn after_call(limited: Option<(&Limiter, &str)>, throttled: usize) {
    if throttled == 0 {
        return;
    }
    let kind = CallKind::ProfileView;
    let slowed = limited.filter(|(limiter, _)| limiter.shared.throttling);
    // Counts and the kind, never the profile's values.
    tracing::info!(
        call_kind = kind.name(),
        throttled_sections = throttled,
        slowed = slowed.is_some(),
        "LinkedIn throttled profile sections"
    );
    if let Some((limiter, account)) = slowed {
        limiter
            .observe(account, Some(kind), Feedback::Throttled(kind), 1.0)
            .await;
    }
}
