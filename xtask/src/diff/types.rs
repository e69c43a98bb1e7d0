//! Changes to a type: its kind, fields, union variants, allowed values and
//! limits, judged by where the type travels (request, response or both).

use super::*;

pub(super) const REQUEST: Usage = Usage {
    request: true,
    response: false,
};

pub(super) fn type_def(changes: &mut Changes, name: &str, old: &TypeDef, new: &TypeDef) {
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

pub(super) fn shape(
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
