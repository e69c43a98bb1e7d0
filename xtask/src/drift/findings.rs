//! Observations grouped by spec location, what is still new against the
//! spec as it is now, and the edit each group calls for.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::observation::{Kind, Observation, Sighting};
use crate::model::{Api, Field, TypeKind, element};
use crate::pages::fact;

/// A spec edit a finding proposes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Nullable,
    Optional,
    /// New enum values, in the order first seen.
    AddValues(Vec<String>),
    /// A field the spec lacks, with the JSON types seen.
    AddField(BTreeSet<String>),
    /// `integer` → `number`.
    Widen,
    /// Nothing `--apply` can write: what a person should decide.
    Review(String),
}

impl Edit {
    pub fn describe(&self) -> String {
        match self {
            Edit::Nullable => "make nullable".to_string(),
            Edit::Optional => "make optional".to_string(),
            Edit::AddValues(values) => format!("add enum value(s) {}", values.join(", ")),
            Edit::AddField(types) => {
                let types: Vec<&str> = types.iter().map(String::as_str).collect();
                format!("add the field ({}), optional", types.join(" or "))
            }
            Edit::Widen => "widen integer to number".to_string(),
            Edit::Review(what) => format!("review by hand: {what}"),
        }
    }
}

/// Every observation at one spec location.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub location: String,
    /// How many observations of each kind.
    pub kinds: BTreeMap<Kind, usize>,
    pub count: usize,
    pub responses: BTreeSet<String>,
    pub expected: BTreeSet<String>,
    /// JSON types seen.
    pub seen: BTreeSet<String>,
    /// New enum values and union tags, in the order first seen.
    pub values: Vec<String>,
    /// `get_user 200`.
    pub operations: BTreeSet<String>,
    pub paths: BTreeSet<String>,
    pub first_seen: String,
    pub last_seen: String,
    pub inputs: BTreeSet<String>,
    pub edits: Vec<Edit>,
}

/// Groups the sightings that still depart from the spec by location, in
/// location order, each with its proposed edits.
pub fn group(sightings: &[Sighting], api: &Api, document: &Value) -> Vec<Finding> {
    let mut groups: BTreeMap<String, Finding> = BTreeMap::new();
    let mut kinds_seen: BTreeMap<(String, Kind), BTreeSet<String>> = BTreeMap::new();
    let mut times: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for sighting in sightings {
        let o = &sighting.observation;
        if !still_departs(api, document, o) {
            continue;
        }
        let finding = groups.entry(o.location.clone()).or_default();
        finding.location = o.location.clone();
        *finding.kinds.entry(o.kind).or_default() += 1;
        finding.count += 1;
        finding.responses.insert(sighting.source.response.clone());
        finding.expected.insert(o.expected.clone());
        finding.seen.insert(o.seen.clone());
        if let Some(value) = o.value.as_ref().filter(|v| !finding.values.contains(v)) {
            finding.values.push(value.clone());
        }
        finding
            .operations
            .insert(format!("{} {}", o.operation, o.status));
        finding.paths.insert(o.path.clone());
        finding.inputs.insert(sighting.source.file.clone());
        times
            .entry(o.location.clone())
            .or_default()
            .push(sighting.source.to_string());
        kinds_seen
            .entry((o.location.clone(), o.kind))
            .or_default()
            .insert(o.seen.clone());
    }
    for (location, finding) in groups.iter_mut() {
        let mut seen = times.remove(location).unwrap_or_default();
        // RFC 3339 times sort as text; `file:line` sources keep input order.
        if seen.iter().all(|s| s.contains('T')) {
            seen.sort();
        }
        finding.first_seen = seen.first().cloned().unwrap_or_default();
        finding.last_seen = seen.last().cloned().unwrap_or_default();
        let seen_for = |kind| kinds_seen.get(&(location.clone(), kind));
        finding.edits = edits(finding, seen_for);
    }
    groups.into_values().collect()
}

