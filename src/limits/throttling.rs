//! LinkedIn's throttling as a signal: a profile that lists
//! `throttled_sections` ("sections that returned empty because LinkedIn
//! throttled the request") slows that account's profile views as a 429
//! slows the account, and is still delivered.
//!
//! The profile is decoded once, by the call itself; `send` runs the call
//! inside [`watch_throttling`], `exec` offers the call's limiter and
//! account to it ([`offer_profile_view`]), and the decoded value is looked
//! at when the call returns. A task-local carries the offer, because the
//! decoded value and the limiter meet in no other frame.

use std::any::Any;
use std::cell::RefCell;

use super::{Limiter, Outcome};
use crate::{CallKind, Response, Result, UserProfile};

tokio::task_local! {
    /// The limiter and account of the profile view running in this task.
    static PROFILE_VIEW: RefCell<Option<(Limiter, String)>>;
}

/// From `exec`: the limiter and account of a `kind` call, kept for
/// [`watch_throttling`] when the call is a profile view and the limiter
/// takes throttling as a signal.
pub(crate) fn offer_profile_view(limited: &Option<(&Limiter, String)>, kind: Option<CallKind>) {
    if let (Some((limiter, account)), Some(CallKind::ProfileView)) = (limited, kind)
        && limiter.shared.throttling
    {
        // Outside `watch_throttling` (no scope) there is nobody to tell.
        let _ = PROFILE_VIEW.try_with(|slot| {
            *slot.borrow_mut() = Some(((*limiter).clone(), account.clone()));
        });
    }
}

/// Runs `call`; when it returns a LinkedIn profile listing throttled
/// sections, tells the limiter the call was offered to.
pub(crate) async fn watch_throttling<T: 'static>(
    call: impl Future<Output = Result<Response<T>>>,
) -> Result<Response<T>> {
    PROFILE_VIEW
        .scope(RefCell::new(None), async move {
            let result = call.await;
            let throttled = match &result {
                Ok(response) => (response.value() as &dyn Any)
                    .downcast_ref::<UserProfile>()
                    .map_or(0, throttled_sections),
                Err(_) => 0,
            };
            let offered = PROFILE_VIEW.with(|slot| slot.borrow_mut().take());
            if throttled > 0 {
                // Counts and the kind, never the profile's values.
                tracing::info!(
                    call_kind = CallKind::ProfileView.name(),
                    throttled_sections = throttled,
                    slowed = offered.is_some(),
                    "LinkedIn throttled profile sections"
                );
                if let Some((limiter, account)) = offered {
                    let kind = CallKind::ProfileView;
                    limiter
                        .observe(&account, Some(kind), Outcome::Throttled(kind), 1.0)
                        .await;
                }
            }
            result
        })
        .await
}

fn throttled_sections(profile: &UserProfile) -> usize {
    match profile {
        UserProfile::Linkedin(profile) => profile.throttled_sections.len(),
        _ => 0,
    }
}
