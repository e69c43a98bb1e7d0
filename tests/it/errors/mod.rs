//! Errors: every documented error status and type decodes into `Error::Api`
//! (`envelope`); bodies that are not the envelope, or not what the spec says,
//! keep status, content type, body start and JSON path (`bodies`).

mod bodies;
mod envelope;

use std::time::Duration;

use crate::common::{ACCOUNT_ID, API_KEY, client, envelope, fixture_json};
use httpmock::prelude::*;
use postpress::{Client, Error, ErrorKind, types};

/// Calls `operation_id` with a valid request and returns only its error.
async fn call(client: &Client, operation_id: &str) -> Result<(), Error> {
    match operation_id {
        "get_user" => client
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .map(drop),
        "get_own_profile" => client
            .get_own_profile()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .map(drop),
        // Listings take the strict path here: any departure is an error.
        "list_relations" => client
            .list_relations()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .and_then(postpress::Page::strict)
            .map(drop),
        "linkedin_search" => {
            let body: types::LinkedinSearchRequest =
                serde_json::from_value(fixture_json("linkedin_search.example_request.json"))
                    .expect("example body");
            client
                .linkedin_search()
                .account_id(ACCOUNT_ID)
                .body(body)
                .send()
                .await
                .and_then(postpress::Page::strict)
                .map(drop)
        }
        "linkedin_user_action" => {
            let body: types::LinkedinUserActionRequest =
                serde_json::from_value(fixture_json("linkedin_user_action.example_request.json"))
                    .expect("example body");
            client
                .linkedin_user_action()
                .user_id("AEMAACr-1eYBl...")
                .body(body)
                .send()
                .await
                .map(drop)
        }
        other => panic!("no call for operation {other}"),
    }
}

/// `(operation_id, method, path, status, [documented types])` from the spec's `x-error-types`.
fn documented_errors() -> Vec<(String, String, String, u16, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/postpress.yaml"
    ))
    .expect("spec");
    let spec: serde_json::Value = serde_yaml_ng::from_str(&text).expect("spec parses");
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let op_id = op["operationId"].as_str().expect("operationId").to_string();
            for (status, response) in op["responses"].as_object().expect("responses") {
                let status: u16 = status.parse().expect("numeric status");
                if status < 400 {
                    continue;
                }
                let response = match response["$ref"].as_str() {
                    Some(reference) => {
                        let name = reference.trim_start_matches("#/components/responses/");
                        spec["components"]["responses"][name].clone()
                    }
                    None => response.clone(),
                };
                let types = response["x-error-types"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{op_id} {status}: no x-error-types"))
                    .iter()
                    .map(|t| {
                        t.as_str()
                            .expect("string")
                            .trim_start_matches("errors/")
                            .to_string()
                    })
                    .collect();
                out.push((
                    op_id.clone(),
                    method.to_uppercase(),
                    path.clone(),
                    status,
                    types,
                ));
            }
        }
    }
    out
}

fn mock_path(path: &str) -> String {
    path.replace("{identifier}", "jordan-walke")
        .replace("{user_id}", "AEMAACr-1eYBl...")
}
