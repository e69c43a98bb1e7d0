//! One attempt: admitted by the limiter, sent within its timeout, its body
//! read, classified, and what it taught the limiter recorded. The policy
//! around attempts (how many, how long between them) is in `transport.rs`.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Request, Response, StatusCode};

use super::body::{self, MAX_ERROR_BODY, Past, ReadError};
use super::response::retry_after;
use super::trace;
use crate::CallKind;
use crate::ErrorKind;
use crate::error::{Attempt, should_retry};
use crate::limits::{Limiter, Outcome, Refusal};

/// What every attempt of one call shares.
pub(super) struct Attempts<'a> {
    pub(super) http: &'a reqwest::Client,
    pub(super) operation_id: &'static str,
    pub(super) idempotent: bool,
    pub(super) deadline: Option<Instant>,
    /// The limiter and the account it paces, when both are known.
    pub(super) limited: Option<(&'a Limiter, String)>,
    pub(super) kind: Option<CallKind>,
    pub(super) max_response_bytes: usize,
}

/// An attempt the classifier says may be repeated.
pub(super) struct Failed {
    /// What the call returns if it is not repeated.
    pub(super) result: reqwest::Result<Response>,
    /// The server's `Retry-After`, if it sent one.
    pub(super) retry_after: Option<Duration>,
    /// The attempt, for the log.
    pub(super) outcome: String,
}

impl Attempts<'_> {
    /// Sends `request` once: `Ok` is what the call returns, `Err` an
    /// attempt worth repeating.
    pub(super) async fn attempt(
        &self,
        mut request: Request,
        number: u32,
    ) -> Result<reqwest::Result<Response>, Failed> {
        let mut pace = 1.0;
        if let Some((limiter, account)) = &self.limited {
            match limiter.admit(account, self.kind).await {
                Ok(admitted) => pace = admitted,
                Err(refusal) => return Ok(Ok(refused(refusal))),
            }
        }
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            let per_attempt = request.timeout().copied().unwrap_or(left);
            *request.timeout_mut() = Some(per_attempt.min(left).max(Duration::from_millis(1)));
        }
        tracing::debug!(
            operation = self.operation_id,
            attempt = number,
            method = %request.method(),
            path = request.url().path(),
            "sending postpress request"
        );
        // Bodies are read here, within the attempt, so a connection cut
        // mid-body is retried like any interrupted attempt.
        let result = match self.http.execute(request).await {
            Ok(response) if response.status().is_success() => {
                read_success(response, self.max_response_bytes)
                    .await
                    .map(|response| (response, None))
            }
            Ok(response) => peek_error_kind(response).await,
            Err(error) => Err(error),
        };
        let attempt = match &result {
            Ok((response, kind)) => Attempt::Answered(response.status(), kind.as_ref()),
            Err(error) if error.is_connect() => Attempt::NotConnected,
            Err(_) => Attempt::Interrupted,
        };
        let status = match attempt {
            Attempt::Answered(status, _) => Some(status),
            _ => None,
        };
        trace::record_attempt(number, status);
        if let (Some((limiter, account)), Attempt::Answered(status, kind)) =
            (&self.limited, attempt)
        {
            let learned = match status {
                StatusCode::TOO_MANY_REQUESTS => Outcome::TooManyRequests,
                status if status.is_success() => Outcome::Success,
                _ => Outcome::Failed(kind),
            };
            limiter.observe(account, learned, pace).await;
        }
        if !should_retry(attempt, self.idempotent) {
            return Ok(result.map(|(response, _)| response));
        }
        let outcome = format!("{attempt:?}");
        Err(Failed {
            retry_after: result
                .as_ref()
                .ok()
                .and_then(|(response, _)| retry_after(response.headers())),
            result: result.map(|(response, _)| response),
            outcome,
        })
    }
}

/// The success response with its body read into memory, at most `limit`
/// bytes: past that, the body handed on fails with
/// [`ResponseTooLarge`](body::ResponseTooLarge), so a huge body is refused
/// instead of filling memory.
async fn read_success(response: Response, limit: usize) -> reqwest::Result<Response> {
    let declared = response.content_length().unwrap_or(0);
    let (parts, stream) = split(response);
    let body = if declared > limit as u64 {
        Err(ReadError::TooLarge(body::ResponseTooLarge { limit }))
    } else {
        body::read(stream, limit, Past::Refuse).await
    };
    match body {
        Ok(body) => Ok(rebuild(parts, reqwest::Body::from(body))),
        Err(ReadError::Read(error)) => Err(error),
        Err(ReadError::TooLarge(too_large)) => Ok(rebuild(parts, failing(too_large))),
    }
}

/// For a 500 with a JSON body, and a 401 or 403 (whose envelope is decoded
/// whatever its content type, as the final error is), the documented error
/// type, read from at most [`MAX_ERROR_BODY`] bytes (the response rebuilt
/// from them): the retry classifier reads the 500's, the limiter the 401's
/// and 403's (a restricted or disconnected account). Other responses are
/// passed through untouched.
async fn peek_error_kind(response: Response) -> reqwest::Result<(Response, Option<ErrorKind>)> {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let status = response.status();
    let peeked = match status {
        StatusCode::INTERNAL_SERVER_ERROR => is_json,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => true,
        _ => false,
    };
    if !peeked {
        return Ok((response, None));
    }
    let (parts, stream) = split(response);
    let body = match body::read(stream, MAX_ERROR_BODY, Past::Cut).await {
        Ok(body) => body,
        Err(ReadError::Read(error)) => return Err(error),
        // `Past::Cut` never refuses.
        Err(ReadError::TooLarge(_)) => Bytes::new(),
    };
    let kind = body::error_kind(&body);
    Ok((rebuild(parts, reqwest::Body::from(body)), kind))
}

type Chunks = http_body_util::BodyDataStream<reqwest::Body>;

/// The response's head and its body as a stream of chunks.
fn split(response: Response) -> (http::response::Parts, Chunks) {
    let (parts, body) = http::Response::from(response).into_parts();
    (parts, http_body_util::BodyDataStream::new(body))
}

fn rebuild(parts: http::response::Parts, body: reqwest::Body) -> Response {
    Response::from(http::Response::from_parts(parts, body))
}

/// A body that fails with `error` when read.
fn failing(error: impl std::error::Error + Send + Sync + 'static) -> reqwest::Body {
    let error: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    reqwest::Body::wrap_stream(futures_util::stream::once(
        async move { Err::<Bytes, _>(error) },
    ))
}

/// A response standing for an attempt the limiter refused: its body fails
/// with the [`Refusal`], which [`body::error_from_reqwest`] turns into the
/// typed error. Nothing was sent.
fn refused(refusal: Refusal) -> Response {
    Response::from(http::Response::new(failing(refusal)))
}
