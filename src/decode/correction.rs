//! [`Correction`]: one place where a response departed from the spec and
//! the SDK filled in a value, with everything needed to see what it did.

use std::fmt;

use serde_json::Value;

/// Why a value was corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CorrectionReason {
    /// A required field was `null`: it got its empty value (`""`, `0`,
    /// `false`, an empty list, map or object, an open enum's unknown value).
    NullRequired,
    /// A required field was missing: it got its empty value.
    MissingRequired,
    /// A field had another JSON type than the spec's: it got its empty
    /// value (`None` where it is optional).
    WrongType,
    /// An element of a list did not decode and was left out of the typed
    /// list.
    DroppedElement,
}

impl CorrectionReason {
    /// The reason as observations spell it (`null_required`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionReason::NullRequired => "null_required",
            CorrectionReason::MissingRequired => "missing_required",
            CorrectionReason::WrongType => "wrong_type",
            CorrectionReason::DroppedElement => "dropped_element",
        }
    }
}

/// One correction the SDK made to decode a response that departs from the
/// spec: where ([`path`](Correction::path), [`location`](Correction::location)),
/// why, and the value exactly as received. Nothing is corrected silently:
/// [`Response::corrections`](crate::Response::corrections) and
/// [`Page::corrections`](crate::Page::corrections) list every one, and
/// strict mode ([`ClientBuilder::strict`](crate::ClientBuilder::strict),
/// [`RequestOptions::strict`](crate::RequestOptions::strict)) turns any into
/// an error.
///
/// `Display` and `Debug` show the shape only, never the value (it may be
/// personal data); [`Correction::value`] gives it.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Correction {
    pub(crate) operation: &'static str,
    pub(crate) path: String,
    pub(crate) index: Option<usize>,
    pub(crate) reason: CorrectionReason,
    pub(crate) expected: &'static str,
    pub(crate) seen: &'static str,
    pub(crate) value: Option<Value>,
    pub(crate) location: String,
}

impl Correction {
    /// The operation whose response it was (`get_user`).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The JSON path in the body, e.g. `work_experience[0].skills` or, in a
    /// page, `items[3].name`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// For a listing, the index of the item in the page's `items` (`None`
    /// for the page's own fields and for single responses).
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// Why it was corrected.
    pub fn reason(&self) -> CorrectionReason {
        self.reason
    }

    /// What the spec wants there: `string`, `integer`, `number`, `boolean`,
    /// `array`, `object`, or a union's schema name.
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// The JSON type received: `null`, `string`, `integer`, `number`,
    /// `boolean`, `array`, `object`, or `absent`.
    pub fn seen(&self) -> &str {
        self.seen
    }

    /// The value exactly as received (`None` when the field was missing).
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// Where the spec defines it: `Schema.property` (`LinkedinUserProfile.first_name`),
    /// `Schema.property[]` for a list element.
    pub fn location(&self) -> &str {
        &self.location
    }
}

impl Correction {
    /// What departs, without the path: `null where string is required
    /// (LinkedinUserProfile.first_name)`.
    pub(crate) fn departure(&self) -> String {
        let (expected, seen, location) = (self.expected, self.seen, &self.location);
        let what = match self.reason {
            CorrectionReason::NullRequired => format!("null where {expected} is required"),
            CorrectionReason::MissingRequired => format!("missing, {expected} is required"),
            CorrectionReason::WrongType => format!("{seen} where the spec has {expected}"),
            CorrectionReason::DroppedElement => {
                format!("a list element ({seen}) that does not decode")
            }
        };
        format!("{what} ({location})")
    }
}

/// What departs and what was done, without the path or the value: `null
/// where string is required (LinkedinUserProfile.first_name); filled with its
/// empty value`.
impl fmt::Display for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.departure())?;
        match self.reason {
            CorrectionReason::DroppedElement => f.write_str("; left out"),
            _ => f.write_str("; filled with its empty value"),
        }
    }
}

impl fmt::Debug for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Correction")
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field("index", &self.index)
            .field("reason", &self.reason)
            .field("expected", &self.expected)
            .field("seen", &self.seen)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}
