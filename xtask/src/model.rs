//! A flat, comparable model of the spec: what an SDK user sees of it.
//!
//! Operations with their parameters, bodies and responses, and every type
//! (named components and inline objects, named `Parent.field`) with its
//! fields, allowed values and limits, each marked as sent (request),
//! received (response) or both. The API surface summary renders it; the
//! semantic diff compares two of them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

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
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    pub operations: BTreeMap<String, Operation>,
    pub types: BTreeMap<String, TypeDef>,
}

const LIMIT_KEYS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The spec as a JSON value (for what the model does not carry: schemas
/// to validate examples against, servers, examples).
pub fn document(spec_text: &str) -> Result<Value, String> {
    serde_yaml_ng::from_str(spec_text).map_err(|e| format!("the spec is not valid YAML: {e}"))
}

/// Builds the model of a spec given as YAML text.
pub fn parse(spec_text: &str) -> Result<Api, String> {
    let root = document(spec_text)?;
    let mut builder = Builder {
        root: &root,
        api: Api::default(),
    };
    let schemas = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, schema) in &schemas {
        builder.define(name, schema)?;
    }
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the spec has no `paths`")?;
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                builder.operation(path, method, op)?;
            }
        }
    }
    builder.mark_usage();
    Ok(builder.api)
}

struct Builder<'a> {
    root: &'a Value,
    api: Api,
}

