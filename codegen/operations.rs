//! `OPERATIONS`: one entry per operation of the spec (id, method, path
//! template, whether it is safe to repeat, the bounds of its `limit`, its
//! kind of call), emitted next to the generated client so retries,
//! validation and limits read it instead of naming operations.
//!
//! What the spec cannot say (whether a `POST` is a read, which budget a call
//! spends) is in [`POLICY`]; generation fails when an operation of the spec
//! has no entry there, or an entry names no operation, so a renamed
//! `operationId` cannot silently turn a check off.

/// Each operation id with whether it is safe to send twice, the
/// `crate::CallKind` variant it spends, and what it is called in messages.
pub const POLICY: &[(&str, bool, &str, &str)] = &[
    ("get_user", true, "ProfileView", "profile views"),
    ("get_own_profile", true, "OwnProfile", "own profile reads"),
    ("list_relations", true, "RelationPage", "relations pages"),
    // A search reads; its `POST` only carries the filters.
    ("linkedin_search", true, "Search", "searches"),
    // Acts on a user: never repeated once it may have been sent.
    ("linkedin_user_action", false, "UserAction", "user actions"),
];

/// The `OPERATIONS` table for `spec`.
pub fn operations(spec: &openapiv3::OpenAPI) -> Result<syn::Item, String> {
    let mut rows = Vec::new();
    let mut seen = Vec::new();
    let items = spec
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| match item {
            openapiv3::ReferenceOr::Item(item) => Some((path, item)),
            openapiv3::ReferenceOr::Reference { .. } => None,
        });
    for (path, method, op) in items
        .flat_map(|(path, item)| super::spec::operations(item).map(move |(m, op)| (path, m, op)))
    {
        let Some(id) = &op.operation_id else {
            return Err(format!("{method} {path}: no operationId"));
        };
        let Some((_, idempotent, kind, noun)) = POLICY.iter().find(|(known, ..)| known == id)
        else {
            return Err(format!(
                "operation `{id}` has no entry in codegen/operations.rs POLICY \
                 (is it safe to repeat? which kind of call is it?)"
            ));
        };
        seen.push(id.clone());
        let method = method.to_uppercase();
        let kind = syn::Ident::new(kind, proc_macro2::Span::call_site());
        let page_size: syn::Expr = match page_size_bounds(spec, op) {
            Some((min, max)) => syn::parse_quote!(Some((#min, #max))),
            None => syn::parse_quote!(None),
        };
        let row: syn::Expr = syn::parse_quote! {
                crate::http::Operation {
                    id: #id,
                    method: #method,
                    path: #path,
                    idempotent: #idempotent,
                    page_size: #page_size,
                    call_kind: crate::CallKind::#kind,
                    noun: #noun,
                }
        };
        rows.push((id.clone(), row));
    }
    if let Some((unknown, ..)) = POLICY.iter().find(|(id, ..)| !seen.iter().any(|s| s == id)) {
        return Err(format!(
            "codegen/operations.rs POLICY names `{unknown}`, which the spec does not have"
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let rows = rows.into_iter().map(|(_, row)| row);
    Ok(syn::parse_quote! {
        /// Every operation of the spec, as the handwritten layer reads it.
        pub(crate) const OPERATIONS: &[crate::http::Operation] = &[#(#rows),*];
    })
}

/// The `minimum` (0 when absent) and `maximum` of an integer `limit` query
/// parameter, when the operation has one with a maximum.
fn page_size_bounds(spec: &openapiv3::OpenAPI, op: &openapiv3::Operation) -> Option<(i64, i64)> {
    op.parameters.iter().find_map(|parameter| {
        let parameter = match parameter {
            openapiv3::ReferenceOr::Item(parameter) => parameter,
            openapiv3::ReferenceOr::Reference { reference } => {
                let name = reference.trim_start_matches("#/components/parameters/");
                match spec.components.as_ref()?.parameters.get(name)? {
                    openapiv3::ReferenceOr::Item(parameter) => parameter,
                    openapiv3::ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        let openapiv3::Parameter::Query { parameter_data, .. } = parameter else {
            return None;
        };
        if parameter_data.name != "limit" {
            return None;
        }
        let openapiv3::ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(schema)) =
            &parameter_data.format
        else {
            return None;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = &schema.schema_kind
        else {
            return None;
        };
        Some((integer.minimum.unwrap_or(0), integer.maximum?))
    })
}
