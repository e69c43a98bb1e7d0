//! One value the tolerant decoder (`tolerant.rs`) is decoding, with where it
//! is (its JSON path, spec location and role in its parent), and the steps
//! every `deserialize_*` method shares: visit, fill in, or fault.

use serde_json::Value;

use super::fault::{Fault, Repair};
use super::finding::Finding;
use super::observation::ObservationKind;
use super::path::{Location, Path, json_type};
use super::scope;
use super::state::State;

/// The name a union passes to `deserialize_struct`, before its own name
/// (serde_json decodes it like any struct, as it does for `RawValue`'s).
pub(crate) const UNION_PREFIX: &str = "$postpress::union::";

pub(crate) static NULL: Value = Value::Null;

/// How a value sits in its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The body (or a listing item): never filled in.
    Root,
    /// A member of an object or map.
    Inner,
    /// An element of a list: one of another type is left out, not filled.
    Element,
    /// Directly under an `Option`: a wrong type becomes `None`.
    Optional,
}

/// One value being decoded, with where it is.
pub(crate) struct Node<'a, 's> {
    pub(crate) value: &'a Value,
    pub(crate) path: Path,
    pub(crate) location: Location<'a>,
    pub(crate) role: Role,
    /// A member of a struct (an unknown one is an unknown field).
    pub(crate) field: bool,
    /// A missing field the repair loop added.
    pub(crate) absent: bool,
    pub(crate) state: &'s State<'s>,
}

impl<'a, 's> Node<'a, 's> {
    /// The body's root.
    pub(crate) fn root(value: &'a Value, state: &'s State<'s>) -> Self {
        Node {
            value,
            path: Path::default(),
            location: Location::default(),
            role: Role::Root,
            field: false,
            absent: false,
            state,
        }
    }

    /// A value inside this one (read as `null` when the loop nulled it).
    pub(crate) fn child(
        &self,
        value: &'a Value,
        path: Path,
        location: Location<'a>,
        field: bool,
    ) -> Self {
        let nulled = self.state.repairs.is_nulled(&path);
        Node {
            value: if nulled { &NULL } else { value },
            path,
            location,
            role: Role::Inner,
            field,
            absent: false,
            state: self.state,
        }
    }

    /// A missing field, as `null`.
    pub(crate) fn missing(&self, path: Path, location: Location<'a>) -> Self {
        Node {
            absent: true,
            ..self.child(&NULL, path, location, true)
        }
    }

    pub(crate) fn nulled(&self) -> bool {
        self.state.repairs.is_nulled(&self.path)
    }

    pub(crate) fn fault(&self, repair: Repair, expected: &'static str) -> Fault {
        let seen = if self.absent {
            "absent"
        } else {
            json_type(self.value)
        };
        Fault::new(
            repair,
            expected,
            format!("invalid type: {seen}, expected {expected}"),
        )
        .at(&self.path, self.location)
    }

    // The generic steps below are instantiated once per visitor of every
    // type the tolerant decoder meets: they only call the visitor and hand
    // its result to a step that is not generic (or generic in the result
    // only), so that each copy stays a few instructions (BENCHMARKS.md,
    // build cost).

    /// Runs the visitor on this value: places the findings and faults it makes.
    pub(crate) fn visit<V>(&self, visit: impl FnOnce() -> Result<V, Fault>) -> Result<V, Fault> {
        let before = scope::findings_len();
        let result = visit();
        self.visited(before, result)
    }

    /// Places the findings recorded since `before` and the fault, if any, here.
    fn visited<V>(&self, before: usize, result: Result<V, Fault>) -> Result<V, Fault> {
        scope::place_findings(before, &self.path, self.location);
        match result {
            Ok(value) => Ok(value),
            Err(fault) => Err(self.visit_fault(fault)),
        }
    }

    fn visit_fault(&self, mut fault: Fault) -> Fault {
        if fault.at.is_none() && fault.repair == Repair::None && self.role == Role::Optional {
            fault.repair = Repair::ToNull;
        }
        fault.at(&self.path, self.location)
    }

    /// A value that is not the `expected` type: the empty value `fill`
    /// makes, reported; under an `Option` or at the root, a fault.
    pub(crate) fn mismatch<V>(
        &self,
        expected: &'static str,
        fill: impl FnOnce() -> Result<V, Fault>,
    ) -> Result<V, Fault> {
        let before = self.begin_fill(expected)?;
        let filled = fill();
        // An open enum filled with "" is no unknown value the API sent.
        scope::forget_findings(before);
        match filled {
            Ok(value) => Ok(value),
            Err(fault) => Err(self.refill_fault(fault)),
        }
    }

    /// Before filling in an empty value: a fault where none may be filled
    /// in, else the correction recorded and the findings counted.
    fn begin_fill(&self, expected: &'static str) -> Result<usize, Fault> {
        match self.role {
            Role::Root | Role::Element => return Err(self.fault(Repair::None, expected)),
            Role::Optional => return Err(self.fault(Repair::ToNull, expected)),
            Role::Inner => {}
        }
        if !self.nulled() {
            let kind = if self.absent {
                ObservationKind::MissingRequired
            } else if self.value.is_null() {
                ObservationKind::NullRequired
            } else {
                ObservationKind::WrongType
            };
            self.record(kind, expected);
        }
        Ok(scope::findings_len())
    }

    /// The type refused its empty value: try its second one.
    fn refill_fault(&self, mut fault: Fault) -> Fault {
        if fault.at.is_none() && fault.repair == Repair::None {
            fault.repair = Repair::Refill;
        }
        fault.at(&self.path, self.location)
    }

    pub(crate) fn record(&self, kind: ObservationKind, expected: &'static str) {
        let (seen, value) = match self.absent {
            true => ("absent", None),
            false => (json_type(self.value), Some(self.value.clone())),
        };
        self.state.findings.borrow_mut().push(Finding {
            path: self.path.clone(),
            location: self.location.to_string(),
            kind,
            expected,
            seen,
            value,
        });
    }
}
