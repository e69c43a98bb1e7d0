//! Changes to an operation: its endpoint, parameters, body and responses.

use super::*;

pub(super) fn operation(changes: &mut Changes, id: &str, old: &Operation, new: &Operation) {
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
