//! How the tolerant decoder walks lists and objects: each element and
//! member becomes a [`Node`] with its path and location; elements the
//! repair loop dropped are skipped, missing fields it found are added.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed};
use serde_json::{Map, Value};

use super::fault::Fault;
use super::node::{Node, Role};
use super::path::Location;
use super::scope;

/// The elements of a list.
pub(crate) struct Elements<'a, 's, 'n> {
    parent: &'n Node<'a, 's>,
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    location: Location<'a>,
}

impl<'a, 's, 'n> Elements<'a, 's, 'n> {
    pub(crate) fn new(parent: &'n Node<'a, 's>, items: &'a [Value]) -> Self {
        Elements {
            parent,
            items: items.iter().enumerate(),
            location: parent.location.element(),
        }
    }
}

impl<'a, 's, 'n> de::SeqAccess<'a> for Elements<'a, 's, 'n> {
    type Error = Fault;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fault> {
        for (index, item) in self.items.by_ref() {
            let path = self.parent.path.index(index);
            let dropped = &self.parent.state.fixes.dropped;
            if !dropped.is_empty() && dropped.contains(&path) {
                continue;
            }
            let mut node = self.parent.child(item, path.clone(), self.location, false);
            node.role = Role::Element;
            let before = scope::marks_len();
            let result = seed.deserialize(node);
            scope::place_marks(before, &path, self.location);
            return result.map(Some).map_err(|fault| {
                let mut fault = fault.at(&path, self.location);
                if fault.element.is_none() {
                    fault.element = Some((path, self.location.to_string()));
                }
                fault
            });
        }
        Ok(None)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// How members are named in locations.
enum Owner {
    /// A map: its members share the map's location.
    Map,
    /// A struct: `Schema.member`.
    Struct(&'static str),
    /// A union: `Variant.member` once the variant is known.
    Union(&'static str, Option<&'static str>),
}

/// The members of an object (a union's tag first), then the missing
/// fields the repair loop added, as `null`.
pub(crate) struct Fields<'a, 's, 'n> {
    parent: &'n Node<'a, 's>,
    entries: Vec<(&'a str, &'a Value)>,
    absent: Vec<&'static str>,
    next: usize,
    owner: Owner,
    pending: Option<(&'a str, &'a Value, bool)>,
}

impl<'a, 's, 'n> Fields<'a, 's, 'n> {
    pub(crate) fn map(parent: &'n Node<'a, 's>, map: &'a Map<String, Value>) -> Self {
        Self::new(parent, map, Owner::Map, None)
    }

    /// A struct's members; `tag` for a union (`name` then starts with
    /// [`UNION_PREFIX`](super::node::UNION_PREFIX)).
    pub(crate) fn object(
        parent: &'n Node<'a, 's>,
        map: &'a Map<String, Value>,
        name: &'static str,
        tag: Option<&'static str>,
    ) -> Self {
        let owner = match tag {
            Some(_) => Owner::Union(
                name.strip_prefix(super::node::UNION_PREFIX).unwrap_or(name),
                None,
            ),
            None => Owner::Struct(name),
        };
        Self::new(parent, map, owner, tag)
    }

    fn new(
        parent: &'n Node<'a, 's>,
        map: &'a Map<String, Value>,
        owner: Owner,
        tag: Option<&'static str>,
    ) -> Self {
        let skipped = &parent.state.fixes.skipped;
        let mut entries: Vec<(&'a str, &'a Value)> = map
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .filter(|(k, _)| skipped.is_empty() || !skipped.contains(&parent.path.key(k)))
            .collect();
        if let Some(tag) = tag {
            // Stable: the tag first, the rest in the body's order.
            entries.sort_by_key(|(k, _)| *k != tag);
        }
        let absent = match owner {
            Owner::Map => Vec::new(),
            _ => parent
                .state
                .fixes
                .absent
                .get(&parent.path)
                .cloned()
                .unwrap_or_default(),
        };
        Fields {
            parent,
            entries,
            absent,
            next: 0,
            owner,
            pending: None,
        }
    }

    fn location(&self, key: &'a str) -> Location<'a> {
        match self.owner {
            Owner::Map => self.parent.location,
            Owner::Struct(name) => Location::member(name, key),
            Owner::Union(name, variant) => Location::member(variant.unwrap_or(name), key),
        }
    }
}

impl<'a, 's, 'n> de::MapAccess<'a> for Fields<'a, 's, 'n> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        if let (Owner::Union(_, variant @ None), 1) = (&mut self.owner, self.next) {
            // The union read its tag and named the variant it decodes.
            *variant = scope::take_variant();
        }
        let entry = match self.entries.get(self.next) {
            Some((key, value)) => Some((*key, *value, false)),
            None => self
                .absent
                .get(self.next - self.entries.len())
                .map(|key| (*key, &super::node::NULL, true)),
        };
        let Some((key, value, absent)) = entry else {
            return Ok(None);
        };
        self.next += 1;
        self.pending = Some((key, value, absent));
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fault> {
        let Some((key, value, absent)) = self.pending.take() else {
            return Err(de::Error::custom("a value asked before its key"));
        };
        let path = self.parent.path.key(key);
        let location = self.location(key);
        let field = !matches!(self.owner, Owner::Map);
        let node = match absent {
            true => self.parent.missing(path.clone(), location),
            false => self.parent.child(value, path.clone(), location, field),
        };
        // A type may fail, or mark an unknown value, after its
        // deserializer returned (an untagged enum, a checked newtype, an
        // open enum): the fault and the mark are this member's.
        let before = scope::marks_len();
        let result = seed.deserialize(node);
        scope::place_marks(before, &path, location);
        result.map_err(|fault| fault.at(&path, location))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(
            self.entries.len() + self.absent.len()
                - self.next.min(self.entries.len() + self.absent.len()),
        )
    }
}
