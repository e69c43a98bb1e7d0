//! A flat, comparable model of the spec: what an SDK user sees of it.
//!
//! Operations with their parameters, bodies and responses, and every type
//! (named components and inline objects, named `Parent.field`) with its
//! fields, allowed values and limits, each marked as sent (request),
//! received (response) or both. The API surface summary renders it; the
//! semantic diff compares two of them.
//!
//! Built from the same `openapiv3` document as code generation, with the
//! spec's conventions recognised by `codegen/spec.rs`: types and shapes in
//! `schema`, operations and where each type travels in `operation`.

mod operation;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::codegen::spec;

/// Where a type travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "unused",
        }
    }
}

/// The shape of a value: its type, allowed values and limits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    /// `string`, `string(date-time)`, `integer(int64)`, `[T]`, a type name, `any`.
    pub ty: String,
    pub nullable: bool,
    /// Allowed values (of the items, for an array), as written in JSON.
    pub values: Vec<String>,
    /// `minLength`, `maximum`, ... (`items.minLength` for an array's items).
    pub limits: BTreeMap<String, String>,
    pub default: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub required: bool,
    pub shape: Shape,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Object {
        fields: BTreeMap<String, Field>,
        /// `additionalProperties: false`.
        closed: bool,
    },
    OneOf {
        variants: Vec<String>,
        tag: Option<String>,
    },
    Scalar(Shape),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub usage: Usage,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub location: String,
    pub required: bool,
    pub shape: Shape,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub params: BTreeMap<String, Param>,
    /// The request body's type and whether it is required.
    pub body: Option<(String, bool)>,
    /// Success status → type (`none` without a body).
    pub success: BTreeMap<String, String>,
    /// Documented error statuses.
    pub errors: BTreeSet<String>,
    /// Each error status's documented `errors/*` types (`x-error-types`).
    pub error_types: BTreeMap<String, Vec<String>>,
    /// The SDK's call with the required values as arguments
    /// (`codegen/required_values.rs`), when it has any.
    pub required_call: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    pub operations: BTreeMap<String, Operation>,
    pub types: BTreeMap<String, TypeDef>,
}

/// The spec as a JSON value (for what the model does not carry: schemas
/// to validate examples against, servers, examples).
pub fn document(spec_text: &str) -> Result<Value, String> {
    serde_yaml_ng::from_str(spec_text).map_err(|e| format!("the spec is not valid YAML: {e}"))
}

/// Builds the model of a spec given as YAML text.
pub fn parse(spec_text: &str) -> Result<Api, String> {
    let spec: openapiv3::OpenAPI = serde_yaml_ng::from_str(spec_text)
        .map_err(|e| format!("not a valid OpenAPI 3.0 document: {e}"))?;
    let mut builder = Builder {
        spec: &spec,
        api: Api::default(),
    };
    if let Some(components) = &spec.components {
        for (name, schema) in &components.schemas {
            builder.define(name, schema.into())?;
        }
    }
    if spec.paths.paths.is_empty() {
        return Err("the spec has no `paths`".to_string());
    }
    for (path, item) in spec.paths.iter() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            return Err(format!("path `{path}`: a $ref path item is not supported"));
        };
        for (method, op) in spec::operations(item) {
            builder.operation(path, method, op)?;
        }
    }
    builder.mark_usage();
    Ok(builder.api)
}

/// What builds the model: the document and the model so far.
struct Builder<'a> {
    spec: &'a openapiv3::OpenAPI,
    api: Api,
}

/// `[[T]]` → `T`.
pub fn element(ty: &str) -> &str {
    ty.trim_start_matches('[').trim_end_matches(']')
}

/// A JSON value as the model shows it: strings without quotes.
fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
