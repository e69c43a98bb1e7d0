//! What a decode knows about its call: the operation, the status, the
//! content type, strictness and where observations go. `http::run`, which
//! sees the client and the call's options, makes it ([`Decoding::for_call`]).

use bytes::Bytes;
use reqwest::StatusCode;

use super::correction::Correction;
use super::finding::Finding;
use super::observation::{Observation, ObservationHook};
use super::path::Path;
use crate::error::{Error, body_start};

/// The client-wide decode settings ([`ClientBuilder`](crate::ClientBuilder)).
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// Any correction is an [`Error::Decode`].
    pub(crate) strict: bool,
    /// Look for fields the spec does not have.
    pub(crate) unknown_fields: bool,
    /// The user's observation hook.
    pub(crate) hook: Option<ObservationHook>,
}

/// One call's decode context.
#[derive(Debug, Clone)]
pub(crate) struct Decoding {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    pub(crate) strict: bool,
    pub(crate) settings: Settings,
}

impl Decoding {
    /// The context of a call of `operation` with the client's `settings`
    /// and the call's own strictness, before its answer is known.
    pub(crate) fn for_call(operation: &'static str, settings: &Settings, strict: bool) -> Self {
        Decoding {
            operation,
            status: StatusCode::OK,
            content_type: String::new(),
            strict: strict || settings.strict,
            settings: settings.clone(),
        }
    }

    /// The same context for the answer with `status` and `content_type`.
    pub(crate) fn answered(self, status: StatusCode, content_type: Option<&str>) -> Self {
        Decoding {
            status,
            content_type: content_type.unwrap_or("no content type").to_string(),
            ..self
        }
    }

    /// Reports a decode's findings: each correction is returned, and every
    /// finding is an observation (`tracing` and the hook). `outer` is the
    /// item's path in its page, with its index.
    pub(crate) fn report(
        &self,
        findings: Vec<Finding>,
        outer: Option<(&Path, usize)>,
    ) -> Vec<Correction> {
        let mut corrections = Vec::new();
        for finding in findings {
            let path = match outer {
                Some((outer, _)) => finding.path.under(outer),
                None => finding.path,
            };
            let correction = finding.kind.reason().map(|reason| Correction {
                operation: self.operation,
                path: path.to_string(),
                index: outer.map(|(_, index)| index),
                reason,
                expected: finding.expected,
                seen: finding.seen,
                value: finding.value.clone(),
                location: finding.location.clone(),
            });
            let observation = match &correction {
                Some(correction) => Observation::of(correction, self.status.as_u16()),
                None => Observation {
                    operation: self.operation,
                    status: self.status.as_u16(),
                    location: finding.location,
                    path: path.to_string(),
                    kind: finding.kind,
                    expected: finding.expected,
                    seen: finding.seen,
                    value: finding.value.and_then(|v| v.as_str().map(str::to_string)),
                },
            };
            observation.emit(self.settings.hook.as_ref());
            corrections.extend(correction);
        }
        corrections
    }

    /// A success body that is not JSON at all: never corrected.
    pub(crate) fn not_json(&self, body: &[u8]) -> Error {
        Error::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type.clone(),
            body_start: body_start(body),
            retry_after: None,
        }
    }

    /// In strict mode, the first correction as an [`Error::Decode`].
    pub(crate) fn check(&self, corrections: &[Correction], body: &Bytes) -> Result<(), Error> {
        match corrections.first() {
            Some(first) if self.strict => Err(strict_error(self.status, first, body)),
            _ => Ok(()),
        }
    }
}

/// The error strict mode makes of a correction.
pub(crate) fn strict_error(status: StatusCode, first: &Correction, body: &Bytes) -> Error {
    Error::Decode {
        status,
        path: first.path.clone(),
        message: format!("{} (strict mode)", first.departure()),
        body: body.clone(),
        source: None,
    }
}
