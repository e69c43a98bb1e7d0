//! The public `send` of each operation builder: it returns the decoded body
//! or an [`Error`](crate::Error), so `?` works across every call.

use crate::{AccountOwnerProfile, UserProfile, types};

/// Defines `send`, `send_with_json`, `send_with` and the crate's `send_as`
/// on each named builder. Listing builders get theirs in `pagination`,
/// which owns how a page decodes.
macro_rules! send {
    ($( $(#[$doc:meta])* $builder:ident => $output:ty; )+) => {$(
        impl $crate::openapi::builder::$builder<'_> {
            $(#[$doc])*
            ///
            /// # Errors
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before sending when a required value
            /// is missing or out of range; otherwise whatever the call ran
            /// into, as an [`Error`](crate::Error).
            pub async fn send(self) -> $crate::Result<$output> {
                self.send_with_json().await.map($crate::Response::into_value)
            }

            /// Like `send`, and keeps the JSON the value was decoded from,
            /// exactly as received ([`Response::json`](crate::Response::json)).
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with_json(self) -> $crate::Result<$crate::Response<$output>> {
                self.send_as($crate::RequestOptions::default()).await
            }

            /// Like `send`, with per-call overrides of the client's retry
            /// policy and timeouts.
            ///
            /// # Errors
            /// As `send`.
            pub async fn send_with(self, options: &$crate::RequestOptions) -> $crate::Result<$output> {
                self.send_as(options.clone()).await.map($crate::Response::into_value)
            }

            /// Sends with `options`; the body decodes to `T` (a pager asks
            /// for its page split but not yet decoded).
            pub(crate) async fn send_as<T: $crate::http::SuccessBody + 'static>(
                self,
                options: $crate::RequestOptions,
            ) -> $crate::Result<$crate::Response<T>> {
                let sending = async move { $crate::http::run(self.send_raw(options).await).await };
                tracing::Instrument::instrument(sending, $crate::http::call_span()).await
            }
        }
    )+};
}
pub(crate) use send;

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
    ///     // `None` when LinkedIn withholds the name (out of network).
    ///     println!("{:?} {:?}", linkedin.first_name, linkedin.last_name);
    /// }
    /// # Ok(()) }
    /// ```
    GetUser => UserProfile;
    /// Sends `GET /users/me`: the linked account owner's own profile.
    GetOwnProfile => AccountOwnerProfile;
    /// Sends `POST /linkedin/user/{user_id}`: acts on a LinkedIn user.
    /// Not idempotent: the SDK never repeats it after the request was sent.
    LinkedinUserAction => types::LinkedinPerformActionOnUser;
}
