//! The semantic spec diff: what changed for SDK users, and whether it breaks
//! their code or their calls.
//!
//! The rules are reasoned for the generated Rust: a spec type is a Rust type
//! of the same name, a field a struct field (`Option<T>` when optional or
//! nullable), a closed list of values an enum, a string with a length or
//! pattern limit a validated newtype, a parameter a builder method, a union
//! an enum. They are the table "What may grow without a major version" of
//! `openapi/CONVENTIONS.md`, which `codegen/non_exhaustive.rs` makes true:
//! every generated struct and enum is `#[non_exhaustive]` and request structs
//! are built with `new(required fields)` and setters, so only what changes a
//! signature, a field's type or what the API accepts is breaking.
//! `xtask/SEMVER_PAIRS.md` checks these verdicts against cargo-semver-checks.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::{Api, Field, Operation, Shape, TypeDef, TypeKind, Usage};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub breaking: bool,
    /// What changed: an operation, a parameter, a type or a field.
    pub subject: String,
    /// How, and why it is (not) breaking.
    pub what: String,
}

/// Every change from `old` to `new`, breaking ones first.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Changes::default();
    for (id, op) in &old.operations {
        match new.operations.get(id) {
            None => changes.breaking(
                format!("operation `{id}`"),
                format!(
                    "removed (`{} {}`): `Client::{id}` is gone",
                    op.method, op.path
                ),
            ),
            Some(new_op) => operation(&mut changes, id, op, new_op),
        }
    }
    for (id, op) in &new.operations {
        if !old.operations.contains_key(id) {
            changes.other(
                format!("operation `{id}`"),
                format!("added (`{} {}`)", op.method, op.path),
            );
        }
    }
    for (name, def) in &old.types {
        match new.types.get(name) {
            // Inline types (`Parent.field`) come and go with their field,
            // which is reported there.
            None if !name.contains('.') => changes.breaking(
                format!("type `{name}`"),
                format!("removed ({}): the Rust type is gone", def.usage.label()),
            ),
            None => {}
            Some(new_def) => type_def(&mut changes, name, def, new_def),
        }
    }
    for (name, def) in &new.types {
        if !old.types.contains_key(name) && !name.contains('.') {
            changes.other(
                format!("type `{name}`"),
                format!("added ({})", def.usage.label()),
            );
        }
    }
    let mut list = changes.0;
    list.sort_by(|a, b| b.breaking.cmp(&a.breaking).then(a.cmp(b)));
    list.dedup();
    list
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn breaking(&mut self, subject: String, what: String) {
        self.0.push(Change {
            breaking: true,
            subject,
            what,
        });
    }
    fn other(&mut self, subject: String, what: String) {
        self.0.push(Change {
            breaking: false,
            subject,
            what,
        });
    }
    fn push(&mut self, breaking: bool, subject: String, what: String) {
        self.0.push(Change {
            breaking,
            subject,
            what,
        });
    }
}

fn operation(changes: &mut Changes, id: &str, old: &Operation, new: &Operation) {
    let subject = format!("operation `{id}`");
    if (&old.method, &old.path) != (&new.method, &new.path) {
        changes.other(
            subject.clone(),
            format!(
                "moved from `{} {}` to `{} {}`; `Client::{id}` keeps its name",
                old.method, old.path, new.method, new.path
            ),
        );
    }
    for (name, param) in &old.params {
        let subject = format!("`{id}` {} parameter `{name}`", param.location);
        let Some(new_param) = new.params.get(name) else {
            changes.breaking(subject, "removed: its builder method is gone".to_string());
            continue;
        };
        if !param.required && new_param.required {
            changes.breaking(
                subject.clone(),
                "now required: calls that do not set it fail before sending".to_string(),
            );
        } else if param.required && !new_param.required {
            changes.other(subject.clone(), "now optional".to_string());
        }
        if param.location != new_param.location {
            changes.other(
                subject.clone(),
                format!("moves from {} to {}", param.location, new_param.location),
            );
        }
        shape(
            changes,
            &subject,
            &param.shape,
            &new_param.shape,
            REQUEST,
            false,
        );
    }
    for (name, param) in &new.params {
        if old.params.contains_key(name) {
            continue;
        }
        let subject = format!("`{id}` {} parameter `{name}`", param.location);
        if param.required {
            changes.breaking(
                subject,
                "added, required: existing calls fail until they set it".to_string(),
            );
        } else {
            changes.other(subject, "added, optional".to_string());
        }
    }
    let body_subject = format!("`{id}` request body");
    match (&old.body, &new.body) {
        (None, Some((ty, true))) => changes.breaking(
            body_subject,
            format!("added, required (`{ty}`): existing calls fail until they set it"),
        ),
        (None, Some((ty, false))) => changes.other(body_subject, format!("added (`{ty}`)")),
        (Some((ty, _)), None) => changes.breaking(
            body_subject,
            format!("removed (was `{ty}`): its builder method is gone"),
        ),
        (Some((old_ty, old_required)), Some((new_ty, new_required))) => {
            if old_ty != new_ty {
                changes.breaking(
                    body_subject.clone(),
                    format!("type changes from `{old_ty}` to `{new_ty}`"),
                );
            }
            if !old_required && *new_required {
                changes.breaking(body_subject, "now required".to_string());
            }
        }
        (None, None) => {}
    }
    if old.success != new.success {
        changes.breaking(
            format!("`{id}` success response"),
            format!(
                "changes from {} to {}: `send()` returns a different type",
                success_list(&old.success),
                success_list(&new.success)
            ),
        );
    }
    let added: Vec<&String> = new.errors.difference(&old.errors).collect();
    let removed: Vec<&String> = old.errors.difference(&new.errors).collect();
    if !added.is_empty() || !removed.is_empty() {
        changes.other(
            format!("`{id}` error statuses"),
            format!(
                "added {:?}, removed {:?}; every error is still `postpress::Error`",
                added, removed
            ),
        );
    }
}

