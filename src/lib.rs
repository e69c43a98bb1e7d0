#![doc = include_str!("docs/quick_start.md")]
#![doc = include_str!("docs/configuration.md")]
#![doc = include_str!("docs/pagination.md")]
#![doc = include_str!("docs/errors.md")]
#![doc = include_str!("docs/limits.md")]
#![doc = include_str!("docs/testing.md")]
// On docs.rs, every item behind a feature says which (`[package.metadata.docs.rs]`).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod call_kind;
mod client;
mod decode;
mod error;
mod http;
mod limits;
#[cfg(feature = "mock")]
pub mod mock;
mod model;
mod openapi;
mod pagination;
mod quota_window;
pub mod secrets;

pub use call_kind::CallKind;
pub use client::{
    API_KEY_ENV, BASE_URL_ENV, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT,
};
pub use decode::{Correction, CorrectionReason, Observation, ObservationKind};
pub use error::{ApiError, Error, ErrorKind, Result, UndecodedItem};
pub use http::{
    CLASSIC_SEARCH_MAX_LIMIT, RELATIONS_MAX_LIMIT, RequestOptions, Response, RetryPolicy,
    SEARCH_MAX_LIMIT,
};
pub use limits::{
    AccountReport, Budget, BudgetReport, DEFAULT_STOP_COOL_DOWN, Limiter, Limits, PaceReport,
    ParseRateError, RateLimit, SlowDown, StopReport,
};
pub use model::{
    AccountOwnerProfile, LinkedinSections, PostSearchAttachment, RecruitingActivity, SearchResult,
    UserProfile,
};
#[cfg(feature = "request-from-json")]
pub use model::{search_request_from_json, user_action_request_from_json};
/// The request builders returned by each [`Client`] method.
pub use openapi::builder;
/// Every request and response type of the API, generated from the spec.
///
/// Behind features (derived impls carry no mark of their own on docs.rs):
/// `schemars::JsonSchema` on every type with `schemars`; `serde::Serialize`
/// on response types with `serialize-responses` (request types always);
/// `serde::Deserialize` on request types with `request-from-json` (response
/// types always); `types::builder` and `X::builder()` with `builders`.
/// `mock` turns on `serialize-responses`.
pub use openapi::types;
pub use pagination::{
    Checkpoint, Items, LONG_CURSOR_BYTES, Page, Pager, RelationsPager, SearchPager,
};
pub use quota_window::QuotaWindow;
