//! The public `send` of each operation builder: it returns the decoded body
//! or an [`Error`](crate::Error), so `?` works across every call.

use super::response::{self, Response};
use super::{RequestOptions, options};
use crate::error::Result;
use crate::generated::builder;
use crate::pagination::RawPage;
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
                response::finish(self.send_raw().await).await
            }

            /// Like `send`, with per-call overrides of the client's retry
            /// policy and timeouts.
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with(self, options: &RequestOptions) -> Result<$output> {
                options::scope(options.clone(), self.send()).await
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

macro_rules! send_split {
    ($( $builder:ident => $item:ty; )+) => {$(
        impl builder::$builder<'_> {
            /// Sends with `options`; the page comes back split but not yet
            /// decoded, so a pager can ask for the next one first.
            pub(crate) async fn send_split(self, options: &RequestOptions) -> Result<RawPage<$item>> {
                let call = async { response::finish(self.send_raw().await).await };
                options::scope(options.clone(), call)
                    .await
                    .map(Response::into_value)
            }
        }
    )+};
}

send_split! {
    ListRelations => types::UserRelation;
    LinkedinSearch => SearchResult;
}
