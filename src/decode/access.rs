//! How the tolerant decoder walks lists and objects: each element and
//! member becomes a [`Node`] with its path and location; elements the
//! repair loop dropped are skipped, missing fields it found are added.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed};
use serde_json::{Map, Value};

use super::fault::Fault;
use super::node::{Node, Role};
use super::path::{Location, Path};
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

// Everything but the call of the seed is in these steps, which are not
// generic: the `*_seed` methods are copied for each type decoded.
impl<'a, 's, 'n> Elements<'a, 's, 'n> {
    /// The next element the repair loop did not drop.
    fn next_node(&mut self) -> Option<Node<'a, 's>> {
        for (index, item) in self.items.by_ref() {
            let path = self.parent.path.index(index);
            let dropped = &self.parent.state.repairs.dropped;
            if !dropped.is_empty() && dropped.contains(&path) {
                continue;
            }
            let mut node = self.parent.child(item, path, self.location, false);
            node.role = Role::Element;
            return Some(node);
        }
        None
    }

    fn element_fault(&self, fault: Fault, path: Path) -> Fault {
        let mut fault = fault.at(&path, self.location);
        if fault.element.is_none() {
            fault.element = Some((path, self.location.to_string()));
        }
        fault
    }
}

impl<'a, 's, 'n> de::SeqAccess<'a> for Elements<'a, 's, 'n> {
    type Error = Fault;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fault> {
        let Some(node) = self.next_node() else {
            return Ok(None);
        };
        let (path, before) = (node.path.clone(), scope::findings_len());
        let result = seed.deserialize(node);
        scope::place_findings(before, &path, self.location);
        match result {
            Ok(value) => Ok(Some(value)),
            Err(fault) => Err(self.element_fault(fault, path)),
        }
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
    /// The member being decoded: its path, location, and the findings before.
    member: Option<(Path, Location<'a>, usize)>,
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
        let skipped = &parent.state.repairs.skipped;
        let mut entries: Vec<(&'a str, &'a Value)> = map
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .filter(|(k, _)| skipped.is_empty() || !skipped.contains(&parent.path.key(k)))
            .collect();
        // The tag first, the rest in the body's order (a rotation, not a
        // sort: no sort code compiled for it).
        if let Some(at) = tag.and_then(|tag| entries.iter().position(|(k, _)| *k == tag)) {
            entries[..=at].rotate_right(1);
        }
        let absent = match owner {
            Owner::Map => Vec::new(),
            _ => parent
                .state
                .repairs
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
            member: None,
        }
    }

    /// The next member's key (the tag first in a union, the missing fields
    /// last), kept for [`Self::next_value`].
    fn next_key(&mut self) -> Option<&'a str> {
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
        let (key, value, absent) = entry?;
        self.next += 1;
        self.pending = Some((key, value, absent));
        Some(key)
    }

    /// The node of the member whose key was read last.
    fn next_value(&mut self) -> Result<Node<'a, 's>, Fault> {
        let Some((key, value, absent)) = self.pending.take() else {
            return Err(de::Error::custom("a value asked before its key"));
        };
        let path = self.parent.path.key(key);
        let location = self.location(key);
        let field = !matches!(self.owner, Owner::Map);
        self.member = Some((path.clone(), location, scope::findings_len()));
        Ok(match absent {
            true => self.parent.missing(path, location),
            false => self.parent.child(value, path, location, field),
        })
    }

    /// After the member's value was decoded: a type may fail, or record a
    /// finding of an unknown value, after its deserializer returned (an
    /// untagged enum, a checked newtype, an open enum): the fault and the
    /// findings are this member's.
    fn member_done(&mut self) {
        if let Some((path, location, before)) = self.member.take() {
            scope::place_findings(before, &path, location);
        }
    }

    fn member_failed(&mut self, fault: Fault) -> Fault {
        match self.member.take() {
            Some((path, location, before)) => {
                scope::place_findings(before, &path, location);
                fault.at(&path, location)
            }
            None => fault,
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
        let Some(key) = self.next_key() else {
            return Ok(None);
        };
        match seed.deserialize(BorrowedStrDeserializer::new(key)) {
            Ok(key) => Ok(Some(key)),
            Err(fault) => Err(fault),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fault> {
        let node = self.next_value()?;
        match seed.deserialize(node) {
            Ok(value) => {
                self.member_done();
                Ok(value)
            }
            Err(fault) => Err(self.member_failed(fault)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(
            self.entries.len() + self.absent.len()
                - self.next.min(self.entries.len() + self.absent.len()),
        )
    }
}
