//! What each API command calls: the SDK's request builders and pagers,
//! with the command's arguments as given; `output.rs` prints the answers.

use std::io::Read;
use std::path::PathBuf;

use postpress::Client;

use crate::failure::Failure;
use crate::output::Output;
use crate::{Command, Linkedin, Users};

impl Command {
    /// The operation id the command calls, for warnings.
    pub(crate) fn operation(&self) -> &'static str {
        match self {
            Command::Users(Users::Get { .. }) => "get_user",
            Command::Users(Users::Me { .. }) => "get_own_profile",
            Command::Users(Users::Relations { .. }) => "list_relations",
            Command::Linkedin(Linkedin::Search { .. }) => "linkedin_search",
            Command::Linkedin(Linkedin::UserAction { .. }) => "linkedin_user_action",
            Command::Schema { .. } => "schema",
            Command::Limits(_) => "limits",
        }
    }
}

pub(crate) async fn users(
    client: &Client,
    command: Users,
    out: &mut Output,
) -> Result<(), Failure> {
    match command {
        Users::Get {
            identifier,
            account_id,
            linkedin_sections,
            linkedin_api,
            notify,
        } => {
            let mut request = client
                .get_user()
                .identifier(identifier)
                .account_id(account_id);
            if !linkedin_sections.is_empty() {
                request = request.linkedin_sections(linkedin_sections);
            }
            if let Some(api) = linkedin_api {
                request = request.linkedin_api(api);
            }
            if notify {
                request = request.notify(true);
            }
            out.one(request.send_with_json().await)
        }
        Users::Me { account_id } => out.one(
            client
                .get_own_profile()
                .account_id(account_id)
                .send_with_json()
                .await,
        ),
        Users::Relations {
            account_id,
            page,
            filter,
        } => {
            if page.all {
                let mut pager = client.relations(account_id);
                if let Some(filter) = filter {
                    pager = pager.filter(filter);
                }
                if let Some(limit) = page.limit {
                    pager = pager.limit(limit);
                }
                if let Some(cursor) = page.cursor {
                    pager = pager.cursor(cursor);
                }
                return out.all(pager.pages()).await;
            }
            let mut request = client.list_relations().account_id(account_id);
            if let Some(filter) = filter {
                request = request.filter(filter);
            }
            if let Some(limit) = page.limit {
                request = request.limit(limit);
            }
            if let Some(cursor) = page.cursor {
                request = request.cursor(cursor);
            }
            out.page(request.send_with_json().await)
        }
    }
}

pub(crate) async fn linkedin(
    client: &Client,
    command: Linkedin,
    out: &mut Output,
) -> Result<(), Failure> {
    match command {
        Linkedin::Search {
            account_id,
            body,
            page,
        } => {
            let body = postpress::search_request_from_json(&read_body(&body)?)?;
            if page.all {
                let mut pager = client.search(account_id, body);
                if let Some(limit) = page.limit {
                    pager = pager.limit(limit);
                }
                if let Some(cursor) = page.cursor {
                    pager = pager.cursor(cursor);
                }
                return out.all(pager.pages()).await;
            }
            let mut request = client.linkedin_search().account_id(account_id).body(body);
            if let Some(limit) = page.limit {
                request = request.limit(limit);
            }
            if let Some(cursor) = page.cursor {
                request = request.cursor(cursor);
            }
            out.page(request.send_with_json().await)
        }
        Linkedin::UserAction { user_id, body } => {
            let body = postpress::user_action_request_from_json(&read_body(&body)?)?;
            out.one(
                client
                    .linkedin_user_action()
                    .user_id(user_id)
                    .body(body)
                    .send_with_json()
                    .await,
            )
        }
    }
}

/// The body file's text, or stdin's for `-`.
fn read_body(path: &PathBuf) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(drop)
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map(drop)
    };
    read.map_err(|e| Failure::Usage(format!("--body {}: {e}", path.display())))?;
    Ok(text)
}
