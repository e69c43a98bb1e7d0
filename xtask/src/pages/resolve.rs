//! Places a section's flat field lines into the spec's objects and unions,
//! and compares each with the spec.
//!
//! The pages never mark where a nested object ends. A field line belongs to
//! the innermost open object whose spec type has a field of that name; a
//! name no open object has goes to the innermost one (and is reported as
//! missing from the spec there). The one case this cannot tell apart is a
//! name that both an inner and an outer object have: the inner one wins.

use std::collections::{BTreeMap, BTreeSet};

use super::fact::{Fact, kind, values};
use super::field::{compare, describe};
use super::line::Entry;
use super::line::prose_values;
use super::parse::Item;
use crate::model::{Api, Field, TypeKind, element};

struct Frame {
    /// The spec type, when known.
    ty: Option<String>,
    /// How the frame is named in locations.
    name: String,
    line: usize,
    union: bool,
    seen: BTreeSet<String>,
    matched: BTreeSet<String>,
    /// Allowed values the opening field's prose lists for this object's
    /// fields (`None`: every list-of-strings field).
    prose: Vec<(Option<String>, Vec<String>)>,
}

pub struct Walker<'a> {
    pub api: &'a Api,
    pub page: &'a str,
    /// Strings from the page's examples: known values for splitting lists.
    pub known: &'a [String],
    pub facts: Vec<Fact>,
    frames: Vec<Frame>,
    /// Fields whose union lists a `null` variant (`nullnull`).
    nulls: BTreeSet<String>,
    /// Prose-listed values by the location of the field whose prose it is.
    prose: BTreeMap<String, ProseValues>,
}

/// Allowed values a field's prose lists, by target field, and its line.
type ProseValues = (Vec<(Option<String>, Vec<String>)>, usize);

impl<'a> Walker<'a> {
    pub fn new(api: &'a Api, page: &'a str, known: &'a [String]) -> Self {
        Walker {
            api,
            page,
            known,
            facts: Vec::new(),
            frames: Vec::new(),
            nulls: BTreeSet::new(),
            prose: BTreeMap::new(),
        }
    }

    /// Walks one section's items from `root` (a spec type name), reporting
    /// every field, variant and allowed value.
    pub fn walk(&mut self, root: &str, line: usize, items: &[Item]) {
        self.frames = vec![self.frame(Some(root.to_string()), root.to_string(), line)];
        for (index, item) in items.iter().enumerate() {
            match item {
                Item::Field(entry) => self.field(entry),
                Item::Open { name, line } => self.open(name, *line),
                Item::Variant { label, line } => self.variant(label, *line, &items[index + 1..]),
                Item::Null { .. } => {
                    if let Some(frame) = self.frames.iter().rev().find(|f| f.union) {
                        self.nulls.insert(frame.name.clone());
                    }
                }
            }
        }
        self.close_to(0);
        let root = self.frames.pop();
        if let Some(root) = root {
            self.report_unseen(&root);
        }
        for fact in &mut self.facts {
            if fact.aspect == "nullable" && self.nulls.contains(&fact.location) {
                fact.page_says = "nullable (null variant listed)".to_string();
                fact.agrees = fact.spec_says == "nullable";
            }
        }
    }

    fn frame(&self, ty: Option<String>, name: String, line: usize) -> Frame {
        let union = ty.as_ref().is_some_and(|ty| {
            matches!(
                self.api.types.get(ty).map(|d| &d.kind),
                Some(TypeKind::OneOf { .. })
            )
        });
        Frame {
            ty,
            name,
            line,
            union,
            seen: BTreeSet::new(),
            matched: BTreeSet::new(),
            prose: Vec::new(),
        }
    }

