//! Types and shapes: each schema of the document as the model shows it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Builder, Field, Shape, TypeDef, TypeKind, Usage, render_value};
use crate::codegen::spec;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// A schema as the document holds it: a `$ref`, or the schema itself (boxed
/// or not).
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Node<'a> {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Node<'a> {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

impl Builder<'_> {
    pub(super) fn define(&mut self, name: &str, node: Node) -> Result<(), String> {
        let kind = match node {
            Node::Item(schema) => match &schema.schema_kind {
                SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                    let mut names = Vec::new();
                    for (index, variant) in variants.iter().enumerate() {
                        names.push(
                            self.type_name(&format!("{name}.oneOf[{index}]"), variant.into())?,
                        );
                    }
                    TypeKind::OneOf {
                        variants: names,
                        tag: schema
                            .schema_data
                            .discriminator
                            .as_ref()
                            .map(|d| d.property_name.clone()),
                    }
                }
                SchemaKind::Type(Type::Object(object)) => {
                    let mut fields = BTreeMap::new();
                    for (field, property) in &object.properties {
                        let shape = self.shape(&format!("{name}.{field}"), property.into())?;
                        let required = object.required.contains(field);
                        fields.insert(field.clone(), Field { required, shape });
                    }
                    TypeKind::Object {
                        fields,
                        closed: object.additional_properties
                            == Some(AdditionalProperties::Any(false)),
                    }
                }
                _ => TypeKind::Scalar(self.shape(name, node)?),
            },
            Node::Ref(_) => TypeKind::Scalar(self.shape(name, node)?),
        };
        let usage = Usage::default();
        self.api
            .types
            .insert(name.to_string(), TypeDef { usage, kind });
        Ok(())
    }

    /// The name of the type a schema stands for: a `$ref`'s target, or an
    /// inline object or union defined under `inline_name`.
    pub(super) fn type_name(&mut self, inline_name: &str, node: Node) -> Result<String, String> {
        match node {
            Node::Ref(reference) => Ok(spec::ref_name(reference).to_string()),
            Node::Item(schema) => match spec::nullable_ref(schema) {
                Some(reference) => Ok(spec::ref_name(reference).to_string()),
                None => {
                    self.define(inline_name, node)?;
                    Ok(inline_name.to_string())
                }
            },
        }
    }

    pub(super) fn shape(&mut self, inline_name: &str, node: Node) -> Result<Shape, String> {
        let schema = match node {
            Node::Ref(reference) => {
                let ty = spec::ref_name(reference).to_string();
                return Ok(Shape {
                    ty,
                    ..Shape::default()
                });
            }
            Node::Item(schema) => schema,
        };
        let mut shape = Shape {
            nullable: schema.schema_data.nullable,
            default: schema.schema_data.default.as_ref().map(|v| v.to_string()),
            limits: limits(&schema.schema_kind),
            ..Shape::default()
        };
        if let Some(reference) = spec::nullable_ref(schema) {
            shape.ty = spec::ref_name(reference).to_string();
            shape.nullable = true;
            return Ok(shape);
        }
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                shape.ty = self.type_name(inline_name, (&all_of[0]).into())?;
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = array
                    .items
                    .as_ref()
                    .ok_or(format!("{inline_name}: array without items"))?;
                let inner = self.shape(&format!("{inline_name}[]"), items.into())?;
                shape.ty = format!("[{}]", inner.ty);
                shape.values = inner.values;
                for (key, value) in inner.limits {
                    shape.limits.insert(format!("items.{key}"), value);
                }
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                shape.ty = self.type_name(inline_name, node)?;
            }
            SchemaKind::Type(Type::Object(_)) => shape.ty = "object".to_string(),
            SchemaKind::Type(Type::String(s)) => {
                shape.ty = scalar("string", &s.format, |f| serde_json::to_value(f));
                shape.values = values(s.enumeration.iter().map(serde_json::to_value));
            }
            SchemaKind::Type(Type::Integer(i)) => {
                shape.ty = scalar("integer", &i.format, |f| serde_json::to_value(f));
                shape.values = values(i.enumeration.iter().map(serde_json::to_value));
            }
            SchemaKind::Type(Type::Number(n)) => {
                shape.ty = scalar("number", &n.format, |f| serde_json::to_value(f));
                // As written: `1`, not the `1.0` a JSON number from an f64 shows.
                shape.values = n
                    .enumeration
                    .iter()
                    .map(|v| v.map_or("null".to_string(), |n| n.to_string()))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                shape.ty = "boolean".to_string();
                shape.values = values(b.enumeration.iter().map(serde_json::to_value));
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                shape.ty = self.type_name(inline_name, node)?;
            }
            _ => shape.ty = "any".to_string(),
        }
        Ok(shape)
    }
}

/// `string`, or `string(date-time)` with a format.
fn scalar<F>(
    ty: &str,
    format: &VariantOrUnknownOrEmpty<F>,
    name: impl Fn(&F) -> serde_json::Result<Value>,
) -> String {
    let format = match format {
        VariantOrUnknownOrEmpty::Item(known) => {
            name(known).map(|v| render_value(&v)).unwrap_or_default()
        }
        VariantOrUnknownOrEmpty::Unknown(other) => other.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    };
    if format.is_empty() {
        ty.to_string()
    } else {
        format!("{ty}({format})")
    }
}

/// Allowed values as written in JSON (`null` for a null).
fn values(allowed: impl Iterator<Item = serde_json::Result<Value>>) -> Vec<String> {
    allowed
        .map(|value| value.map(|v| render_value(&v)).unwrap_or_default())
        .collect()
}

/// The limits a schema sets (`minLength`, `maximum`, ...), each as written
/// in JSON.
fn limits(kind: &SchemaKind) -> BTreeMap<String, String> {
    let number = |n: Option<f64>| n.map(|n| n.to_string());
    let count = |n: Option<usize>| n.map(|n| n.to_string());
    let flag = |set: bool| set.then(|| "true".to_string());
    let found: Vec<(&str, Option<String>)> = match kind {
        SchemaKind::Type(Type::String(s)) => vec![
            ("minLength", count(s.min_length)),
            ("maxLength", count(s.max_length)),
            (
                "pattern",
                s.pattern
                    .as_ref()
                    .map(|p| Value::from(p.as_str()).to_string()),
            ),
        ],
        SchemaKind::Type(Type::Integer(i)) => vec![
            ("minimum", i.minimum.map(|n| n.to_string())),
            ("maximum", i.maximum.map(|n| n.to_string())),
            ("exclusiveMinimum", flag(i.exclusive_minimum)),
            ("exclusiveMaximum", flag(i.exclusive_maximum)),
            ("multipleOf", i.multiple_of.map(|n| n.to_string())),
        ],
        SchemaKind::Type(Type::Number(n)) => vec![
            ("minimum", number(n.minimum)),
            ("maximum", number(n.maximum)),
            ("exclusiveMinimum", flag(n.exclusive_minimum)),
            ("exclusiveMaximum", flag(n.exclusive_maximum)),
            ("multipleOf", number(n.multiple_of)),
        ],
        SchemaKind::Type(Type::Array(a)) => vec![
            ("minItems", count(a.min_items)),
            ("maxItems", count(a.max_items)),
            ("uniqueItems", flag(a.unique_items)),
        ],
        SchemaKind::Type(Type::Object(o)) => vec![
            ("minProperties", count(o.min_properties)),
            ("maxProperties", count(o.max_properties)),
        ],
        _ => Vec::new(),
    };
    found
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_string(), value?)))
        .collect()
}
