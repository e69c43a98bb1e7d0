//! The variants of an untagged union (a seat, or why it is unusable: no
//! discriminator), tried in turn on the union's value as read once, with
//! the path inside it tracked: an unknown enum value in the variant is
//! reported at its own path (`sales_navigator.error`), not at the union.
//! The union's `Deserialize` is `crate::model::untagged_union!`, put in
//! place of serde's `untagged` derive by `codegen/untagged_unions.rs`.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use serde_json::{Map, Value};

use super::path::Step;
use super::scope;

/// `value` decoded as the variant `T`, or `None` when it is not one (what
/// the failed try recorded is forgotten).
pub(crate) fn untagged_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    let before = scope::findings_len();
    match T::deserialize(Tracked(value)) {
        Ok(variant) => Some(variant),
        Err(_) => {
            scope::forget_findings(before);
            None
        }
    }
}

/// serde_json's decoding of a `Value`, stepping into each member and
/// element where the findings' scope sees it.
struct Tracked<'a>(&'a Value);

impl<'de> Deserializer<'de> for Tracked<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Members::new(map, "")),
            Value::Array(items) => visitor.visit_seq(Elements(items.iter().enumerate())),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Members::new(map, name)),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

/// `decode` run inside the member or element `step` (of an object of
/// schema `schema`), where the findings it records are placed.
fn inside<R>(step: Step, schema: &'static str, decode: impl FnOnce() -> R) -> R {
    scope::enter(step, schema);
    let decoded = decode();
    scope::leave();
    decoded
}

/// The members of an object of schema `schema` (`""`: a map).
struct Members<'a> {
    entries: serde_json::map::Iter<'a>,
    schema: &'static str,
    /// The member whose key was read last.
    value: Option<(&'a str, &'a Value)>,
}

impl<'a> Members<'a> {
    fn new(map: &'a Map<String, Value>, schema: &'static str) -> Self {
        Members {
            entries: map.iter(),
            schema,
            value: None,
        }
    }
}

impl<'a> de::MapAccess<'a> for Members<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value asked before its key"));
        };
        inside(Step::Key(key.to_owned()), self.schema, || {
            seed.deserialize(Tracked(value))
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The elements of a list.
struct Elements<'a>(std::iter::Enumerate<std::slice::Iter<'a, Value>>);

impl<'a> de::SeqAccess<'a> for Elements<'a> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some((index, value)) = self.0.next() else {
            return Ok(None);
        };
        inside(Step::Index(index), "", || seed.deserialize(Tracked(value))).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::super::path::{Location, Path};
    use super::{scope, untagged_variant};

    /// An open enum's stand-in: every value is one it does not know.
    struct Role;

    impl<'de> Deserialize<'de> for Role {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = String::deserialize(deserializer)?;
            scope::unknown_enum_value("Role", &value);
            Ok(Role)
        }
    }

    #[derive(Deserialize)]
    struct Held {
        #[serde(rename = "roles")]
        _roles: Vec<Role>,
    }

    #[derive(Deserialize)]
    struct Refused {
        #[serde(rename = "role")]
        _role: Role,
        #[serde(rename = "reason")]
        _reason: u32,
    }

    #[test]
    fn a_finding_in_a_variant_is_placed_at_its_own_path_and_location() {
        let seat = json!({"contract": "c1", "roles": ["NEW", "NEWER"]});
        let (held, findings) = scope::watch(|| {
            let held = untagged_variant::<Held>(&seat);
            scope::place_findings(0, &Path::default().key("seat"), Location::default());
            held
        });
        assert!(held.is_some());
        let placed: Vec<_> = findings
            .iter()
            .map(|(f, _)| (f.path.to_string(), f.location.as_str(), f.value.clone()))
            .collect();
        assert_eq!(
            placed,
            [
                ("seat.roles[0]".into(), "Held.roles[]", Some(json!("NEW"))),
                ("seat.roles[1]".into(), "Held.roles[]", Some(json!("NEWER"))),
            ]
        );
    }

    #[derive(Deserialize)]
    struct Teams {
        #[serde(rename = "by_team")]
        _by_team: std::collections::BTreeMap<String, Role>,
    }

    #[test]
    fn a_finding_in_a_map_takes_the_union_member_s_location() {
        let seat = json!({"by_team": {"core": "NEW"}});
        let (teams, findings) = scope::watch(|| {
            let teams = untagged_variant::<Teams>(&seat);
            let at = Location::member("Owner", "seat");
            scope::place_findings(0, &Path::default().key("seat"), at);
            teams
        });
        assert!(teams.is_some());
        let placed: Vec<_> = findings
            .iter()
            .map(|(f, _)| (f.path.to_string(), f.location.as_str()))
            .collect();
        assert_eq!(placed, [("seat.by_team.core".into(), "Owner.seat")]);
    }

    #[test]
    fn a_variant_that_does_not_decode_leaves_no_finding() {
        let seat = json!({"role": "NEW"});
        let (refused, findings) = scope::watch(|| untagged_variant::<Refused>(&seat));
        assert!(refused.is_none(), "no reason: not this variant");
        assert!(findings.is_empty(), "{findings:?}");
    }
}