fn success_list(success: &std::collections::BTreeMap<String, String>) -> String {
    let parts: Vec<String> = success.iter().map(|(s, t)| format!("{s} `{t}`")).collect();
    parts.join(", ")
}

const REQUEST: Usage = Usage {
    request: true,
    response: false,
};

fn type_def(changes: &mut Changes, name: &str, old: &TypeDef, new: &TypeDef) {
    // A type judged by every way it travels, before or after.
    let usage = Usage {
        request: old.usage.request || new.usage.request,
        response: old.usage.response || new.usage.response,
    };
    let subject = format!("type `{name}` ({})", new.usage.label());
    match (&old.kind, &new.kind) {
        (
            TypeKind::Object {
                fields: old_fields, ..
            },
            TypeKind::Object {
                fields: new_fields, ..
            },
        ) => {
            for (field_name, field) in old_fields {
                let subject = format!("`{name}.{field_name}` ({})", new.usage.label());
                match new_fields.get(field_name) {
                    None => changes.breaking(
                        subject,
                        "field removed: code that reads or sets it no longer compiles".to_string(),
                    ),
                    Some(new_field) => self::field(changes, &subject, field, new_field, usage),
                }
            }
            for (field_name, field) in new_fields {
                if old_fields.contains_key(field_name) {
                    continue;
                }
                let subject = format!("`{name}.{field_name}` ({})", new.usage.label());
                if usage.request && field.required {
                    changes.breaking(
                        subject,
                        "field added, required in requests: `new` takes it, and requests \
                         without it are rejected"
                            .to_string(),
                    );
                } else {
                    let how = if usage.request {
                        "a new setter on the `#[non_exhaustive]` struct"
                    } else {
                        "the struct is `#[non_exhaustive]`"
                    };
                    changes.other(
                        subject,
                        format!(
                            "field added: {}; {how}",
                            crate::surface::shape(&field.shape)
                        ),
                    );
                }
            }
        }
        (
            TypeKind::OneOf {
                variants: old_v,
                tag: old_tag,
            },
            TypeKind::OneOf {
                variants: new_v,
                tag: new_tag,
            },
        ) => {
            let old_set: BTreeSet<&String> = old_v.iter().collect();
            let new_set: BTreeSet<&String> = new_v.iter().collect();
            for gone in old_set.difference(&new_set) {
                changes.breaking(
                    subject.clone(),
                    format!("variant `{gone}` removed: its enum variant is gone"),
                );
            }
            for added in new_set.difference(&old_set) {
                let why = if usage.response {
                    "new variant: SDKs that do not know it yet keep it as raw JSON (`Unknown`); \
                     add it to the union in `src/model/unions.rs`"
                } else {
                    "new variant of the `#[non_exhaustive]` enum"
                };
                changes.other(subject.clone(), format!("variant `{added}` added: {why}"));
            }
            if old_tag != new_tag {
                changes.breaking(
                    subject,
                    format!("told apart by {old_tag:?}, now by {new_tag:?}"),
                );
            }
        }
        (TypeKind::Scalar(old_shape), TypeKind::Scalar(new_shape)) => {
            shape(changes, &subject, old_shape, new_shape, usage, true);
        }
        _ => changes.breaking(
            subject,
            "changes kind (object, union or plain value): the Rust type changes".to_string(),
        ),
    }
}

fn field(changes: &mut Changes, subject: &str, old: &Field, new: &Field, usage: Usage) {
    let was_option = !old.required || old.shape.nullable;
    let is_option = !new.required || new.shape.nullable;
    if was_option != is_option {
        let (from, to) = if was_option {
            ("Option<T>", "T")
        } else {
            ("T", "Option<T>")
        };
        let and_new = if usage.request {
            ", and `new` takes it or no longer does"
        } else {
            ""
        };
        changes.breaking(
            subject.to_string(),
            format!(
                "{}: the Rust field changes from `{from}` to `{to}`{and_new}",
                requiredness(old, new)
            ),
        );
    } else if usage.request && !old.required && new.required {
        changes.breaking(
            subject.to_string(),
            "now required in requests: requests without it are rejected".to_string(),
        );
    } else if old.required != new.required || old.shape.nullable != new.shape.nullable {
        changes.other(subject.to_string(), requiredness(old, new));
    }
    shape(changes, subject, &old.shape, &new.shape, usage, true);
}

