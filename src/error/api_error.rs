//! An error answer of the API as the SDK reads it: its envelope's fields,
//! its status and `Retry-After`.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::ErrorKind;

/// An error response from the API, decoded from its envelope.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The error type, from `type`.
    pub kind: ErrorKind,
    /// The raw `type` value, e.g. `errors/resource_not_found`.
    pub error_type: String,
    /// Short summary, from `title`.
    pub title: String,
    /// Longer explanation, from `detail`.
    pub detail: Option<String>,
    /// The request identifier to quote to support, from `instance`.
    pub instance: Option<String>,
    /// How long the server asked to wait before retrying (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "postpress API error {} ({}): {}",
            self.status, self.error_type, self.title
        )?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(instance) = &self.instance {
            write!(f, " [request id: {instance}]")?;
        }
        if let Some(delay) = self.retry_after {
            write!(f, " (retry after {}s)", delay.as_secs())?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
