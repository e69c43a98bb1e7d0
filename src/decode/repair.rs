//! The repair loop around the tolerant decoder: each fault it returns is
//! fixed in one place (read as `null`, left out, added as missing), recorded
//! with the value as received, and the value decoded again. Bounded: every
//! round fixes a new place, and there are only so many places (the body's
//! values and the fields its objects may lack).

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::fault::{Fault, Fix};
use super::node::Node;
use super::observation::ObservationKind;
use super::path::{Path, json_type};
use super::scope;
use super::state::{Fixes, Found, State};

/// Decodes `value` as `T`, correcting what departs from the spec: the
/// typed value and everything found, in the body's order.
pub(crate) fn repair<T: DeserializeOwned>(
    value: &Value,
    unknown_fields: bool,
) -> Result<(T, Vec<Found>), Fault> {
    let mut fixes = Fixes::default();
    let mut recorded = Vec::new();
    let rounds = 2 * places(value) + 4;
    let mut last = None;
    for _ in 0..rounds {
        let state = State {
            fixes: &fixes,
            found: RefCell::new(Vec::new()),
            unknown_fields,
        };
        let (result, marks) = scope::watch(|| T::deserialize(Node::root(value, &state)));
        let fault = match result {
            Ok(typed) => {
                let mut found = recorded;
                found.extend(state.found.into_inner());
                found.extend(marks.into_iter().filter_map(|mark| {
                    let (path, location) = mark.place?;
                    let variant = mark.kind == ObservationKind::UnknownVariant;
                    Some(Found {
                        path,
                        location: if variant {
                            mark.schema.to_string()
                        } else {
                            location
                        },
                        kind: mark.kind,
                        expected: mark.schema,
                        seen: if variant { "object" } else { "string" },
                        value: mark.value.map(Value::String),
                    })
                }));
                return Ok((typed, tidy(found, value)));
            }
            Err(fault) => fault,
        };
        drop(state);
        if !apply(&mut fixes, &mut recorded, value, &fault) {
            return Err(fault);
        }
        last = Some(fault);
    }
    Err(last.unwrap_or_else(|| Fault::new(Fix::None, "", "nothing to decode".into())))
}

/// Fixes the place `fault` names; false when it cannot be fixed.
fn apply(fixes: &mut Fixes, recorded: &mut Vec<Found>, root: &Value, fault: &Fault) -> bool {
    let path = fault.path();
    let location = fault
        .at
        .as_ref()
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    let received = path.find(root);
    let expected = fault.expected();
    let wrong_type = |path: Path, location: String| Found {
        path,
        location,
        kind: ObservationKind::WrongType,
        expected,
        seen: received.map_or("absent", json_type),
        value: received.cloned(),
    };
    match fault.fix {
        Fix::ToNull if !fixes.nulled.contains(&path) => {
            fixes.nulled.insert(path.clone());
            recorded.push(wrong_type(path, location));
            return true;
        }
        Fix::Refill if fixes.refilled.insert(path.clone()) => return true,
        Fix::Skip if !fixes.skipped.contains(&path) => {
            // A `null` optional list is no departure; another type is.
            if received.is_some_and(|v| !v.is_null()) {
                recorded.push(wrong_type(path.clone(), location));
            }
            fixes.skipped.insert(path);
            return true;
        }
        Fix::Missing(field) => {
            let member = path.key(field);
            if fixes.skipped.remove(&member) {
                // The list left out is required: decoded as its empty value
                // and reported inline from now on.
                recorded.retain(|found| found.path != member);
                fixes.required.insert(member);
                return true;
            }
            let absent = fixes.absent.entry(path).or_default();
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
    if !fixes.dropped.insert(element.clone()) {
        return false;
    }
    let received = element.find(root);
    recorded.retain(|found| !found.path.is_inside(&element));
    recorded.push(Found {
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
fn tidy(mut found: Vec<Found>, root: &Value) -> Vec<Found> {
    let corrected: Vec<Path> = found
        .iter()
        .filter(|f| f.kind.reason().is_some())
        .map(|f| f.path.clone())
        .collect();
    // An open enum filled with "" is no unknown value the API sent.
    found.retain(|f| {
        !corrected
            .iter()
            .any(|outer| f.path.is_inside(outer) || (f.kind.reason().is_none() && f.path == *outer))
    });
    found.sort_by_cached_key(|f| f.path.order(root));
    found
}

/// Room for the required fields an object may lack: places the body does not
/// hold, each filled in by a round (no schema in the spec requires 32).
const MISSING_PER_OBJECT: usize = 32;

/// The places a round can fix: the body's values, and the fields each of
/// its objects may lack.
fn places(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(places).sum(),
        Value::Object(map) => MISSING_PER_OBJECT + map.values().map(places).sum::<usize>(),
        _ => 0,
    }
}
