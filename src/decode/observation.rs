//! [`Observation`]: the shape of one departure from the spec, or of
//! something new the API sent, for monitoring: a `tracing` event at target
//! `postpress::observation` and the hook of
//! [`ClientBuilder::on_observation`](crate::ClientBuilder::on_observation).

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::correction::{Correction, CorrectionReason};

/// What an [`Observation`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ObservationKind {
    /// A required field was `null` (corrected).
    NullRequired,
    /// A required field was missing (corrected).
    MissingRequired,
    /// A field had another JSON type (corrected).
    WrongType,
    /// A list element did not decode and was left out (corrected).
    DroppedElement,
    /// An open enum received a value this SDK version does not know (kept
    /// as its `Unknown` value; not a correction).
    UnknownEnumValue,
    /// A union received a tag this SDK version does not know (kept as its
    /// `Unknown` variant with the JSON as received; not a correction).
    UnknownVariant,
    /// An object carried a field the spec does not have (only when
    /// [`ClientBuilder::observe_unknown_fields`](crate::ClientBuilder::observe_unknown_fields)
    /// is on; not a correction).
    UnknownField,
}

impl ObservationKind {
    /// The kind as the JSON line spells it (`null_required`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ObservationKind::NullRequired => "null_required",
            ObservationKind::MissingRequired => "missing_required",
            ObservationKind::WrongType => "wrong_type",
            ObservationKind::DroppedElement => "dropped_element",
            ObservationKind::UnknownEnumValue => "unknown_enum_value",
            ObservationKind::UnknownVariant => "unknown_variant",
            ObservationKind::UnknownField => "unknown_field",
        }
    }

    /// The correction reason, for the kinds that are corrections.
    pub(crate) fn reason(self) -> Option<CorrectionReason> {
        match self {
            ObservationKind::NullRequired => Some(CorrectionReason::NullRequired),
            ObservationKind::MissingRequired => Some(CorrectionReason::MissingRequired),
            ObservationKind::WrongType => Some(CorrectionReason::WrongType),
            ObservationKind::DroppedElement => Some(CorrectionReason::DroppedElement),
            _ => None,
        }
    }
}

/// The shape of one departure from the spec (a [`Correction`] without its
/// value), or of an unknown enum value, union variant or field. It never
/// holds a field's value: only an unknown enum value or union tag, which are
/// the API's vocabulary, not personal data.
///
/// It serializes to one JSON line:
/// `{"operation":"get_user","status":200,"location":"LinkedinUserProfile.first_name","path":"first_name","kind":"null_required","expected":"string","seen":"null","value":null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Observation {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) location: String,
    pub(crate) path: String,
    pub(crate) kind: ObservationKind,
    pub(crate) expected: &'static str,
    pub(crate) seen: &'static str,
    pub(crate) value: Option<String>,
}

impl Observation {
    /// The operation whose response it was (`get_user`).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Where the spec defines it: `Schema.property`, `Schema.property[]` for
    /// a list element, the union's name (`UserProfile`) for a variant.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The JSON path in the body (`items[3].name` in a page).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was seen.
    pub fn kind(&self) -> ObservationKind {
        self.kind
    }

    /// What the spec wants: `string`, `integer`, `number`, `boolean`,
    /// `array`, `object`, `absent` (an unknown field), or an enum or union
    /// schema name.
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// The JSON type received (`absent` when missing).
    pub fn seen(&self) -> &str {
        self.seen
    }

    /// The unknown enum value or union tag; `None` for every other kind.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The observation of a correction: its shape, without the value.
    pub(crate) fn of(correction: &Correction, status: u16) -> Self {
        Observation {
            operation: correction.operation,
            status,
            location: correction.location.clone(),
            path: correction.path.clone(),
            kind: match correction.reason {
                CorrectionReason::NullRequired => ObservationKind::NullRequired,
                CorrectionReason::MissingRequired => ObservationKind::MissingRequired,
                CorrectionReason::WrongType => ObservationKind::WrongType,
                CorrectionReason::DroppedElement => ObservationKind::DroppedElement,
            },
            expected: correction.expected,
            seen: correction.seen,
            value: None,
        }
    }

    /// Tells `tracing` (one event) and the client's hook, if any.
    pub(crate) fn emit(&self, hook: Option<&ObservationHook>) {
        let value = self.value.as_deref().unwrap_or_default();
        if self.kind.reason().is_some() {
            tracing::warn!(
                target: "postpress::observation",
                operation = self.operation,
                status = self.status,
                location = %self.location,
                path = %self.path,
                kind = self.kind.as_str(),
                expected = self.expected,
                seen = self.seen,
                "the response departs from the spec; corrected"
            );
        } else {
            tracing::info!(
                target: "postpress::observation",
                operation = self.operation,
                status = self.status,
                location = %self.location,
                path = %self.path,
                kind = self.kind.as_str(),
                expected = self.expected,
                seen = self.seen,
                value,
                "the response carries something this SDK version does not know"
            );
        }
        if let Some(hook) = hook {
            (hook.0)(self);
        }
    }
}

/// The user's observation hook ([`ClientBuilder::on_observation`](crate::ClientBuilder::on_observation)).
#[derive(Clone)]
pub(crate) struct ObservationHook(pub(crate) Arc<dyn Fn(&Observation) + Send + Sync>);

impl fmt::Debug for ObservationHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ObservationHook")
    }
}
