//! Operations: parameters, body and responses, and where each type travels.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Response, StatusCode};

use super::{Builder, Operation, Param, TypeKind, element, render_value};

/// The `application/json` schema of a body or response, if any.
fn json_schema(content: &openapiv3::Content) -> Option<&ReferenceOr<openapiv3::Schema>> {
    content.get("application/json")?.schema.as_ref()
}

/// Follows a local `$ref` into `#/components/<kind>`.
fn component<'s, T>(
    spec: &'s openapiv3::OpenAPI,
    item: &'s ReferenceOr<T>,
    kind: &str,
    pick: impl Fn(&'s openapiv3::Components, &str) -> Option<&'s ReferenceOr<T>>,
) -> Result<&'s T, String> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let prefix = format!("#/components/{kind}/");
    let name = reference
        .strip_prefix(&prefix)
        .ok_or_else(|| format!("only local $refs into {prefix} are supported: {reference}"))?;
    match spec.components.as_ref().and_then(|c| pick(c, name)) {
        Some(ReferenceOr::Item(found)) => Ok(found),
        _ => Err(format!("unresolved $ref {reference}")),
    }
}

impl Builder<'_> {
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
    ) -> Result<(), String> {
        let id = op
            .operation_id
            .clone()
            .ok_or(format!("{method} {path}: no operationId"))?;
        let mut params = BTreeMap::new();
        for param in &op.parameters {
            let param = component(self.spec, param, "parameters", |c, name| {
                c.parameters.get(name)
            })?;
            let location = match param {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            let data = param.parameter_data_ref();
            let inline_name = format!("{id}.{}", data.name);
            let shape = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.shape(&inline_name, schema.into())?
                }
                ParameterSchemaOrContent::Content(_) => super::Shape {
                    ty: "any".to_string(),
                    ..super::Shape::default()
                },
            };
            let required = data.required;
            let location = location.to_string();
            params.insert(
                data.name.clone(),
                Param {
                    location,
                    required,
                    shape,
                },
            );
        }
        let body = match &op.request_body {
            Some(body) => {
                let body = component(self.spec, body, "requestBodies", |c, name| {
                    c.request_bodies.get(name)
                })?;
                let inline_name = format!("{id}.body");
                let ty = match json_schema(&body.content) {
                    Some(schema) => self.type_name(&inline_name, schema.into())?,
                    None => self.untyped(&inline_name),
                };
                Some((ty, body.required))
            }
            None => None,
        };
        let mut success = BTreeMap::new();
        let mut errors = BTreeSet::new();
        let mut error_types = BTreeMap::new();
        let statuses = op.responses.responses.iter().map(|(status, response)| {
            let status = match status {
                StatusCode::Code(code) => code.to_string(),
                StatusCode::Range(range) => format!("{range}XX"),
            };
            (status, response)
        });
        let default = op
            .responses
            .default
            .iter()
            .map(|r| ("default".to_string(), r));
        for (status, response) in statuses.chain(default) {
            let response: &Response = component(self.spec, response, "responses", |c, name| {
                c.responses.get(name)
            })?;
            if status.starts_with('2') {
                let ty = match json_schema(&response.content) {
                    Some(schema) => self.type_name(&format!("{id}.{status}"), schema.into())?,
                    None => "none".to_string(),
                };
                success.insert(status, ty);
            } else {
                let types = response
                    .extensions
                    .get("x-error-types")
                    .and_then(serde_json::Value::as_array)
                    .map(|list| list.iter().map(render_value).collect())
                    .unwrap_or_default();
                error_types.insert(status.clone(), types);
                errors.insert(status);
            }
        }
        // A spec the generator refuses still reads here (for `diff`).
        let required_call = crate::codegen::required_values::call(&id, path, op)
            .ok()
            .flatten();
        let method = method.to_uppercase();
        let path = path.to_string();
        let operation = Operation {
            method,
            path,
            params,
            body,
            success,
            errors,
            error_types,
            required_call,
        };
        self.api.operations.insert(id, operation);
        Ok(())
    }

    /// A body without a JSON schema: an untyped scalar named `inline_name`.
    fn untyped(&mut self, inline_name: &str) -> String {
        let shape = super::Shape {
            ty: "any".to_string(),
            ..super::Shape::default()
        };
        let usage = super::Usage::default();
        let kind = TypeKind::Scalar(shape);
        self.api
            .types
            .insert(inline_name.to_string(), super::TypeDef { usage, kind });
        inline_name.to_string()
    }

    /// Marks each type with where it travels, following fields, items and
    /// union variants from the operations.
    pub(super) fn mark_usage(&mut self) {
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
