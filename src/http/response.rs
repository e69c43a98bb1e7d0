//! Turns a call's last [`Outcome`] into `Result<T, Error>`: a success body,
//! already read, is decoded here (`crate::decode`); anything else is the
//! outcome's error.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::outcome::Outcome;
use crate::decode::{self, Correction, Decoding, Failed};
use crate::error::{Error, Result};
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
    corrections: Vec<Correction>,
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

    /// Where the response departed from the spec and the value was
    /// corrected to stay typed, in the body's order; empty when it matched.
    /// For a page, every correction of the page, its items' included (as
    /// [`Page::corrections`](crate::Page::corrections)).
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }
}

/// A type an operation's success body decodes to.
pub(crate) trait SuccessBody: Sized {
    /// Decodes the whole body, with the corrections made to keep it typed.
    fn decode(call: &Decoding, body: Bytes) -> Result<(Self, Vec<Correction>)>;
}

/// One value for the whole body, corrected where it departs from the spec
/// (`crate::decode`). A body that is not JSON is an
/// [`Error::UnexpectedResponse`]; JSON that cannot be corrected (not an
/// object), or any correction in strict mode, an [`Error::Decode`] that
/// names its path and keeps the whole body.
pub(crate) fn whole<T: DeserializeOwned>(
    call: &Decoding,
    body: Bytes,
) -> Result<(T, Vec<Correction>)> {
    match decode::typed::<T>(call, &body, None) {
        Ok((value, corrections)) => {
            call.check(&corrections, &body)?;
            Ok((value, corrections))
        }
        Err(Failed::NotJson) => Err(call.not_json(&body)),
        Err(Failed::Undecodable {
            path,
            message,
            source,
        }) => Err(Error::Decode {
            status: call.status,
            path: path.to_string(),
            message,
            body,
            source,
        }),
    }
}

macro_rules! success_body {
    ($( $ty:ty => $how:expr; )+) => {$(
        impl SuccessBody for $ty {
            fn decode(call: &Decoding, body: Bytes) -> Result<(Self, Vec<Correction>)> {
                $how(call, body)
            }
        }
    )+};
}

success_body! {
    crate::UserProfile => whole;
    crate::AccountOwnerProfile => whole;
    types::LinkedinPerformActionOnUser => whole;
}

/// The value of a call that ended with `outcome`, and its body. Every
/// operation documents one success status, 200; any other answer is an
/// error (`envelope.rs`). `call` is what the decode knows of the call.
pub(crate) fn finish<T: SuccessBody>(outcome: Outcome, call: Decoding) -> Result<Response<T>> {
    match outcome {
        Outcome::Answered(answer) if answer.status == StatusCode::OK => {
            let content_type = answer
                .headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok());
            let call = call.answered(answer.status, content_type);
            let (status, body) = (answer.status, answer.body);
            let (value, corrections) = T::decode(&call, body.clone())?;
            Ok(Response {
                value,
                status,
                body,
                corrections,
            })
        }
        other => Err(other.into_error()),
    }
}
