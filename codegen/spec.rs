//! The spec's conventions, recognised in one place for code generation
//! (`build.rs`) and the maintainer tools (`cargo xtask`): which operations a
//! path item holds, and the "named schema or null" union.

use openapiv3::{Operation, PathItem, ReferenceOr, Schema, SchemaKind, Type};

/// Every operation slot of a path item with its method, `trace` included.
pub fn operations_mut(item: &mut PathItem) -> [(&'static str, &mut Option<Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

/// The operations a path item defines, with their methods (lower case), in
/// the same order as [`operations_mut`] (`openapiv3` lists the same eight).
pub fn operations(item: &PathItem) -> impl Iterator<Item = (&str, &Operation)> {
    item.iter()
}

/// The type progenitor gives an operation's builder (`get_user` →
/// `GetUser`).
pub fn builder_name(operation_id: &str) -> String {
    operation_id
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The name a local `$ref` points to (`#/components/schemas/X` → `X`).
pub fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// A property that is a named schema or null is written, as OpenAPI 3.0.3
/// requires for validators (Spectral, Prism), as
/// `anyOf: [{$ref: X}, {type: string, nullable: true, enum: [null]}]`
/// (`oneOf` too): the `$ref` of X.
pub fn nullable_ref(schema: &Schema) -> Option<&str> {
    let branches = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::OneOf { one_of } => one_of,
        _ => return None,
    };
    let [
        ReferenceOr::Reference { reference },
        ReferenceOr::Item(null),
    ] = branches.as_slice()
    else {
        return None;
    };
    is_null_only(null).then_some(reference.as_str())
}

fn is_null_only(schema: &Schema) -> bool {
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return false;
    };
    schema.schema_data.nullable && string.enumeration == [None]
}
