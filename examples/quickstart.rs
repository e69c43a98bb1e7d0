//! Calls the SDK against the `mock` feature's example server on 127.0.0.1,
//! which answers every operation with the reference pages' example
//! responses (and the error envelope for ids it does not know): no API key,
//! no network.
//!
//! Run: `cargo run --example quickstart --features mock`

use postpress::UserProfile;
use postpress::mock::ExampleServer;

const ACCOUNT_ID: &str = "acc_linkedin_01HXYZ4QK3WJ8FN3M6QH7TZ8GR";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = ExampleServer::start().await;
    let client = server.client()?;

    // `_for`: the required values as arguments (identifier, then account).
    let profile = client
        .get_user_for("jordan-walke", ACCOUNT_ID)
        .send()
        .await?;
    match &profile {
        UserProfile::Linkedin(p) => {
            // Names are null when LinkedIn withholds them (out of network).
            let first = p.first_name.as_deref().unwrap_or("(withheld)");
            let last = p.last_name.as_deref().unwrap_or("");
            println!("{first} {last} — {}", p.headline);
            for job in &p.work_experience {
                println!(
                    "  {} at {} (since {})",
                    job.position,
                    job.company,
                    job.start.as_deref().unwrap_or("?")
                );
            }
        }
        other => println!("a {:?} profile", other.tag()),
    }

    let page = client.list_relations_for(ACCOUNT_ID).send().await?;
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

    match client.get_user_for("nobody", ACCOUNT_ID).send().await {
        Err(e) => println!("expected error: {e}"),
        Ok(_) => println!("unexpected success"),
    }
    Ok(())
}
