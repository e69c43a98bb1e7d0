//! Secrets, decided here: the API key is held as a [`SecretString`]
//! (its `Debug` never shows it) from [`ClientBuilder::api_key`] to the
//! header of each request, and one list says which headers and query
//! parameters of an exchange carry credentials, for anything that writes
//! exchanges out (the `postpress --har` capture drops them).
//!
//! [`ClientBuilder::api_key`]: crate::ClientBuilder::api_key

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::ExposeSecret;
pub(crate) use secrecy::SecretString;

/// The header the API key travels in.
pub const API_KEY_HEADER: &str = "x-api-key";

/// Headers that carry credentials whatever their value: the SDK's own key
/// header, HTTP authentication and cookies.
pub const CREDENTIAL_HEADERS: &[&str] = &[
    API_KEY_HEADER,
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Parts of a header or query parameter name that mark it as a credential
/// (`access_token`, `X-Auth-Token`, `api_key`, `client_secret`, ...).
const CREDENTIAL_NAME_PARTS: &[&str] = &[
    "api-key",
    "api_key",
    "apikey",
    "auth",
    "token",
    "secret",
    "password",
    "cookie",
    "signature",
];

/// Whether a header or query parameter named `name` (any case) may carry a
/// credential, so must never be written out.
///
/// ```
/// assert!(postpress::secrets::is_credential("X-API-KEY"));
/// assert!(postpress::secrets::is_credential("access_token"));
/// assert!(!postpress::secrets::is_credential("account_id"));
/// ```
pub fn is_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CREDENTIAL_HEADERS.contains(&name.as_str())
        || CREDENTIAL_NAME_PARTS.iter().any(|part| name.contains(part))
}

/// The key's header, marked sensitive (HTTP/2 never indexes it), or `None`
/// when the key cannot be a header value.
pub(crate) fn api_key_header(key: &SecretString) -> Option<(HeaderName, HeaderValue)> {
    let mut value = HeaderValue::from_str(key.expose_secret()).ok()?;
    value.set_sensitive(true);
    Some((HeaderName::from_static(API_KEY_HEADER), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_named_by_the_one_list() {
        for name in [
            "x-api-key",
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "set-cookie",
            "x-auth-token",
            "access_token",
            "client_secret",
        ] {
            assert!(is_credential(name), "{name}");
        }
        for name in [
            "account_id",
            "cursor",
            "limit",
            "content-type",
            "user-agent",
        ] {
            assert!(!is_credential(name), "{name}");
        }
    }
}
