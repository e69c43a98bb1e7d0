//! The admission steps both backends must take alike: the in-memory one
//! (`gcra.rs`) and the Redis script (`redis.rs`) run this table.

use super::gcra::{Bucket, DAY_US, WEEK_US};

/// `(now_us, expected)` steps for `buckets`.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) buckets: Vec<Bucket>,
    /// `(now_us, Ok(wait_us) or Err(resets_in_us) for a quota refusal)`.
    pub(crate) steps: Vec<(f64, Result<f64, f64>)>,
}

/// A second into a UTC day.
const T0: f64 = 1_000.0 * DAY_US + 1e6;

fn bucket(name: &'static str, interval_us: f64, burst: u32, quota: u32, weekly: u32) -> Bucket {
    Bucket {
        name,
        interval_us,
        burst,
        quota,
        weekly,
    }
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "5/s, no burst: reservations 200 ms apart",
            buckets: vec![bucket("all", 200_000.0, 1, 0, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(200_000.0)),
                (T0 + 100_000.0, Ok(300_000.0)),
                (T0 + 2e6, Ok(0.0)),
            ],
        },
        Case {
            name: "burst of 3, then the steady pace",
            buckets: vec![bucket("all", 100_000.0, 3, 0, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(100_000.0)),
            ],
        },
        Case {
            name: "the account's and the kind's budgets: the slower wins",
            buckets: vec![
                bucket("all", 100_000.0, 1, 0, 0),
                bucket("search", 1e6, 1, 0, 0),
            ],
            steps: vec![(T0, Ok(0.0)), (T0, Ok(1e6)), (T0 + 1e6, Ok(1e6))],
        },
        Case {
            name: "daily quota: refused past it until midnight UTC, counted again the next day",
            buckets: vec![bucket("profile_view", 0.0, 1, 2, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Err(DAY_US - 1e6)),
                (T0 + DAY_US, Ok(0.0)),
            ],
        },
        Case {
            name: "weekly quota: the last seven days, freed seven days after the oldest call",
            buckets: vec![bucket("user_action", 0.0, 1, 0, 2)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0 + DAY_US, Ok(0.0)),
                (T0 + 2.0 * DAY_US, Err(WEEK_US - 2.0 * DAY_US)),
                (T0 + WEEK_US - 1.0, Err(1.0)),
                (T0 + WEEK_US, Ok(0.0)),
                (T0 + WEEK_US, Err(DAY_US)),
            ],
        },
    ]
}
