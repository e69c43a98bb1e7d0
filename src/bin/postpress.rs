//! `postpress`: every postpress operation from the shell, JSON on stdout.
//!
//! Built only with the `cli` feature. It uses the public SDK API alone: the
//! SDK's client, pagination and errors; this file only parses arguments and
//! prints. Exit codes: 0 success, 1 an API or transport error, 2 a usage
//! error (bad arguments, an invalid body file, a value out of range).

#[path = "postpress/mock.rs"]
mod mock;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use futures::TryStreamExt;
use postpress::{Client, Error};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "postpress",
    version,
    about = "Call the postpress API from the shell; JSON out."
)]
struct Cli {
    /// Server URL including the version prefix [default: the spec's server].
    #[arg(
        long,
        env = "POSTPRESS_BASE_URL",
        global = true,
        conflicts_with = "mock"
    )]
    base_url: Option<String>,
    /// API key.
    #[arg(long, env = "POSTPRESS_API_KEY", hide_env_values = true, global = true)]
    api_key: Option<String>,
    /// Answer from an in-process server on 127.0.0.1 that serves the spec's examples (no key needed).
    #[arg(long, global = true)]
    mock: bool,
    /// Pace the calls of each account: CALLS/UNIT (s, m, h, d), e.g. 5/s, 100/m, 300/d; calls start evenly spaced, no bursts.
    #[arg(long, global = true, value_name = "RATE")]
    rate_limit: Option<postpress::RateLimit>,
    /// Share each account's pace, slow-down and stop with every process using this Redis (redis://[:password@]host:port/db).
    #[arg(
        long,
        env = "POSTPRESS_REDIS_URL",
        hide_env_values = true,
        global = true,
        value_name = "URL"
    )]
    redis_url: Option<String>,
    /// Log requests, responses and retries on stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Profiles and relations.
    #[command(subcommand)]
    Users(Users),
    /// LinkedIn search and actions.
    #[command(subcommand)]
    Linkedin(Linkedin),
}

#[derive(Subcommand)]
enum Users {
    /// Retrieve a user's profile.
    Get {
        /// Provider id or public identifier.
        identifier: String,
        #[arg(long)]
        account_id: String,
        /// Profile sections to fetch, comma-separated (e.g. `*_preview,experience`).
        #[arg(long, value_delimiter = ',')]
        linkedin_sections: Vec<String>,
        /// The LinkedIn API to look the user up with.
        #[arg(long)]
        linkedin_api: Option<String>,
        /// Let the user know their profile was viewed.
        #[arg(long)]
        notify: bool,
    },
    /// Retrieve the account owner's own profile.
    Me {
        #[arg(long)]
        account_id: String,
    },
    /// List the account's relations.
    Relations {
        #[arg(long)]
        account_id: String,
        #[command(flatten)]
        page: PageArgs,
        /// Only relations matching this text.
        #[arg(long)]
        filter: Option<String>,
    },
}

