//! Turns a call's last [`Outcome`] into `Result<T, Error>`: a success body,
//! already read, is decoded here; anything else is the outcome's error.

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::outcome::Outcome;
use crate::error::{Error, Result};
use crate::model::decode;
use crate::types;

/// A decoded response together with the JSON it was decoded from, exactly as
/// received: for audit logs, and for fields this SDK version does not know.
///
/// Returned by `send_with_json()` on every request builder.
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: StatusCode,
    body: Bytes,
}

impl<T> Response<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, dropping the JSON.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status (a success status).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body exactly as received (UTF-8 JSON).
    pub fn json(&self) -> &str {
        // Decoding checked the body is UTF-8 JSON.
        std::str::from_utf8(&self.body).unwrap_or_default()
    }

    /// The value and the body as received.
    pub fn into_parts(self) -> (T, Bytes) {
        (self.value, self.body)
    }
}

/// What an operation's success body decodes to.
pub(crate) trait Decoded: Sized {
    /// Decodes the whole body (`status` is the success status).
    fn decode(status: StatusCode, body: Bytes) -> Result<Self>;
}

/// One value for the whole body; a departure from the spec is an
/// [`Error::Decode`] that names its path and keeps the whole body.
pub(crate) fn whole<T: DeserializeOwned>(status: StatusCode, body: Bytes) -> Result<T> {
    serde_json::from_slice(&body).map_err(|source| {
        let (path, message) =
            decode::locate::<T>(&body).unwrap_or_else(|| (".".to_string(), source.to_string()));
        Error::Decode {
            status,
            path,
            message,
            body,
            source: Some(source),
        }
    })
}

macro_rules! decoded {
    ($( $ty:ty => $how:expr; )+) => {$(
        impl Decoded for $ty {
            fn decode(status: StatusCode, body: Bytes) -> Result<Self> {
                $how(status, body)
            }
        }
    )+};
}

decoded! {
    crate::UserProfile => whole;
    crate::AccountOwnerProfile => whole;
    types::LinkedinPerformActionOnUser => whole;
}

/// The value of a call that ended with `outcome`, and its body. Every
/// operation documents one success status, 200; any other answer is an
/// error (`envelope.rs`).
pub(crate) fn finish<T: Decoded>(outcome: Outcome) -> Result<Response<T>> {
    match outcome {
        Outcome::Answered(answer) if answer.status == StatusCode::OK => {
            let (status, body) = (answer.status, answer.body);
            let value = T::decode(status, body.clone())?;
            Ok(Response {
                value,
                status,
                body,
            })
        }
        other => Err(other.into_error()),
    }
}
