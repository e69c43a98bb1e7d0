//! The code progenitor generates from `openapi/postpress.yaml` (see
//! `codegen/mod.rs`). Nothing here is edited by hand.
#![allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]

include!(concat!(env!("OUT_DIR"), "/postpress_generated.rs"));
