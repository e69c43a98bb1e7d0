//! The httpmock helpers progenitor generates from `openapi/postpress.yaml`
//! (see `codegen/mock.rs`). Nothing here is edited by hand.
#![allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]

include!(concat!(env!("OUT_DIR"), "/postpress_httpmock.rs"));
