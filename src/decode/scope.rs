//! What a decode learns on the side, on the decoding thread: the open enums
//! and unions that met a value they do not know mark it here (one call in
//! their `Deserialize`), so the fast path learns of it at the cost of a
//! thread-local access and runs the slow path only when something was
//! marked. Marks are taken only inside [`watch`]: a type decoded by a user's
//! own code leaves nothing behind.

use std::cell::RefCell;

use super::observation::ObservationKind;
use super::path::{Location, Path};

/// Something unknown that a decode met.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub(crate) kind: ObservationKind,
    /// The enum's or union's schema name.
    pub(crate) schema: &'static str,
    /// The unknown value or tag.
    pub(crate) value: Option<String>,
    /// Its path and location, once the tolerant decoder placed it.
    pub(crate) place: Option<(Path, String)>,
}

#[derive(Default)]
struct Watch {
    active: bool,
    marks: Vec<Mark>,
    /// The schema name of the union variant about to be decoded.
    variant: Option<&'static str>,
}

thread_local! {
    static WATCH: RefCell<Watch> = RefCell::new(Watch::default());
}

/// Runs `decode`, collecting the marks it leaves.
pub(crate) fn watch<R>(decode: impl FnOnce() -> R) -> (R, Vec<Mark>) {
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
    (result, watched.marks)
}

fn mark(kind: ObservationKind, schema: &'static str, value: Option<&str>) {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.active {
            w.marks.push(Mark {
                kind,
                schema,
                value: value.map(str::to_string),
                place: None,
            });
        }
    });
}

/// An open enum met a value it does not know (called by the generated
/// `Deserialize` of every open enum, `codegen/open_enums.rs`).
pub(crate) fn unknown_enum_value(schema: &'static str, value: &str) {
    mark(ObservationKind::UnknownEnumValue, schema, Some(value));
}

/// A union met a tag it does not know, or none.
pub(crate) fn unknown_variant(schema: &'static str, tag: Option<&str>) {
    mark(ObservationKind::UnknownVariant, schema, tag);
}

/// How many marks there are so far.
pub(crate) fn marks_len() -> usize {
    WATCH.with(|w| w.borrow().marks.len())
}

/// Places the marks made since `from` that have no place yet.
pub(crate) fn place_marks(from: usize, path: &Path, location: Location<'_>) {
    WATCH.with(|w| {
        for mark in w.borrow_mut().marks.iter_mut().skip(from) {
            if mark.place.is_none() {
                mark.place = Some((path.clone(), location.to_string()));
            }
        }
    });
}

/// Forgets the marks made since `from` (a value the decoder filled in).
pub(crate) fn forget_marks(from: usize) {
    WATCH.with(|w| w.borrow_mut().marks.truncate(from));
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
