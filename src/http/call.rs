//! What one call carries through the request path, explicitly: its
//! [`Operation`] (from the generated table), its [`RequestOptions`], and
//! what the typed request says (`account_id`, the page size `limit`, the
//! body). The generated `send_raw` builds it and hands it over with the
//! request as a [`Prepared`] (see `codegen/call_context.rs`).

use std::num::NonZeroU64;

use super::RequestOptions;
use crate::CallKind;
use crate::openapi::{Client, OPERATIONS};
use crate::types;

/// A built request and its call, as the generated `send_raw` hands them to
/// the request path (`transport.rs`).
pub(crate) struct Prepared<'a> {
    pub(crate) client: &'a Client,
    pub(crate) request: reqwest::Request,
    pub(crate) operation_id: &'static str,
    pub(crate) call: Call,
}

/// One operation of the spec, as the request path reads it; the generator
/// emits one per operation (`OPERATIONS`, `codegen/operations.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation {
    /// The `operationId`.
    pub(crate) id: &'static str,
    /// The HTTP method, upper case.
    pub(crate) method: &'static str,
    /// The path template, e.g. `/users/{identifier}`.
    pub(crate) path: &'static str,
    /// Whether sending it twice is safe (every read, the search included).
    pub(crate) idempotent: bool,
    /// The bounds of its page size (the `limit` query parameter), from the
    /// spec.
    pub(crate) page_size: Option<(i64, i64)>,
    /// The budget it spends.
    pub(crate) call_kind: CallKind,
    /// What it is called in messages (`relations pages`).
    pub(crate) noun: &'static str,
}

impl Operation {
    /// The operation with this id; every id the generated code sends is in
    /// the table it was generated with.
    pub(crate) fn find(id: &str) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|operation| operation.id == id)
    }

    /// Whether `path` (relative to the base URL) has this operation's path
    /// shape: the same segments, each `{parameter}` one segment that
    /// `parameter_ok` accepts.
    pub(crate) fn path_fits(&self, path: &str, parameter_ok: impl Fn(&str) -> bool) -> bool {
        let (mut parts, mut segments) = (path.split('/'), self.path.split('/'));
        loop {
            match (parts.next(), segments.next()) {
                (None, None) => return true,
                (Some(part), Some(segment)) if segment.starts_with('{') => {
                    if !parameter_ok(part) {
                        return false;
                    }
                }
                (Some(part), Some(segment)) if part == segment => {}
                _ => return false,
            }
        }
    }
}

impl CallKind {
    /// The kind of the operation with this id (as in the spec), if it acts
    /// for an account.
    pub fn of_operation(operation_id: &str) -> Option<CallKind> {
        Operation::find(operation_id).map(|operation| operation.call_kind)
    }
}

/// One call: its options and the typed values the request path reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Call {
    pub(crate) options: RequestOptions,
    pub(crate) account_id: Option<String>,
    /// The page size asked for (the `limit` query parameter).
    pub(crate) page_size: Option<i128>,
    /// A tighter maximum page size the body sets, and whose it is.
    pub(crate) body_max_page_size: Option<(u64, &'static str)>,
    /// Why the API would refuse the body, naming the field.
    pub(crate) invalid_filter: Option<String>,
}

impl Call {
    pub(crate) fn new(options: RequestOptions) -> Self {
        Call {
            options,
            ..Call::default()
        }
    }

    pub(crate) fn account_id(mut self, account_id: &str) -> Self {
        self.account_id = Some(account_id.to_owned());
        self
    }

    /// The page size, from the typed `limit`.
    pub(crate) fn limit<L: Copy + Into<PageSize>>(mut self, limit: &Option<L>) -> Self {
        self.page_size = limit.map(|limit| limit.into().0);
        self
    }

    pub(crate) fn body(mut self, body: &impl TypedBody) -> Self {
        if let Some(account_id) = body.account_id() {
            self.account_id = Some(account_id.to_owned());
        }
        self.body_max_page_size = body.max_page_size();
        self.invalid_filter = body.invalid_filter();
        self
    }
}

/// A page size as any of the generated types of `limit` (`i64`,
/// `NonZeroU64`).
pub(crate) struct PageSize(i128);

impl From<i64> for PageSize {
    fn from(limit: i64) -> Self {
        PageSize(limit.into())
    }
}

impl From<NonZeroU64> for PageSize {
    fn from(limit: NonZeroU64) -> Self {
        PageSize(limit.get().into())
    }
}

/// What a request body tells the request path.
pub(crate) trait TypedBody {
    /// The account the call acts for, when the body names it.
    fn account_id(&self) -> Option<&str> {
        None
    }

    /// A maximum page size tighter than the operation's, and whose it is.
    fn max_page_size(&self) -> Option<(u64, &'static str)> {
        None
    }

    /// Why the API would refuse the body although its type holds it.
    fn invalid_filter(&self) -> Option<String> {
        None
    }
}

// `LinkedinSearchRequest`'s tighter Classic maximum is decided with the
// other page-size bounds, in `validation.rs`.

impl TypedBody for types::LinkedinUserActionRequest {
    fn account_id(&self) -> Option<&str> {
        use types::LinkedinUserActionRequest as A;
        Some(match self {
            A::RecruiterPipelineAction(action) => &action.account_id,
            A::RecruiterRejectApplicantAction(action) => &action.account_id,
            A::SalesNavigatorSaveLeadAction(action) => &action.account_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation of the spec has its entry, with the spec's method
    /// and path, and no entry names an operation the spec lacks.
    #[test]
    fn every_operation_of_the_spec_has_an_entry() {
        let spec = include_str!("../../openapi/postpress.yaml");
        let spec: serde_json::Value = serde_yaml_ng::from_str(spec).unwrap_or_default();
        let mut found = Vec::new();
        let paths = spec["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in &paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(id) = op["operationId"].as_str() else {
                    continue;
                };
                let operation = Operation::find(id);
                assert!(operation.is_some(), "{id} has no entry");
                let operation = operation.copied().unwrap_or(OPERATIONS[0]);
                assert_eq!(operation.method, method.to_uppercase(), "{id}");
                assert_eq!(operation.path, path, "{id}");
                found.push(id.to_string());
            }
        }
        assert_eq!(found.len(), 5, "the spec has five operations");
        assert_eq!(OPERATIONS.len(), found.len());
        let action = Operation::find("linkedin_user_action").copied();
        assert_eq!(action.map(|op| op.idempotent), Some(false));
        let relations = Operation::find("list_relations").copied();
        assert_eq!(relations.and_then(|op| op.page_size), Some((1, 1000)));
        let search = Operation::find("linkedin_search").copied();
        assert_eq!(search.and_then(|op| op.page_size), Some((0, 100)));
        assert_eq!(search.map(|op| op.call_kind), Some(CallKind::Search));
        let max = |max: u64| i64::try_from(max).unwrap_or_default();
        assert_eq!(
            relations.and_then(|op| op.page_size).map(|l| l.1),
            Some(max(super::super::RELATIONS_MAX_LIMIT))
        );
        assert_eq!(
            search.and_then(|op| op.page_size).map(|l| l.1),
            Some(max(super::super::SEARCH_MAX_LIMIT))
        );
        for operation in OPERATIONS {
            let repeatable = operation.id != "linkedin_user_action";
            assert_eq!(operation.idempotent, repeatable, "{}", operation.id);
        }
    }
}
