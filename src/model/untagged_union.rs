//! `Deserialize` for the spec's untagged response unions (a seat, or why it
//! is unusable): what serde's `untagged` derive does (the union's value read
//! once, each variant tried in turn on it, the first that decodes taken),
//! with the path inside the value tracked (`crate::decode::untagged_variant`),
//! so that an unknown enum value in a variant is reported where it is.
//! `codegen/untagged_unions.rs` puts one [`untagged_union!`] after each
//! such union in place of the derive.

/// `impl Deserialize` for an untagged union: its name, then each variant
/// as `Variant(Type)`, in the order they are tried.
macro_rules! untagged_union {
    ($name:ident { $($variant:ident($ty:ty)),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(
                    if let ::std::option::Option::Some(variant) =
                        crate::decode::untagged_variant::<$ty>(&value)
                    {
                        return ::std::result::Result::Ok(Self::$variant(variant));
                    }
                )*
                // serde's words: a departure inside is reported at the union.
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(concat!(
                    "data did not match any variant of untagged enum ",
                    stringify!($name)
                )))
            }
        }
    };
}

pub(crate) use untagged_union;
