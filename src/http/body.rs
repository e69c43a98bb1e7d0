//! The body cap: every body is read here, at most up to a limit, so what
//! the rest of the request path receives is already in memory. A success
//! body is read whole up to the client's cap
//! ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes))
//! and refused past it; an error body is cut at [`MAX_ERROR_BODY`].

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use super::outcome::{Answer, Outcome};

/// How much of an error body is read; an error envelope is far smaller.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// What a body longer than the limit comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Past {
    /// Keep the first `limit` bytes (an error body: its start says enough).
    Cut,
    /// Refuse it (a success body: half a value is none).
    Refuse,
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The connection failed mid-body (an interrupted attempt).
    Read(reqwest::Error),
    /// Longer than the limit, with [`Past::Refuse`].
    TooLarge,
}

/// Reads the body of `response` within its attempt, so a connection cut
/// mid-body ends the attempt like any interruption: a success body up to
/// `max_success` bytes, an error body cut at [`MAX_ERROR_BODY`].
pub(crate) async fn read_answer(response: reqwest::Response, max_success: usize) -> Outcome {
    let status = response.status();
    let (limit, past) = if status.is_success() {
        (max_success, Past::Refuse)
    } else {
        (MAX_ERROR_BODY, Past::Cut)
    };
    if past == Past::Refuse && response.content_length().unwrap_or(0) > limit as u64 {
        return Outcome::TooLarge { status, limit };
    }
    let length = response.content_length();
    let (parts, body) = http::Response::from(response).into_parts();
    match read(
        http_body_util::BodyDataStream::new(body),
        limit,
        past,
        length,
    )
    .await
    {
        Ok(body) => Outcome::Answered(Answer::new(status, parts.headers, body)),
        Err(ReadError::Read(error)) => Outcome::failed(error),
        Err(ReadError::TooLarge) => Outcome::TooLarge { status, limit },
    }
}

/// Reads `stream` to its end, or to `limit` bytes. A body that arrives as
/// one chunk is kept as is, without a copy; one in several is gathered in a
/// buffer of its announced `length` (within the limit), so a large page is
/// not copied again each time the buffer would grow.
pub(crate) async fn read(
    mut stream: impl Stream<Item = reqwest::Result<Bytes>> + Unpin,
    limit: usize,
    past: Past,
    length: Option<u64>,
) -> Result<Bytes, ReadError> {
    let over = |body: Bytes| match past {
        Past::Cut => Ok(body.slice(..limit)),
        Past::Refuse => Err(ReadError::TooLarge),
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
    let announced = length.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let start = first.len().min(keep);
    let mut body = Vec::with_capacity(announced.min(keep).max(start));
    body.extend_from_slice(&first[..start]);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = reqwest::Result<Bytes>> + Unpin {
        futures_util::stream::iter(parts.iter().map(|part| Ok(Bytes::from_static(part))))
    }

    #[tokio::test]
    async fn reads_up_to_the_limit_and_cuts_or_refuses_past_it() {
        let read_all = |parts, limit, past| read(chunks(parts), limit, past, None);
        let whole = read_all(&[b"abc", b"def"], 6, Past::Refuse).await;
        assert_eq!(whole.ok(), Some(Bytes::from_static(b"abcdef")));
        let cut = read_all(&[b"abc", b"def"], 4, Past::Cut).await;
        assert_eq!(cut.ok(), Some(Bytes::from_static(b"abcd")));
        let cut = read_all(&[b"abcdef"], 4, Past::Cut).await;
        assert_eq!(cut.ok(), Some(Bytes::from_static(b"abcd")));
        let refused = read_all(&[b"abc", b"def"], 5, Past::Refuse).await;
        assert!(matches!(refused, Err(ReadError::TooLarge)));
        let refused = read_all(&[b"abcdef"], 5, Past::Refuse).await;
        assert!(matches!(refused, Err(ReadError::TooLarge)));
        let empty = read_all(&[], 5, Past::Refuse).await;
        assert_eq!(empty.ok(), Some(Bytes::new()));
    }
}
