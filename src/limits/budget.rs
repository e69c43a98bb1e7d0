//! What a budget is: a rate (with its burst) and optional daily and weekly
//! quotas.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

/// A pace: one call per interval, after a burst of up to `burst` calls.
///
/// Parsed from `CALLS/UNIT` (`5/s`, `100/m`, `20/h`, `300/d`) with a burst
/// of one call: calls start evenly spaced, never two at once.
///
/// ```
/// use postpress::RateLimit;
/// let rate: RateLimit = "5/s".parse().expect("a valid rate");
/// assert_eq!(rate.interval(), std::time::Duration::from_millis(200));
/// assert_eq!(rate.burst(), 1);
/// assert!("5 per second".parse::<RateLimit>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    interval: Duration,
    burst: NonZeroU32,
}

impl RateLimit {
    /// At most `calls` per second for each account (bursts of up to `calls`).
    pub fn per_second(calls: NonZeroU32) -> Self {
        Self::spread(Duration::from_secs(1), calls, calls)
    }

    /// At most `calls` per minute for each account (bursts of up to `calls`).
    pub fn per_minute(calls: NonZeroU32) -> Self {
        Self::spread(Duration::from_secs(60), calls, calls)
    }

    /// At most `calls` per day for each account, evenly spaced (no burst).
    pub fn per_day(calls: NonZeroU32) -> Self {
        Self::spread(Duration::from_secs(86_400), calls, NonZeroU32::MIN)
    }

    /// One call per `period` for each account, after a burst of `burst`;
    /// `None` when `period` is zero.
    pub fn every(period: Duration, burst: NonZeroU32) -> Option<Self> {
        (!period.is_zero()).then_some(RateLimit {
            interval: period,
            burst,
        })
    }

    /// The same pace with another burst (`1`: no two calls at once).
    pub fn with_burst(self, burst: NonZeroU32) -> Self {
        RateLimit { burst, ..self }
    }

    /// The time between two calls at a steady pace.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// How many calls may start at once after a quiet period.
    pub fn burst(&self) -> u32 {
        self.burst.get()
    }

    fn spread(period: Duration, calls: NonZeroU32, burst: NonZeroU32) -> Self {
        RateLimit {
            // At least a nanosecond: `calls` is at most u32::MAX.
            interval: (period / calls.get()).max(Duration::from_nanos(1)),
            burst,
        }
    }
}

/// Why a `CALLS/UNIT` rate could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseRateError {
    input: String,
}

impl std::fmt::Display for ParseRateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid rate {:?}: expected CALLS/UNIT with CALLS > 0 and UNIT one of s, m, h, d (e.g. 5/s, 100/m, 300/d)",
            self.input
        )
    }
}

impl std::error::Error for ParseRateError {}

impl FromStr for RateLimit {
    type Err = ParseRateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = || ParseRateError {
            input: input.to_string(),
        };
        let (calls, unit) = input.trim().split_once('/').ok_or_else(error)?;
        let calls: NonZeroU32 = calls.trim().parse().map_err(|_| error())?;
        let period = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => 60,
            "h" | "hour" => 3_600,
            "d" | "day" => 86_400,
            _ => return Err(error()),
        };
        Ok(Self::spread(
            Duration::from_secs(period),
            calls,
            NonZeroU32::MIN,
        ))
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1 call every {:?} (burst {})", self.interval, self.burst)
    }
}

/// A budget: an optional pace, an optional number of calls per UTC day
/// and an optional number of calls per rolling seven days.
///
/// ```
/// use std::num::NonZeroU32;
/// use postpress::{Budget, RateLimit};
/// let views = Budget::rate("2/m".parse().expect("rate"))
///     .daily_quota(NonZeroU32::new(80).expect("non-zero"));
/// assert_eq!(views.daily_calls(), Some(80));
/// let invitations = Budget::default().weekly_quota(NonZeroU32::new(100).expect("non-zero"));
/// assert_eq!(invitations.weekly_calls(), Some(100));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    rate: Option<RateLimit>,
    daily_quota: Option<NonZeroU32>,
    weekly_quota: Option<NonZeroU32>,
}