#[derive(Subcommand)]
enum Linkedin {
    /// Run a LinkedIn search; the body is JSON (a file, or `-` for stdin).
    Search {
        #[arg(long)]
        account_id: String,
        #[arg(long, value_name = "FILE|-")]
        body: PathBuf,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Act on a LinkedIn user; the body is JSON (a file, or `-` for stdin).
    UserAction {
        user_id: String,
        #[arg(long, value_name = "FILE|-")]
        body: PathBuf,
    },
}

#[derive(Args)]
struct PageArgs {
    /// Items per page.
    #[arg(long)]
    limit: Option<u64>,
    /// Start from this cursor.
    #[arg(long)]
    cursor: Option<String>,
    /// Every item of every page, as JSON Lines.
    #[arg(long)]
    all: bool,
}

/// What ended the run.
enum Failure {
    /// Bad input: nothing, or nothing more, was sent (exit 2).
    Usage(String),
    /// The call failed (exit 1).
    Call(Error),
    /// Writing the output failed (exit 1), except a closed pipe (exit 0).
    Output(std::io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error.root() {
            Error::InvalidRequest { .. } | Error::Config { .. } => {
                Failure::Usage(error.to_string())
            }
            _ => Failure::Call(error),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Output(error)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose {
        init_logging();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return report(Failure::Output(e)),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure),
    }
}

fn report(failure: Failure) -> ExitCode {
    let (message, code) = match failure {
        Failure::Usage(message) => (message, 2),
        Failure::Call(error) => (error.to_string(), 1),
        Failure::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS;
        }
        Failure::Output(e) => (format!("cannot write the output: {e}"), 1),
    };
    // Failing to report the failure leaves nothing better to do.
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(code)
}

fn init_logging() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter =
        tracing_subscriber::filter::Targets::new().with_target("postpress", tracing::Level::DEBUG);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(filter)
        .init();
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let mock = if cli.mock {
        Some(
            mock::start()
                .await
                .map_err(|e| Failure::Usage(format!("--mock: {e}")))?,
        )
    } else {
        None
    };
    let mut builder = Client::builder();
    match (&mock, cli.api_key) {
        (_, Some(key)) => builder = builder.api_key(key),
        (Some(_), None) => builder = builder.api_key("mock-key"),
        (None, None) => {
            return Err(Failure::Usage(
                "no API key: pass --api-key or set POSTPRESS_API_KEY (or try --mock)".into(),
            ));
        }
    }
    if let Some(mock) = &mock {
        builder = builder.base_url(mock.base_url());
    } else if let Some(url) = cli.base_url {
        builder = builder.base_url(url);
    }
    if cli.rate_limit.is_some() || cli.redis_url.is_some() {
        let mut limits = postpress::Limits::new();
        if let Some(rate) = cli.rate_limit {
            limits = limits.per_account(postpress::Budget::rate(rate));
        }
        if let Some(url) = cli.redis_url {
            limits = limits.redis(url);
        }
        builder = builder.limits(limits);
    }
    let client = builder.build()?;
    match cli.command {
        Command::Users(command) => users(&client, command).await,
        Command::Linkedin(command) => linkedin(&client, command).await,
    }
}

async fn users(client: &Client, command: Users) -> Result<(), Failure> {
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
            print_one(&request.send().await?)
        }
        Users::Me { account_id } => print_one(
            &client
                .get_own_profile()
                .account_id(account_id)
                .send()
                .await?,
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
                return print_all(pager.pages(), |page| page.items).await;
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
            print_one(&request.send().await?)
        }
    }
}

async fn linkedin(client: &Client, command: Linkedin) -> Result<(), Failure> {
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
                return print_all(pager.pages(), |page| page.items).await;
            }
            let mut request = client.linkedin_search().account_id(account_id).body(body);
            if let Some(limit) = page.limit {
                request = request.limit(limit);
            }
            if let Some(cursor) = page.cursor {
                request = request.cursor(cursor);
            }
            print_one(&request.send().await?)
        }
        Linkedin::UserAction { user_id, body } => {
            let body = postpress::user_action_request_from_json(&read_body(&body)?)?;
            print_one(
                &client
                    .linkedin_user_action()
                    .user_id(user_id)
                    .body(body)
                    .send()
                    .await?,
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

/// One response, pretty JSON.
fn print_one(value: &impl Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Every item of every page as JSON Lines, written as each page arrives,
/// with a progress line on stderr when stderr is a terminal.
async fn print_all<P, T: Serialize>(
    mut pages: futures::stream::BoxStream<'static, postpress::Result<P>>,
    items: impl Fn(P) -> Vec<T>,
) -> Result<(), Failure> {
    let progress = std::io::stderr().is_terminal();
    let (mut page_count, mut item_count) = (0_usize, 0_usize);
    let result = async {
        while let Some(page) = pages.try_next().await? {
            let mut out = std::io::stdout().lock();
            for item in items(page) {
                serde_json::to_writer(&mut out, &item).map_err(std::io::Error::from)?;
                writeln!(out)?;
                item_count += 1;
            }
            out.flush()?;
            page_count += 1;
            if progress {
                let _ = write!(
                    std::io::stderr(),
                    "\r{item_count} items, {page_count} pages"
                );
            }
        }
        Ok::<(), Failure>(())
    }
    .await;
    if progress {
        let _ = writeln!(std::io::stderr());
    }
    result
}
