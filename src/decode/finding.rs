//! [`Finding`]: one thing a decode found, placed at its path. Every finding
//! becomes an [`Observation`](super::Observation) (its shape, for
//! monitoring); a finding of a departure the decoder corrected also becomes a
//! [`Correction`](super::Correction) (with the value, for the caller).

use serde_json::Value;

use super::observation::ObservationKind;
use super::path::Path;

/// One thing a decode found: a departure from the spec it corrected, or
/// something the spec does not know (an enum value, a union tag, a field).
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(crate) path: Path,
    pub(crate) location: String,
    pub(crate) kind: ObservationKind,
    pub(crate) expected: &'static str,
    pub(crate) seen: &'static str,
    /// As received (`None` when missing); the value or tag for the
    /// unknown kinds.
    pub(crate) value: Option<Value>,
}
