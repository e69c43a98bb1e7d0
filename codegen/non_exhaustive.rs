//! Generated types that can grow in a minor release.
//!
//! The API adds fields and values all the time; by Rust's rules adding a
//! field to an exhaustive struct, or a variant to an exhaustive enum, breaks
//! code that builds the struct with a literal or matches the enum without a
//! wildcard. This pass makes what the API may grow `#[non_exhaustive]`
//! (openapi/CONVENTIONS.md, "What may grow", is the rule; `cargo xtask diff`
//! judges spec changes by it):
//!
//! - every struct with named fields in `mod types` (responses and request
//!   bodies alike), and every enum (request enums, data-carrying unions;
//!   response string enums are already opened by `open_enums`);
//! - each struct a request can carry gets the construction path that
//!   survives additions: `new(required fields)`, which fills every other
//!   field with its default, and one setter per field, named after it
//!   (`ClassicPeopleSearch::new().keywords("rust").location(["102277331"])`).
//!   A new optional field adds a setter; a new required field adds a
//!   parameter to `new`, which is breaking, as the spec diff says.
//!
//! Response structs keep typify's `X::builder()` for tests that build one.
//! Tuple structs (validated newtypes) never gain fields and stay as they are.

use std::collections::BTreeSet;

use super::open_enums::{closure, module_items_mut, request_roots, type_graph};

/// Marks the growable items of `mod types` in `file` and gives request
/// structs `new` and setters.
pub fn mark_growable_types(file: &mut syn::File) -> Result<(), String> {
    let roots = request_roots(file);
    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return Err("the generated code has no `types` module".to_string());
    };
    let request_side = closure(&type_graph(types), roots);
    let newtypes: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Unnamed(_)) => {
                Some(s.ident.to_string())
            }
            _ => None,
        })
        .collect();
    let mut marked = Vec::with_capacity(types.len());
    for mut item in std::mem::take(types) {
        let mut construct = None;
        match &mut item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => {
                mark(&mut s.attrs);
                if request_side.contains(&s.ident.to_string()) {
                    construct = Some(construction(s, &newtypes)?);
                }
            }
            syn::Item::Enum(e) => mark(&mut e.attrs),
            _ => {}
        }
        // The construction path right after its struct, where a reader
        // of `generated/` looks for it.
        marked.push(item);
        marked.extend(construct);
    }
    *types = marked;
    Ok(())
}

