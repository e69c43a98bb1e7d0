#![doc = include_str!("docs/quick_start.md")]
#![doc = include_str!("docs/configuration.md")]
#![doc = include_str!("docs/pagination.md")]
#![doc = include_str!("docs/errors.md")]
#![doc = include_str!("docs/limits.md")]
#![doc = include_str!("docs/testing.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod client;
mod decode;
mod error;
mod error_kind;
mod generated;
mod limits;
#[cfg(feature = "mock")]
pub mod mock;
mod operations;
mod page;
mod pagers;
mod pagination;
mod request_bodies;
mod request_options;
mod response;
mod retry;
mod sections;
mod timestamps;
mod transport;
mod unions;
mod validation;

pub use client::{
    API_KEY_ENV, BASE_URL_ENV, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT,
};
pub use error::{ApiError, Error, Result};
pub use error_kind::ErrorKind;
/// The request builders returned by each [`Client`] method.
pub use generated::builder;
/// Every request and response type of the API, generated from the spec.
pub use generated::types;
pub use limits::{
    Budget, CallKind, DEFAULT_STOP_COOL_DOWN, Limiter, Limits, ParseRateError, RateLimit, SlowDown,
};
pub use page::{Page, UndecodedItem};
pub use pagers::{LONG_CURSOR_BYTES, RelationsPager, SearchPager};
pub use request_bodies::{search_request_from_json, user_action_request_from_json};
pub use request_options::RequestOptions;
pub use response::Response;
pub use retry::RetryPolicy;
pub use sections::LinkedinSections;
pub use unions::{AccountOwnerProfile, RecruitingActivity, SearchResult, UserProfile};
pub use validation::{CLASSIC_SEARCH_MAX_LIMIT, RELATIONS_MAX_LIMIT, SEARCH_MAX_LIMIT};
