//! The response unions, dispatched by their discriminator field.
//!
//! progenitor would generate `#[serde(untagged)]` enums: they buffer the
//! value as a `serde_json::Value` tree, try every variant in turn, fail with
//! "data did not match any variant" and reject a variant the API adds later.
//! These read the object up to its discriminator (`provider`, `event`,
//! `type`), then decode exactly that variant from the input in the same pass
//! (a failure names the JSON path inside it), and keep a value with an
//! unknown discriminator as raw JSON.

use serde::{Deserialize, Deserializer};

use crate::types;

macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        $name:ident by $tag:literal {
            $( $(#[$variant_meta:meta])* $variant:ident($ty:ty) = $($value:literal)|+, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Variants stay unboxed so `UserProfile::Linkedin(p)` matches directly;
        // a profile is decoded once per call, so the size costs little.
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant($ty), )+
            /// A variant this SDK version does not know (or a value without
            /// the discriminator field), kept as the JSON received.
            Unknown(serde_json::Value),
        }

        impl $name {
            #[doc = concat!("The discriminator field: `", $tag, "`.")]
            pub const TAG: &'static str = $tag;

            #[doc = concat!("The `", $tag, "` value of the variant received, if any.")]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    $( Self::$variant(_) => Some([$($value),+][0]), )+
                    Self::Unknown(value) => value.get($tag).and_then(serde_json::Value::as_str),
                }
            }
        }

        impl crate::decode::union::TaggedUnion for $name {
            const TAG: &'static str = $tag;
            const FIELDS: &'static [&'static str] = &[$tag];
            const STRUCT_NAME: &'static str =
                concat!("$postpress::union::", stringify!($name));
            const SCHEMA: &'static str = stringify!($name);
            const EXPECTING: &'static str =
                concat!("a ", stringify!($name), " object (told apart by `", $tag, "`)");

            fn known(tag: &str) -> Option<&'static str> {
                match tag {
                    $( $( $value => Some(concat!("\"", $value, "\"")), )+ )+
                    _ => None,
                }
            }

            fn decode_variant<'de, M: serde::de::MapAccess<'de>>(
                tag: &'static str,
                map: crate::decode::union::Replay<'de, M>,
            ) -> Result<Self, M::Error> {
                match tag {
                    $( $($value)|+ => crate::decode::union::variant::<$ty, M>(map).map(Self::$variant), )+
                    other => Err(serde::de::Error::custom(format!(
                        "{}: no variant for {other:?}",
                        stringify!($name)
                    ))),
                }
            }

            fn unknown(value: serde_json::Value) -> Self {
                Self::Unknown(value)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // One pass: the entries up to the tag are kept, then exactly
                // the tagged variant decodes them and the rest of the object
                // from the input (see `crate::decode::union`).
                crate::decode::union::union(deserializer)
            }
        }

        /// One of the known variants' schemas (`oneOf`); the decoder also
        /// keeps a variant this version does not know, the schema does not.
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_string()
            }

            fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
                let variants = vec![$( generator.subschema_for::<$ty>(), )+];
                schemars::schema::Schema::Object(schemars::schema::SchemaObject {
                    subschemas: Some(Box::new(schemars::schema::SubschemaValidation {
                        one_of: Some(variants),
                        ..Default::default()
                    })),
                    ..Default::default()
                })
            }
        }

        // As the variant types: only with `serialize-responses` (or `mock`).
        #[cfg(feature = "serialize-responses")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(inner) => inner.serialize(serializer), )+
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        $(
            impl From<$ty> for $name {
                fn from(inner: $ty) -> Self {
                    Self::$variant(inner)
                }
            }
        )+
    };
}

tagged_union! {
    /// A user's profile (`GET /users/{identifier}`); the variant follows the
    /// provider behind the linked account.
    UserProfile by "provider" {
        /// A LinkedIn profile.
        Linkedin(types::LinkedinUserProfile) = "LINKEDIN",
        /// A WhatsApp profile.
        Whatsapp(types::WhatsappUserProfile) = "WHATSAPP",
        /// An Instagram profile.
        Instagram(types::InstagramUserProfile) = "INSTAGRAM",
        /// A Telegram profile.
        Telegram(types::TelegramUserProfile) = "TELEGRAM",
        /// A Twitter profile.
        Twitter(types::TwitterUserProfile) = "TWITTER",
    }
}

tagged_union! {
    /// The account owner's own profile (`GET /users/me`).
    AccountOwnerProfile by "provider" {
        /// A LinkedIn account.
        Linkedin(types::LinkedinAccountOwnerProfile) = "LINKEDIN",
        /// A Telegram account.
        Telegram(types::TelegramAccountOwnerProfile) = "TELEGRAM",
        /// A Twitter account.
        Twitter(types::TwitterAccountOwnerProfile) = "TWITTER",
        /// A Gmail account.
        Gmail(types::GmailAccountOwnerProfile) = "GMAIL",
        /// An Outlook account.
        Outlook(types::OutlookAccountOwnerProfile) = "OUTLOOK",
        /// An IMAP account.
        Imap(types::ImapAccountOwnerProfile) = "IMAP",
    }
}

tagged_union! {
    /// One event of a LinkedIn profile's Recruiter activity.
    RecruitingActivity by "event" {
        /// A message (`MESSAGE`).
        Message(types::MessageActivity) = "MESSAGE",
        /// A note added, edited or deleted.
        Note(types::NoteActivity) = "NOTE_ADDED" | "NOTE_EDITED" | "NOTE_DELETED",
        /// A link added or deleted.
        Link(types::LinkActivity) = "LINK_ADDED" | "LINK_DELETED",
        /// A candidate added to or moved in a project.
        CandidateStatus(types::CandidateStatusActivity) = "CANDIDATE_ADDED" | "CANDIDATE_MOVED",
        /// A profile view (`PROFILE_VIEW`).
        ProfileView(types::ProfileViewActivity) = "PROFILE_VIEW",
        /// An event postpress does not handle (`UNHANDLED_EVENT`).
        UnhandledEvent(types::UnhandledEventActivity) = "UNHANDLED_EVENT",
    }
}

tagged_union! {
    /// One item of a LinkedIn search page.
    SearchResult by "type" {
        /// A person (`PEOPLE`).
        People(types::PeopleSearchResult) = "PEOPLE",
        /// A company (`COMPANY`).
        Company(types::CompanySearchResult) = "COMPANY",
        /// A post (`POST`).
        Post(types::PostSearchResult) = "POST",
        /// A job listing (`JOB`).
        Job(types::JobSearchResult) = "JOB",
    }
}

tagged_union! {
    /// One attachment of a post found by the search.
    PostSearchAttachment by "type" {
        /// An image (`img`).
        Image(types::PostSearchImageAttachment) = "img",
        /// A video (`video`).
        Video(types::PostSearchVideoAttachment) = "video",
        /// An audio clip (`audio`).
        Audio(types::PostSearchAudioAttachment) = "audio",
        /// A file (`file`).
        File(types::PostSearchFileAttachment) = "file",
        /// Another LinkedIn post (`linkedin_post`).
        LinkedinPost(types::PostSearchLinkedinPostAttachment) = "linkedin_post",
        /// A video meeting (`video_meeting`).
        VideoMeeting(types::PostSearchVideoMeetingAttachment) = "video_meeting",
    }
}
