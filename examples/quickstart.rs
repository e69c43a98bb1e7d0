//! Calls the SDK against an in-process mock server on 127.0.0.1 that answers
//! with the reference pages' example responses: no API key, no network.
//!
//! Run: `cargo run --example quickstart`

use httpmock::prelude::*;
use postpress::{Client, UserProfile};

const ACCOUNT_ID: &str = "acc_linkedin_01HXYZ4QK3WJ8FN3M6QH7TZ8GR";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start_async().await;
    let example = |name: &str| {
        let path = format!(
            "{}/tests/fixtures/{name}.example_response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path)
    };
    let profile_body = example("get_user")?;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/users/jordan-walke")
                .query_param("account_id", ACCOUNT_ID);
            then.status(200)
                .header("content-type", "application/json")
                .body(profile_body);
        })
        .await;
    let relations_body = example("list_relations")?;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/users/relations")
                .query_param("account_id", ACCOUNT_ID);
            then.status(200)
                .header("content-type", "application/json")
                .body(relations_body);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/users/nobody");
            then.status(404)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({
                    "title": "Not found",
                    "detail": "The requested user was not found.",
                    "instance": "req_mock_404",
                    "type": "errors/resource_not_found",
                    "status": 404
                }));
        })
        .await;

    let client = Client::builder()
        .api_key("pp_mock_key")
        .base_url(server.base_url())
        .build()?;

    let profile = client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await?;
    match &profile {
        UserProfile::Linkedin(p) => {
            println!("{} {} — {}", p.first_name, p.last_name, p.headline);
            for job in &p.work_experience {
                println!(
                    "  {} at {} (since {})",
                    job.position, job.company, job.start
                );
            }
        }
        other => println!("a {:?} profile", other.tag()),
    }

    let page = client
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await?;
    for relation in page.items() {
        let since = relation
            .created_at_utc()
            .map(|t| t.date_naive().to_string())
            .unwrap_or_default();
        println!(
            "relation: {} {} (connected {since})",
            relation.first_name, relation.last_name
        );
    }
    println!("next cursor: {:?}", page.cursor());

    match client
        .get_user()
        .identifier("nobody")
        .account_id(ACCOUNT_ID)
        .send()
        .await
    {
        Err(e) => println!("expected error: {e}"),
        Ok(_) => println!("unexpected success"),
    }
    Ok(())
}
