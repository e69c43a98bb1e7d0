//! The one rule for the API's error envelope
//! (`{type, title, detail, instance, status}`), applied once per answer
//! (by `Answer::new` in `outcome.rs`):
//!
//! **a 4xx or 5xx answer whose body decodes as the documented envelope is an
//! API error, whatever its `Content-Type`; no other answer is.**
//!
//! The content type is not consulted because the API and the proxies in
//! front of it label some envelopes `text/plain`, while an HTML page or a
//! plain-text message never decodes as one. So a `text/plain` 500
//! `errors/provider_error` is retried by the loop and its error says
//! `is_retryable()`, both reading the same parsed envelope.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use super::{retry, trace};
use crate::error::{ApiError, Error, body_start};
use crate::{ErrorKind, types};

/// An error envelope and its kind.
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub(crate) kind: ErrorKind,
    pub(crate) fields: types::ErrorEnvelope,
}

/// The envelope of an answer, by the one rule.
pub(crate) fn parse(status: StatusCode, body: &[u8]) -> Option<Envelope> {
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let fields: types::ErrorEnvelope = serde_json::from_slice(body).ok()?;
    Some(Envelope {
        kind: ErrorKind::from_type(&fields.type_),
        fields,
    })
}

/// The error an answer that is not a success ends its call with:
/// [`Error::Api`] when it has an envelope, else
/// [`Error::UnexpectedResponse`] with the start of its body.
pub(crate) fn into_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    envelope: Option<Envelope>,
) -> Error {
    let retry_after = retry::retry_after(headers);
    match envelope {
        Some(Envelope { kind, fields }) => {
            if let Some(instance) = &fields.instance {
                trace::record_request_id(instance);
            }
            Error::Api(Box::new(ApiError {
                status,
                kind,
                error_type: fields.type_,
                title: fields.title,
                detail: fields.detail,
                instance: fields.instance,
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
            body_start: body_start(body),
            retry_after,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status class with an envelope, a non-envelope JSON body, HTML
    /// and nothing: only a 4xx or 5xx with the envelope is one.
    #[test]
    fn the_envelope_is_an_error_answer_s_body_that_decodes_as_one() {
        let envelope = br#"{"status":500,"type":"errors/provider_error","title":"Provider"}"#;
        let bodies: [(&[u8], bool); 4] = [
            (envelope, true),
            (br#"{"message":"oops"}"#, false),
            (b"<html>Bad gateway</html>", false),
            (b"", false),
        ];
        for status in [200, 201, 302, 400, 404, 429, 500, 502, 503] {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            for (body, is_envelope) in bodies {
                let error_status = status.is_client_error() || status.is_server_error();
                let parsed = parse(status, body);
                assert_eq!(parsed.is_some(), is_envelope && error_status, "{status}");
                if let Some(parsed) = parsed {
                    assert_eq!(parsed.kind, ErrorKind::ProviderError);
                }
            }
        }
    }
}
