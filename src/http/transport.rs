//! What the generated `send_raw` calls around every operation, in place of
//! progenitor's hooks, with the [`Call`] it built from the typed request.
//!
//! - `pre`: client-side validation, the API key (marked sensitive), the user
//!   agent, the per-attempt timeout; progenitor's `api-version` is removed.
//! - `exec`: the policy around attempts: up to the retry policy's attempts
//!   within the total timeout, waiting the backoff (from `backon`) or the
//!   server's `Retry-After` between them. One attempt is `attempt.rs`.

use std::time::Instant;

use backon::Retryable;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};
use reqwest::{Request, Response};

use super::attempt::{Attempts, Failed};
use super::call::{Call, Operation};
use super::settings::{API_KEY_HEADER, Inner};
use super::{extra, retry, trace, validation};
use crate::generated::Client;

/// progenitor's own hooks keep their defaults: its `pre` and `exec` calls
/// are replaced by [`pre`] and [`exec`] (`codegen/call_context.rs`), and
/// `post` does nothing.
// Hidden: it names the crate-private `Inner`.
#[doc(hidden)]
impl ClientHooks<Inner> for Client {}

/// Checks and completes `request` before its first attempt.
pub(crate) async fn pre<E>(
    client: &Client,
    request: &mut Request,
    info: &OperationInfo,
    call: &Call,
) -> std::result::Result<(), progenitor_client::Error<E>> {
    let inner = client.inner();
    // How the response will decode: the call's operation and settings.
    crate::decode::enter(info.operation_id, &inner.decoding, call.options.strict);
    let operation = Operation::find(info.operation_id);
    validation::check(operation, &inner.base_path, request, call)
        .map_err(progenitor_client::Error::InvalidRequest)?;
    extra::apply(&call.options, request).map_err(progenitor_client::Error::InvalidRequest)?;
    let headers = request.headers_mut();
    // progenitor sends the spec's `info.version` as `api-version`; the API
    // documents no such header.
    headers.remove("api-version");
    // Every body reaches the handwritten layer raw (see `codegen`), so
    // progenitor no longer asks for JSON itself.
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(API_KEY_HEADER, inner.api_key.clone());
    headers.insert(USER_AGENT, inner.user_agent.clone());
    let timeout = call.options.timeout.unwrap_or(inner.timeout);
    *request.timeout_mut() = Some(timeout);
    Ok(())
}

/// Sends `request`: attempts under the retry policy within the total
/// timeout.
pub(crate) async fn exec(
    client: &Client,
    request: Request,
    info: &OperationInfo,
    call: &Call,
) -> reqwest::Result<Response> {
    trace::record_call(info, &request, call);
    let inner = client.inner();
    let options = &call.options;
    let policy = options.retry.as_ref().unwrap_or(&inner.retry);
    let operation = Operation::find(info.operation_id);
    let call = Attempts {
        http: client.client(),
        operation_id: info.operation_id,
        // An operation missing from the table is never repeated.
        idempotent: operation.is_some_and(|operation| operation.idempotent),
        deadline: options
            .total_timeout
            .or(inner.total_timeout)
            .map(|total| Instant::now() + total),
        // Every attempt is admitted for the call's account.
        limited: inner.limiter.as_ref().zip(call.account_id.clone()),
        kind: operation.map(|operation| operation.call_kind),
        max_response_bytes: inner.max_response_bytes,
    };
    // Bodies here are always in memory, so a copy can always be made;
    // without one (a streamed body), the request is sent once.
    if request.body().is_some_and(|body| body.as_bytes().is_none()) {
        return match call.attempt(request, 1).await {
            Ok(result) => result,
            Err(failed) => failed.result,
        };
    }
    let mut number = 0;
    let outcome = (|| {
        number += 1;
        // The body is in memory (checked above), so `try_clone` succeeds.
        let copy = request.try_clone().unwrap_or_else(|| empty_like(&request));
        call.attempt(copy, number)
    })
    .retry(policy.backoff())
    .sleep(tokio::time::sleep)
    .adjust(|failed: &Failed, backoff| retry::delay(policy, &call, failed, backoff))
    .notify(|failed: &Failed, delay| {
        tracing::debug!(
            operation = call.operation_id,
            delay_ms = delay.as_millis() as u64,
            outcome = failed.outcome,
            "retrying"
        );
    })
    .await;
    match outcome {
        Ok(result) => result,
        Err(failed) => failed.result,
    }
}

/// A bodiless copy of `request`'s method and URL (never used: every body
/// here can be copied).
fn empty_like(request: &Request) -> Request {
    Request::new(request.method().clone(), request.url().clone())
}
