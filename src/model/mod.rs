//! The values the API sends and takes, beyond what progenitor generates:
//! the response unions (`unions.rs`; their one-pass decoding is in
//! `crate::decode::union`; the untagged ones', the seats', in
//! `untagged_union.rs`), the JSON path of a request body's decoding error
//! (`json_path.rs`), LinkedIn profile sections, timestamps, and request
//! bodies read from JSON (`request-from-json` feature).

#[cfg(feature = "request-from-json")]
mod json_path;
#[cfg(feature = "request-from-json")]
mod request_bodies;
pub(crate) mod sections;
pub(crate) mod struct_deserialize;
mod timestamps;
pub(crate) mod unions;
pub(crate) mod untagged_union;

#[cfg(feature = "request-from-json")]
pub use request_bodies::{search_request_from_json, user_action_request_from_json};
pub use sections::LinkedinSections;
pub use unions::{
    AccountOwnerProfile, PostSearchAttachment, RecruitingActivity, SearchResult, UserProfile,
};
