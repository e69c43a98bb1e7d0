//! What happens to each request on the wire: the hooks the generated code
//! calls around every operation.
//!
//! - `pre`: client-side validation, the API key (marked sensitive), the user
//!   agent, the per-attempt timeout; progenitor's `api-version` is removed.
//! - `exec`: attempts under the retry policy ([`crate::retry`]) within the
//!   total timeout, each admitted by the per-account limiter first
//!   ([`crate::limits`]), which then learns from its answer; a success body
//!   is read within its attempt, up to a cap ([`ResponseTooLarge`]).

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::StreamExt;
use http_body_util::BodyExt;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{Request, Response, StatusCode};

use crate::client::{API_KEY_HEADER, Inner};
use crate::limits::{self, CallKind, Outcome, Refusal};
use crate::retry::{Attempt, should_retry};
use crate::{Client, ErrorKind, request_options, retry, types};

/// How much of a 500 body is read to learn whether its type is temporary.
const MAX_PEEK: usize = 64 * 1024;

/// The error a success body stream ends with past the client's cap; the
/// handwritten layer turns it into [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
#[derive(Debug, thiserror::Error)]
#[error("the response body is larger than the {limit}-byte cap")]
pub(crate) struct ResponseTooLarge {
    pub(crate) limit: usize,
}

// Hidden: it names the crate-private `Inner`.
#[doc(hidden)]
impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), progenitor_client::Error<E>> {
        let inner = self.inner();
        crate::validation::check(info.operation_id, &inner.base_path, request)
            .map_err(progenitor_client::Error::InvalidRequest)?;
        let headers = request.headers_mut();
        // progenitor sends the spec's `info.version` as `api-version`; the API
        // documents no such header.
        headers.remove("api-version");
        // Every body reaches the handwritten layer raw (see `codegen`), so
        // progenitor no longer asks for JSON itself.
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(API_KEY_HEADER, inner.api_key.clone());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        let timeout = request_options::current().timeout.unwrap_or(inner.timeout);
        *request.timeout_mut() = Some(timeout);
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let inner = self.inner();
        let options = request_options::current();
        let policy = options.retry.as_ref().unwrap_or(&inner.retry);
        let started = Instant::now();
        let deadline = options
            .total_timeout
            .or(inner.total_timeout)
            .map(|total| started + total);
        let idempotent = retry::is_idempotent(info.operation_id);
        // The account is read once per call; every attempt is admitted.
        let limited = inner
            .limiter
            .as_ref()
            .and_then(|limiter| Some((limiter, limits::account_of(&request)?)));
        let kind = CallKind::of_operation(info.operation_id);
        let mut delays = policy.backoff();
        let mut attempt = 1_u32;
        let mut current = request;
        loop {
            // A copy is kept for the next attempt, unless this is the last.
            // Bodies here are always in memory, so a copy can always be made;
            // without one, the request is sent once.
            let mut spare = None;
            let mut this_try = if attempt < policy.attempts() {
                match current.try_clone() {
                    Some(copy) => {
                        spare = Some(current);
                        copy
                    }
                    None => current,
                }
            } else {
                current
            };
            let mut pace = 1.0;
            if let Some((limiter, account)) = &limited {
                match limiter.admit(account, kind).await {
                    Ok(admitted) => pace = admitted,
                    Err(refusal) => return Ok(refused(refusal)),
                }
            }
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                let per_attempt = this_try.timeout().copied().unwrap_or(left);
                *this_try.timeout_mut() = Some(per_attempt.min(left).max(Duration::from_millis(1)));
            }
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                method = %this_try.method(),
                path = this_try.url().path(),
                "sending postpress request"
            );
            // A success body is read here, within the attempt, so a
            // connection cut mid-body is retried like any interrupted attempt.
            let result = match self.client().execute(this_try).await {
                Ok(response) if response.status().is_success() => {
                    read_success_body(response, inner.max_response_bytes)
                        .await
                        .map(|response| (response, None))
                }
                Ok(response) => Ok(peek_error_kind(response).await),
                Err(error) => Err(error),
            };
            let (retry, server_delay, outcome) = {
                let (outcome, server_delay) = match &result {
                    Ok((response, kind)) => (
                        Attempt::Answered(response.status(), kind.as_ref()),
                        crate::response::retry_after(response.headers()),
                    ),
                    Err(error) if error.is_connect() => (Attempt::NotConnected, None),
                    Err(_) => (Attempt::Interrupted, None),
                };
                if let (Some((limiter, account)), Attempt::Answered(status, kind)) =
                    (&limited, outcome)
                {
                    let learned = match status {
                        StatusCode::TOO_MANY_REQUESTS => Outcome::TooManyRequests,
                        status if status.is_success() => Outcome::Success,
                        _ => Outcome::Failed(kind),
                    };
                    limiter.observe(account, learned, pace).await;
                }
                let retry = should_retry(outcome, idempotent);
                (retry, server_delay, retry.then(|| format!("{outcome:?}")))
            };
            let result = result.map(|(response, _)| response);
            let (true, Some(next)) = (retry, spare) else {
                return result;
            };
            let Some(backoff) = delays.next() else {
                tracing::debug!(operation = info.operation_id, attempt, "no attempts left");
                return result;
            };
            let delay = server_delay.unwrap_or(backoff);
            if delay > policy.longest_retry_after() {
                tracing::debug!(
                    operation = info.operation_id,
                    attempt,
                    retry_after_ms = delay.as_millis() as u64,
                    "Retry-After is beyond the cap; not waiting"
                );
                return result;
            }
            if deadline.is_some_and(|deadline| Instant::now() + delay >= deadline) {
                tracing::debug!(
                    operation = info.operation_id,
                    attempt,
                    "no time left to retry"
                );
                return result;
            }
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                delay_ms = delay.as_millis() as u64,
                outcome = outcome.as_deref().unwrap_or_default(),
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
            current = next;
        }
    }
}

