//! The admission algorithm, one account at a time: GCRA with reservations,
//! daily quotas, a pace factor (slow-down after 429) and a stop.
//!
//! The in-memory backend runs this code; the Redis backend runs the same
//! steps in a Lua script (`redis.rs`), in the same order and with the same
//! floating-point microseconds, so both admit alike (one test table checks
//! both). A caller reserves the earliest start its buckets allow and waits
//! until then: one step per attempt, no polling.

use std::collections::HashMap;

/// Microseconds in a day: quotas count per UTC day.
pub(crate) const DAY_US: f64 = 86_400e6;

/// One budget an attempt must fit in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bucket {
    /// `all` (the account's budget) or a [`CallKind`](super::CallKind) name.
    pub(crate) name: &'static str,
    /// Microseconds between calls at full pace; 0: not paced.
    pub(crate) interval_us: f64,
    /// Calls that may start at once at full pace.
    pub(crate) burst: u32,
    /// Calls per UTC day; 0: no quota.
    pub(crate) quota: u32,
}

/// What an admission came to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Start after `wait_us`; the account's pace is `pace` (1: full).
    Admitted { wait_us: f64, pace: f64 },
    /// The account is stopped (`reason`: an error kind name) for `left_us`
    /// more (`None`: until reset).
    Stopped {
        reason: String,
        left_us: Option<f64>,
    },
    /// The daily quota of `bucket` is used up until `resets_in_us`.
    Quota { bucket: String, resets_in_us: f64 },
}

/// How the pace reacts to 429s and successes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Adapt {
    /// The pace is multiplied by this after a 429.
    pub(crate) decrease: f64,
    /// The slowest pace.
    pub(crate) floor: f64,
    /// Added to the pace after each success, up to 1.
    pub(crate) step: f64,
}

/// One account's state (the in-memory backend keeps one per account).
#[derive(Debug, Clone, Default)]
pub(crate) struct AccountState {
    /// Theoretical arrival time per bucket (µs since the epoch).
    tats: HashMap<&'static str, f64>,
    /// Calls counted per bucket: (UTC day number, count).
    counts: HashMap<&'static str, (f64, u32)>,
    /// The pace factor; `None`: full pace.
    pace: Option<f64>,
    /// A stop: reason and its end (`None`: until reset).
    stop: Option<(String, Option<f64>)>,
}

impl AccountState {
    /// Admits one attempt at `now` (µs since the epoch) into every bucket,
    /// or says why not.
    pub(crate) fn admit(&mut self, now: f64, buckets: &[Bucket]) -> Decision {
        if let Some((reason, until)) = &self.stop {
            match until {
                Some(until) if *until <= now => self.stop = None,
                _ => {
                    return Decision::Stopped {
                        reason: reason.clone(),
                        left_us: until.map(|until| until - now),
                    };
                }
            }
        }
        let pace = self.pace.unwrap_or(1.0);
        let day = (now / DAY_US).floor();
        for bucket in buckets.iter().filter(|b| b.quota > 0) {
            let used = match self.counts.get(bucket.name) {
                Some((counted, used)) if *counted == day => *used,
                _ => 0,
            };
            if used >= bucket.quota {
                return Decision::Quota {
                    bucket: bucket.name.to_string(),
                    resets_in_us: (day + 1.0) * DAY_US - now,
                };
            }
        }
        // The earliest start every bucket allows; no bursts while slowed.
        let mut start = now;
        for bucket in buckets.iter().filter(|b| b.interval_us > 0.0) {
            let interval = bucket.interval_us / pace;
            let tolerance = if pace < 1.0 {
                0.0
            } else {
                f64::from(bucket.burst.max(1) - 1) * interval
            };
            let tat = self.tats.get(bucket.name).copied().unwrap_or(0.0);
            start = start.max(tat - tolerance);
        }
        for bucket in buckets {
            if bucket.interval_us > 0.0 {
                let tat = self.tats.entry(bucket.name).or_insert(0.0);
                *tat = tat.max(start) + bucket.interval_us / pace;
            }
            if bucket.quota > 0 {
                let count = self.counts.entry(bucket.name).or_insert((day, 0));
                if count.0 != day {
                    *count = (day, 0);
                }
                count.1 += 1;
            }
        }
        Decision::Admitted {
            wait_us: start - now,
            pace,
        }
    }

    /// After a 429: the pace drops; the new pace.
    pub(crate) fn slow_down(&mut self, adapt: &Adapt) -> f64 {
        let pace = (self.pace.unwrap_or(1.0) * adapt.decrease).max(adapt.floor);
        self.pace = Some(pace);
        pace
    }

    /// After a success: the pace recovers one step; the new pace.
    pub(crate) fn recover(&mut self, adapt: &Adapt) -> f64 {
        let pace = (self.pace.unwrap_or(1.0) + adapt.step).min(1.0);
        self.pace = (pace < 1.0).then_some(pace);
        pace
    }

