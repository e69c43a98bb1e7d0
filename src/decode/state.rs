//! What one tolerant decode shares: the repair loop's edits, and what the
//! decode found.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::observation::ObservationKind;
use super::path::Path;

/// The repair loop's edits, by path: what to read as `null`, leave out or
/// add as missing.
#[derive(Debug, Default)]
pub(crate) struct Fixes {
    pub(crate) nulled: HashSet<Path>,
    pub(crate) dropped: HashSet<Path>,
    pub(crate) skipped: HashSet<Path>,
    /// Values whose first empty value was refused.
    pub(crate) refilled: HashSet<Path>,
    /// Lists that proved required after being skipped.
    pub(crate) required: HashSet<Path>,
    /// Missing required fields, by the path of their object.
    pub(crate) absent: HashMap<Path, Vec<&'static str>>,
}

// Most decodes have none of these fixes: an empty set is not hashed into.
impl Fixes {
    /// Whether the value at `path` is read as `null`.
    pub(crate) fn is_nulled(&self, path: &Path) -> bool {
        !self.nulled.is_empty() && self.nulled.contains(path)
    }

    /// Whether the list at `path` proved required.
    pub(crate) fn is_required(&self, path: &Path) -> bool {
        !self.required.is_empty() && self.required.contains(path)
    }
}

/// One thing a decode found: a correction or an unknown field.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) path: Path,
    pub(crate) location: String,
    pub(crate) kind: ObservationKind,
    pub(crate) expected: &'static str,
    pub(crate) seen: &'static str,
    /// As received (`None` when missing); the value or tag for the
    /// unknown kinds.
    pub(crate) value: Option<Value>,
}

/// What one tolerant decode shares.
pub(crate) struct State<'f> {
    pub(crate) fixes: &'f Fixes,
    pub(crate) found: RefCell<Vec<Found>>,
    pub(crate) unknown_fields: bool,
}
