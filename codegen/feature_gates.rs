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
//!   request shares, keep `Serialize` and `Deserialize` (a request body can
//!   be read from JSON).
//!
//! The `mock` feature enables both: its `then.ok(&value)` writes responses.

use syn::punctuated::Punctuated;

use super::open_enums::{closure, module_items_mut, request_roots, type_graph};

/// The feature that keeps typify's builders.
pub const BUILDERS: &str = "builders";
/// The feature that keeps `Serialize` on response types.
pub const SERIALIZE_RESPONSES: &str = "serialize-responses";

/// Puts the builders and the response types' `Serialize` behind their
/// features.
pub fn gate_optional_code(file: &mut syn::File) -> Result<(), String> {
    let roots = request_roots(file);
    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return Err("the generated code has no `types` module".to_string());
    };
    let request_side = closure(&type_graph(types), roots);
    let response_only = |ident: &syn::Ident| !request_side.contains(&ident.to_string());
    for item in types.iter_mut() {
        match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.attrs.push(cfg(BUILDERS)),
            syn::Item::Struct(s) if response_only(&s.ident) => gate_serialize_derive(&mut s.attrs),
            syn::Item::Enum(e) if response_only(&e.ident) => gate_serialize_derive(&mut e.attrs),
            syn::Item::Impl(block) => {
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.ident == "builder"
                    {
                        f.attrs.push(cfg(BUILDERS));
                    }
                }
                // The hand-written `Serialize` of an opened enum
                // (`open_enums.rs`).
                let serialize_impl = block.trait_.as_ref().is_some_and(|(_, path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Serialize")
                });
                let self_ident = match &*block.self_ty {
                    syn::Type::Path(p) => p.path.get_ident(),
                    _ => None,
                };
                if serialize_impl && self_ident.is_some_and(response_only) {
                    block.attrs.push(cfg(SERIALIZE_RESPONSES));
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

/// Moves `Serialize` out of the item's `#[derive(...)]` into a
/// `#[cfg_attr(feature = "serialize-responses", derive(...))]` right after it.
fn gate_serialize_derive(attrs: &mut Vec<syn::Attribute>) {
    let Some(at) = attrs.iter().position(|a| a.path().is_ident("derive")) else {
        return;
    };
    let Ok(paths) =
        attrs[at].parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
    else {
        return;
    };
    let is_serialize = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Serialize");
    let Some(serialize) = paths.iter().find(|p| is_serialize(p)) else {
        return;
    };
    let kept = paths.iter().filter(|p| !is_serialize(p));
    attrs[at] = syn::parse_quote!(#[derive(#(#kept),*)]);
    attrs.insert(
        at + 1,
        syn::parse_quote!(#[cfg_attr(feature = #SERIALIZE_RESPONSES, derive(#serialize))]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_types_lose_serialize_and_builders_gain_a_feature() {
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
                impl Answer { pub fn builder() -> builder::Answer { Default::default() } }
                pub mod builder { pub struct Answer; }
            }
            pub mod builder {
                pub struct Call<'a> { body: Result<types::Body, String>, c: &'a () }
            }
        };
        gate_optional_code(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        let expected = [
            "#[derive(::serde::Deserialize, Clone)]\n    #[cfg_attr(feature = \"serialize-responses\", derive(::serde::Serialize))]\n    pub struct Answer",
            "#[derive(::serde::Deserialize, ::serde::Serialize, Clone)]\n    pub struct Body",
            "#[derive(::serde::Deserialize, ::serde::Serialize, Clone)]\n    pub struct Shared",
            "#[cfg(feature = \"serialize-responses\")]\n    impl ::serde::Serialize for Opened",
            "#[cfg(feature = \"builders\")]\n        pub fn builder()",
            "#[cfg(feature = \"builders\")]\n    pub mod builder",
        ];
        for part in expected {
            assert!(text.contains(part), "missing {part:?} in\n{text}");
        }
    }
}
