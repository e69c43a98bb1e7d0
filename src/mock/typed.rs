//! The typed httpmock helpers (`MockServerExt`) and each operation's
//! example, made by progenitor from `openapi/postpress.yaml` (see
//! `codegen/mock.rs`), included from `OUT_DIR`. Nothing here is edited by
//! hand.
#![allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]

include!(concat!(env!("OUT_DIR"), "/postpress_httpmock.rs"));
