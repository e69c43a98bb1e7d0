//! How a run ends: what failed, and the exit code and stderr line for it.

use std::io::Write;
use std::process::ExitCode;

use postpress::Error;

/// What ended the run.
pub enum Failure {
    /// Bad input: nothing, or nothing more, was sent (exit 2).
    Usage(String),
    /// The call failed (exit 1).
    Call(Error),
    /// Writing the output failed (exit 1), except a closed pipe (exit 0).
    Output(std::io::Error),
    /// `--strict` and this many departures from the spec (exit 1).
    Departures(usize),
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

/// Prints the failure as one line on stderr and gives its exit code.
pub fn report(failure: Failure) -> ExitCode {
    let (message, code) = match failure {
        Failure::Usage(message) => (message, 2),
        Failure::Call(error) => (error.to_string(), 1),
        Failure::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS;
        }
        Failure::Output(e) => (format!("cannot write the output: {e}"), 1),
        Failure::Departures(count) => (
            format!("--strict: {count} departure(s) from the spec (see the warnings above)"),
            1,
        ),
    };
    // Failing to report the failure leaves nothing better to do.
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(code)
}