fn mark(attrs: &mut Vec<syn::Attribute>) {
    if !attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        attrs.push(syn::parse_quote!(#[non_exhaustive]));
    }
}

/// Names the construction path claims on a request struct.
const RESERVED: &[&str] = &["new", "builder"];

/// `impl S { new(required...), one setter per field }`.
fn construction(s: &syn::ItemStruct, newtypes: &BTreeSet<String>) -> Result<syn::Item, String> {
    let name = &s.ident;
    let mut params: Vec<syn::FnArg> = Vec::new();
    let mut inits: Vec<syn::FieldValue> = Vec::new();
    let mut setters: Vec<syn::ImplItemFn> = Vec::new();
    for field in &s.fields {
        let Some(ident) = &field.ident else { continue };
        let plain = ident.to_string().trim_start_matches("r#").to_string();
        if RESERVED.contains(&plain.as_str()) {
            return Err(format!(
                "request type `{name}` has a field `{plain}`, which its generated \
                 constructor needs; rename the property in the spec"
            ));
        }
        let ty = &field.ty;
        match default_of(field)? {
            Some(default) => inits.push(syn::parse_quote!(#ident: #default)),
            None if is_newtype(ty, newtypes) => {
                params.push(syn::parse_quote!(#ident: #ty));
                inits.push(syn::parse_quote!(#ident));
            }
            None => {
                params.push(syn::parse_quote!(#ident: impl ::std::convert::Into<#ty>));
                inits.push(syn::parse_quote!(#ident: #ident.into()));
            }
        }
        setters.push(setter(field, ident, newtypes));
    }
    let doc = if params.is_empty() {
        format!(
            " A `{name}` with every field at its default; set them with the methods named after them."
        )
    } else {
        format!(
            " A `{name}` from its required fields, every other field at its default; \
             set them with the methods named after them."
        )
    };
    Ok(syn::parse_quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    })
}

/// The value a field takes when `new` is not given it: its serde default,
/// `None` for an `Option`; `None` when the field is required.
fn default_of(field: &syn::Field) -> Result<Option<syn::Expr>, String> {
    let mut default: Option<syn::Expr> = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                default = Some(if meta.input.peek(syn::Token![=]) {
                    let path: syn::LitStr = meta.value()?.parse()?;
                    let path: syn::ExprPath = path.parse()?;
                    syn::parse_quote!(#path())
                } else {
                    syn::parse_quote!(::std::default::Default::default())
                });
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .map_err(|e| format!("unexpected serde attribute on a generated field: {e}"))?;
    }
    if default.is_none() && inner(&field.ty, "Option").is_some() {
        default = Some(syn::parse_quote!(::std::option::Option::None));
    }
    Ok(default)
}

/// A setter named after the field, documented as the field is: an `Option`
/// takes the value itself, a `Vec` any iterable of convertible items. A
/// validated newtype is taken as itself, so `"...".try_into()?` infers it and
/// the caller sees a bad value where it is made.
fn setter(field: &syn::Field, ident: &syn::Ident, newtypes: &BTreeSet<String>) -> syn::ImplItemFn {
    let plain = format!(" Sets `{}`.", ident.to_string().trim_start_matches("r#"));
    let plain: syn::Attribute = syn::parse_quote!(#[doc = #plain]);
    let mut docs: Vec<&syn::Attribute> = field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    if docs.is_empty() {
        docs.push(&plain);
    }
    let ty = &field.ty;
    if let Some(item) = inner(ty, "Option").filter(|item| is_newtype(item, newtypes)) {
        return syn::parse_quote! {
            #(#docs)*
            pub fn #ident(mut self, value: #item) -> Self {
                self.#ident = ::std::option::Option::Some(value);
                self
            }
        };
    }
    if let Some(item) = inner(ty, "Vec").filter(|item| is_newtype(item, newtypes)) {
        return syn::parse_quote! {
            #(#docs)*
            pub fn #ident(mut self, values: impl ::std::iter::IntoIterator<Item = #item>) -> Self {
                self.#ident = values.into_iter().collect();
                self
            }
        };
    }
    if is_newtype(ty, newtypes) {
        return syn::parse_quote! {
            #(#docs)*
            pub fn #ident(mut self, value: #ty) -> Self {
                self.#ident = value;
                self
            }
        };
    }
    if let Some(item) = inner(ty, "Option") {
        return syn::parse_quote! {
            #(#docs)*
            pub fn #ident(mut self, value: impl ::std::convert::Into<#item>) -> Self {
                self.#ident = ::std::option::Option::Some(value.into());
                self
            }
        };
    }
    if let Some(item) = inner(ty, "Vec") {
        return syn::parse_quote! {
            #(#docs)*
            pub fn #ident<I>(mut self, values: I) -> Self
            where
                I: ::std::iter::IntoIterator,
                I::Item: ::std::convert::Into<#item>,
            {
                self.#ident = values.into_iter().map(::std::convert::Into::into).collect();
                self
            }
        };
    }
    syn::parse_quote! {
        #(#docs)*
        pub fn #ident(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#ident = value.into();
            self
        }
    }
}

/// Whether `ty` names one of the generated tuple structs (validated newtypes).
fn is_newtype(ty: &syn::Type, newtypes: &BTreeSet<String>) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path
        .segments
        .last()
        .is_some_and(|last| last.arguments.is_empty() && newtypes.contains(&last.ident.to_string()))
}

/// `T` when `ty` is `wrapper<T>` (`Option`, `Vec`, spelled any way).
fn inner<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}