/// For a 500 with a JSON body, and a 401 or 403 (whose envelope is decoded
/// whatever its content type, as the final error is), the documented error
/// type (read from at most [`MAX_PEEK`] bytes, the response rebuilt from
/// them): the retry classifier reads the 500's, the limiter the 401's and
/// 403's (a restricted or disconnected account). Other responses are passed
/// through untouched.
async fn peek_error_kind(response: Response) -> (Response, Option<ErrorKind>) {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let peeked = [
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::UNAUTHORIZED,
        StatusCode::FORBIDDEN,
    ];
    let status = response.status();
    if !peeked.contains(&status) || (status == StatusCode::INTERNAL_SERVER_ERROR && !is_json) {
        return (response, None);
    }
    let (status, version, headers) = (
        response.status(),
        response.version(),
        response.headers().clone(),
    );
    let mut body = Vec::new();
    let mut chunks = response.bytes_stream();
    while let Some(Ok(chunk)) = chunks.next().await {
        body.extend_from_slice(&chunk);
        if body.len() >= MAX_PEEK {
            break;
        }
    }
    let kind = serde_json::from_slice::<types::ErrorEnvelope>(&body)
        .ok()
        .map(|envelope| ErrorKind::from_type(&envelope.type_));
    (
        rebuild(
            status,
            version,
            headers,
            reqwest::Body::from(Bytes::from(body)),
        ),
        kind,
    )
}

/// The success response with its body read into memory, at most `limit`
/// bytes: past that, reading stops and the body handed on fails with
/// [`ResponseTooLarge`], so a huge body is refused instead of filling memory.
async fn read_success_body(response: Response, limit: usize) -> reqwest::Result<Response> {
    let declared = response.content_length().unwrap_or(0);
    let (parts, body) = http::Response::from(response).into_parts();
    let too_large = |parts: http::response::Parts| {
        let error: Box<dyn std::error::Error + Send + Sync> = Box::new(ResponseTooLarge { limit });
        let body =
            reqwest::Body::wrap_stream(futures::stream::once(
                async move { Err::<Bytes, _>(error) },
            ));
        Response::from(http::Response::from_parts(parts, body))
    };
    if declared > limit as u64 {
        return Ok(too_large(parts));
    }
    // `Limited` stops at the cap; `collect` keeps a one-chunk body as is.
    let body = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => reqwest::Body::from(collected.to_bytes()),
        // A read failure (a connection cut mid-body) stays a reqwest error,
        // so the attempt is retried like any interrupted one.
        Err(error) => match error.downcast::<reqwest::Error>() {
            Ok(error) => return Err(*error),
            Err(_) => return Ok(too_large(parts)),
        },
    };
    Ok(Response::from(http::Response::from_parts(parts, body)))
}

/// A response standing for an attempt the limiter refused: its body fails
/// with the [`Refusal`], which [`Error::from_reqwest`](crate::Error) turns
/// into the typed error. Nothing was sent.
fn refused(refusal: Refusal) -> Response {
    let error: Box<dyn std::error::Error + Send + Sync> = Box::new(refusal);
    let body =
        reqwest::Body::wrap_stream(futures::stream::once(async move { Err::<Bytes, _>(error) }));
    Response::from(http::Response::new(body))
}

fn rebuild(
    status: StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    body: reqwest::Body,
) -> Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    Response::from(response)
}
