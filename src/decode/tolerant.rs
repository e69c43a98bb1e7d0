//! The tolerant decoder: a `serde::Deserializer` over a parsed
//! [`Value`](serde_json::Value) that tracks the JSON path and the spec
//! location (`Schema.property`) of every value, fills in the empty value
//! where a required one is `null`, missing or of another JSON type, and
//! records each such correction. What it cannot repair in place (a wrong type
//! under an `Option`, a missing field, an element that does not decode) it
//! returns as a [`Fault`] for the repair loop (`repair.rs`).
//!
//! It knows what the type wants from the `deserialize_*` method called: a
//! `deserialize_str` of `null` wants a string, so it gets `""`.

use serde::de::{self, Visitor};
use serde_json::Value;

use super::access::{Elements, Fields};
use super::fault::{Fault, Repair};
use super::finding::Finding;
use super::node::{Node, Role, UNION_PREFIX};
use super::observation::ObservationKind;
use super::path::{Location, Path, json_type};
use super::scope;

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
            if let Value::Number(n) = self.value {
                if let Some(i) = n.as_i64() {
                    return self.visit(|| visitor.visit_i64(i));
                }
                if let Some(u) = n.as_u64() {
                    return self.visit(|| visitor.visit_u64(u));
                }
            }
            self.mismatch("integer", || visitor.visit_i64(0))
        }
    )*};
}

impl<'a, 's> de::Deserializer<'a> for Node<'a, 's> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        if self.absent && !self.nulled() && self.role == Role::Inner {
            self.record(ObservationKind::MissingRequired, "any");
        }
        let value = self.value;
        self.visit(|| json(de::Deserializer::deserialize_any(value, visitor)))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.value {
            Value::Bool(b) => self.visit(|| visitor.visit_bool(*b)),
            _ => self.mismatch("boolean", || visitor.visit_bool(false)),
        }
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.value.as_f64() {
            Some(f) => self.visit(|| visitor.visit_f64(f)),
            None => self.mismatch("number", || visitor.visit_f64(0.0)),
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.value {
            Value::String(s) => self.visit(|| visitor.visit_borrowed_str(s)),
            _ => {
                // The second empty value of a string is for the types that
                // refuse "": a date-time's is the Unix epoch.
                let refilled = &self.state.repairs.refilled;
                let empty = match !refilled.is_empty() && refilled.contains(&self.path) {
                    true => "1970-01-01T00:00:00Z",
                    false => "",
                };
                self.mismatch("string", || visitor.visit_borrowed_str(empty))
            }
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        if self.value.is_null() {
            // Only a required field that may be null reaches here missing.
            if self.absent && !self.nulled() {
                self.record(ObservationKind::MissingRequired, "null");
            }
            return self.visit(|| visitor.visit_none());
        }
        let role = match self.role {
            Role::Root => Role::Root,
            _ => Role::Optional,
        };
        let (path, location) = (self.path.clone(), self.location);
        match visitor.visit_some(Node { role, ..self }) {
            Ok(value) => Ok(value),
            Err(fault) => Err(optional_fault(fault, role, &path, location)),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.value {
            Value::Null => self.visit(|| visitor.visit_unit()),
            _ => self.mismatch("null", || visitor.visit_unit()),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        if let Value::Array(items) = self.value {
            return self.visit(|| visitor.visit_seq(self.elements(items)));
        }
        // A list may be optional (defaulting to empty): first try the
        // object without it, unless it proved required.
        let required = self.state.repairs.is_required(&self.path);
        if self.field && !self.absent && !required && self.role == Role::Inner {
            return Err(self.fault(Repair::Skip, "array"));
        }
        self.mismatch("array", || visitor.visit_seq(self.elements(&[])))
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.value {
            Value::Object(map) => self.visit(|| visitor.visit_map(Fields::map(&self, map))),
            _ => self.mismatch("object", || visitor.visit_map(Fields::map(&self, &EMPTY))),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        let union = name.strip_prefix(UNION_PREFIX);
        let expected = union.unwrap_or("object");
        if union.is_some() {
            // No variant name left over from another union.
            scope::take_variant();
        }
        let tag = union.and(fields.first().copied());
        match self.value {
            Value::Object(map) => {
                self.visit(|| visitor.visit_map(Fields::object(&self, map, name, tag)))
            }
            _ => self.mismatch(expected, || {
                visitor.visit_map(Fields::object(&self, &EMPTY, name, tag))
            }),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        let value = self.value;
        self.visit(|| {
            json(de::Deserializer::deserialize_enum(
                value, name, variants, visitor,
            ))
        })
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fault> {
        // Serde asks this of a struct member it has no field for.
        if self.field && self.state.unknown_fields {
            self.state.findings.borrow_mut().push(Finding {
                path: self.path.clone(),
                location: self.location.to_string(),
                kind: ObservationKind::UnknownField,
                expected: "absent",
                seen: json_type(self.value),
                value: None,
            });
        }
        visitor.visit_unit()
    }
}

/// A result of `serde_json`'s own decoder of a `Value`, as a fault (a
/// `match`, not `map_err`: one copy per visitor, kept small).
fn json<T>(result: Result<T, serde_json::Error>) -> Result<T, Fault> {
    match result {
        Ok(value) => Ok(value),
        Err(e) => Err(de::Error::custom(e)),
    }
}

/// Failed after the inner deserializer returned: still this optional
/// value's own fault.
fn optional_fault(mut fault: Fault, role: Role, path: &Path, location: Location<'_>) -> Fault {
    if fault.at.is_none() && fault.repair == Repair::None && role == Role::Optional {
        fault.repair = Repair::ToNull;
    }
    fault.at(path, location)
}

static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

impl<'a, 's> Node<'a, 's> {
    /// The elements of the list `items`, each a node under this one.
    fn elements<'n>(&'n self, items: &'a [Value]) -> Elements<'a, 's, 'n> {
        Elements::new(self, items)
    }
}
