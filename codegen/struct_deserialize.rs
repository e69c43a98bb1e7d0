//! Replaces serde's derived `Deserialize` on the generated structs with
//! `crate::model::struct_deserialize::struct_deserialize!` (see
//! `src/model/struct_deserialize.rs`): the same decoding of a JSON object,
//! less code for every dependent to compile.
//!
//! Only plain structs are rewritten: named fields, no container `#[serde]`
//! attribute, and field attributes among `rename`, `default`,
//! `default = "path"`, `skip_serializing_if` and
//! `deserialize_with = "::std::option::Option::deserialize"` (a required
//! member that may be `null`). Any other struct keeps the derive.

use super::feature_gates::take_derive;
use super::open_enums::{derives, module_items_mut};

/// The macro each rewritten struct is followed by.
const MACRO: &str = "crate::model::struct_deserialize::struct_deserialize";
/// What a field's `#[serde]` attributes stay under once the struct no longer
/// derives `Deserialize` in every build: the derives that read them.
const SERDE_ATTRIBUTE_READERS: &str =
    "any(feature = \"serialize-responses\", feature = \"schemars\")";

/// How a missing member is filled in.
enum Missing {
    Required,
    Optional,
    Default,
    DefaultFrom(syn::Path),
}

/// A field's wire name and what a missing member gets.
struct Field {
    ident: syn::Ident,
    /// Its type, spelled out so the decoder needs no inference to find it.
    ty: proc_macro2::TokenStream,
    wire: String,
    missing: Missing,
}

/// Rewrites every plain struct of `mod types` that derives `Deserialize`.
pub fn lighten_struct_deserialize(file: &mut syn::File) -> Result<(), String> {
    follow_with_macro_calls(file, |item, readers| {
        let syn::Item::Struct(s) = item else {
            return Ok(None);
        };
        let Some(fields) = plain_fields(s) else {
            return Ok(None);
        };
        // The derive is in the first `#[derive]` (typify writes one): a
        // struct whose derive is elsewhere keeps it, and gets no macro.
        if take_derive(&mut s.attrs, "Deserialize").is_none() {
            return Ok(None);
        }
        if !derives(&s.attrs, "Serialize") {
            for field in s.fields.iter_mut() {
                for attr in field
                    .attrs
                    .iter_mut()
                    .filter(|a| a.path().is_ident("serde"))
                {
                    let syn::Meta::List(list) = &attr.meta else {
                        continue;
                    };
                    let tokens = &list.tokens;
                    *attr = syn::parse_quote!(#[cfg_attr(#readers, serde(#tokens))]);
                }
            }
        }
        invocation(&s.ident, &fields).map(Some)
    })
}

/// The walk both `Deserialize` passes share: `rewrite` sees every item of
/// `mod types` with [`SERDE_ATTRIBUTE_READERS`] as tokens, and the macro
/// call it returns for an item is put right after that item.
pub(super) fn follow_with_macro_calls(
    file: &mut syn::File,
    mut rewrite: impl FnMut(
        &mut syn::Item,
        &proc_macro2::TokenStream,
    ) -> Result<Option<syn::Item>, String>,
) -> Result<(), String> {
    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return Err("the generated code has no `types` module".to_string());
    };
    let readers: proc_macro2::TokenStream = SERDE_ATTRIBUTE_READERS
        .parse()
        .map_err(|e| format!("{e}"))?;
    let mut calls = Vec::new();
    for (at, item) in types.iter_mut().enumerate() {
        if let Some(call) = rewrite(item, &readers)? {
            calls.push((at, call));
        }
    }
    // From the last, so the positions before stay valid.
    for (at, call) in calls.into_iter().rev() {
        types.insert(at + 1, call);
    }
    Ok(())
}

/// `macro_path! { name { arg, ... } }`.
pub(super) fn macro_call(
    macro_path: &str,
    name: &syn::Ident,
    args: impl Iterator<Item = proc_macro2::TokenStream>,
) -> Result<syn::Item, String> {
    let path: syn::Path = syn::parse_str(macro_path).map_err(|e| e.to_string())?;
    Ok(syn::parse_quote! {
        #path! { #name { #(#args),* } }
    })
}

/// The struct's fields, if it is one this pass rewrites.
fn plain_fields(s: &syn::ItemStruct) -> Option<Vec<Field>> {
    let derives_deserialize = derives(&s.attrs, "Deserialize");
    let container_serde = s.attrs.iter().any(|a| a.path().is_ident("serde"));
    if !derives_deserialize || container_serde || !s.generics.params.is_empty() {
        return None;
    }
    let syn::Fields::Named(named) = &s.fields else {
        return None;
    };
    named.named.iter().map(field).collect()
}

