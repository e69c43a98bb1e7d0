//! Every documented `errors/*` type as an enum variant.

use std::fmt;

use reqwest::StatusCode;

use super::retryable::{Ending, should_retry};

macro_rules! error_kinds {
    ($( $status:literal => [ $( $(#[$doc:meta])* $variant:ident = $name:literal, )+ ] )+) => {
        /// What went wrong, from the `type` field (`errors/<name>`) of an API
        /// error response.
        ///
        /// Every type the reference pages document has a variant; a type this
        /// SDK version does not know yet is kept in [`ErrorKind::Unknown`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $( $(#[$doc])* $variant, )+ )+
            /// A type not documented when this SDK was built, with its raw
            /// `type` value (for example `errors/some_new_type`).
            Unknown(String),
        }

        impl ErrorKind {
            /// Every documented kind, in the order of the reference pages.
            pub const DOCUMENTED: &'static [ErrorKind] = &[$( $( ErrorKind::$variant, )+ )+];

            /// Maps an API `type` value (`errors/<name>`, or a bare `<name>`).
            pub fn from_type(value: &str) -> Self {
                match value.strip_prefix("errors/").unwrap_or(value) {
                    $( $( $name => ErrorKind::$variant, )+ )+
                    _ => ErrorKind::Unknown(value.to_string()),
                }
            }

            /// The short name, e.g. `resource_not_found` (for
            /// [`ErrorKind::Unknown`], the raw value as received).
            pub fn name(&self) -> &str {
                match self {
                    $( $( ErrorKind::$variant => $name, )+ )+
                    ErrorKind::Unknown(raw) => raw.strip_prefix("errors/").unwrap_or(raw),
                }
            }

            /// The HTTP status the pages document this type with (`None`
            /// for [`ErrorKind::Unknown`]).
            pub(crate) fn documented_status(&self) -> Option<StatusCode> {
                match self {
                    $( $( ErrorKind::$variant => StatusCode::from_u16($status).ok(), )+ )+
                    ErrorKind::Unknown(_) => None,
                }
            }
        }
    };
}

error_kinds! {
    400 => [
        /// One or more parameters are invalid for the chosen `api`/`category`.
        InvalidParameters = "invalid_parameters",
        /// The request is malformed.
        MalformedRequest = "malformed_request",
        /// The request body is too large.
        ContentTooLarge = "content_too_large",
        /// The search-from-URL body holds no valid LinkedIn search URL.
        InvalidUrl = "invalid_url",
        /// A string field is longer than allowed.
        TooManyCharacters = "too_many_characters",
        /// A field holds characters that must be encoded.
        UnescapedCharacters = "unescaped_characters",
        /// A required field or parameter is missing.
        MissingParameters = "missing_parameters",
        /// `limit` is above the maximum for the chosen API.
        LimitTooHigh = "limit_too_high",
    ]
    401 => [
        /// No credentials were sent.
        MissingCredentials = "missing_credentials",
        /// LinkedIn refuses several sessions on this Recruiter account.
        MultipleSessions = "multiple_sessions",
        /// The checkpoint solution was rejected.
        InvalidCheckpointSolution = "invalid_checkpoint_solution",
        /// The proxy credentials are invalid.
        InvalidProxyCredentials = "invalid_proxy_credentials",
        /// The checkpoint cannot be resolved.
        CheckpointError = "checkpoint_error",
        /// The credentials are invalid.
        InvalidCredentials = "invalid_credentials",
        /// The credentials expired: reconnect the account.
        ExpiredCredentials = "expired_credentials",
        /// The API key's scopes do not cover this resource.
        InsufficientPrivileges = "insufficient_privileges",
        /// The account is disconnected from its provider.
        DisconnectedAccount = "disconnected_account",
        /// The feature's service is disconnected.
        DisconnectedFeature = "disconnected_feature",
        /// IMAP/SMTP credentials are invalid; the account itself is fine.
        InvalidCredentialsButValidAccountImap = "invalid_credentials_but_valid_account_imap",
        /// The link expired.
        ExpiredLink = "expired_link",
        /// The credentials belong to another account.
        WrongAccount = "wrong_account",
    ]
    403 => [
        /// The provider restricted the account.
        AccountRestricted = "account_restricted",
        /// This account cannot do this action.
        AccountMismatch = "account_mismatch",
        /// Authenticated, but not permitted.
        InsufficientPermissions = "insufficient_permissions",
        /// The token's user does not match the session.
        SessionMismatch = "session_mismatch",
        /// The feature (e.g. Sales Navigator, Recruiter) is not subscribed.
        FeatureNotSubscribed = "feature_not_subscribed",
        /// A subscription is required.
        SubscriptionRequired = "subscription_required",
        /// Login needs another step.
        UnknownAuthenticationContext = "unknown_authentication_context",
        /// Another step is required.
        ActionRequired = "action_required",
        /// No access to this resource.
        ResourceAccessRestricted = "resource_access_restricted",
    ]
    404 => [
        /// The resource does not exist.
        ResourceNotFound = "resource_not_found",
        /// The identifier is not valid.
        InvalidResourceIdentifier = "invalid_resource_identifier",
    ]
    422 => [
        /// The account is not made for this feature.
        InvalidAccount = "invalid_account",
        /// The user cannot be reached on the provider.
        UserUnreachable = "user_unreachable",
        /// The request cannot be processed as sent.
        UnprocessableEntity = "unprocessable_entity",
        /// The account's configuration prevents the request.
        AccountConfigurationError = "account_configuration_error",
        /// The provider cannot be reached right now.
        ProviderUnreachable = "provider_unreachable",
        /// The user id does not fit the chosen `api`.
        InvalidRecipient = "invalid_recipient",
        /// The action was already done for this user.
        ActionAlreadyPerformed = "action_already_performed",
    ]
    429 => [
        /// The provider is rate-limiting the account.
        TooManyRequests = "too_many_requests",
    ]
    500 => [
        /// Something went wrong.
        UnexpectedError = "unexpected_error",
        /// The provider has operational problems; retry later.
        ProviderError = "provider_error",
        /// The authentication intent was killed after a failure.
        AuthenticationIntentError = "authentication_intent_error",
    ]
    501 => [
        /// The feature is not implemented yet.
        FeatureNotImplemented = "feature_not_implemented",
    ]
    503 => [
        /// No client session is running.
        NoClientSession = "no_client_session",
        /// No channel to the client session.
        NoChannel = "no_channel",
        /// No handler for the request.
        NoHandler = "no_handler",
        /// The network is down on the server side.
        NetworkDown = "network_down",
        /// The service is temporarily unavailable.
        ServiceUnavailable = "service_unavailable",
    ]
    504 => [
        /// The upstream provider timed out.
        RequestTimeout = "request_timeout",
    ]
}

impl ErrorKind {
    /// Whether this error goes away on retry: the SDK repeats it (for an
    /// operation safe to repeat) when it comes with its documented status.
    /// Derived from the one retry rule (`retryable.rs`), so it agrees with
    /// [`Error::is_retryable`](crate::Error::is_retryable) and the loop.
    pub fn is_transient(&self) -> bool {
        self.documented_status()
            .is_some_and(|status| should_retry(Ending::Answered(status, Some(self)), true))
    }

    /// Whether the error is about credentials or permissions: documented
    /// with 401 or 403, the rule [`Error::is_auth`](crate::Error::is_auth)
    /// applies to the status it got.
    pub fn is_auth(&self) -> bool {
        self.documented_status().is_some_and(is_auth_status)
    }
}

/// Whether a status says the credentials or permissions are the problem.
pub(crate) fn is_auth_status(status: StatusCode) -> bool {
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "errors/{}", self.name())
    }
}
