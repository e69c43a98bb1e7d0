//! The builders' messages for a value that is missing or refused, in the
//! user's words: progenitor writes "identifier was not initialized" and
//! "conversion to `GetUserIdentifier` for identifier failed" (a generated
//! type's name, with token spacing for paths). Each becomes the operation,
//! the parameter and the spec's rule for it, read from the parameter's
//! schema (`must not be empty`, `must be from 1 to 1000`).

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

/// Rewrites the messages of every operation's builder in `file`.
pub fn user_words(file: &mut syn::File, spec: &OpenAPI) {
    let mut builders = Vec::new();
    for item in spec.paths.paths.values().filter_map(ReferenceOr::as_item) {
        for (_, op) in super::spec::operations(item) {
            if let Some(id) = &op.operation_id {
                builders.push(Builder::new(id, op));
            }
        }
    }
    syn::visit_mut::VisitMut::visit_file_mut(&mut Rewrite(builders, None), file);
}

/// An operation's builder: its type name and each parameter's rule.
struct Builder {
    operation_id: String,
    type_name: String,
    rules: Vec<(String, String)>,
}

impl Builder {
    fn new(operation_id: &str, op: &openapiv3::Operation) -> Builder {
        let type_name = super::spec::builder_name(operation_id);
        let rules = op
            .parameters
            .iter()
            .filter_map(ReferenceOr::as_item)
            .map(|parameter| {
                let data = parameter.parameter_data_ref();
                (data.name.clone(), rule(parameter))
            })
            .collect();
        Builder {
            operation_id: operation_id.to_string(),
            type_name,
            rules,
        }
    }

    fn rule(&self, name: &str) -> &str {
        self.rules
            .iter()
            .find(|(parameter, _)| parameter == name)
            .map_or(
                if name == "body" {
                    "is not a request body of this operation"
                } else {
                    "is not a valid value"
                },
                |(_, rule)| rule.as_str(),
            )
    }
}

/// The spec's rule for a parameter's value, in words.
fn rule(parameter: &Parameter) -> String {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
        &parameter.parameter_data_ref().format
    else {
        return "is not a valid value".to_string();
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => match (integer.minimum, integer.maximum) {
            (Some(min), Some(max)) => format!("must be a whole number from {min} to {max}"),
            (Some(min), None) => format!("must be a whole number from {min}"),
            (None, Some(max)) => format!("must be a whole number up to {max}"),
            (None, None) => "must be a whole number".to_string(),
        },
        SchemaKind::Type(Type::String(string)) => match (string.min_length, &string.pattern) {
            (_, Some(pattern)) => format!("must match `{pattern}`"),
            (Some(1), None) => "must not be empty".to_string(),
            (Some(min), None) => format!("must have at least {min} characters"),
            (None, None) => "must be text".to_string(),
        },
        _ => "is not a valid value".to_string(),
    }
}

/// Rewrites the messages inside each builder's `impl` (the current one in `.1`).
struct Rewrite(Vec<Builder>, Option<usize>);

impl syn::visit_mut::VisitMut for Rewrite {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let syn::Type::Path(path) = &*item.self_ty else {
            return;
        };
        let Some(name) = path.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        self.1 = self.0.iter().position(|b| b.type_name == name);
        if self.1.is_some() && item.trait_.is_none() {
            syn::visit_mut::visit_item_impl_mut(self, item);
        }
        self.1 = None;
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let Some(builder) = self.1.and_then(|i| self.0.get(i)) else {
            return;
        };
        let text = lit.value();
        let op = &builder.operation_id;
        let message = if let Some(name) = text.strip_suffix(" was not initialized") {
            format!("{op}: `{name}` is required: set it with `.{name}(...)` before sending")
        } else if let Some(name) = text
            .strip_prefix("conversion to `")
            .and_then(|rest| rest.split_once("` for "))
            .and_then(|(_, rest)| rest.strip_suffix(" failed"))
        {
            format!("{op}: `{name}` {}", builder.rule(name))
        } else {
            return;
        };
        *lit = syn::LitStr::new(&message, lit.span());
    }
}
