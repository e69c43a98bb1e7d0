//! One more method on `Client` per operation with required values, taking
//! them as arguments so a call without them does not compile (progenitor's
//! builders only find out when sending). The naming rule, in one place:
//! [`method_name`] is the operation's name with `_for`; its arguments are
//! the path parameters in the path's order, then the required query
//! parameters in the spec's order, then the body. It returns the
//! operation's usual builder with those values set, so optional values
//! still chain and a value the spec refuses fails `send` with the builder's
//! message (`codegen/messages.rs`).

use openapiv3::{OpenAPI, Operation, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

/// The name of the method that takes `operation_id`'s required values.
pub fn method_name(operation_id: &str) -> String {
    format!("{operation_id}_for")
}

/// How `operation_id` at `path` is called with its required values
/// (`client.get_user_for(identifier, account_id)`), as the method's doc and
/// the surface reference show it; `None` when it has none.
pub fn call(operation_id: &str, path: &str, op: &Operation) -> Result<Option<String>, String> {
    let required = required_values(path, op)?;
    if required.is_empty() {
        return Ok(None);
    }
    let names: Vec<&str> = required.iter().map(|value| value.name.as_str()).collect();
    Ok(Some(format!(
        "client.{}({})",
        method_name(operation_id),
        names.join(", ")
    )))
}

/// One required value: its builder setter's name and the argument it takes.
struct Required {
    name: String,
    argument: String,
    location: &'static str,
}

/// The `impl Client` block with one method per operation that has required
/// values (an error names an operation whose required value has no rule).
pub fn required_value_methods(spec: &OpenAPI) -> Result<syn::Item, String> {
    let mut methods = String::new();
    for (path, item) in &spec.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in super::spec::operations(item) {
            let Some(id) = &op.operation_id else {
                return Err(format!("{method} {path}: no operationId"));
            };
            let in_words = |e: String| format!("{id}: {e}");
            if let Some(call) = call(id, path, op).map_err(in_words)? {
                let required = required_values(path, op).map_err(in_words)?;
                methods.push_str(&method_text(id, (method, path), &call, &required));
            }
        }
    }
    syn::parse_str(&format!("impl Client {{ {methods} }}"))
        .map_err(|e| format!("codegen/required_values.rs made code that does not parse: {e}"))
}

/// The required values of `op` in argument order.
fn required_values(path: &str, op: &Operation) -> Result<Vec<Required>, String> {
    let path_order: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let mut query = Vec::new();
    let mut in_path = Vec::new();
    for parameter in &op.parameters {
        let ReferenceOr::Item(parameter) = parameter else {
            return Err("a $ref parameter is not supported".to_string());
        };
        let data = parameter.parameter_data_ref();
        if !data.required {
            continue;
        }
        let is_text = matches!(
            &data.format,
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema))
                if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)))
        );
        if !is_text {
            return Err(format!(
                "required parameter `{}` is not an inline string: \
                 codegen/required_values.rs has no argument type for it",
                data.name
            ));
        }
        let value = |location| Required {
            name: data.name.clone(),
            argument: "impl Into<String>".to_string(),
            location,
        };
        match parameter {
            openapiv3::Parameter::Path { .. } => in_path.push(value("path")),
            openapiv3::Parameter::Query { .. } => query.push(value("query")),
            _ => {
                return Err(format!(
                    "required parameter `{}` is neither in the path nor the query",
                    data.name
                ));
            }
        }
    }
    let mut values = Vec::new();
    for name in path_order {
        let Some(at) = in_path.iter().position(|p| p.name == name) else {
            return Err(format!("path parameter `{name}` is not declared"));
        };
        values.push(in_path.remove(at));
    }
    values.append(&mut query);
    if let Some(body) = op.request_body.as_ref().and_then(ReferenceOr::as_item)
        && body.required
    {
        let schema = body
            .content
            .get("application/json")
            .and_then(|media| media.schema.as_ref());
        let Some(ReferenceOr::Reference { reference }) = schema else {
            return Err("the required body is not a named JSON schema".to_string());
        };
        values.push(Required {
            name: "body".to_string(),
            argument: format!("impl Into<types::{}>", super::spec::ref_name(reference)),
            location: "body",
        });
    }
    Ok(values)
}

/// The method's source: its doc, signature and the setters it calls.
fn method_text(
    id: &str,
    (method, path): (&str, &str),
    call: &str,
    required: &[Required],
) -> String {
    let builder = super::spec::builder_name(id);
    let listed: Vec<String> = required
        .iter()
        .map(|value| match value.location {
            "body" => "the body".to_string(),
            location => format!("`{}` ({location})", value.name),
        })
        .collect();
    let arguments: String = required
        .iter()
        .map(|value| format!("{}: {}, ", value.name, value.argument))
        .collect();
    let setters: String = required
        .iter()
        .map(|value| format!(".{0}({0}.into())", value.name))
        .collect();
    let method_upper = method.to_uppercase();
    format!(
        "/// Starts `{method_upper} {path}` as `{call}`, the required values as\n\
         /// arguments, so leaving one out does not compile: {listed}. Returns the builder of\n\
         /// [`Client::{id}`] with them set; optional values chain on it. A value\n\
         /// the API refuses (an empty one) fails `send` with\n\
         /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming it, before sending.\n\
         pub fn {name}(&self, {arguments}) -> builder::{builder}<'_> {{\n\
             self.{id}(){setters}\n\
         }}\n",
        listed = listed.join(", "),
        name = method_name(id),
    )
}
