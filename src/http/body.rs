//! The one bounded body reader and the one parse of the error envelope.
//!
//! Every body (success, error, peeked) is read here, at most up to a limit;
//! what the rest of the request path receives is already in memory.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::Error;
use crate::limits::Refusal;
use crate::{ErrorKind, types};

/// How much of an error body is read; an error envelope is far smaller.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// What a body longer than the limit comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Past {
    /// Keep the first `limit` bytes (an error body: its start says enough).
    Cut,
    /// Fail with [`ResponseTooLarge`] (a success body: half a value is none).
    Refuse,
}

/// The error a success body ends with past the client's cap: carried to
/// [`error_from_reqwest`] inside the `reqwest::Error` the generated code
/// hands back, and turned into [`Error::ResponseTooLarge`] there.
#[derive(Debug, thiserror::Error)]
#[error("the response body is larger than the {limit}-byte cap")]
pub(crate) struct ResponseTooLarge {
    pub(crate) limit: usize,
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The connection failed mid-body (an interrupted attempt).
    Read(reqwest::Error),
    /// Longer than the limit, with [`Past::Refuse`].
    TooLarge(ResponseTooLarge),
}

/// Reads `stream` to its end, or to `limit` bytes. A body that arrives as
/// one chunk is kept as is, without a copy.
pub(crate) async fn read(
    mut stream: impl Stream<Item = reqwest::Result<Bytes>> + Unpin,
    limit: usize,
    past: Past,
) -> Result<Bytes, ReadError> {
    let over = |body: Bytes| match past {
        Past::Cut => Ok(body.slice(..limit)),
        Past::Refuse => Err(ReadError::TooLarge(ResponseTooLarge { limit })),
    };
    let first = match stream.next().await {
        None => return Ok(Bytes::new()),
        Some(chunk) => chunk.map_err(ReadError::Read)?,
    };
    let Some(second) = stream.next().await else {
        return if first.len() > limit {
            over(first)
        } else {
            Ok(first)
        };
    };
    // One byte past the limit tells a body at the limit from a longer one.
    let keep = limit.saturating_add(1);
    let mut body = Vec::from(&first[..first.len().min(keep)]);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if body.len() > limit {
            break;
        }
        let chunk = chunk.map_err(ReadError::Read)?;
        let room = keep - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        next = stream.next().await;
    }
    let body = Bytes::from(body);
    if body.len() > limit {
        over(body)
    } else {
        Ok(body)
    }
}

/// The documented error type of an error body, when it is the JSON
/// envelope.
pub(crate) fn envelope(body: &[u8]) -> Option<types::ErrorEnvelope> {
    serde_json::from_slice(body).ok()
}

/// The kind of an error body's envelope.
pub(crate) fn error_kind(body: &[u8]) -> Option<ErrorKind> {
    envelope(body).map(|envelope| ErrorKind::from_type(&envelope.type_))
}

/// The typed error behind a `reqwest::Error` the generated code returned:
/// a body past the cap or a limiter's refusal travel inside one (the hooks
/// can only return `reqwest` types); anything else is a transport failure.
pub(crate) fn error_from_reqwest(source: reqwest::Error) -> Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&source);
    while let Some(error) = cause {
        if let Some(too_large) = error.downcast_ref::<ResponseTooLarge>() {
            return Error::ResponseTooLarge {
                limit: too_large.limit,
            };
        }
        if let Some(refusal) = error.downcast_ref::<Refusal>() {
            return refusal.clone().into();
        }
        cause = error.source();
    }
    Error::transport(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = reqwest::Result<Bytes>> + Unpin {
        futures_util::stream::iter(parts.iter().map(|part| Ok(Bytes::from_static(part))))
    }

    #[tokio::test]
    async fn reads_up_to_the_limit_and_cuts_or_refuses_past_it() {
        let read_all = |parts, limit, past| read(chunks(parts), limit, past);
        let whole = read_all(&[b"abc", b"def"], 6, Past::Refuse).await;
        assert_eq!(whole.ok(), Some(Bytes::from_static(b"abcdef")));
        let cut = read_all(&[b"abc", b"def"], 4, Past::Cut).await;
        assert_eq!(cut.ok(), Some(Bytes::from_static(b"abcd")));
        let cut = read_all(&[b"abcdef"], 4, Past::Cut).await;
        assert_eq!(cut.ok(), Some(Bytes::from_static(b"abcd")));
        let refused = read_all(&[b"abc", b"def"], 5, Past::Refuse).await;
        assert!(matches!(
            refused,
            Err(ReadError::TooLarge(ResponseTooLarge { limit: 5 }))
        ));
        let refused = read_all(&[b"abcdef"], 5, Past::Refuse).await;
        assert!(matches!(refused, Err(ReadError::TooLarge(_))));
        let empty = read_all(&[], 5, Past::Refuse).await;
        assert_eq!(empty.ok(), Some(Bytes::new()));
    }
}
