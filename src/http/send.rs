//! The public `send` of each operation builder: it returns the decoded body
//! or an [`Error`](crate::Error), so `?` works across every call.

use super::RequestOptions;
use tracing::Instrument;

use super::response::{self, Decoded, Response};
use super::trace;
use crate::error::Result;
use crate::generated::builder;
use crate::{AccountOwnerProfile, Page, SearchResult, UserProfile, types};

macro_rules! send {
    ($( $(#[$doc:meta])* $builder:ident => $output:ty; )+) => {$(
        impl builder::$builder<'_> {
            $(#[$doc])*
            ///
            /// # Errors
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before sending when a required value
            /// is missing or out of range; otherwise whatever the call ran
            /// into, as an [`Error`](crate::Error).
            pub async fn send(self) -> Result<$output> {
                self.send_with_json().await.map(Response::into_value)
            }

            /// Like `send`, and keeps the JSON the value was decoded from,
            /// exactly as received ([`Response::json`]).
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with_json(self) -> Result<Response<$output>> {
                self.send_as(RequestOptions::default()).await
            }

            /// Like `send`, with per-call overrides of the client's retry
            /// policy and timeouts.
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with(self, options: &RequestOptions) -> Result<$output> {
                self.send_as(options.clone()).await.map(Response::into_value)
            }

            /// Sends with `options`; the body decodes to `T` (a pager asks
            /// for its page split but not yet decoded).
            pub(crate) async fn send_as<T: Decoded>(
                self,
                options: RequestOptions,
            ) -> Result<Response<T>> {
                let call = async move { response::finish(self.send_raw(options).await).await };
                call.instrument(trace::call_span()).await
            }
        }
    )+};
}

send! {
    /// Sends `GET /users/{identifier}`: a user's profile.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), postpress::Error> {
    /// let client = postpress::Client::from_env()?;
    /// let profile = client
    ///     .get_user()
    ///     .identifier("jordan-walke")
    ///     .account_id("acc_linkedin_01HXYZ4QK3WJ8FN3M6QH7TZ8GR")
    ///     .linkedin_sections(["*_preview", "experience"])
    ///     .send()
    ///     .await?;
    /// if let postpress::UserProfile::Linkedin(linkedin) = profile {
    ///     println!("{} {}", linkedin.first_name, linkedin.last_name);
    /// }
    /// # Ok(()) }
    /// ```
    GetUser => UserProfile;
    /// Sends `GET /users/me`: the linked account owner's own profile.
    GetOwnProfile => AccountOwnerProfile;
    /// Sends `GET /users/relations`: one page of the account's relations.
    /// A relation that does not match the spec costs only itself: it is
    /// kept in [`Page::undecoded`] with its path and JSON.
    ListRelations => Page<types::UserRelation>;
    /// Sends `POST /linkedin/search`: one page of LinkedIn search results.
    /// A result that does not match the spec costs only itself: it is kept
    /// in [`Page::undecoded`] with its path and JSON.
    LinkedinSearch => Page<SearchResult>;
    /// Sends `POST /linkedin/user/{user_id}`: acts on a LinkedIn user.
    /// Not idempotent: the SDK never repeats it after the request was sent.
    LinkedinUserAction => types::LinkedinPerformActionOnUser;
}
