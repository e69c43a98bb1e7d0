//! The public `send` of each operation builder: it returns the decoded body
//! or an [`Error`](crate::Error), so `?` works across every call.

use crate::error::Result;
use crate::generated::builder;
use crate::{AccountOwnerProfile, RequestOptions, UserProfile, request_options, response, types};

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
                response::finish(self.send_raw().await).await
            }

            /// Like `send`, with per-call overrides of the client's retry
            /// policy and timeouts.
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with(self, options: &RequestOptions) -> Result<$output> {
                request_options::scope(options.clone(), self.send()).await
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
    ListRelations => types::UserRelationsList;
    /// Sends `POST /linkedin/search`: one page of LinkedIn search results.
    LinkedinSearch => types::LinkedinSearch;
    /// Sends `POST /linkedin/user/{user_id}`: acts on a LinkedIn user.
    /// Not idempotent: the SDK never repeats it after the request was sent.
    LinkedinUserAction => types::LinkedinPerformActionOnUser;
}
