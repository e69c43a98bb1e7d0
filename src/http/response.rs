//! Turns what the generated code returns into `Result<T, Error>`: every
//! body, success or error, arrives here raw and is read and decoded here.

use std::time::Duration;

use bytes::Bytes;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::body::{self, MAX_ERROR_BODY, Past, ReadError, error_from_reqwest};
use super::trace;
use crate::error::{ApiError, Error, Result, body_start};
use crate::model::decode;
use crate::{ErrorKind, types};

type Generated =
    std::result::Result<ResponseValue<ByteStream>, progenitor_client::Error<ByteStream>>;

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
    // One bulk UTF-8 check, then `from_str`, which does not check every
    // string again as `from_slice` does; a body that is not UTF-8 fails in
    // `from_slice` as before.
    let decoded = match std::str::from_utf8(&body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(&body),
    };
    decoded.map_err(|source| {
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

/// Maps a generated `send_raw` result to the decoded value and its body.
pub(crate) async fn finish<T: Decoded>(result: Generated) -> Result<Response<T>> {
    use progenitor_client::Error as G;
    let error = match result {
        Ok(value) => {
            let status = value.status();
            // Read whole within its attempt, under the client's cap.
            let body = read_body(value.into_inner().into_inner(), usize::MAX).await?;
            let value = T::decode(status, body.clone())?;
            return Ok(Response {
                value,
                status,
                body,
            });
        }
        Err(error) => error,
    };
    Err(match error {
        G::InvalidRequest(message) | G::Custom(message) => Error::invalid_request(message),
        G::CommunicationError(source)
        | G::ResponseBodyError(source)
        | G::InvalidUpgrade(source) => error_from_reqwest(source),
        // Every body is a byte stream, so the generated code decodes nothing.
        G::InvalidResponsePayload(body, source) => Error::Decode {
            status: StatusCode::OK,
            path: ".".to_string(),
            message: source.to_string(),
            body,
            source: Some(source),
        },
        G::ErrorResponse(value) => {
            let (status, headers) = (value.status(), value.headers().clone());
            let body = read_body(value.into_inner().into_inner(), MAX_ERROR_BODY).await;
            from_error_response(status, &headers, body)
        }
        G::UnexpectedResponse(response) => {
            let (status, headers) = (response.status(), response.headers().clone());
            let chunks = futures::stream::unfold(response, |mut response| async move {
                response
                    .chunk()
                    .await
                    .transpose()
                    .map(|chunk| (chunk, response))
            });
            let body = read_body(Box::pin(chunks), MAX_ERROR_BODY).await;
            from_error_response(status, &headers, body)
        }
    })
}

/// Reads at most `limit` bytes of a body (one chunk when the attempt
/// already read it).
async fn read_body(
    stream: impl futures::Stream<Item = reqwest::Result<Bytes>> + Unpin,
    limit: usize,
) -> Result<Bytes> {
    match body::read(stream, limit, Past::Cut).await {
        Ok(body) => Ok(body),
        Err(ReadError::Read(source)) => Err(error_from_reqwest(source)),
        Err(ReadError::TooLarge(too_large)) => Err(Error::ResponseTooLarge {
            limit: too_large.limit,
        }),
    }
}

fn from_error_response(status: StatusCode, headers: &HeaderMap, body: Result<Bytes>) -> Error {
    let body = match body {
        Ok(body) => body,
        Err(error) => return error,
    };
    let retry_after = retry_after(headers);
    let envelope = (status.is_client_error() || status.is_server_error())
        .then(|| body::envelope(&body))
        .flatten();
    match envelope {
        Some(envelope) => {
            if let Some(instance) = &envelope.instance {
                trace::record_request_id(instance);
            }
            Error::Api(Box::new(ApiError {
                status,
                kind: ErrorKind::from_type(&envelope.type_),
                error_type: envelope.type_,
                title: envelope.title,
                detail: envelope.detail,
                instance: envelope.instance,
                retry_after,
            }))
        }
        None => Error::UnexpectedResponse {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("no content type")
                .to_string(),
            body_start: body_start(&body),
            retry_after,
        },
    }
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delay = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delay.to_std().unwrap_or(Duration::ZERO))
}
