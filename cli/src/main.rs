//! `postpress`: every postpress operation from the shell, JSON on stdout.
//!
//! It uses the public SDK API alone: the SDK's client, pagination and
//! errors. This file parses the arguments and builds the client,
//! `commands.rs` makes the calls, and `output.rs` prints the API's JSON as
//! received. Exit codes: 0 success (a departure from the spec is a warning
//! on stderr), 1 an API or transport error, or a departure with `--strict`,
//! 2 a usage error (bad arguments, an invalid body file, a value out of
//! range).

mod capture;
mod commands;
mod drift_log;
mod failure;
mod har;
mod limits;
mod limits_file;
mod output;
mod schema;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use failure::{Failure, report};
use output::Output;
use postpress::Client;

// A bulk export makes and frees nine strings per relation: glibc's malloc
// and free were a fifth of its CPU time (BENCHMARKS.md, "Bulk export").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Limits from a TOML file: [account] and [kinds.KIND] tables (rate, burst, daily_quota, weekly_quota), stop_cool_down, throttling_signal, [slow_down], [redis] (see the README); --rate-limit replaces its account rate.
    #[arg(long, global = true, value_name = "FILE")]
    limits: Option<PathBuf>,
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
    /// Exit 1 when a response departs from the spec (it is printed all the same).
    #[arg(long, global = true)]
    strict: bool,
    /// Write every exchange (requests and responses as received) to FILE as HAR 1.2, without the API key.
    #[arg(long, global = true, value_name = "FILE")]
    har: Option<PathBuf>,
    /// Append one JSON line per departure, unknown value or unknown field the SDK observes to FILE (shapes only, no field values), for `cargo xtask drift`.
    #[arg(long, global = true, value_name = "FILE")]
    drift_log: Option<PathBuf>,
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
    /// Show or reset accounts' limits: stops, paces, quotas (no key, nothing sent).
    #[command(subcommand)]
    Limits(limits::LimitsCommand),
    /// Print the JSON Schema of a request body (no key, nothing sent).
    Schema {
        #[arg(value_enum)]
        body: schema::Body,
    },
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
    if let Command::Schema { body } = cli.command {
        return schema::print(body);
    }
    // Read before anything is sent: a bad file sends nothing.
    let limits = limits_file::limits(cli.limits.as_deref(), cli.rate_limit, cli.redis_url)?;
    if let Command::Limits(command) = cli.command {
        return limits::run(command, limits).await;
    }
    let mock = match cli.mock {
        true => Some(postpress::mock::ExampleServer::start().await),
        false => None,
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
    let (mut builder, capture) = capture::relay(builder, cli.har.as_deref()).await?;
    if let Some(path) = &cli.drift_log {
        builder = drift_log::observe(builder, path)?;
    }
    if let Some(limits) = limits {
        builder = builder.limits(limits);
    }
    let client = builder.build()?;
    let mut out = Output::new(cli.command.operation());
    let done = match cli.command {
        Command::Users(command) => commands::users(&client, command, &mut out).await,
        Command::Linkedin(command) => commands::linkedin(&client, command, &mut out).await,
        Command::Schema { body } => schema::print(body),
        // Answered above, without a client.
        Command::Limits(_) => Ok(()),
    };
    // The capture is written whatever the outcome: failed exchanges too.
    if let Some(capture) = capture {
        capture.finish().map_err(Failure::Output)?;
    }
    done?;
    match out.departures {
        count if cli.strict && count > 0 => Err(Failure::Departures(count)),
        _ => Ok(()),
    }
}
