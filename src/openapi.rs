//! The client progenitor makes from `openapi/postpress.yaml` (settings:
//! `codegen/mod.rs`; the checked-in copy: `generated/`), included from
//! `OUT_DIR`: the builders, the types and the `OPERATIONS` table. Nothing
//! here is edited by hand.
#![allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]

include!(concat!(env!("OUT_DIR"), "/postpress_generated.rs"));
