//! Decoding a response that may depart from the spec. All of it lives
//! here, the response unions' one-pass decoding included (`union.rs`, the
//! entries a union keeps before its tag in `union_entries.rs`; the untagged
//! ones' variants, with the path inside them tracked, in `untagged.rs`).
//!
//! One name per thing:
//! - a *departure*: where a response differs from the spec;
//! - a *finding* (`finding.rs`): one thing a decode found, placed at its
//!   path: a departure, or something the spec does not know (an enum
//!   value, a union tag, a field);
//! - a *fault* (`fault.rs`): where the tolerant decoder stopped, with the
//!   *repair* the repair loop can make there (`Repair`; the repairs made so
//!   far are `Repairs`, `state.rs`);
//! - a [`Correction`]: the public report of a departure that was corrected,
//!   with the value as received, for the caller;
//! - an [`Observation`]: the public report of any finding, its shape only,
//!   for monitoring (`tracing` and the user's hook).
//!
//! The fast path is plain `serde_json` into the typed value: nothing else
//! runs when the response matches the spec (and no open enum or union
//! recorded a finding on the way, `scope.rs`, and unknown fields are not
//! looked for). Only when it fails does the slow path run: the body is
//! parsed to a `serde_json::Value` (a body that is not JSON is an error,
//! never a correction), and decoded through the tolerant decoder
//! (`tolerant.rs`, `access.rs`) inside the repair loop (`repair.rs`), which
//! fills in empty values where the response departs. `call.rs` is what a
//! decode knows about its call, and reports the findings.

mod access;
mod call;
mod correction;
mod fault;
mod finding;
#[cfg(test)]
mod never_panics_tests;
mod node;
mod observation;
mod path;
mod repair;
#[cfg(test)]
mod repair_tests;
mod scope;
mod state;
#[cfg(test)]
mod tests;
mod tolerant;
pub(crate) mod union;
mod union_entries;
mod untagged;

pub(crate) use call::{Decoding, Settings, strict_error};
pub use correction::{Correction, CorrectionReason};
pub(crate) use finding::Finding;
#[cfg(test)]
pub(crate) use node::UNION_PREFIX;
pub(crate) use observation::ObservationHook;
pub use observation::{Observation, ObservationKind};
pub(crate) use path::Path;
pub(crate) use scope::unknown_enum_value;
pub(crate) use untagged::untagged_variant;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

/// Why a body did not decode.
#[derive(Debug)]
pub(crate) enum Failed {
    /// It is not JSON (empty, HTML, cut short, not UTF-8).
    NotJson,
    /// JSON that cannot be corrected into the type (not an object where
    /// one is needed, at the root or where no list element can be left out).
    Undecodable {
        path: Path,
        message: String,
        source: Option<serde_json::Error>,
    },
}

/// Decodes `json` as `T`: fast when it matches, corrected and reported when
/// it departs. `item` is a listing item's path in its page and its index.
pub(crate) fn typed<T: DeserializeOwned>(
    call: &Decoding,
    json: &[u8],
    item: Option<(&Path, usize)>,
) -> Result<(T, Vec<Correction>), Failed> {
    let Ok(text) = std::str::from_utf8(json) else {
        return Err(Failed::NotJson);
    };
    typed_text(call, text, item)
}

/// [`typed`] for text already checked to be UTF-8.
pub(crate) fn typed_text<T: DeserializeOwned>(
    call: &Decoding,
    text: &str,
    item: Option<(&Path, usize)>,
) -> Result<(T, Vec<Correction>), Failed> {
    let (value, findings) = unreported::<T>(call.settings.unknown_fields, text)?;
    Ok((value, call.report(findings, item)))
}

/// [`typed_text`] without reporting: the decode's findings, for the caller
/// to report in the body's order (a page reports its items after they decode).
/// Empty, without allocating, when the text matches the spec.
pub(crate) fn unreported<T: DeserializeOwned>(unknown_fields: bool, text: &str) -> Unreported<T> {
    // One decoder per type: fields the spec does not have are looked for by
    // the tolerant decoder, not by a second, wrapped copy of this one.
    let (fast, on_the_side) = scope::watch(|| serde_json::from_str::<T>(text));
    let (fast, source) = match fast {
        Ok(value) if on_the_side.is_empty() && !unknown_fields => return Ok((value, Vec::new())),
        Ok(value) => (Some(value), None),
        Err(e) if !e.is_data() => return Err(Failed::NotJson),
        Err(e) => (None, Some(e)),
    };
    let tree: Value = serde_json::from_str(text).map_err(|_| Failed::NotJson)?;
    match (repair::repair::<T>(&tree, unknown_fields), fast) {
        // Only findings to place: the fast value stands.
        (Ok((_, findings)), Some(value)) => Ok((value, findings)),
        (Err(_), Some(value)) => Ok((value, Vec::new())),
        (Ok((value, findings)), None) => Ok((value, findings)),
        (Err(fault), None) => Err(Failed::Undecodable {
            path: fault.path(),
            message: fault.message.clone(),
            source,
        }),
    }
}

/// What [`unreported`] gives: the value and its decode's findings.
pub(crate) type Unreported<T> = Result<(T, Vec<Finding>), Failed>;

/// [`unreported`] for the JSON value at the start of `text` (an item of a
/// listing read in one pass), with where it ends; `None` when it is not
/// JSON. The fast path is the same decoder, which stops where the value
/// ends, and a value that matches is pushed onto `clean` where it is made
/// (an item is large: each copy of it costs); only a value with something
/// to correct or observe is decoded again, and returned. Looking for
/// unknown fields, every value is one to observe: no fast path is tried.
pub(crate) fn unreported_leading<T: DeserializeOwned>(
    unknown_fields: bool,
    text: &str,
    clean: &mut Vec<T>,
) -> Option<(usize, Option<Unreported<T>>)> {
    if !unknown_fields {
        let (length, on_the_side) = scope::watch(|| {
            let mut values = serde_json::Deserializer::from_str(text).into_iter::<T>();
            match values.next() {
                Some(Ok(value)) => {
                    clean.push(value);
                    Some(values.byte_offset())
                }
                _ => None,
            }
        });
        if let Some(length) = length {
            if on_the_side.is_empty() {
                return Some((length, None));
            }
            // Findings to place: decoded again, below.
            clean.pop();
        }
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    let raw = values.next()?.ok()?;
    let decoded = unreported::<T>(unknown_fields, raw.get());
    Some((values.byte_offset(), Some(decoded)))
}

/// Decodes a value already parsed (a page's own fields), as [`typed`].
pub(crate) fn typed_value<T: DeserializeOwned>(
    call: &Decoding,
    value: &Value,
) -> Result<(T, Vec<Correction>), Failed> {
    // Only the tolerant decoder reads a `Value` (a page's few own fields):
    // no third copy of each type's decoder over `Value`.
    match repair::repair::<T>(value, call.settings.unknown_fields) {
        Ok((typed, findings)) => Ok((typed, call.report(findings, None))),
        Err(fault) => Err(Failed::Undecodable {
            path: fault.path(),
            message: fault.message.clone(),
            source: None,
        }),
    }
}
