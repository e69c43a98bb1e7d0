//! The repair loop around the tolerant decoder: each fault it returns is
//! repaired in one place (read as `null`, left out, added as missing), recorded
//! with the value as received, and the value decoded again. Bounded: every
//! round repairs a new place, and there are only so many places (the body's
//! values and the fields its objects may lack).

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::fault::{Fault, Repair};
use super::finding::Finding;
use super::node::Node;
use super::observation::ObservationKind;
use super::path::{Path, json_type};
use super::scope;
use super::state::{Repairs, State};

/// Decodes `value` as `T`, correcting what departs from the spec: the
/// typed value and its findings, in the body's order.
pub(crate) fn repair<T: DeserializeOwned>(
    value: &Value,
    unknown_fields: bool,
) -> Result<(T, Vec<Finding>), Fault> {
    let mut repairs = Repairs::default();
    let mut recorded = Vec::new();
    let rounds = 2 * places(value) + 4;
    let mut last = None;
    for _ in 0..rounds {
        let state = State {
            repairs: &repairs,
            findings: RefCell::new(Vec::new()),
            unknown_fields,
        };
        let (result, on_the_side) = scope::watch(|| T::deserialize(Node::root(value, &state)));
        let fault = match result {
            Ok(typed) => {
                let mut findings = recorded;
                findings.extend(state.findings.into_inner());
                findings.extend(
                    on_the_side
                        .into_iter()
                        .filter_map(|(finding, placed)| placed.then_some(finding)),
                );
                return Ok((typed, tidy(findings, value)));
            }
            Err(fault) => fault,
        };
        drop(state);
        if !apply(&mut repairs, &mut recorded, value, &fault) {
            return Err(fault);
        }
        last = Some(fault);
    }
    Err(last.unwrap_or_else(|| Fault::new(Repair::None, "", "nothing to decode".into())))
}

/// Repairs the place `fault` names; false when it cannot be repaired.
fn apply(repairs: &mut Repairs, recorded: &mut Vec<Finding>, root: &Value, fault: &Fault) -> bool {
    let path = fault.path();
    let location = fault
        .at
        .as_ref()
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    let received = path.find(root);
    let expected = fault.expected();
    let wrong_type = |path: Path, location: String| Finding {
        path,
        location,
        kind: ObservationKind::WrongType,
        expected,
        seen: received.map_or("absent", json_type),
        value: received.cloned(),
    };
    match fault.repair {
        Repair::ToNull if !repairs.nulled.contains(&path) => {
            repairs.nulled.insert(path.clone());
            recorded.push(wrong_type(path, location));
            return true;
        }
        Repair::Refill if repairs.refilled.insert(path.clone()) => return true,
        Repair::Skip if !repairs.skipped.contains(&path) => {
            // A `null` optional list is no departure; another type is.
            if received.is_some_and(|v| !v.is_null()) {
                recorded.push(wrong_type(path.clone(), location));
            }
            repairs.skipped.insert(path);
            return true;
        }
        Repair::Missing(field) => {
            let member = path.key(field);
            if repairs.skipped.remove(&member) {
                // The list left out is required: decoded as its empty value
                // and reported inline from now on.
                recorded.retain(|finding| finding.path != member);
                repairs.required.insert(member);
                return true;
            }
            let absent = repairs.absent.entry(path).or_default();
            if !absent.contains(&field) {
                absent.push(field);
                return true;
            }
        }
        _ => {}
    }
    // Otherwise leave out the innermost list element around it.
    let Some((element, location)) = fault.element.clone() else {
        return false;
    };
    if !repairs.dropped.insert(element.clone()) {
        return false;
    }
    let received = element.find(root);
    recorded.retain(|finding| !finding.path.is_inside(&element));
    recorded.push(Finding {
        path: element,
        location,
        kind: ObservationKind::DroppedElement,
        expected,
        seen: received.map_or("absent", json_type),
        value: received.cloned(),
    });
    true
}

/// Drops what lies inside a corrected value (the fill-ins of an object
/// that was `null`), and puts the rest in the body's order.
fn tidy(mut findings: Vec<Finding>, root: &Value) -> Vec<Finding> {
    let corrected: Vec<Path> = findings
        .iter()
        .filter(|f| f.kind.reason().is_some())
        .map(|f| f.path.clone())
        .collect();
    // An open enum filled with "" is no unknown value the API sent.
    findings.retain(|f| {
        !corrected
            .iter()
            .any(|outer| f.path.is_inside(outer) || (f.kind.reason().is_none() && f.path == *outer))
    });
    findings.sort_by_cached_key(|f| f.path.order(root));
    findings
}

/// Room for the required fields an object may lack: places the body does not
/// hold, each filled in by a round (no schema in the spec requires 32).
const MISSING_PER_OBJECT: usize = 32;

/// The places a round can repair: the body's values, and the fields each of
/// its objects may lack.
fn places(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(places).sum(),
        Value::Object(map) => MISSING_PER_OBJECT + map.values().map(places).sum::<usize>(),
        _ => 0,
    }
}
