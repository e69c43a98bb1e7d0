//! The `schemars` feature: every generated type derives
//! `schemars::JsonSchema` behind `cfg_attr`, so the one checked-in file
//! serves builds with and without the feature.

/// Adds `#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]`
/// to each struct and enum of the `types` module that derives `Serialize`
/// or `Deserialize` (the builders live in a nested module), and a string
/// schema to each opened enum.
pub fn derive_json_schema(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        let mut open_enums = Vec::new();
        for item in items.iter_mut() {
            let (attrs, open) = match item {
                syn::Item::Struct(s) => (&mut s.attrs, None),
                syn::Item::Enum(e) => (&mut e.attrs, Some(e.ident.clone())),
                _ => continue,
            };
            if attrs.iter().any(derives_serde) {
                attrs.push(syn::parse_quote!(
                    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
                ));
            } else if let Some(name) = open {
                open_enums.push(name);
            }
        }
        // An opened response enum (codegen/open_enums.rs) serializes by hand
        // and accepts any string: its schema is a string.
        for name in open_enums {
            let text = name.to_string();
            items.push(syn::parse_quote! {
                #[cfg(feature = "schemars")]
                impl ::schemars::JsonSchema for #name {
                    fn schema_name() -> ::std::string::String {
                        #text.to_string()
                    }
                    fn json_schema(
                        generator: &mut ::schemars::r#gen::SchemaGenerator,
                    ) -> ::schemars::schema::Schema {
                        <::std::string::String as ::schemars::JsonSchema>::json_schema(generator)
                    }
                }
            });
        }
    }
}

fn derives_serde(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("derive") {
        return false;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    let text = list.tokens.to_string();
    text.contains("Serialize") || text.contains("Deserialize")
}
