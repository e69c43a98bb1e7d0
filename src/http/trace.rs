//! One `tracing` span per operation call, `postpress.call`, with field
//! names OpenTelemetry users recognise: `otel.name` and
//! `postpress.operation.id` (the `operationId`), `http.request.method`,
//! `url.path`, `http.request.resend_count` (0 for the first attempt),
//! `http.response.status_code` (of the last answer) and
//! `postpress.request.id` (the error envelope's `instance`). No header is
//! ever recorded, so the API key never is.
//!
//! Identifiers are personal data, so by default they are left out: `url.path`
//! is the operation's path template (`/users/{identifier}`) and
//! `postpress.account.id` stays empty. [`ClientBuilder::trace_identifiers`]
//! opts in to both, as sent.
//!
//! [`ClientBuilder::trace_identifiers`]: crate::ClientBuilder::trace_identifiers

use reqwest::{Request, StatusCode};
use tracing::Span;
use tracing::field::Empty;

use super::call::{Call, Operation};

/// The span of one call, its fields filled in as the call learns them.
pub(crate) fn call_span() -> Span {
    tracing::info_span!(
        "postpress.call",
        otel.name = Empty,
        postpress.operation.id = Empty,
        postpress.account.id = Empty,
        http.request.method = Empty,
        url.path = Empty,
        http.request.resend_count = Empty,
        http.response.status_code = Empty,
        postpress.request.id = Empty,
    )
}

/// What the call is, once its request is built; its identifiers only when
/// the client opted in.
pub(crate) fn record_call(
    operation: Option<&Operation>,
    request: &Request,
    call: &Call,
    identifiers: bool,
) {
    let span = Span::current();
    if let Some(operation) = operation {
        span.record("otel.name", operation.id);
        span.record("postpress.operation.id", operation.id);
    }
    span.record("http.request.method", request.method().as_str());
    if identifiers {
        if let Some(account) = &call.account_id {
            span.record("postpress.account.id", account.as_str());
        }
        span.record("url.path", request.url().path());
    } else if let Some(operation) = operation {
        span.record("url.path", operation.path);
    }
}

/// Attempt `number` (1 for the first), and its status when answered.
pub(crate) fn record_attempt(number: u32, status: Option<StatusCode>) {
    let span = Span::current();
    span.record("http.request.resend_count", number.saturating_sub(1));
    if let Some(status) = status {
        span.record("http.response.status_code", status.as_u16());
    }
}

/// The request id the API gave in its error envelope.
pub(crate) fn record_request_id(instance: &str) {
    Span::current().record("postpress.request.id", instance);
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use httpmock::prelude::*;
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

    /// Every field recorded on a span: (span id, field, value).
    type Seen = Arc<Mutex<Vec<(u64, String, String)>>>;

    /// Keeps every field recorded on a `postpress.call` span.
    struct Fields(Seen);

    struct Visitor<'a>(&'a Seen, u64);

    impl Visit for Visitor<'_> {
        fn record_str(&mut self, field: &Field, value: &str) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push((self.1, field.name().to_string(), value.to_string()));
            }
        }

        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push((self.1, field.name().to_string(), format!("{value:?}")));
            }
        }
    }

    impl<S: tracing::Subscriber> Layer<S> for Fields {
        fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
            if attrs.metadata().name() == "postpress.call" {
                attrs.record(&mut Visitor(&self.0, id.into_u64()));
            }
        }

        fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
            values.record(&mut Visitor(&self.0, id.into_u64()));
        }
    }

    /// The process-wide subscriber of this test binary: one global default,
    /// so no test thread caches the call site as disabled.
    fn seen() -> &'static Seen {
        static SEEN: std::sync::OnceLock<Seen> = std::sync::OnceLock::new();
        SEEN.get_or_init(|| {
            let seen = Seen::default();
            let subscriber = tracing_subscriber::registry().with(Fields(seen.clone()));
            let _ = tracing::subscriber::set_global_default(subscriber);
            seen
        })
    }

    const API_KEY: &str = "pp_test_secret_key";

    #[tokio::test]
    async fn one_span_per_call_with_what_the_call_learned() {
        let seen = seen();
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/users/me")
                    .query_param("account_id", "acc_trace")
                    .header("x-api-key", API_KEY);
                then.status(404).json_body(serde_json::json!({
                    "title": "Not found",
                    "type": "errors/resource_not_found",
                    "status": 404,
                    "instance": "req_42",
                }));
            })
            .await;
        let client = crate::Client::builder()
            .api_key(API_KEY)
            .base_url(server.base_url())
            .retry(crate::RetryPolicy::none())
            .trace_identifiers(true)
            .build();
        assert!(client.is_ok(), "{client:?}");
        let Ok(client) = client else { return };
        let error = client
            .get_own_profile()
            .account_id("acc_trace")
            .send()
            .await;
        assert!(error.is_err_and(|error| error.is_not_found()));
        mock.assert_async().await;
        let seen = seen.lock().map(|seen| seen.clone()).unwrap_or_default();
        // This call's span: the one with this test's account.
        let span = seen
            .iter()
            .find(|(_, field, value)| field == "postpress.account.id" && value == "acc_trace")
            .map(|(id, ..)| *id);
        assert!(span.is_some(), "no span for the call: {seen:?}");
        let seen: Vec<_> = seen.iter().filter(|(id, ..)| Some(*id) == span).collect();
        let field = |name: &str| {
            seen.iter()
                .find(|(_, field, _)| field == name)
                .map(|(_, _, value)| value.as_str())
        };
        assert_eq!(field("otel.name"), Some("get_own_profile"));
        assert_eq!(field("postpress.operation.id"), Some("get_own_profile"));
        assert_eq!(field("postpress.account.id"), Some("acc_trace"));
        assert_eq!(field("http.request.method"), Some("GET"));
        assert_eq!(field("url.path"), Some("/users/me"));
        assert_eq!(field("http.request.resend_count"), Some("0"));
        assert_eq!(field("http.response.status_code"), Some("404"));
        assert_eq!(field("postpress.request.id"), Some("req_42"));
        assert!(seen.iter().all(|(_, _, value)| !value.contains(API_KEY)));
    }

    /// By default no identifier reaches a span: the path is the template,
    /// the account is not recorded.
    #[tokio::test]
    async fn identifiers_stay_out_of_spans_by_default() {
        let seen = seen();
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/trace-person-7");
                then.status(404).json_body(serde_json::json!({
                    "title": "Not found",
                    "type": "errors/resource_not_found",
                    "status": 404,
                }));
            })
            .await;
        let client = crate::Client::builder()
            .api_key(API_KEY)
            .base_url(server.base_url())
            .retry(crate::RetryPolicy::none())
            .build();
        assert!(client.is_ok(), "{client:?}");
        let Ok(client) = client else { return };
        let result = client
            .get_user()
            .identifier("trace-person-7")
            .account_id("acc_trace_hidden")
            .send()
            .await;
        assert!(result.is_err());
        mock.assert_async().await;
        let seen = seen.lock().map(|seen| seen.clone()).unwrap_or_default();
        assert!(
            seen.iter()
                .any(|(_, field, value)| field == "url.path" && value == "/users/{identifier}"),
            "{seen:?}"
        );
        assert!(
            seen.iter()
                .all(|(_, _, value)| !value.contains("trace-person-7")
                    && !value.contains("acc_trace_hidden")),
            "{seen:?}"
        );
    }
}
