//! Failures on purpose: the API's error answer for an [`ErrorKind`] (its
//! status read from the spec's `x-error-types`, generated as
//! `ERROR_STATUSES`), and an [`ExampleServer`] whose operations fail a
//! given number of times before answering with their examples.

use httpmock::{HttpMockRequest, MockServer};

use super::ExampleServer;
use crate::http::Operation;
use crate::{Error, ErrorKind, Result, types};

/// The status the spec lists `kind` under (`429` for
/// [`ErrorKind::TooManyRequests`]); 500 for a kind it does not list.
pub fn error_status(kind: &ErrorKind) -> u16 {
    super::typed::ERROR_STATUSES
        .iter()
        .find(|(name, _)| *name == kind.name())
        .map_or(500, |(_, status)| *status)
}

/// The API's error body for `kind`: `type` `errors/<name>`, the status the
/// spec lists it under, a title, and an `instance` as the API sends one.
///
/// ```
/// use postpress::ErrorKind;
/// let envelope = postpress::mock::error_envelope(&ErrorKind::TooManyRequests);
/// assert_eq!((envelope.status, envelope.type_.as_str()), (429, "errors/too_many_requests"));
/// ```
pub fn error_envelope(kind: &ErrorKind) -> types::ErrorEnvelope {
    types::ErrorEnvelope {
        detail: None,
        instance: Some(format!("req_mock_{}", kind.name())),
        status: error_status(kind).into(),
        title: format!("mock {}", kind.name()),
        type_: format!("errors/{}", kind.name()),
    }
}

/// Builds an [`ExampleServer`] whose operations may fail first
/// ([`ExampleServer::builder`]).
#[derive(Debug, Default)]
pub struct ExampleServerBuilder {
    failures: Vec<(String, ErrorKind, usize)>,
}

impl ExampleServerBuilder {
    /// The operation `operation_id` (`get_user`, `linkedin_search`, ...)
    /// answers its first `times` requests with the API's error for `kind`
    /// ([`error_envelope`]), then as usual: "fail once, then answer" is
    /// `fail("get_user", ErrorKind::ServiceUnavailable, 1)`. Failures of
    /// one operation are served in the order they were added.
    pub fn fail(mut self, operation_id: &str, kind: ErrorKind, times: usize) -> Self {
        self.failures.push((operation_id.to_string(), kind, times));
        self
    }

    /// Starts the server on 127.0.0.1. Refused with [`Error::Config`] for
    /// an operation id the spec does not have.
    pub async fn start(self) -> Result<ExampleServer> {
        let server = MockServer::start_async().await;
        for (operation_id, kind, times) in self.failures {
            let operation = Operation::find(&operation_id).ok_or_else(|| {
                Error::config(format!(
                    "ExampleServer::fail: no operation `{operation_id}` in the spec"
                ))
            })?;
            // httpmock answers with the first mock that matches and has
            // answers left: these come before the examples.
            server
                .mock_async(|when, then| {
                    when.is_true(move |req| is_request_of(operation, req));
                    let envelope = error_envelope(&kind);
                    then.status(error_status(&kind))
                        .header("content-type", "application/json")
                        .json_body_obj(&envelope)
                        .up_to_n_times(times);
                })
                .await;
        }
        super::server::serve_examples(&server).await;
        Ok(ExampleServer { server })
    }
}

/// Whether `req` is a request of `operation` among the spec's operations.
fn is_request_of(operation: &Operation, req: &HttpMockRequest) -> bool {
    let uri = req.uri();
    is_call_of(
        operation,
        req.method_str(),
        uri.path(),
        crate::openapi::OPERATIONS,
    )
}

/// Whether `method` and `path` call `operation`: its method, its path
/// template (a `{parameter}` is one non-empty segment), and no fixed path of
/// another of `operations` with that method (`GET /users/me` is not a
/// profile lookup of `me`).
fn is_call_of(operation: &Operation, method: &str, path: &str, operations: &[Operation]) -> bool {
    let parameter = |part: &str| !part.is_empty();
    let fixed_elsewhere = |other: &Operation| {
        other.id != operation.id
            && other.method.eq_ignore_ascii_case(method)
            && !other.path.contains('{')
            && other.path_fits(path, parameter)
    };
    method.eq_ignore_ascii_case(operation.method)
        && operation.path_fits(path, parameter)
        && !operations.iter().any(fixed_elsewhere)
}

#[cfg(test)]
#[path = "failure_tests.rs"]
mod tests;
