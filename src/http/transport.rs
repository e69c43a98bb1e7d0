//! The hooks the generated code calls around every operation.
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

use super::attempt::{Call, Failed};
use super::{options, retry, validation};
use crate::Client;
use crate::client::{API_KEY_HEADER, Inner};
use crate::limits::{self, CallKind};

impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), progenitor_client::Error<E>> {
        let inner = self.inner();
        validation::check(info.operation_id, &inner.base_path, request)
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
        let timeout = options::current().timeout.unwrap_or(inner.timeout);
        *request.timeout_mut() = Some(timeout);
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let inner = self.inner();
        let options = options::current();
        let policy = options.retry.as_ref().unwrap_or(&inner.retry);
        let call = Call {
            http: self.client(),
            operation_id: info.operation_id,
            idempotent: retry::is_idempotent(info.operation_id),
            deadline: options
                .total_timeout
                .or(inner.total_timeout)
                .map(|total| Instant::now() + total),
            // The account is read once per call; every attempt is admitted.
            limited: inner
                .limiter
                .as_ref()
                .and_then(|limiter| Some((limiter, limits::account_of(&request)?))),
            kind: CallKind::of_operation(info.operation_id),
            max_response_bytes: inner.max_response_bytes,
        };
        // Bodies here are always in memory, so a copy can always be made;
        // without one, the request is sent once.
        if request.try_clone().is_none() {
            return match call.attempt(request, 1).await {
                Ok(result) => result,
                Err(failed) => failed.result,
            };
        }
        let mut number = 0;
        let outcome = (|| {
            number += 1;
            // `try_clone` succeeded above and the request has not changed.
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
}

/// A bodiless copy of `request`'s method and URL (never used: every body
/// here can be copied).
fn empty_like(request: &Request) -> Request {
    Request::new(request.method().clone(), request.url().clone())
}
