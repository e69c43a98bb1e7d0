//! Forward-compatible response enums.
//!
//! typify generates every `enum:` list as a closed Rust enum whose derived
//! `Deserialize` rejects values it does not know, so the day the API adds a
//! network distance or a seat status, every response carrying it would fail to
//! decode. This pass rewrites each string enum that only responses use (it is
//! not reachable from any request parameter or body) into an open enum:
//!
//! - a `#[non_exhaustive]` enum with one unit variant per documented value plus
//!   `Unknown(String)`, which keeps a value this SDK version does not know
//!   exactly as the API sent it (and serializes it back unchanged);
//! - `as_str()` and `is_unknown()`; `Display` and `FromStr` that never fail.
//!
//! Enums that requests use stay closed, so a misspelled value cannot be sent.
//! An enum used by both a request and a response would have to be one or the
//! other; generation fails and names it (split the schema in the spec).

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;

/// The name of the catch-all variant.
const UNKNOWN: &str = "Unknown";

/// Rewrites the response-only string enums of `mod types` in `file`.
pub fn open_response_enums(file: &mut syn::File) -> Result<(), String> {
    let roots = request_roots(file);
    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return Err("the generated code has no `types` module".to_string());
    };
    let graph = type_graph(types);
    let request_side = closure(&graph, roots);
    let string_enums: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) => string_enum_values(e).map(|_| e.ident.to_string()),
            _ => None,
        })
        .collect();
    for (owner, uses) in graph.iter().filter(|(n, _)| !request_side.contains(*n)) {
        if let Some(shared) = uses
            .iter()
            .find(|u| string_enums.contains(*u) && request_side.contains(*u))
        {
            return Err(format!(
                "enum `{shared}` is used by the request side and by `{owner}`: requests need it \
                 closed, responses open; give the response its own schema in the spec"
            ));
        }
    }
    let enums: BTreeMap<String, Vec<(syn::Ident, String)>> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) if !request_side.contains(&e.ident.to_string()) => {
                string_enum_values(e).map(|values| (e.ident.to_string(), values))
            }
            _ => None,
        })
        .collect();
    for (name, values) in &enums {
        if values.iter().any(|(ident, _)| ident == UNKNOWN) {
            return Err(format!(
                "response enum `{name}` already has a variant named `{UNKNOWN}`; \
                 rename its value in the spec"
            ));
        }
    }
    let mut rewritten = Vec::with_capacity(types.len());
    for item in std::mem::take(types) {
        match item {
            syn::Item::Enum(e) if enums.contains_key(&e.ident.to_string()) => {
                let values = &enums[&e.ident.to_string()];
                rewritten.extend(open_enum(e, values));
            }
            syn::Item::Impl(i) if replaced_impl(&i, &enums) => {}
            other => rewritten.push(other),
        }
    }
    *types = rewritten;
    Ok(())
}

/// The items of the inline module `name` among `items`.
pub(super) fn module_items_mut<'a>(
    items: &'a mut [syn::Item],
    name: &str,
) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// Every identifier appearing in a type path under the visited node.
#[derive(Default)]
struct TypeNames(BTreeSet<String>);

impl<'ast> Visit<'ast> for TypeNames {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        self.0.insert(segment.ident.to_string());
        syn::visit::visit_path_segment(self, segment);
    }
}

/// Type names used by the fields of the operation builders (`mod builder`):
/// their parameters and bodies, the roots of everything a request can carry.
pub(super) fn request_roots(file: &syn::File) -> BTreeSet<String> {
    let mut names = TypeNames::default();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        for item in m.content.iter().flat_map(|(_, items)| items) {
            if let syn::Item::Struct(s) = item {
                names.visit_fields(&s.fields);
            }
        }
    }
    names.0
}

/// For each struct and enum of `mod types`, the type names its fields use.
pub(super) fn type_graph(types: &[syn::Item]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for item in types {
        let mut names = TypeNames::default();
        let ident = match item {
            syn::Item::Struct(s) => {
                names.visit_fields(&s.fields);
                &s.ident
            }
            syn::Item::Enum(e) => {
                for variant in &e.variants {
                    names.visit_fields(&variant.fields);
                }
                &e.ident
            }
            syn::Item::Type(t) => {
                names.visit_type(&t.ty);
                &t.ident
            }
            _ => continue,
        };
        graph.insert(ident.to_string(), names.0);
    }
    graph
}

