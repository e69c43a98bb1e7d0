//! From the request the generated `send_raw` prepared to the call's result:
//!
//! - [`client_headers`]: progenitor's pre hook (`codegen/mod.rs`): the API
//!   key (its header: `secrets.rs`), the user agent, `Accept`; progenitor's
//!   `api-version` is removed;
//! - [`run`]: the per-call checks (validation, the escape hatch, the
//!   per-attempt timeout), then the loop: up to the retry policy's attempts
//!   within the total timeout, each one attempt (`attempt.rs`) ending in one
//!   [`Outcome`], repeated when the classifier says so, waiting the backoff
//!   (from `backon`) or the server's `Retry-After` between them
//!   (`retry.rs`); the last outcome becomes the value or the `Error`
//!   (`response.rs`).

use backon::Retryable;
use reqwest::Request;
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};

use super::attempt::Sender;
use super::call::{Operation, Prepared};
use super::deadline::Deadline;
use super::outcome::Outcome;
use super::response::{Response, SuccessBody, finish};
use super::settings::Inner;
use super::{extra, retry, trace, validation};
use crate::decode::Decoding;
use crate::error::{Error, Result, should_retry};
use progenitor_client::ClientInfo;

/// Sets what every request of the client carries.
pub(crate) fn client_headers(client: &Inner, request: &mut Request) {
    let headers = request.headers_mut();
    // progenitor sends the spec's `info.version` as `api-version`; the API
    // documents no such header.
    headers.remove("api-version");
    // Every body reaches the handwritten layer raw (see `codegen`), so
    // progenitor no longer asks for JSON itself.
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    // The key made a valid header when the client was built.
    if let Some((name, value)) = crate::secrets::api_key_header(&client.api_key) {
        headers.insert(name, value);
    }
    headers.insert(USER_AGENT, client.user_agent.clone());
}

/// Checks, sends and finishes the request `send_raw` prepared (or returns
/// why it could not be built).
pub(crate) async fn run<T: SuccessBody + 'static>(
    prepared: std::result::Result<Prepared<'_>, progenitor_client::Error>,
) -> Result<Response<T>> {
    let Prepared {
        client,
        mut request,
        operation_id,
        call,
    } = prepared.map_err(not_built)?;
    let inner = client.inner();
    let operation = Operation::find(operation_id);
    validation::check(operation, &inner.base_path, &request, &call)
        .map_err(Error::invalid_request)?;
    crate::pagination::place_cursor(operation_id, &mut request).map_err(Error::invalid_request)?;
    extra::apply(&call.options, &mut request).map_err(Error::invalid_request)?;
    let settings = call.options.over(inner);
    *request.timeout_mut() = Some(settings.timeout);
    trace::record_call(operation, &request, &call, inner.trace_identifiers);
    let sender = Sender {
        http: client.client(),
        operation_id,
        // An operation missing from the table is never repeated.
        idempotent: operation.is_some_and(|operation| operation.idempotent),
        deadline: Deadline::start(settings.total_timeout),
        // Every attempt is admitted for the call's account.
        limited: inner.limiter.as_ref().zip(call.account_id.as_deref()),
        kind: operation.map(|operation| operation.call_kind),
        max_response_bytes: inner.max_response_bytes,
    };
    // How the answer will decode: the call's operation and settings.
    let decoding = Decoding::for_call(operation_id, &inner.decoding, call.options.strict);
    let result = finish(exec(&sender, settings.retry, request).await, decoding);
    // A throttled profile slows the account's profile views.
    let throttled = result.as_ref().map_or(0, |response| {
        crate::limits::throttled_sections(response.value())
    });
    crate::limits::after_call(sender.limited, throttled).await;
    result
}

/// Why `send_raw` could not build the request.
fn not_built(error: progenitor_client::Error) -> Error {
    match error {
        progenitor_client::Error::CommunicationError(source) => Error::transport(source),
        // The builders' own message (codegen/messages.rs), without a prefix.
        progenitor_client::Error::InvalidRequest(message) => Error::invalid_request(message),
        other => Error::invalid_request(other.to_string()),
    }
}

/// An outcome the classifier says may be repeated.
struct Repeatable(Outcome);

/// Attempts `request` under `policy`: the last attempt's outcome.
async fn exec(sender: &Sender<'_>, policy: &retry::RetryPolicy, request: Request) -> Outcome {
    // Bodies here are always in memory, so a copy can always be made;
    // without one (a streamed body), the request is sent once.
    if request.body().is_some_and(|body| body.as_bytes().is_none()) {
        return sender.send_once(request, 1).await;
    }
    let mut number = 0;
    let last = (|| {
        number += 1;
        // The body is in memory (checked above), so `try_clone` succeeds.
        let copy = request.try_clone().unwrap_or_else(|| empty_like(&request));
        let attempt = sender.send_once(copy, number);
        async move {
            let outcome = attempt.await;
            let repeatable = outcome
                .ending()
                .is_some_and(|ending| should_retry(ending, sender.idempotent));
            if repeatable {
                Err(Repeatable(outcome))
            } else {
                Ok(outcome)
            }
        }
    })
    .retry(policy.backoff())
    .sleep(tokio::time::sleep)
    .adjust(|failed: &Repeatable, backoff| {
        let (operation, deadline) = (sender.operation_id, sender.deadline);
        retry::delay(policy, operation, deadline, failed.0.retry_after(), backoff)
    })
    .notify(|failed: &Repeatable, delay| {
        tracing::debug!(
            operation = sender.operation_id,
            delay_ms = delay.as_millis() as u64,
            outcome = ?failed.0.ending(),
            "retrying"
        );
    })
    .await;
    match last {
        Ok(outcome) | Err(Repeatable(outcome)) => outcome,
    }
}

/// A bodiless copy of `request`'s method and URL (never used: every body
/// here can be copied).
fn empty_like(request: &Request) -> Request {
    Request::new(request.method().clone(), request.url().clone())
}