    /// Stops the account until `until` (µs since the epoch; `None`: reset).
    pub(crate) fn stop(&mut self, reason: &str, until: Option<f64>) {
        self.stop = Some((reason.to_string(), until));
    }

    /// Lifts a stop.
    pub(crate) fn reset(&mut self) {
        self.stop = None;
    }
}

#[cfg(test)]
pub(crate) mod table {
    //! The test table both backends run.
    use super::*;

    /// `(now_us, expected)` steps for `buckets`.
    pub(crate) struct Case {
        pub(crate) name: &'static str,
        pub(crate) buckets: Vec<Bucket>,
        /// `(now_us, expected wait_us, or None for a quota refusal)`.
        pub(crate) steps: Vec<(f64, Option<f64>)>,
    }

    const T0: f64 = 1_000.0 * DAY_US + 1e6;

    fn bucket(name: &'static str, interval_us: f64, burst: u32, quota: u32) -> Bucket {
        Bucket {
            name,
            interval_us,
            burst,
            quota,
        }
    }

    pub(crate) fn cases() -> Vec<Case> {
        vec![
            Case {
                name: "5/s, no burst: reservations 200 ms apart",
                buckets: vec![bucket("all", 200_000.0, 1, 0)],
                steps: vec![
                    (T0, Some(0.0)),
                    (T0, Some(200_000.0)),
                    (T0 + 100_000.0, Some(300_000.0)),
                    (T0 + 2e6, Some(0.0)),
                ],
            },
            Case {
                name: "burst of 3, then the steady pace",
                buckets: vec![bucket("all", 100_000.0, 3, 0)],
                steps: vec![
                    (T0, Some(0.0)),
                    (T0, Some(0.0)),
                    (T0, Some(0.0)),
                    (T0, Some(100_000.0)),
                ],
            },
            Case {
                name: "the account's and the kind's budgets: the slower wins",
                buckets: vec![bucket("all", 100_000.0, 1, 0), bucket("search", 1e6, 1, 0)],
                steps: vec![(T0, Some(0.0)), (T0, Some(1e6)), (T0 + 1e6, Some(1e6))],
            },
            Case {
                name: "daily quota: refused past it, counted again the next UTC day",
                buckets: vec![bucket("profile_view", 0.0, 1, 2)],
                steps: vec![
                    (T0, Some(0.0)),
                    (T0, Some(0.0)),
                    (T0, None),
                    (T0 + DAY_US, Some(0.0)),
                ],
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADAPT: Adapt = Adapt {
        decrease: 0.5,
        floor: 0.125,
        step: 0.25,
    };

    #[test]
    fn the_table_holds_in_memory() {
        for case in table::cases() {
            let mut state = AccountState::default();
            for (i, (now, expected)) in case.steps.iter().enumerate() {
                let got = match state.admit(*now, &case.buckets) {
                    Decision::Admitted { wait_us, .. } => Some(wait_us),
                    Decision::Quota { .. } => None,
                    other => panic!("{}: {other:?}", case.name),
                };
                assert_eq!(got, *expected, "{} step {i}", case.name);
            }
        }
    }

    #[test]
    fn a_429_halves_the_pace_without_bursts_and_successes_restore_it() {
        let buckets = [Bucket {
            name: "all",
            interval_us: 100.0,
            burst: 4,
            quota: 0,
        }];
        let mut state = AccountState::default();
        assert_eq!(state.slow_down(&ADAPT), 0.5);
        assert_eq!(state.slow_down(&ADAPT), 0.25);
        assert_eq!(state.slow_down(&ADAPT), 0.125);
        assert_eq!(state.slow_down(&ADAPT), 0.125, "floored");
        let admitted = |d| match d {
            Decision::Admitted { wait_us, .. } => wait_us,
            other => panic!("{other:?}"),
        };
        assert_eq!(admitted(state.admit(0.0, &buckets)), 0.0);
        assert_eq!(admitted(state.admit(0.0, &buckets)), 800.0, "no burst");
        for pace in [0.375, 0.625, 0.875, 1.0, 1.0] {
            assert_eq!(state.recover(&ADAPT), pace);
        }
    }

    #[test]
    fn a_stop_refuses_until_its_end_or_a_reset() {
        let buckets = [];
        let mut state = AccountState::default();
        state.stop("account_restricted", Some(1_000.0));
        assert_eq!(
            state.admit(400.0, &buckets),
            Decision::Stopped {
                reason: "account_restricted".into(),
                left_us: Some(600.0)
            }
        );
        assert!(matches!(
            state.admit(1_000.0, &buckets),
            Decision::Admitted { .. }
        ));
        state.stop("disconnected_account", None);
        assert!(matches!(
            state.admit(9e15, &buckets),
            Decision::Stopped { left_us: None, .. }
        ));
        state.reset();
        assert!(matches!(
            state.admit(9e15, &buckets),
            Decision::Admitted { .. }
        ));
    }
}
