//! Replaces serde's `untagged` derive of `Deserialize` on the response
//! unions without a discriminator (typify writes them as
//! `#[serde(untagged)]` enums of one-field variants: a seat, or why it is
//! unusable) with `crate::model::untagged_union::untagged_union!` (see
//! `src/model/untagged_union.rs`): the same variants tried in the same
//! order, with the path inside the union tracked, so that an unknown enum
//! value in a variant is reported at its own path, not at the union.
//!
//! A union whose `Deserialize` is not in its first `#[derive]` (a request
//! body's, behind the `request-from-json` feature) keeps the derive.

use super::feature_gates::take_derive;
use super::open_enums::derives;
use super::struct_deserialize::{follow_with_macro_calls, macro_call};

/// The macro each rewritten union is followed by.
const MACRO: &str = "crate::model::untagged_union::untagged_union";

/// Rewrites every untagged enum of `mod types` that derives `Deserialize`.
pub fn track_untagged_unions(file: &mut syn::File) -> Result<(), String> {
    follow_with_macro_calls(file, |item, readers| {
        let syn::Item::Enum(union) = item else {
            return Ok(None);
        };
        let Some(untagged) = union.attrs.iter().position(is_untagged) else {
            return Ok(None);
        };
        let Some(variants) = newtype_variants(union) else {
            return Ok(None);
        };
        if take_derive(&mut union.attrs, "Deserialize").is_none() {
            return Ok(None);
        }
        // Read now only by the derives behind features.
        if !derives(&union.attrs, "Serialize") {
            union.attrs[untagged] = syn::parse_quote!(#[cfg_attr(#readers, serde(untagged))]);
        }
        invocation(&union.ident, &variants).map(Some)
    })
}

/// `#[serde(untagged)]`.
fn is_untagged(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("serde")
        && attr
            .parse_args::<syn::Ident>()
            .is_ok_and(|arg| arg == "untagged")
}

/// Each variant's name and its one field's type (as tokens); `None` when a variant is
/// anything else or carries attributes the macro would not honour.
fn newtype_variants(union: &syn::ItemEnum) -> Option<Vec<(syn::Ident, proc_macro2::TokenStream)>> {
    union
        .variants
        .iter()
        .map(|variant| {
            let syn::Fields::Unnamed(fields) = &variant.fields else {
                return None;
            };
            let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let plain = variant.attrs.iter().all(|a| !a.path().is_ident("serde"));
            let ty = &field.ty;
            plain.then(|| (variant.ident.clone(), syn::parse_quote!(#ty)))
        })
        .collect()
}

/// `MACRO! { Name { Variant(Type), ... } }`.
fn invocation(
    name: &syn::Ident,
    variants: &[(syn::Ident, proc_macro2::TokenStream)],
) -> Result<syn::Item, String> {
    let variants = variants.iter().map(|(ident, ty)| {
        let variant: proc_macro2::TokenStream = syn::parse_quote!(#ident(#ty));
        variant
    });
    macro_call(MACRO, name, variants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_unions_lose_the_derive_and_gain_the_macro() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone)]
                #[cfg_attr(feature = "serialize-responses", derive(::serde::Serialize))]
                #[serde(untagged)]
                pub enum Seat { Held(Held), Unusable(Unusable) }
                #[derive(::serde::Serialize, Clone)]
                #[cfg_attr(feature = "request-from-json", derive(::serde::Deserialize))]
                #[serde(untagged)]
                pub enum Body { A(A), B(B) }
                #[derive(::serde::Deserialize)]
                #[serde(untagged)]
                pub enum Mixed { A(A), B { b: u32 } }
            }
        };
        track_untagged_unions(&mut file).unwrap();
        let expected = [
            "#[derive(Clone)] #[cfg_attr(feature = \"serialize-responses\", derive(::serde::Serialize))] #[cfg_attr( any(feature = \"serialize-responses\", feature = \"schemars\"), serde(untagged) )] pub enum Seat",
            "crate::model::untagged_union::untagged_union! { Seat { Held(Held), Unusable(Unusable) } }",
            "#[cfg_attr(feature = \"request-from-json\", derive(::serde::Deserialize))] #[serde(untagged)] pub enum Body",
            "#[derive(::serde::Deserialize)] #[serde(untagged)] pub enum Mixed",
        ];
        let text = super::super::struct_deserialize::assert_file_has(&file, &expected);
        assert_eq!(text.matches("untagged_union!").count(), 1, "{text}");
    }
}