    fn spec_field(&self, frame: &Frame, name: &str) -> Option<&'a Field> {
        match &self.api.types.get(frame.ty.as_deref()?)?.kind {
            TypeKind::Object { fields, .. } => fields.get(name),
            _ => None,
        }
    }

    fn field(&mut self, entry: &Entry) {
        let target = self
            .frames
            .iter()
            .rposition(|f| self.spec_field(f, &entry.name).is_some())
            .or_else(|| self.frames.iter().rposition(|f| !f.union))
            .unwrap_or(self.frames.len() - 1);
        self.close_to(target);
        let frame = &self.frames[target];
        let spec = self.spec_field(frame, &entry.name);
        let location = format!("{}.{}", frame.name, entry.name);
        let mut entry = entry.clone();
        let listed = frame.prose.iter().find(|(target, _)| match target {
            Some(name) => *name == entry.name,
            None => entry.ty == "array of strings",
        });
        if let (Some((_, values)), Some((_, line))) = (listed, self.prose.get(&frame.name)) {
            entry.listed = Some((values.clone(), *line));
        }
        let lists = prose_values(&entry.prose);
        if !lists.is_empty() {
            self.prose.insert(location.clone(), (lists, entry.line + 1));
        }
        let entry = &entry;
        let facts = compare(self.api, self.page, self.known, entry, &location, spec);
        self.facts.extend(facts);
        self.frames[target].seen.insert(entry.name.clone());
    }

    fn open(&mut self, name: &str, line: usize) {
        let target = self
            .frames
            .iter()
            .rposition(|f| f.seen.contains(name))
            .unwrap_or(self.frames.len() - 1);
        self.close_to(target);
        let owner = &self.frames[target];
        let location = format!("{}.{name}", owner.name);
        let ty = self
            .spec_field(owner, name)
            .map(|f| element(&f.shape.ty).to_string())
            .filter(|ty| self.api.types.contains_key(ty));
        // A union's frame is named by the field that holds it, so a `null`
        // variant lands on that field's nullable fact.
        let frame_name = match &ty {
            Some(ty) if !self.is_union(ty) => ty.clone(),
            _ => location.clone(),
        };
        let mut frame = self.frame(ty, frame_name.clone(), line);
        if let Some((lists, at)) = self.prose.get(&location) {
            frame.prose = lists.clone();
            self.prose.insert(frame_name, (lists.clone(), *at));
        }
        self.frames.push(frame);
    }

    fn is_union(&self, ty: &str) -> bool {
        matches!(
            self.api.types.get(ty).map(|d| &d.kind),
            Some(TypeKind::OneOf { .. })
        )
    }

    fn variant(&mut self, label: &str, line: usize, after: &[Item]) {
        let lookahead: Vec<&Item> = after
            .iter()
            .take_while(|item| !matches!(item, Item::Variant { .. }))
            .collect();
        // The open union the variant fits best (a nested union's variants
        // are followed by the outer union's next variant with no marker).
        let mut best: Option<(usize, usize)> = None;
        for (at, frame) in self.frames.iter().enumerate().filter(|(_, f)| f.union) {
            let score = frame
                .ty
                .as_deref()
                .and_then(|u| self.best_variant(u, &lookahead))
                .map_or(0, |(_, score)| score);
            if best.is_none_or(|(_, top)| score >= top) {
                best = Some((at, score));
            }
        }
        match best {
            Some((at, _)) => self.close_to(at),
            None => {
                self.close_to(0);
                let union = self.reachable_union(&lookahead);
                let frame = self.frame(union.clone(), union.unwrap_or_default(), line);
                self.frames.push(frame);
            }
        }
        let union = self.frames.last().and_then(|f| f.ty.clone());
        let location = format!("{} variant `{label}`", union.as_deref().unwrap_or("?"));
        let chosen = union
            .as_deref()
            .and_then(|u| self.best_variant(u, &lookahead))
            .map(|(variant, _)| variant);
        let fact = Fact::at(self.page, line, &location, "variant");
        match &chosen {
            Some(variant) => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.matched.insert(variant.clone());
                }
                self.facts.push(fact.says("present", "present"));
            }
            None => self.facts.push(fact.says("present", "absent")),
        }
        let frame = self.frame(chosen.clone(), chosen.unwrap_or(location), line);
        self.frames.push(frame);
    }

    /// The variant that fits the lines after a variant heading best, with
    /// its score. The variant's own leading fields weigh most (a variant
    /// starts with its tag: `provider`, `event`, `api` + `category`), and a
    /// constant or allowed-value list that matches weighs most of all; the
    /// lines further on may already belong to an enclosing object.
    fn best_variant(&self, union: &str, lookahead: &[&Item]) -> Option<(String, usize)> {
        let Some(TypeKind::OneOf { variants, .. }) = self.api.types.get(union).map(|d| &d.kind)
        else {
            return None;
        };
        let score = |variant: &String| -> usize {
            let Some(TypeKind::Object { fields, .. }) =
                self.api.types.get(variant).map(|d| &d.kind)
            else {
                return 0;
            };
            let mut leading = true;
            let mut total = 0;
            for item in lookahead {
                let Item::Field(entry) = item else {
                    leading = false;
                    continue;
                };
                let Some(field) = fields.get(&entry.name) else {
                    leading = false;
                    continue;
                };
                let spec_values = values(self.api, &field.shape);
                let constant = entry
                    .constant
                    .as_ref()
                    .is_some_and(|c| spec_values == [c.clone()]);
                let listed = entry
                    .values
                    .as_ref()
                    .is_some_and(|(glued, _)| spec_values.concat() == *glued);
                let matched = usize::from(constant || listed);
                total += if leading { 100 + 1000 * matched } else { 1 };
            }
            total
        };
        let best = variants.iter().max_by_key(|v| score(v))?;
        let best_score = score(best);
        (best_score > 0).then(|| (best.clone(), best_score))
    }

    /// The union reached from the root through fields (`LinkedinSearch.items`
    /// → `SearchResult`) with the variant that fits the section best.
    fn reachable_union(&self, lookahead: &[&Item]) -> Option<String> {
        let root = self.frames.first()?.ty.clone()?;
        let mut pending = vec![root];
        let mut seen = BTreeSet::new();
        let mut best: Option<(String, usize)> = None;
        while let Some(ty) = pending.pop() {
            if !seen.insert(ty.clone()) {
                continue;
            }
            match self.api.types.get(&ty).map(|d| &d.kind) {
                Some(TypeKind::OneOf { .. }) => {
                    if let Some((_, score)) = self.best_variant(&ty, lookahead)
                        && best.as_ref().is_none_or(|(_, top)| score > *top)
                    {
                        best = Some((ty, score));
                    }
                }
                Some(TypeKind::Object { fields, .. }) => {
                    pending.extend(fields.values().map(|f| element(&f.shape.ty).to_string()))
                }
                _ => {}
            }
        }
        best.map(|(ty, _)| ty)
    }

    /// Closes the frames above `index`.
    fn close_to(&mut self, index: usize) {
        while self.frames.len() > index + 1 {
            if let Some(frame) = self.frames.pop() {
                self.report_unseen(&frame);
            }
        }
    }

    /// Spec fields and variants a closed frame never listed.
    fn report_unseen(&mut self, frame: &Frame) {
        let Some(ty) = &frame.ty else { return };
        match self.api.types.get(ty).map(|d| &d.kind) {
            Some(TypeKind::Object { fields, .. }) => {
                for (name, field) in fields.iter().filter(|(n, _)| !frame.seen.contains(*n)) {
                    let location = format!("{}.{name}", frame.name);
                    let spec = describe(&kind(self.api, &field.shape.ty), field.required);
                    let fact = Fact::at(self.page, frame.line, &location, "field");
                    self.facts.push(fact.says("absent", spec));
                }
            }
            Some(TypeKind::OneOf { variants, .. }) if !frame.matched.is_empty() => {
                for variant in variants.iter().filter(|v| !frame.matched.contains(*v)) {
                    let location = format!("{ty} variant {variant}");
                    let fact = Fact::at(self.page, frame.line, &location, "variant");
                    self.facts.push(fact.says("absent", "present"));
                }
            }
            _ => {}
        }
    }
}
