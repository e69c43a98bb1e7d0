//! Decoding a page's items, on two threads when that pays: the items are
//! independent, so the second half decodes on Tokio's blocking pool while
//! the calling thread decodes the first (walking a listing is bound by
//! decoding, and most machines have a second core). Nothing is reported
//! here: what each item's decode found comes back in the body's order, for
//! the page to report in that order.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::decode::{self, Failed, Found};

/// One item decoded, with what its decode found, or why it failed.
pub(crate) type DecodedItem<T> = Result<(T, Vec<Found>), Failed>;

/// Pages with fewer items decode on the calling thread alone: handing work
/// to another thread costs about as much as decoding a few dozen items.
const TWO_THREADS_FROM: usize = 64;

/// Each item at `spans` of `text` (which is `body`), decoded as `T`, in
/// order.
pub(crate) fn decode_items<T: DeserializeOwned + Send + 'static>(
    text: &str,
    body: &Bytes,
    spans: &[Range<usize>],
    unknown_fields: bool,
) -> Vec<DecodedItem<T>> {
    let runtime = tokio::runtime::Handle::try_current().ok();
    let (Some(runtime), true) = (runtime, spans.len() >= TWO_THREADS_FROM && two_cores()) else {
        let mut decoded = Vec::with_capacity(spans.len());
        decode_spans(text, spans, unknown_fields, &mut decoded);
        return decoded;
    };
    let (first, second) = spans.split_at(spans.len() / 2);
    // Whoever claims the second half decodes it: the helper when it starts
    // in time, else this thread, so a busy or closed blocking pool costs
    // only time, never a wait on a task that may not run.
    let claimed = Arc::new(AtomicBool::new(false));
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    // The helper gets the part of the body its items cover, which starts
    // and ends on character boundaries: UTF-8, checked again (that part
    // only) to borrow it as text.
    let start = second.first().map_or(0, |span| span.start);
    let end = second.last().map_or(start, |span| span.end);
    let part = body.slice(start..end);
    let spans_in_part: Vec<_> = second
        .iter()
        .map(|s| s.start - start..s.end - start)
        .collect();
    let helper_claimed = Arc::clone(&claimed);
    runtime.spawn_blocking(move || {
        if !helper_claimed.swap(true, Ordering::AcqRel) {
            let text = std::str::from_utf8(&part).unwrap_or_default();
            let mut decoded = Vec::with_capacity(spans_in_part.len());
            decode_spans::<T>(text, &spans_in_part, unknown_fields, &mut decoded);
            // The receiver is gone only if this thread's caller panicked.
            let _ = sender.send(decoded);
        }
    });
    let mut decoded = Vec::with_capacity(spans.len());
    decode_spans(text, first, unknown_fields, &mut decoded);
    match claimed.swap(true, Ordering::AcqRel) {
        true => match receiver.recv() {
            Ok(rest) => decoded.extend(rest),
            // The helper panicked: decoding here shows the same panic.
            Err(_) => decode_spans(text, second, unknown_fields, &mut decoded),
        },
        false => decode_spans(text, second, unknown_fields, &mut decoded),
    }
    decoded
}

fn decode_spans<T: DeserializeOwned>(
    text: &str,
    spans: &[Range<usize>],
    unknown_fields: bool,
    decoded: &mut Vec<DecodedItem<T>>,
) {
    decoded.extend(spans.iter().map(|span| {
        let json = text.get(span.clone()).unwrap_or_default();
        decode::unreported::<T>(unknown_fields, json)
    }));
}

/// Whether this process may run on more than one core (asked once).
fn two_cores() -> bool {
    static TWO: OnceLock<bool> = OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}
