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

mod operation;
mod types;

use operation::operation;
use types::{REQUEST, shape, type_def};

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
mod tests;
