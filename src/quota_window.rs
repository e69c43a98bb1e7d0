//! The windows a quota counts calls in. A leaf module, like `call_kind.rs`:
//! the error enum (`Error::QuotaExhausted`) and the limits both name it.

use std::fmt;

/// Which quota of a budget was used up
/// ([`Error::QuotaExhausted`](crate::Error::QuotaExhausted)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuotaWindow {
    /// Calls per UTC day: counted again from midnight UTC.
    Day,
    /// Calls per rolling seven days: one call more is allowed seven days
    /// after the oldest call counted.
    Week,
}

impl QuotaWindow {
    /// `daily` or `weekly`.
    pub fn name(&self) -> &'static str {
        match self {
            QuotaWindow::Day => "daily",
            QuotaWindow::Week => "weekly",
        }
    }
}

impl fmt::Display for QuotaWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