fn requiredness(old: &Field, new: &Field) -> String {
    let describe = |f: &Field| {
        format!(
            "{}{}",
            if f.required { "required" } else { "optional" },
            if f.shape.nullable { ", nullable" } else { "" }
        )
    };
    format!("was {}, now {}", describe(old), describe(new))
}

/// String limits that make typify generate a validated newtype for a field.
const NEWTYPE_LIMITS: &[&str] = &["minLength", "maxLength", "pattern"];

fn shape(
    changes: &mut Changes,
    subject: &str,
    old: &Shape,
    new: &Shape,
    usage: Usage,
    is_field: bool,
) {
    if old.ty != new.ty {
        changes.breaking(
            subject.to_string(),
            format!("type changes from `{}` to `{}`", old.ty, new.ty),
        );
        return;
    }
    if old.values.is_empty() != new.values.is_empty() {
        let what = if new.values.is_empty() {
            "no longer a closed list of values: the Rust type changes from an enum"
        } else {
            "becomes a closed list of values: the Rust type changes to an enum"
        };
        changes.breaking(subject.to_string(), what.to_string());
    } else {
        let removed: Vec<&str> = old
            .values
            .iter()
            .filter(|v| !new.values.contains(v))
            .map(String::as_str)
            .collect();
        let added: Vec<&str> = new
            .values
            .iter()
            .filter(|v| !old.values.contains(v))
            .map(String::as_str)
            .collect();
        if !removed.is_empty() {
            let why = if usage.request {
                "their enum variants are gone and the API rejects them"
            } else {
                "their enum variants are gone"
            };
            changes.breaking(
                subject.to_string(),
                format!("allowed values removed: {}; {why}", removed.join(", ")),
            );
        }
        if !added.is_empty() {
            let why = if usage.response {
                "new enum variants; SDKs that do not know them keep them as `Unknown`"
            } else {
                "new variants of the `#[non_exhaustive]` enum"
            };
            changes.other(
                subject.to_string(),
                format!("allowed values added: {}; {why}", added.join(", ")),
            );
        }
    }
    let keys: BTreeSet<&String> = old.limits.keys().chain(new.limits.keys()).collect();
    for key in keys {
        let (before, after) = (old.limits.get(key), new.limits.get(key));
        if before == after {
            continue;
        }
        let describe = |v: Option<&String>| v.map_or("none".to_string(), |v| v.clone());
        let mut what = format!("limit {key} {} → {}", describe(before), describe(after));
        let base = key.trim_start_matches("items.");
        let newtype =
            is_field && NEWTYPE_LIMITS.contains(&base) && (before.is_none() || after.is_none());
        let tighter = tightens(base, before, after);
        if newtype {
            what.push_str(": the field's Rust type changes (a validated newtype comes or goes)");
            changes.breaking(subject.to_string(), what);
        } else if tighter && usage.request {
            what.push_str(": values accepted before are now rejected");
            changes.breaking(subject.to_string(), what);
        } else {
            changes.push(false, subject.to_string(), what);
        }
    }
    if old.default != new.default {
        changes.other(
            subject.to_string(),
            format!(
                "default {} → {}",
                old.default.as_deref().unwrap_or("none"),
                new.default.as_deref().unwrap_or("none")
            ),
        );
    }
}

/// Whether a limit change rejects values accepted before.
fn tightens(key: &str, before: Option<&String>, after: Option<&String>) -> bool {
    let number = |v: Option<&String>| v.and_then(|v| v.parse::<f64>().ok());
    match (before, after) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(_), Some(_)) => match key {
            "minLength" | "minimum" | "exclusiveMinimum" | "minItems" | "minProperties" => {
                number(after) > number(before)
            }
            "maxLength" | "maximum" | "exclusiveMaximum" | "maxItems" | "maxProperties" => {
                number(after) < number(before)
            }
            // A new pattern, multiple or uniqueness rule: assume tighter.
            _ => true,
        },
    }
}

/// The diff as Markdown, fit for a review comment.
pub fn markdown(changes: &[Change], old_label: &str, new_label: &str) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!("## Spec changes: {old_label} → {new_label}\n\n");
    if changes.is_empty() {
        out.push_str("No changes an SDK user can see.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{breaking} breaking**, {} other.\n",
        changes.len() - breaking
    );
    for (title, flag) in [("Breaking", true), ("Not breaking", false)] {
        let section: Vec<&Change> = changes.iter().filter(|c| c.breaking == flag).collect();
        if section.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for change in section {
            let _ = writeln!(out, "- {}: {}", change.subject, change.what);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