fn edits<'s>(
    finding: &Finding,
    seen_for: impl Fn(Kind) -> Option<&'s BTreeSet<String>>,
) -> Vec<Edit> {
    let only_number = |kind| seen_for(kind).is_some_and(|s| s.iter().all(|t| t == "number"));
    let integer = finding.expected.contains("integer");
    let types = |kind| {
        let types: Vec<&str> = seen_for(kind)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        types.join(" or ")
    };
    let mut edits = Vec::new();
    for kind in finding.kinds.keys() {
        let edit = match kind {
            Kind::NullRequired | Kind::NullOptional => Edit::Nullable,
            Kind::MissingRequired => Edit::Optional,
            Kind::UnknownEnumValue => Edit::AddValues(finding.values.clone()),
            Kind::UnknownField => {
                Edit::AddField(seen_for(Kind::UnknownField).cloned().unwrap_or_default())
            }
            Kind::WrongType | Kind::DroppedElement if integer && only_number(*kind) => Edit::Widen,
            Kind::WrongType => Edit::Review(format!(
                "the API sent {} where the spec has {}",
                types(Kind::WrongType),
                expected(finding)
            )),
            Kind::DroppedElement => Edit::Review(format!(
                "list elements of type {} where the spec has {}",
                types(Kind::DroppedElement),
                expected(finding)
            )),
            Kind::UnknownVariant => Edit::Review(format!(
                "tag(s) {}: add a variant schema and its mapping",
                finding.values.join(", ")
            )),
        };
        if !edits.contains(&edit) {
            edits.push(edit);
        }
    }
    edits
}

fn expected(finding: &Finding) -> String {
    let names: Vec<&str> = finding.expected.iter().map(String::as_str).collect();
    names.join(" or ")
}

/// The type and field a location names: `A.b[]` → (`A`, `b`, list element).
pub fn split(location: &str) -> Option<(&str, &str, bool)> {
    let (ty, field) = location.rsplit_once('.')?;
    match field.strip_suffix("[]") {
        Some(field) => Some((ty, field, true)),
        None => Some((ty, field, false)),
    }
}

fn field<'a>(api: &'a Api, location: &str) -> Option<(&'a Field, bool)> {
    let (ty, name, element) = split(location)?;
    match &api.types.get(ty)?.kind {
        TypeKind::Object { fields, .. } => fields.get(name).map(|f| (f, element)),
        _ => None,
    }
}

/// Whether the spec as it is now still disagrees with an observation (an
/// observation the spec has since been edited to allow is no longer new).
pub fn still_departs(api: &Api, document: &Value, o: &Observation) -> bool {
    match o.kind {
        Kind::UnknownVariant => {
            let pointer = format!("/components/schemas/{}/discriminator/mapping", o.location);
            let mapping = document.pointer(&pointer);
            let known = |tag: &String| mapping.is_some_and(|m| m.get(tag).is_some());
            o.value.as_ref().is_none_or(|tag| !known(tag))
        }
        Kind::UnknownField => field(api, &o.location).is_none(),
        _ => {
            let Some((field, element_of)) = field(api, &o.location) else {
                return true;
            };
            let shape = &field.shape;
            match o.kind {
                Kind::NullRequired => field.required && !shape.nullable,
                Kind::NullOptional => !shape.nullable,
                Kind::MissingRequired => field.required,
                Kind::WrongType => !accepts(api, &shape.ty, &o.seen),
                Kind::DroppedElement if element_of => !accepts(api, element(&shape.ty), &o.seen),
                Kind::UnknownEnumValue => {
                    let values = fact::values(api, shape);
                    !values.is_empty() && !o.value.as_ref().is_some_and(|v| values.contains(v))
                }
                _ => true,
            }
        }
    }
}

/// Whether a model type takes a value of a JSON type.
fn accepts(api: &Api, ty: &str, seen: &str) -> bool {
    if ty.starts_with('[') {
        return seen == "array";
    }
    match ty.split('(').next().unwrap_or(ty) {
        "any" => true,
        "number" => matches!(seen, "integer" | "number"),
        base @ ("string" | "integer" | "boolean" | "object") => base == seen,
        name => match api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Scalar(shape)) => accepts(api, &shape.ty, seen),
            Some(_) => seen == "object",
            None => false,
        },
    }
}

/// What the spec says at a location, in the pages' words.
pub fn spec_says(api: &Api, location: &str) -> String {
    if let Some(TypeKind::OneOf { variants, tag }) = api.types.get(location).map(|d| &d.kind) {
        let tag = tag.as_deref().unwrap_or("no tag");
        return format!("union of {} variants (tag `{tag}`)", variants.len());
    }
    let Some((field, element_of)) = field(api, location) else {
        return "absent".to_string();
    };
    let shape = &field.shape;
    let ty = if element_of {
        element(&shape.ty)
    } else {
        &shape.ty
    };
    let mut says = vec![fact::kind(api, ty)];
    says.push(
        if field.required {
            "required"
        } else {
            "optional"
        }
        .to_string(),
    );
    if shape.nullable {
        says.push("nullable".to_string());
    }
    let values = fact::values(api, shape);
    if !values.is_empty() {
        says.push(format!("values {}", values.join(", ")));
    }
    says.join(", ")
}
