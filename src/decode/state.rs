//! What one tolerant decode shares: the repair loop's edits, and the
//! findings so far.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::finding::Finding;
use super::path::Path;

/// The repair loop's repairs, by path: what to read as `null`, leave out or
/// add as missing.
#[derive(Debug, Default)]
pub(crate) struct Repairs {
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

// Most decodes make none of these repairs: an empty set is not hashed into.
impl Repairs {
    /// Whether the value at `path` is read as `null`.
    pub(crate) fn is_nulled(&self, path: &Path) -> bool {
        !self.nulled.is_empty() && self.nulled.contains(path)
    }

    /// Whether the list at `path` proved required.
    pub(crate) fn is_required(&self, path: &Path) -> bool {
        !self.required.is_empty() && self.required.contains(path)
    }
}

/// What one tolerant decode shares.
pub(crate) struct State<'f> {
    pub(crate) repairs: &'f Repairs,
    pub(crate) findings: RefCell<Vec<Finding>>,
    pub(crate) unknown_fields: bool,
}
