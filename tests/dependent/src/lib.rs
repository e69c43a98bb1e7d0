//! A new user's first program, written from the README and the crate docs:
//! a profile, a Classic search walked to N items, and relations from a
//! saved cursor. Its tests (`tests/first_hour.rs`) use `postpress::mock`.

use futures::TryStreamExt;
use postpress::types::ClassicPeopleSearch;
use postpress::{Client, ClientBuilder, RetryPolicy, SearchResult, UserProfile};

/// The client from the environment, with a retry policy of its own.
pub fn client() -> postpress::Result<Client> {
    ClientBuilder::from_env()?
        .retry(RetryPolicy::retries(2))
        .build()
}

/// A profile's first name, looked up by an identifier the program holds;
/// `None` where LinkedIn withholds it (out of network) or the profile is not
/// LinkedIn's.
pub async fn first_name(
    client: &Client,
    account: &str,
    who: String,
) -> postpress::Result<Option<String>> {
    let profile = client
        .get_user()
        .identifier(who)
        .account_id(account)
        .send()
        .await?;
    Ok(match profile {
        UserProfile::Linkedin(p) => p.first_name,
        _ => None,
    })
}

/// Up to `n` people a keyword search finds.
pub async fn people(
    client: &Client,
    account: &str,
    keywords: &str,
    n: usize,
) -> postpress::Result<Vec<SearchResult>> {
    client
        .search(account, ClassicPeopleSearch::new().keywords(keywords))
        .limit(50)
        .max_items(n)
        .items()
        .try_collect()
        .await
}

/// Every relation's public identifier, 100 a page.
pub async fn relations(client: &Client, account: &str) -> postpress::Result<Vec<String>> {
    client
        .relations(account)
        .limit(100)
        .items()
        .map_ok(|r| r.public_identifier)
        .try_collect()
        .await
}
