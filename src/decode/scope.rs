//! What a decode finds on the side, on the decoding thread: the open enums
//! and unions that met a value they do not know record a [`Finding`] here
//! (one call in their `Deserialize`), so the fast path learns of it at the
//! cost of a thread-local access and runs the slow path only when something
//! was found. The tolerant decoder then places each finding at its path.
//! Findings are taken only inside [`watch`]: a type decoded by a user's own
//! code leaves nothing behind.

use std::cell::RefCell;

use serde_json::Value;

use super::finding::Finding;
use super::observation::ObservationKind;
use super::path::{Location, Path, Step};

#[derive(Default)]
struct Watch {
    active: bool,
    /// Each finding, and whether the tolerant decoder has placed it yet.
    findings: Vec<(Finding, bool)>,
    /// The schema name of the union variant about to be decoded.
    variant: Option<&'static str>,
    /// Where a decode inside an untagged union's value is (`untagged.rs`):
    /// each step, with the schema of the object a key is a member of.
    inner: Vec<(Step, &'static str)>,
}

thread_local! {
    static WATCH: RefCell<Watch> = RefCell::new(Watch::default());
}

/// Runs `decode`, collecting the findings it records, each with whether it
/// was placed.
pub(crate) fn watch<R>(decode: impl FnOnce() -> R) -> (R, Vec<(Finding, bool)>) {
    let outer = WATCH.with(|w| {
        std::mem::replace(
            &mut *w.borrow_mut(),
            Watch {
                active: true,
                ..Watch::default()
            },
        )
    });
    let result = decode();
    let watched = WATCH.with(|w| std::mem::replace(&mut *w.borrow_mut(), outer));
    (result, watched.findings)
}

/// Records what the enum or union `schema` met; its path comes when placed
/// (a union's location is its schema name, an enum's is its field's),
/// after its path inside an untagged union, if it is in one.
fn record(kind: ObservationKind, schema: &'static str, value: Option<&str>) {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.active {
            let variant = kind == ObservationKind::UnknownVariant;
            let finding = Finding {
                path: Path(w.inner.iter().map(|(step, _)| step.clone()).collect()),
                location: if variant {
                    schema.to_string()
                } else {
                    inner_location(&w.inner)
                },
                kind,
                expected: schema,
                seen: if variant { "object" } else { "string" },
                value: value.map(|v| Value::String(v.to_string())),
            };
            w.findings.push((finding, false));
        }
    });
}

/// An open enum met a value it does not know (called by the generated
/// `Deserialize` of every open enum, `codegen/open_enums.rs`).
pub(crate) fn unknown_enum_value(schema: &'static str, value: &str) {
    record(ObservationKind::UnknownEnumValue, schema, Some(value));
}

/// A union met a tag it does not know, or none.
pub(crate) fn unknown_variant(schema: &'static str, tag: Option<&str>) {
    record(ObservationKind::UnknownVariant, schema, tag);
}

/// How many findings there are so far.
pub(crate) fn findings_len() -> usize {
    WATCH.with(|w| w.borrow().findings.len())
}

/// The location of the value at `inner`: the last member's, with `[]` for
/// each list level below it; empty outside an untagged union.
fn inner_location(inner: &[(Step, &'static str)]) -> String {
    let Some(at) = inner
        .iter()
        .rposition(|(step, _)| matches!(step, Step::Key(_)))
    else {
        return String::new();
    };
    // A member of a map (no schema) takes the union member's location.
    let Some((Step::Key(key), schema)) = inner.get(at).filter(|(_, schema)| !schema.is_empty())
    else {
        return String::new();
    };
    let lists = inner.len() - at - 1;
    let location = (0..lists).fold(Location::member(schema, key), |l, _| l.element());
    location.to_string()
}

/// Places the findings recorded since `from` that have no place yet: at
/// `path` (below it, for one recorded inside an untagged union's value).
pub(crate) fn place_findings(from: usize, path: &Path, location: Location<'_>) {
    WATCH.with(|w| {
        for (finding, placed) in w.borrow_mut().findings.iter_mut().skip(from) {
            if !*placed {
                *placed = true;
                finding.path = finding.path.under(path);
                if finding.location.is_empty() {
                    finding.location = location.to_string();
                }
            }
        }
    });
}

/// A decode inside an untagged union's value steps into the member or
/// element `step` (of an object of schema `schema`), until [`leave`].
pub(crate) fn enter(step: Step, schema: &'static str) {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.active {
            w.inner.push((step, schema));
        }
    });
}

/// Steps out of what [`enter`] stepped into.
pub(crate) fn leave() {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.active {
            w.inner.pop();
        }
    });
}

/// Forgets the findings recorded since `from` (a value the decoder filled in).
pub(crate) fn forget_findings(from: usize) {
    WATCH.with(|w| w.borrow_mut().findings.truncate(from));
}

/// A union is about to decode the variant `schema` (for the locations of
/// its fields).
pub(crate) fn enter_variant(schema: &'static str) {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.active {
            w.variant = Some(schema);
        }
    });
}

/// The variant [`enter_variant`] named, once.
pub(crate) fn take_variant() -> Option<&'static str> {
    WATCH.with(|w| w.borrow_mut().variant.take())
}
