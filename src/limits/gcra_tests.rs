//! The admission steps both backends must take alike (the in-memory one,
//! `gcra.rs`, and the Redis script, `redis.rs`, run this table), and the
//! in-memory algorithm's own tests.

use super::gcra::{DAY_US, ScopedBudget, WEEK_US};

/// `(now_us, expected)` steps for `budgets`.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) budgets: Vec<ScopedBudget>,
    /// `(now_us, Ok(wait_us) or Err(resets_in_us) for a quota refusal)`.
    pub(crate) steps: Vec<(f64, Result<f64, f64>)>,
}

/// A second into a UTC day.
const T0: f64 = 1_000.0 * DAY_US + 1e6;

fn budget(
    name: &'static str,
    interval_us: f64,
    burst: u32,
    quota: u32,
    weekly: u32,
) -> ScopedBudget {
    ScopedBudget {
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
            budgets: vec![budget("all", 200_000.0, 1, 0, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(200_000.0)),
                (T0 + 100_000.0, Ok(300_000.0)),
                (T0 + 2e6, Ok(0.0)),
            ],
        },
        Case {
            name: "burst of 3, then the steady pace",
            budgets: vec![budget("all", 100_000.0, 3, 0, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(100_000.0)),
            ],
        },
        Case {
            name: "the account's and the kind's budgets: the slower wins",
            budgets: vec![
                budget("all", 100_000.0, 1, 0, 0),
                budget("search", 1e6, 1, 0, 0),
            ],
            steps: vec![(T0, Ok(0.0)), (T0, Ok(1e6)), (T0 + 1e6, Ok(1e6))],
        },
        Case {
            name: "daily quota: refused past it until midnight UTC, counted again the next day",
            budgets: vec![budget("profile_view", 0.0, 1, 2, 0)],
            steps: vec![
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Err(DAY_US - 1e6)),
                (T0 + DAY_US, Ok(0.0)),
            ],
        },
        Case {
            name: "weekly quota: the last seven days, freed seven days after the oldest call",
            budgets: vec![budget("user_action", 0.0, 1, 0, 2)],
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

mod tests {
    use super::super::SlowDown;
    use super::super::gcra::*;

    const SLOW_DOWN: SlowDown = SlowDown {
        decrease: 0.5,
        floor: 0.125,
        step: 0.25,
    };

    #[test]
    fn the_table_holds_in_memory() {
        for case in super::cases() {
            let mut state = AccountState::default();
            for (i, (now, expected)) in case.steps.iter().enumerate() {
                let got = match state.admit(*now, &case.budgets, None) {
                    Decision::Admitted { wait_us, .. } => Ok(wait_us),
                    Decision::Quota { resets_in_us, .. } => Err(resets_in_us),
                    other => panic!("{}: {other:?}", case.name),
                };
                assert_eq!(got, *expected, "{} step {i}", case.name);
            }
        }
    }

    #[test]
    fn a_429_halves_the_pace_without_bursts_and_successes_restore_it() {
        let budgets = [ScopedBudget {
            name: "all",
            interval_us: 100.0,
            burst: 4,
            quota: 0,
            weekly: 0,
        }];
        let mut state = AccountState::default();
        let slow =
            |state: &mut AccountState| state.slow_down("all", "too_many_requests", &SLOW_DOWN);
        assert_eq!(slow(&mut state), 0.5);
        assert_eq!(slow(&mut state), 0.25);
        assert_eq!(slow(&mut state), 0.125);
        assert_eq!(slow(&mut state), 0.125, "floored");
        assert_eq!(state.snapshot(0.0).paces["all"].signals, 4);
        let admitted = |d| match d {
            Decision::Admitted { wait_us, .. } => wait_us,
            other => panic!("{other:?}"),
        };
        assert_eq!(admitted(state.admit(0.0, &budgets, None)), 0.0);
        assert_eq!(
            admitted(state.admit(0.0, &budgets, None)),
            800.0,
            "no burst"
        );
        for pace in [0.375, 0.625, 0.875, 1.0, 1.0] {
            assert_eq!(state.recover(&["all"], &SLOW_DOWN), pace);
        }
        assert!(state.snapshot(0.0).paces.is_empty(), "whole again");
    }

    #[test]
    fn a_kind_s_pace_slows_that_kind_alone_and_a_reset_restores_it() {
        let budget = |name| ScopedBudget {
            name,
            interval_us: 100.0,
            burst: 1,
            quota: 0,
            weekly: 0,
        };
        let mut state = AccountState::default();
        state.slow_down("profile_view", "throttled_sections", &SLOW_DOWN);
        let pace =
            |state: &mut AccountState, kind| match state.admit(0.0, &[budget(kind)], Some(kind)) {
                Decision::Admitted { pace, .. } => pace,
                other => panic!("{other:?}"),
            };
        assert_eq!(pace(&mut state, "profile_view"), 0.5);
        assert_eq!(pace(&mut state, "search"), 1.0);
        state.slow_down("all", "too_many_requests", &SLOW_DOWN);
        assert_eq!(pace(&mut state, "profile_view"), 0.25, "both apply");
        state.reset(Some("profile_view"));
        assert_eq!(pace(&mut state, "profile_view"), 0.5, "the account's stays");
        state.stop("account_restricted", None);
        state.reset(None);
        assert_eq!(pace(&mut state, "profile_view"), 1.0);
        assert_eq!(state.snapshot(0.0).stop, None);
    }

    #[test]
    fn a_stop_refuses_until_its_end_or_a_reset() {
        let budgets = [];
        let mut state = AccountState::default();
        state.stop("account_restricted", Some(1_000.0));
        assert_eq!(
            state.admit(400.0, &budgets, None),
            Decision::Stopped {
                reason: "account_restricted".into(),
                left_us: Some(600.0)
            }
        );
        assert_eq!(
            state.snapshot(400.0).stop,
            Some(("account_restricted".into(), Some(600.0)))
        );
        assert!(matches!(
            state.admit(1_000.0, &budgets, None),
            Decision::Admitted { .. }
        ));
        state.stop("disconnected_account", None);
        assert!(matches!(
            state.admit(9e15, &budgets, None),
            Decision::Stopped { left_us: None, .. }
        ));
        state.reset(None);
        assert!(matches!(
            state.admit(9e15, &budgets, None),
            Decision::Admitted { .. }
        ));
    }
}
