//! Generated code a dependent compiles only with a feature, so the default
//! build and `cargo check` of a dependent compile less (BENCHMARKS.md, build
//! cost): nothing in the client or the handwritten layer uses it.
//!
//! - `builders`: typify's `types::builder` module (about half of the
//!   generated file) and each type's `builder()`, the way a test builds a
//!   `#[non_exhaustive]` response value. Request bodies have `new` and
//!   setters (`non_exhaustive.rs`) in every build.
//! - `serialize-responses`: `Serialize` on the types only a response carries
//!   (the client reads them, never writes them). Request types, and types a
//!   request shares, keep `Serialize`.
//! - `request-from-json`: `Deserialize` on the types only a request carries
//!   (the client writes them, never reads them), for reading a request body
//!   from JSON (`search_request_from_json`). Types a response shares keep it.
//!
//! The `mock` feature enables `serialize-responses`: its `then.ok(&value)`
//! writes responses.

use syn::punctuated::Punctuated;

use super::open_enums::{closure, module_items_mut, request_roots, type_graph};

/// The feature that keeps typify's builders.
pub const BUILDERS: &str = "builders";
/// The feature that keeps `Serialize` on response types.
pub const SERIALIZE_RESPONSES: &str = "serialize-responses";
/// The feature that keeps `Deserialize` on request types.
pub const REQUEST_FROM_JSON: &str = "request-from-json";

/// Puts the builders, the response types' `Serialize` and the request
/// types' `Deserialize` behind their features.
pub fn gate_optional_code(file: &mut syn::File) -> Result<(), String> {
    let roots = request_roots(file);
    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return Err("the generated code has no `types` module".to_string());
    };
    let graph = type_graph(types);
    let request_side = closure(&graph, roots);
    // Everything a response-only type reaches is read from responses too.
    let response_roots = graph.keys().filter(|name| !request_side.contains(*name));
    let response_side = closure(&graph, response_roots.cloned().collect());
    let response_only = |ident: &syn::Ident| !request_side.contains(&ident.to_string());
    let request_only = |ident: &syn::Ident| !response_side.contains(&ident.to_string());
    for item in types.iter_mut() {
        match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.attrs.push(cfg(BUILDERS)),
            syn::Item::Struct(s) if response_only(&s.ident) => {
                gate_derive(&mut s.attrs, "Serialize", SERIALIZE_RESPONSES);
            }
            syn::Item::Enum(e) if response_only(&e.ident) => {
                gate_derive(&mut e.attrs, "Serialize", SERIALIZE_RESPONSES);
            }
            syn::Item::Struct(s) if request_only(&s.ident) => {
                gate_derive(&mut s.attrs, "Deserialize", REQUEST_FROM_JSON);
            }
            syn::Item::Enum(e) if request_only(&e.ident) => {
                gate_derive(&mut e.attrs, "Deserialize", REQUEST_FROM_JSON);
            }
            syn::Item::Impl(block) => {
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.ident == "builder"
                    {
                        f.attrs.push(cfg(BUILDERS));
                    }
                }
                // The hand-written `Serialize` and `Deserialize` of an opened
                // enum (`open_enums.rs`) or a constrained newtype (typify).
                let implements = |name: &str| {
                    block.trait_.as_ref().is_some_and(|(_, path, _)| {
                        path.segments.last().is_some_and(|s| s.ident == name)
                    })
                };
                let self_ident = match &*block.self_ty {
                    syn::Type::Path(p) => p.path.get_ident().cloned(),
                    _ => None,
                };
                let Some(self_ident) = self_ident else {
                    continue;
                };
                if implements("Serialize") && response_only(&self_ident) {
                    block.attrs.push(cfg(SERIALIZE_RESPONSES));
                } else if implements("Deserialize") && request_only(&self_ident) {
                    block.attrs.push(cfg(REQUEST_FROM_JSON));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn cfg(feature: &str) -> syn::Attribute {
    syn::parse_quote!(#[cfg(feature = #feature)])
}

/// Moves the derive `name` out of the item's `#[derive(...)]` into a
/// `#[cfg_attr(feature = "...", derive(...))]` right after it.
fn gate_derive(attrs: &mut Vec<syn::Attribute>, name: &str, feature: &str) {
    if let Some((at, gated)) = take_derive(attrs, name) {
        attrs.insert(
            at + 1,
            syn::parse_quote!(#[cfg_attr(feature = #feature, derive(#gated))]),
        );
    }
}

/// Takes the derive `name` out of the item's first `#[derive(...)]`: that
/// attribute's position and the derive's path (as tokens), if it was there.
pub(super) fn take_derive(
    attrs: &mut [syn::Attribute],
    name: &str,
) -> Option<(usize, proc_macro2::TokenStream)> {
    let at = attrs.iter().position(|a| a.path().is_ident("derive"))?;
    let paths = attrs[at]
        .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .ok()?;
    let is_taken = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == name);
    let taken = paths.iter().find(|p| is_taken(p))?;
    let taken: proc_macro2::TokenStream = syn::parse_quote!(#taken);
    let kept = paths.iter().filter(|p| !is_taken(p));
    attrs[at] = syn::parse_quote!(#[derive(#(#kept),*)]);
    Some((at, taken))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_types_lose_serialize_request_types_deserialize_and_builders_gain_a_feature() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                pub struct Answer { pub a: Shared }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                pub struct Body { pub s: Shared }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                pub struct Shared(String);
                pub enum Opened { A }
                impl ::serde::Serialize for Opened { }
                #[derive(::serde::Serialize)]
                pub struct Limit(u32);
                impl<'de> ::serde::Deserialize<'de> for Limit { }
                impl Answer { pub fn builder() -> builder::Answer { Default::default() } }
                pub mod builder { pub struct Answer; }
            }
            pub mod builder {
                pub struct Call<'a> { body: Result<types::Body, String>, limit: Result<types::Limit, String>, c: &'a () }
            }
        };
        gate_optional_code(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        let expected = [
            "#[derive(::serde::Deserialize, Clone)]\n    #[cfg_attr(feature = \"serialize-responses\", derive(::serde::Serialize))]\n    pub struct Answer",
            "#[derive(::serde::Serialize, Clone)]\n    #[cfg_attr(feature = \"request-from-json\", derive(::serde::Deserialize))]\n    pub struct Body",
            "#[derive(::serde::Deserialize, ::serde::Serialize, Clone)]\n    pub struct Shared",
            "#[cfg(feature = \"serialize-responses\")]\n    impl ::serde::Serialize for Opened",
            "#[cfg(feature = \"request-from-json\")]\n    impl<'de> ::serde::Deserialize<'de> for Limit",
            "#[cfg(feature = \"builders\")]\n        pub fn builder()",
            "#[cfg(feature = \"builders\")]\n    pub mod builder",
        ];
        for part in expected {
            assert!(text.contains(part), "missing {part:?} in\n{text}");
        }
    }
}
