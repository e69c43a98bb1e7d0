//! The tolerant decoder's error: what failed, where, and what the repair
//! loop can do about it.

use std::fmt;

use serde::de;

use super::path::{Location, Path};

/// What the repair loop can do about a [`Fault`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repair {
    /// Nothing here: leave out the innermost list element around it.
    None,
    /// A wrong type directly under an `Option`: decode it as `null`.
    ToNull,
    /// A list that is `null` or of another type, in an object: decode the
    /// object without it (the list may be optional, defaulting to empty).
    Skip,
    /// The empty value filled in was refused (a date-time refuses `""`):
    /// fill in the second one (the Unix epoch).
    Refill,
    /// A required field is missing from the object at the fault's path:
    /// decode it as absent, reported as missing.
    Missing(&'static str),
}

/// An error of the tolerant decoder (boxed: it travels up every level).
#[derive(Debug, Clone)]
pub(crate) struct Fault(Box<Detail>);

/// What a [`Fault`] says.
#[derive(Debug, Clone)]
pub(crate) struct Detail {
    pub(crate) repair: Repair,
    pub(crate) message: String,
    /// Where it happened; set by the innermost node it passes.
    pub(crate) at: Option<(Path, String)>,
    /// What the spec wanted there.
    pub(crate) expected: &'static str,
    /// The innermost list element it passed: path and location.
    pub(crate) element: Option<(Path, String)>,
}

impl std::ops::Deref for Fault {
    type Target = Detail;

    fn deref(&self) -> &Detail {
        &self.0
    }
}

impl std::ops::DerefMut for Fault {
    fn deref_mut(&mut self) -> &mut Detail {
        &mut self.0
    }
}

impl Fault {
    pub(crate) fn new(repair: Repair, expected: &'static str, message: String) -> Self {
        Fault(Box::new(Detail {
            repair,
            message,
            at: None,
            expected,
            element: None,
        }))
    }

    /// Places the fault at `path` unless a node inside already did.
    pub(crate) fn at(mut self, path: &Path, location: Location<'_>) -> Self {
        if self.at.is_none() {
            self.at = Some((path.clone(), location.to_string()));
        }
        self
    }

    /// What the spec wanted there; for a fault a type raised itself, what
    /// its message says (an untagged union wants an object).
    pub(crate) fn expected(&self) -> &'static str {
        match self.expected {
            "" if self.message.contains("untagged enum") => "object",
            "" if self.message.starts_with("invalid value: integer") => "integer",
            "" => "string",
            expected => expected,
        }
    }

    /// Where the fault is (the root when never placed).
    pub(crate) fn path(&self) -> Path {
        self.at.as_ref().map(|(p, _)| p.clone()).unwrap_or_default()
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {}

impl de::Error for Fault {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Fault::new(Repair::None, "", message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Fault::new(
            Repair::Missing(field),
            "",
            format!("missing field `{field}`"),
        )
    }
}