fn field(field: &syn::Field) -> Option<Field> {
    let ident = field.ident.clone()?;
    let mut wire = ident.to_string().trim_start_matches("r#").to_string();
    let mut missing = if is_option(&field.ty) {
        Missing::Optional
    } else {
        Missing::Required
    };
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let mut known = true;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = meta.value()?.parse::<syn::LitStr>()?.value();
            } else if meta.path.is_ident("default") {
                missing = match meta.input.peek(syn::Token![=]) {
                    true => Missing::DefaultFrom(meta.value()?.parse::<syn::LitStr>()?.parse()?),
                    false => Missing::Default,
                };
            } else if meta.path.is_ident("deserialize_with") {
                let with = meta.value()?.parse::<syn::LitStr>()?.value();
                known &= with == "::std::option::Option::deserialize";
                missing = Missing::Required;
            } else if meta.path.is_ident("skip_serializing_if") {
                meta.value()?.parse::<syn::LitStr>()?;
            } else {
                known = false;
            }
            Ok(())
        })
        .ok()?;
        if !known {
            return None;
        }
    }
    Some(Field {
        ident,
        ty: {
            let ty = &field.ty;
            syn::parse_quote!(#ty)
        },
        wire,
        missing,
    })
}

/// `::std::option::Option<...>` (typify's spelling) or `Option<...>`.
fn is_option(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Option")
}

/// `MACRO! { Name { 0 field [Type] "wire" kind, ... } }`.
fn invocation(name: &syn::Ident, fields: &[Field]) -> Result<syn::Item, String> {
    let members = fields.iter().enumerate().map(|(index, field)| {
        let index = syn::LitInt::new(&index.to_string(), proc_macro2::Span::call_site());
        let ident = &field.ident;
        let wire = syn::LitStr::new(&field.wire, proc_macro2::Span::call_site());
        let ty = &field.ty;
        let member: proc_macro2::TokenStream = match &field.missing {
            Missing::Required => syn::parse_quote!(#index #ident [#ty] #wire required),
            Missing::Optional => syn::parse_quote!(#index #ident [#ty] #wire optional),
            Missing::Default => syn::parse_quote!(#index #ident [#ty] #wire default),
            Missing::DefaultFrom(path) => {
                syn::parse_quote!(#index #ident [#ty] #wire default(#path))
            }
        };
        member
    });
    macro_call(MACRO, name, members)
}

/// `file` as text, with runs of white space made one space (prettyplease
/// wraps a macro's tokens where it likes), holding each of `parts`.
#[cfg(test)]
pub(super) fn assert_file_has(file: &syn::File, parts: &[&str]) -> String {
    let text = prettyplease::unparse(file);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_structs_lose_the_derive_and_gain_the_macro() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone)]
                #[cfg_attr(feature = "serialize-responses", derive(::serde::Serialize))]
                pub struct Answer {
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub a: ::std::option::Option<::std::string::String>,
                    #[serde(rename = "type")]
                    pub type_: ::std::string::String,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub list: ::std::vec::Vec<::std::string::String>,
                    #[serde(default = "defaults::limit")]
                    pub limit: u32,
                    #[serde(deserialize_with = "::std::option::Option::deserialize")]
                    pub end: ::std::option::Option<::std::string::String>,
                }
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                #[serde(deny_unknown_fields)]
                pub struct Strict { pub a: u32 }
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                pub struct Shared { #[serde(rename = "b")] pub a: u32 }
            }
        };
        lighten_struct_deserialize(&mut file).unwrap();
        let expected = [
            "#[derive(Clone)] #[cfg_attr(feature = \"serialize-responses\", derive(::serde::Serialize))] pub struct Answer",
            "#[cfg_attr( any(feature = \"serialize-responses\", feature = \"schemars\"), serde(rename = \"type\") )]",
            "crate::model::struct_deserialize::struct_deserialize! { Answer { 0 a[::std::option::Option < ::std::string::String >] \"a\" optional, 1 type_[::std::string::String] \"type\" required, 2 list[::std::vec::Vec < ::std::string::String >] \"list\" default, 3 limit[u32] \"limit\" default(defaults::limit), 4 end[::std::option::Option < ::std::string::String >] \"end\" required } }",
            "#[derive(::serde::Deserialize, ::serde::Serialize)] #[serde(deny_unknown_fields)] pub struct Strict",
            "#[derive(::serde::Serialize)] pub struct Shared { #[serde(rename = \"b\")]",
            "struct_deserialize! { Shared { 0 a[u32] \"b\" required } }",
        ];
        assert_file_has(&file, &expected);
    }
}