impl Builder<'_> {
    /// Follows a local `$ref` (`#/components/...`).
    fn resolve<'v>(&'v self, value: &'v Value) -> Result<&'v Value, String> {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference
                    .strip_prefix('#')
                    .ok_or_else(|| format!("only local $refs are supported: {reference}"))?;
                self.root
                    .pointer(pointer)
                    .ok_or_else(|| format!("unresolved $ref {reference}"))
            }
            None => Ok(value),
        }
    }

    fn define(&mut self, name: &str, schema: &Value) -> Result<(), String> {
        let kind = if let Some(variants) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            let variants = variants
                .as_array()
                .ok_or(format!("{name}: oneOf is not a list"))?;
            let mut names = Vec::new();
            for (index, variant) in variants.iter().enumerate() {
                names.push(self.type_name(&format!("{name}.oneOf[{index}]"), variant)?);
            }
            TypeKind::OneOf {
                variants: names,
                tag: schema
                    .pointer("/discriminator/propertyName")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        } else if schema.get("type").and_then(Value::as_str) == Some("object")
            || schema.get("properties").is_some()
        {
            let required: BTreeSet<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut fields = BTreeMap::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (field, property) in properties {
                    let shape = self.shape(&format!("{name}.{field}"), property)?;
                    fields.insert(
                        field.clone(),
                        Field {
                            required: required.contains(field.as_str()),
                            shape,
                        },
                    );
                }
            }
            TypeKind::Object {
                fields,
                closed: schema.get("additionalProperties") == Some(&Value::Bool(false)),
            }
        } else {
            TypeKind::Scalar(self.shape(name, schema)?)
        };
        self.api.types.insert(
            name.to_string(),
            TypeDef {
                usage: Usage::default(),
                kind,
            },
        );
        Ok(())
    }

    /// The name of the type a schema stands for: a `$ref`'s target, or an
    /// inline object or union defined under `inline_name`.
    fn type_name(&mut self, inline_name: &str, schema: &Value) -> Result<String, String> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return Ok(ref_name(reference));
        }
        if let Some(name) = nullable_ref(schema) {
            return Ok(name);
        }
        self.define(inline_name, schema)?;
        Ok(inline_name.to_string())
    }

    fn shape(&mut self, inline_name: &str, schema: &Value) -> Result<Shape, String> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return Ok(Shape {
                ty: ref_name(reference),
                ..Shape::default()
            });
        }
        let mut shape = Shape {
            nullable: schema.get("nullable") == Some(&Value::Bool(true)),
            default: schema.get("default").map(Value::to_string),
            ..Shape::default()
        };
        for key in LIMIT_KEYS {
            if let Some(value) = schema.get(*key) {
                shape.limits.insert((*key).to_string(), value.to_string());
            }
        }
        if let Some(name) = nullable_ref(schema) {
            shape.ty = name;
            shape.nullable = true;
            return Ok(shape);
        }
        if let Some(all_of) = schema.get("allOf").and_then(Value::as_array)
            && let [only] = all_of.as_slice()
        {
            shape.ty = self.type_name(inline_name, only)?;
            return Ok(shape);
        }
        let ty = schema.get("type").and_then(Value::as_str);
        match ty {
            Some("array") => {
                let items = schema
                    .get("items")
                    .ok_or(format!("{inline_name}: array without items"))?;
                let inner = self.shape(&format!("{inline_name}[]"), items)?;
                shape.ty = format!("[{}]", inner.ty);
                shape.values = inner.values;
                for (key, value) in inner.limits {
                    shape.limits.insert(format!("items.{key}"), value);
                }
            }
            Some("object") if schema.get("properties").is_some() => {
                shape.ty = self.type_name(inline_name, schema)?;
            }
            Some("object") => shape.ty = "object".to_string(),
            Some(scalar) => {
                shape.ty = match schema.get("format").and_then(Value::as_str) {
                    Some(format) => format!("{scalar}({format})"),
                    None => scalar.to_string(),
                };
                if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                    shape.values = values.iter().map(render_value).collect();
                }
            }
            None if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() => {
                shape.ty = self.type_name(inline_name, schema)?;
            }
            None => shape.ty = "any".to_string(),
        }
        Ok(shape)
    }

    fn operation(&mut self, path: &str, method: &str, op: &Value) -> Result<(), String> {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or(format!("{method} {path}: no operationId"))?
            .to_string();
        let mut params = BTreeMap::new();
        for param in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let param = self.resolve(param)?.clone();
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .ok_or(format!("{id}: a parameter without a name"))?
                .to_string();
            let schema = param.get("schema").cloned().unwrap_or(Value::Null);
            let shape = self.shape(&format!("{id}.{name}"), &schema)?;
            params.insert(
                name,
                Param {
                    location: param
                        .get("in")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_string(),
                    required: param.get("required") == Some(&Value::Bool(true)),
                    shape,
                },
            );
        }
        let body = match op.get("requestBody") {
            Some(body) => {
                let body = self.resolve(body)?.clone();
                let schema = body
                    .pointer("/content/application~1json/schema")
                    .cloned()
                    .unwrap_or(Value::Null);
                let ty = self.type_name(&format!("{id}.body"), &schema)?;
                Some((ty, body.get("required") == Some(&Value::Bool(true))))
            }
            None => None,
        };
        let mut success = BTreeMap::new();
        let mut errors = BTreeSet::new();
        let mut error_types = BTreeMap::new();
        for (status, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if status.starts_with('2') {
                let response = self.resolve(response)?.clone();
                let ty = match response.pointer("/content/application~1json/schema") {
                    Some(schema) => self.type_name(&format!("{id}.{status}"), schema)?,
                    None => "none".to_string(),
                };
                success.insert(status.clone(), ty);
            } else {
                let types = self
                    .resolve(response)?
                    .get("x-error-types")
                    .and_then(Value::as_array)
                    .map(|list| list.iter().map(render_value).collect())
                    .unwrap_or_default();
                error_types.insert(status.clone(), types);
                errors.insert(status.clone());
            }
        }
        self.api.operations.insert(
            id,
            Operation {
                method: method.to_uppercase(),
                path: path.to_string(),
                params,
                body,
                success,
                errors,
                error_types,
            },
        );
        Ok(())
    }

    /// Marks each type with where it travels, following fields, items and
    /// union variants from the operations.
    fn mark_usage(&mut self) {
        let mut requests = Vec::new();
        let mut responses = vec!["ErrorEnvelope".to_string()];
        for op in self.api.operations.values() {
            requests.extend(op.params.values().map(|p| p.shape.ty.clone()));
            requests.extend(op.body.iter().map(|(ty, _)| ty.clone()));
            responses.extend(op.success.values().cloned());
        }
        for (roots, is_request) in [(requests, true), (responses, false)] {
            let mut pending: Vec<String> = roots.iter().map(|ty| element(ty).to_string()).collect();
            let mut seen = BTreeSet::new();
            while let Some(name) = pending.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let Some(def) = self.api.types.get_mut(&name) else {
                    continue;
                };
                if is_request {
                    def.usage.request = true;
                } else {
                    def.usage.response = true;
                }
                match &def.kind {
                    TypeKind::Object { fields, .. } => {
                        pending.extend(fields.values().map(|f| element(&f.shape.ty).to_string()))
                    }
                    TypeKind::OneOf { variants, .. } => pending.extend(variants.iter().cloned()),
                    TypeKind::Scalar(shape) => pending.push(element(&shape.ty).to_string()),
                }
            }
        }
    }
}

/// `[[T]]` → `T`.
pub fn element(ty: &str) -> &str {
    ty.trim_start_matches('[').trim_end_matches(']')
}

fn ref_name(reference: &str) -> String {
    reference
        .rsplit('/')
        .next()
        .unwrap_or(reference)
        .to_string()
}

/// `anyOf: [{$ref: X}, {nullable: true, enum: [null]}]`, the spec's way to
/// write "X or null": the name X.
fn nullable_ref(schema: &Value) -> Option<String> {
    let branches = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))?
        .as_array()?;
    let [reference, null] = branches.as_slice() else {
        return None;
    };
    let reference = reference.get("$ref")?.as_str()?;
    let null_only = null.get("nullable") == Some(&Value::Bool(true))
        && null.get("enum") == Some(&Value::Array(vec![Value::Null]));
    null_only.then(|| ref_name(reference))
}

fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
