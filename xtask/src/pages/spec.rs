//! The spec as the page checks read it: the operations model, the
//! document, and its server.

use serde_json::Value;

use crate::model::Api;

/// The spec, as the comparison reads it.
pub struct Spec {
    pub api: Api,
    pub document: Value,
    /// The first server's URL (`https://api.postpress.ai/api/v1`).
    pub server: String,
}

impl Spec {
    pub fn parse(text: &str) -> Result<Spec, String> {
        let document = crate::model::document(text)?;
        let server = document
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        Ok(Spec {
            api: crate::model::parse(text)?,
            document,
            server,
        })
    }
}
