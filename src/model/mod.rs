//! The values the API sends and takes, beyond what progenitor generates:
//! the response unions (`unions.rs`) and their one-pass decoding
//! (`decode.rs`, the JSON path of an error in `json_path.rs`), LinkedIn profile sections, timestamps, and request bodies
//! read from JSON.

pub(crate) mod decode;
mod held;
mod json_path;
mod request_bodies;
pub(crate) mod sections;
mod timestamps;
pub(crate) mod unions;

pub use request_bodies::{search_request_from_json, user_action_request_from_json};
pub use sections::LinkedinSections;
pub use unions::{AccountOwnerProfile, RecruitingActivity, SearchResult, UserProfile};