/// Everything reachable from `roots` in `graph`.
pub(super) fn closure(
    graph: &BTreeMap<String, BTreeSet<String>>,
    roots: BTreeSet<String>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(next) = graph.get(&name) {
            todo.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
        }
    }
    seen
}

/// The (variant, wire value) pairs of a derived-serde enum of unit variants
/// without container-level serde attributes; `None` for anything else.
fn string_enum_values(e: &syn::ItemEnum) -> Option<Vec<(syn::Ident, String)>> {
    if !derives(&e.attrs, "Deserialize") || e.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    e.variants
        .iter()
        .map(|variant| {
            if !matches!(variant.fields, syn::Fields::Unit) {
                return None;
            }
            let wire = serde_rename(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
            Some((variant.ident.clone(), wire))
        })
        .collect()
}

/// Whether a `#[derive(...)]` (not a `cfg_attr`) lists `name`.
pub(super) fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.segments.last().is_some_and(|s| s.ident == name);
                Ok(())
            });
            found
        })
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            }
            Ok(())
        });
    }
    rename
}

/// Whether `i` is typify's `Display` or `FromStr` impl for an enum this pass
/// rewrites (it emits its own).
fn replaced_impl(i: &syn::ItemImpl, enums: &BTreeMap<String, Vec<(syn::Ident, String)>>) -> bool {
    let syn::Type::Path(self_ty) = i.self_ty.as_ref() else {
        return false;
    };
    let Some(self_name) = self_ty.path.segments.last() else {
        return false;
    };
    let Some((_, trait_path, _)) = &i.trait_ else {
        return false;
    };
    let trait_name = trait_path.segments.last().map(|s| s.ident.to_string());
    enums.contains_key(&self_name.ident.to_string())
        && matches!(trait_name.as_deref(), Some("Display" | "FromStr"))
}

/// The open enum replacing `e`, with its impls.
fn open_enum(mut e: syn::ItemEnum, values: &[(syn::Ident, String)]) -> Vec<syn::Item> {
    let name = e.ident.clone();
    e.attrs.retain(|a| !a.path().is_ident("derive"));
    e.attrs.push(syn::parse_quote!(
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    ));
    e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
    for variant in e.variants.iter_mut() {
        variant.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    let unknown = syn::Ident::new(UNKNOWN, proc_macro2::Span::call_site());
    e.variants.push(syn::parse_quote!(
        /// A value this version of the SDK does not know, kept exactly as the
        /// API sent it.
        #unknown(::std::string::String)
    ));
    let idents: Vec<&syn::Ident> = values.iter().map(|(ident, _)| ident).collect();
    let wires: Vec<&String> = values.iter().map(|(_, wire)| wire).collect();
    let items: Vec<syn::Item> = vec![
        syn::Item::Enum(e),
        syn::parse_quote! {
            impl #name {
                /// The value as the API spells it.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #wires,)*
                        Self::#unknown(value) => value.as_str(),
                    }
                }
                /// Whether the API sent a value this version of the SDK does not know.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, Self::#unknown(_))
                }
            }
        },
        syn::parse_quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        syn::parse_quote! {
            impl ::std::str::FromStr for #name {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    Ok(match value {
                        #(#wires => Self::#idents,)*
                        other => Self::#unknown(other.to_owned()),
                    })
                }
            }
        },
        syn::parse_quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        syn::parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    // A visitor, so a known value is matched without
                    // allocating; only an unknown one is copied.
                    struct Value;
                    impl<'de> ::serde::de::Visitor<'de> for Value {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str("a string")
                        }
                        fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                            Ok(match value {
                                #(#wires => #name::#idents,)*
                                other => #name::#unknown(other.to_owned()),
                            })
                        }
                        fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<#name, E> {
                            Ok(match value.as_str() {
                                #(#wires => #name::#idents,)*
                                _ => #name::#unknown(value),
                            })
                        }
                    }
                    let value = deserializer.deserialize_str(Value)?;
                    // Tells the decode (`src/decode/scope.rs`), to observe it.
                    if let #name::#unknown(unknown) = &value {
                        crate::decode::unknown_enum_value(stringify!(#name), unknown);
                    }
                    Ok(value)
                }
            }
        },
    ];
    items
}
