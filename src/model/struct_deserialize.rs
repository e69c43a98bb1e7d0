//! `Deserialize` for the generated structs: what serde's derive writes for
//! them, less what JSON never asks for, so that a dependent compiles less
//! (BENCHMARKS.md, build cost). `codegen/struct_deserialize.rs` puts one
//! [`struct_deserialize!`] after each struct in place of the derive.
//!
//! What the derive has and this leaves out: decoding a struct from a JSON
//! array (an array where an object is expected is now a departure, like any
//! other wrong type) and keys as integers or bytes. Everything else is the
//! derive's: the same struct name and field list passed to
//! `deserialize_struct`, the same "missing field" and "duplicate field"
//! errors, `None` for a missing optional member, the default for a defaulted
//! one, unknown keys read as `IgnoredAny`. (The duplicate check also keeps
//! decoding fast: a field known to be empty needs no drop when it is set.)

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// A key of a struct's object, as the index of its field (`usize::MAX` for
/// a key the struct has no field for), read through one function per struct
/// (a `match` on the key): one compiled copy of the key's decoding per
/// deserializer, not one per struct as the derive has.
#[derive(Clone, Copy)]
pub(crate) struct FieldKey(pub(crate) fn(&str) -> usize);

impl<'de> DeserializeSeed<'de> for FieldKey {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldKey {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok((self.0)(key))
    }
}

/// `impl Deserialize` for a generated struct: its name, then each field as
/// `index name [type] "wire name" kind` (the type spelled out, so that
/// checking each decoder infers nothing), where kind is `required` (missing is an
/// error), `optional` (an `Option`: missing is `None`), `default` or
/// `default(path)` (missing is that value).
macro_rules! struct_deserialize {
    ($name:ident { $($index:literal $field:ident [$ty:ty] $wire:literal $kind:ident $(($default:path))?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Members;
                impl<'de> ::serde::de::Visitor<'de> for Members {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field: ::std::option::Option<$ty> = ::std::option::Option::None;)*
                        let key = $crate::model::struct_deserialize::FieldKey(field_index);
                        while let ::std::option::Option::Some(index) = map.next_key_seed(key)? {
                            match index {
                                $($index => {
                                    if $field.is_some() {
                                        return ::std::result::Result::Err(
                                            <A::Error as ::serde::de::Error>::duplicate_field($wire),
                                        );
                                    }
                                    $field = ::std::option::Option::Some(map.next_value::<$ty>()?);
                                })*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: match $field {
                                ::std::option::Option::Some(value) => value,
                                ::std::option::Option::None => {
                                    $crate::model::struct_deserialize::struct_deserialize!(
                                        @missing A $wire $kind $(($default))?
                                    )
                                }
                            },)*
                        })
                    }
                }
                fn field_index(key: &str) -> usize {
                    match key {
                        $($wire => $index,)*
                        _ => usize::MAX,
                    }
                }
                deserializer.deserialize_struct(stringify!($name), &[$($wire),*], Members)
            }
        }
    };
    (@missing $error:ident $wire:literal required) => {
        return ::std::result::Result::Err(
            <$error::Error as ::serde::de::Error>::missing_field($wire),
        )
    };
    (@missing $error:ident $wire:literal optional) => {
        ::std::option::Option::None
    };
    (@missing $error:ident $wire:literal default) => {
        ::std::default::Default::default()
    };
    (@missing $error:ident $wire:literal default ($default:path)) => {
        $default()
    };
}

pub(crate) use struct_deserialize;
