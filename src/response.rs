//! Turns what the generated code returns into `Result<T, Error>`.

use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, Result};
use crate::{ErrorKind, decode, types};

/// How much of an error body is read; an error envelope is far smaller.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// How much of an undecodable body an error keeps.
const BODY_START: usize = 256;

type Generated<T> = std::result::Result<ResponseValue<T>, progenitor_client::Error<ByteStream>>;

/// Maps a generated `send_raw` result to the SDK's result.
pub(crate) async fn finish<T: DeserializeOwned>(result: Generated<T>) -> Result<T> {
    use progenitor_client::Error as G;
    let error = match result {
        Ok(value) => return Ok(value.into_inner()),
        Err(error) => error,
    };
    Err(match error {
        G::InvalidRequest(message) | G::Custom(message) => Error::invalid_request(message),
        G::CommunicationError(source)
        | G::ResponseBodyError(source)
        | G::InvalidUpgrade(source) => Error::from_reqwest(source),
        // The generated code decodes only the documented 200 response.
        G::InvalidResponsePayload(body, source) => decode_error::<T>(StatusCode::OK, &body, source),
        G::ErrorResponse(value) => {
            let (status, headers) = (value.status(), value.headers().clone());
            let body = read_body(value.into_inner().into_inner()).await;
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
            let body = read_body(Box::pin(chunks)).await;
            from_error_response(status, &headers, body)
        }
    })
}

fn decode_error<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    source: serde_json::Error,
) -> Error {
    let (path, message) =
        decode::locate::<T>(body).unwrap_or_else(|| (".".to_string(), source.to_string()));
    Error::Decode {
        status,
        path,
        message,
        body_start: body_start(body),
        source,
    }
}

/// Reads at most [`MAX_ERROR_BODY`] bytes of a body.
async fn read_body(
    mut stream: impl futures::Stream<Item = reqwest::Result<Bytes>> + Unpin,
) -> std::result::Result<Bytes, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = MAX_ERROR_BODY - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == MAX_ERROR_BODY {
            break;
        }
    }
    Ok(Bytes::from(body))
}

fn from_error_response(
    status: StatusCode,
    headers: &HeaderMap,
    body: std::result::Result<Bytes, reqwest::Error>,
) -> Error {
    let body = match body {
        Ok(body) => body,
        Err(source) => return Error::from_reqwest(source),
    };
    let retry_after = retry_after(headers);
    let envelope = (status.is_client_error() || status.is_server_error())
        .then(|| serde_json::from_slice::<types::ErrorEnvelope>(&body).ok())
        .flatten();
    match envelope {
        Some(envelope) => Error::Api(Box::new(ApiError {
            status,
            kind: ErrorKind::from_type(&envelope.type_),
            error_type: envelope.type_,
            title: envelope.title,
            detail: envelope.detail,
            instance: envelope.instance,
            retry_after,
        })),
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

fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_START)]);
    if body.len() > BODY_START {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}
