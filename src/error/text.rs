//! How errors put bodies, cursors and causes into words.

use std::time::Duration;

/// The start of a body for a message: at most [`BODY_START`] bytes, lossily
/// decoded, with `…` when cut.
pub(crate) fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_START)]);
    if body.len() > BODY_START {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}

/// How much of a body an error message shows.
const BODY_START: usize = 256;

/// `" for 42s more"`, or `" until reset"`.
pub(super) fn stop_hint(left: Option<Duration>) -> String {
    left.map_or_else(
        || " until reset".to_string(),
        |left| format!(" for {}s more", left.as_secs()),
    )
}

/// `" (resume from cursor …)"`, or nothing for a first page.
pub(super) fn resume_hint(cursor: Option<&str>) -> String {
    cursor.map_or_else(String::new, |c| {
        format!(" (resume from cursor {})", shorten(c))
    })
}

/// A cursor for a message: whole when short, its start otherwise.
pub(super) fn shorten(cursor: &str) -> String {
    const SHOWN: usize = 48;
    match cursor.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}... ({} bytes)", &cursor[..end], cursor.len()),
        None => format!("{cursor:?}"),
    }
}

/// The error and its sources on one line (`a: b: c`).
pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