impl Budget {
    /// Paced at `rate`, without a daily quota.
    pub fn rate(rate: RateLimit) -> Self {
        Budget {
            rate: Some(rate),
            ..Budget::default()
        }
    }

    /// At most `calls` per UTC day, without pacing.
    pub fn quota(calls: NonZeroU32) -> Self {
        Budget {
            daily_quota: Some(calls),
            ..Budget::default()
        }
    }

    /// Adds a cap of `calls` per UTC day; past it, calls fail with
    /// [`Error::QuotaExhausted`](crate::Error::QuotaExhausted) until midnight UTC.
    pub fn daily_quota(mut self, calls: NonZeroU32) -> Self {
        self.daily_quota = Some(calls);
        self
    }

    /// Adds a cap of `calls` per rolling seven days (any seven consecutive
    /// days, not a calendar week: see the crate docs on limits); past it,
    /// calls fail with [`Error::QuotaExhausted`](crate::Error::QuotaExhausted)
    /// until seven days after the oldest counted call.
    pub fn weekly_quota(mut self, calls: NonZeroU32) -> Self {
        self.weekly_quota = Some(calls);
        self
    }

    /// The pace, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate
    }

    /// The daily quota, if any.
    pub fn daily_calls(&self) -> Option<u32> {
        self.daily_quota.map(NonZeroU32::get)
    }

    /// The weekly quota, if any.
    pub fn weekly_calls(&self) -> Option<u32> {
        self.weekly_quota.map(NonZeroU32::get)
    }
}

/// A [`Budget`] as the admission algorithm (`gcra.rs`) applies it: the
/// scope it is for and its pace in microseconds. An attempt must fit in each of its
/// scoped budgets (the account's and its kind's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ScopedBudget {
    /// `all` (the account's budget) or a [`CallKind`](crate::CallKind) name.
    pub(crate) name: &'static str,
    /// Microseconds between calls at full pace; 0: not paced.
    pub(crate) interval_us: f64,
    /// Calls that may start at once at full pace.
    pub(crate) burst: u32,
    /// Calls per UTC day; 0: no quota.
    pub(crate) quota: u32,
    /// Calls per rolling seven days; 0: no quota.
    pub(crate) weekly: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallKind;

    #[test]
    fn rates_parse_with_a_burst_of_one() {
        for (text, interval_ms) in [
            ("5/s", 200),
            ("100/m", 600),
            (" 2 / h ", 1_800_000),
            ("300/d", 288_000),
        ] {
            let rate: RateLimit = text.parse().expect(text);
            assert_eq!(
                rate.interval(),
                Duration::from_millis(interval_ms),
                "{text}"
            );
            assert_eq!(rate.burst(), 1, "{text}");
        }
        for bad in ["", "5", "0/s", "-1/s", "5/x", "five/s", "5/s/s", "1.5/s"] {
            let error = bad.parse::<RateLimit>().expect_err(bad);
            assert!(error.to_string().contains("CALLS/UNIT"), "{error}");
        }
    }

    #[test]
    fn every_operation_of_the_table_has_its_kind() {
        assert_eq!(
            CallKind::of_operation("get_user"),
            Some(CallKind::ProfileView)
        );
        assert_eq!(
            CallKind::of_operation("get_own_profile"),
            Some(CallKind::OwnProfile)
        );
        assert_eq!(
            CallKind::of_operation("list_relations"),
            Some(CallKind::RelationPage)
        );
        assert_eq!(
            CallKind::of_operation("linkedin_search"),
            Some(CallKind::Search)
        );
        assert_eq!(
            CallKind::of_operation("linkedin_user_action"),
            Some(CallKind::UserAction)
        );
        assert_eq!(CallKind::of_operation("something_new"), None);
        assert_eq!(CallKind::ALL.len(), 5);
    }
}
