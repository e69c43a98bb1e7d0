//! `postpress limits show|reset`: an operator's view of the per-account
//! limits, and a way to lift a stop or restore a pace, for every process
//! sharing the Redis (`--redis-url`), or this process alone without one.
//! Nothing is sent to the API and no key is needed.

use std::io::Write;

use clap::Subcommand;
use postpress::{CallKind, Limiter, Limits};

use crate::failure::Failure;

#[derive(Subcommand)]
pub enum LimitsCommand {
    /// Print an account's state as JSON: its stop, lowered paces and each budget's use. Without
    /// --account-id, every account the Redis store holds, by the hash of its id (ids are never
    /// written there).
    Show {
        /// The account whose state to print.
        #[arg(long)]
        account_id: Option<String>,
    },
    /// Lift an account's stop and restore its full pace, for every process sharing the store;
    /// with --kind, restore that kind's pace alone. Prints the account's state after.
    Reset {
        /// The account to reset.
        #[arg(long)]
        account_id: String,
        /// A kind of call: profile_view, own_profile, relation_page, search, user_action.
        #[arg(long, value_parser = kind)]
        kind: Option<CallKind>,
    },
}

fn kind(name: &str) -> Result<CallKind, String> {
    CallKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.name() == name)
        .ok_or_else(|| format!("expected one of {}", crate::limits_file::kind_names()))
}

/// Runs the command against the limiter `limits` make (in memory when
/// there are none).
pub async fn run(command: LimitsCommand, limits: Option<Limits>) -> Result<(), Failure> {
    let limiter = limits.unwrap_or_default().into_limiter()?;
    match command {
        LimitsCommand::Show {
            account_id: Some(account_id),
        } => print(&limiter.report(&account_id).await?),
        LimitsCommand::Show { account_id: None } => print(&limiter.reports().await?),
        LimitsCommand::Reset { account_id, kind } => {
            reset(&limiter, &account_id, kind).await?;
            print(&limiter.report(&account_id).await?)
        }
    }
}

async fn reset(limiter: &Limiter, account_id: &str, kind: Option<CallKind>) -> Result<(), Failure> {
    match kind {
        Some(kind) => limiter.reset_kind(account_id, kind).await?,
        None => limiter.reset(account_id).await?,
    }
    Ok(())
}

fn print(value: &impl serde::Serialize) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value).map_err(std::io::Error::from)?;
    writeln!(stdout)?;
    Ok(())
}
