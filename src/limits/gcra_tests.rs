//! The admission steps both backends must take alike (the in-memory one,
//! `gcra.rs`, and the Redis script, `redis.rs`, run this table).

use super::SlowDown;
use super::budget::ScopedBudget;
use super::gcra::{DAY_US, Decision, WEEK_US};

/// How the table's slow-downs lower a pace: halve, floor 1/8.
pub(crate) const SLOW_DOWN: SlowDown = SlowDown {
    decrease: 0.5,
    floor: 0.125,
    step: 0.25,
};

/// What an admission came to, as the table states it (µs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TableOutcome {
    /// Admitted, to start after this wait.
    Waits(f64),
    /// Refused by a quota that frees after this.
    Quota(f64),
    /// Refused by a stop that ends after this.
    Stopped(f64),
}

impl TableOutcome {
    /// The table's view of a decision.
    pub(crate) fn of(decision: &Decision) -> Option<TableOutcome> {
        match decision {
            Decision::Admitted { wait_us, .. } => Some(TableOutcome::Waits(*wait_us)),
            Decision::Quota { resets_in_us, .. } => Some(TableOutcome::Quota(*resets_in_us)),
            Decision::Stopped {
                left_us: Some(left),
                ..
            } => Some(TableOutcome::Stopped(*left)),
            _ => None,
        }
    }

    /// Whether `got` is this outcome; a stop's time left within
    /// `stop_slack_us` (Redis keeps a stop's end to the millisecond).
    pub(crate) fn matches(self, got: TableOutcome, stop_slack_us: f64) -> bool {
        match (self, got) {
            (TableOutcome::Stopped(want), TableOutcome::Stopped(got)) => {
                (want - got).abs() <= stop_slack_us
            }
            _ => self == got,
        }
    }
}

/// One step of a case.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CaseStep {
    /// A call at `now` (µs since the epoch) of `kind` (through the case's
    /// `all` budget and the kind's; without a kind, every budget).
    Admit {
        now: f64,
        kind: Option<&'static str>,
        expected: TableOutcome,
    },
    /// A 429 (scope `all`) or a throttled profile (scope a kind).
    SlowDown { scope: &'static str },
    /// A stop at `now` for `cool_down_us`.
    Stop { now: f64, cool_down_us: f64 },
    /// The caller dropped the call admitted at step `of` (an `Admit`)
    /// while it waited: its reservation is given back at `now`.
    Release { now: f64, of: usize },
}

impl CaseStep {
    /// The signal that slows `scope`: a 429 the account, a throttled
    /// profile a kind.
    pub(crate) fn why(scope: &str) -> &'static str {
        if scope == "all" {
            "too_many_requests"
        } else {
            "throttled_sections"
        }
    }

    /// What the admission at step `of` reserved, among `(step, budgets,
    /// reservation)`; a table that names no admission there is wrong.
    pub(crate) fn reserved_at<T>(
        reserved: &[(usize, Vec<ScopedBudget>, T)],
        of: usize,
    ) -> &(usize, Vec<ScopedBudget>, T) {
        let found = reserved.iter().find(|(step, ..)| *step == of);
        found.unwrap_or_else(|| panic!("step {of} admitted nothing"))
    }

    /// The budgets a call of `kind` goes through.
    pub(crate) fn budgets(kind: Option<&str>, budgets: &[ScopedBudget]) -> Vec<ScopedBudget> {
        budgets
            .iter()
            .filter(|budget| kind.is_none_or(|kind| budget.name == "all" || budget.name == kind))
            .copied()
            .collect()
    }
}

/// Steps for `budgets`.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) budgets: Vec<ScopedBudget>,
    pub(crate) steps: Vec<CaseStep>,
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

/// Calls without a kind: `(now, Ok(wait) or Err(a quota's resets_in))`.
fn calls(steps: &[(f64, Result<f64, f64>)]) -> Vec<CaseStep> {
    steps
        .iter()
        .map(|(now, expected)| CaseStep::Admit {
            now: *now,
            kind: None,
            expected: match expected {
                Ok(wait) => TableOutcome::Waits(*wait),
                Err(resets_in) => TableOutcome::Quota(*resets_in),
            },
        })
        .collect()
}

/// A call of `kind` at `now` that waits `wait`.
fn call(now: f64, kind: &'static str, wait: f64) -> CaseStep {
    CaseStep::Admit {
        now,
        kind: Some(kind),
        expected: TableOutcome::Waits(wait),
    }
}

pub(crate) fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "5/s, no burst: reservations 200 ms apart",
            budgets: vec![budget("all", 200_000.0, 1, 0, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(200_000.0)),
                (T0 + 100_000.0, Ok(300_000.0)),
                (T0 + 2e6, Ok(0.0)),
            ]),
        },
        Case {
            name: "burst of 3, then the steady pace",
            budgets: vec![budget("all", 100_000.0, 3, 0, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(100_000.0)),
            ]),
        },
        Case {
            name: "the account's and the kind's budgets: the slower wins",
            budgets: vec![
                budget("all", 100_000.0, 1, 0, 0),
                budget("search", 1e6, 1, 0, 0),
            ],
            steps: calls(&[(T0, Ok(0.0)), (T0, Ok(1e6)), (T0 + 1e6, Ok(1e6))]),
        },
        Case {
            name: "daily quota: refused past it until midnight UTC, counted again the next day",
            budgets: vec![budget("profile_view", 0.0, 1, 2, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Err(DAY_US - 1e6)),
                (T0 + DAY_US, Ok(0.0)),
            ]),
        },
        Case {
            name: "weekly quota: the last seven days, freed seven days after the oldest call",
            budgets: vec![budget("user_action", 0.0, 1, 0, 2)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0 + DAY_US, Ok(0.0)),
                (T0 + 2.0 * DAY_US, Err(WEEK_US - 2.0 * DAY_US)),
                (T0 + WEEK_US - 1.0, Err(1.0)),
                (T0 + WEEK_US, Ok(0.0)),
                (T0 + WEEK_US, Err(DAY_US)),
            ]),
        },
    ];
    cases.extend(paces_and_stops());
    cases.extend(give_backs());
    cases
}

/// Calls dropped while they waited (`CaseStep::Release`).
fn give_backs() -> Vec<Case> {
    let release = |now, of| CaseStep::Release { now, of };
    vec![
        Case {
            name: "the only admission given back: the next call takes its slot in both budgets",
            budgets: vec![
                budget("all", 100_000.0, 1, 2, 0),
                budget("search", 1e6, 1, 0, 0),
            ],
            steps: vec![
                call(T0, "search", 0.0),
                call(T0, "search", 1e6),
                release(T0 + 10_000.0, 1),
                call(T0 + 10_000.0, "search", 990_000.0),
                CaseStep::Admit {
                    now: T0 + 10_000.0,
                    kind: None,
                    expected: TableOutcome::Quota(DAY_US - 1e6 - 10_000.0),
                },
            ],
        },
        Case {
            name: "the first admission given back: the next call starts at once",
            budgets: vec![budget("all", 100_000.0, 1, 0, 0)],
            steps: vec![
                call(T0, "search", 0.0),
                release(T0, 0),
                call(T0, "search", 0.0),
            ],
        },
        Case {
            name: "A, then B admitted, A given back: C waits for B's slot and an interval",
            budgets: vec![budget("all", 100_000.0, 1, 0, 0)],
            steps: vec![
                call(T0, "search", 0.0),
                call(T0, "search", 100_000.0),
                call(T0, "search", 200_000.0),
                release(T0 + 10_000.0, 1),
                // Not 190 ms: B's slot (T0 + 200 ms) is not given twice.
                call(T0 + 10_000.0, "search", 290_000.0),
                // C, the newest, given back: D takes its slot.
                release(T0 + 10_000.0, 4),
                call(T0 + 10_000.0, "search", 290_000.0),
            ],
        },
        Case {
            name: "a week loses the given-back call's own start, not the newest",
            budgets: vec![budget("user_action", 100_000.0, 1, 0, 2)],
            steps: vec![
                call(T0, "user_action", 0.0),
                call(T0, "user_action", 100_000.0),
                release(T0, 0),
                call(T0, "user_action", 200_000.0),
                // The oldest start left is B's, T0 + 100 ms.
                CaseStep::Admit {
                    now: T0,
                    kind: Some("user_action"),
                    expected: TableOutcome::Quota(WEEK_US + 100_000.0),
                },
            ],
        },
    ]
}

/// Slowed paces (an account's, a kind's) and a stop.
fn paces_and_stops() -> Vec<Case> {
    vec![
        Case {
            name: "a throttled kind runs at half pace; another kind of the account does not",
            budgets: vec![
                budget("profile_view", 100_000.0, 1, 0, 0),
                budget("search", 100_000.0, 1, 0, 0),
            ],
            steps: vec![
                CaseStep::SlowDown {
                    scope: "profile_view",
                },
                call(T0, "profile_view", 0.0),
                call(T0, "profile_view", 200_000.0),
                call(T0, "search", 0.0),
                call(T0, "search", 100_000.0),
                // The account's pace and the kind's multiply: a quarter.
                CaseStep::SlowDown { scope: "all" },
                call(T0, "profile_view", 400_000.0),
                call(T0, "search", 200_000.0),
            ],
        },
        Case {
            name: "no burst while slowed: a throttled kind waits, another bursts",
            budgets: vec![
                budget("profile_view", 100_000.0, 3, 0, 0),
                budget("search", 100_000.0, 3, 0, 0),
            ],
            steps: vec![
                CaseStep::SlowDown {
                    scope: "profile_view",
                },
                call(T0, "profile_view", 0.0),
                call(T0, "profile_view", 200_000.0),
                call(T0, "search", 0.0),
                call(T0, "search", 0.0),
                call(T0, "search", 0.0),
                call(T0, "search", 100_000.0),
            ],
        },
        Case {
            name: "a stop refuses every call until its cool-down ends",
            budgets: vec![budget("all", 100_000.0, 1, 0, 0)],
            steps: vec![
                call(T0, "search", 0.0),
                CaseStep::Stop {
                    now: T0,
                    cool_down_us: 3_600e6,
                },
                CaseStep::Admit {
                    now: T0 + 1e6,
                    kind: Some("search"),
                    expected: TableOutcome::Stopped(3_599e6),
                },
                CaseStep::Admit {
                    now: T0 + 3_599e6,
                    kind: None,
                    expected: TableOutcome::Stopped(1e6),
                },
                call(T0 + 3_600e6 + 2_000.0, "search", 0.0),
                call(T0 + 3_600e6 + 2_000.0, "search", 100_000.0),
            ],
        },
    ]
}

mod tests {
    use super::super::gcra::*;
    use super::{CaseStep, SLOW_DOWN, TableOutcome};

    #[test]
    fn the_table_holds_in_memory() {
        for case in super::cases() {
            let mut state = AccountState::default();
            let mut reserved = Vec::new();
            for (i, step) in case.steps.iter().enumerate() {
                match *step {
                    CaseStep::Admit {
                        now,
                        kind,
                        expected,
                    } => {
                        let budgets = CaseStep::budgets(kind, &case.budgets);
                        let decision = state.admit(now, &budgets, kind);
                        if let Decision::Admitted { reservation, .. } = &decision {
                            reserved.push((i, budgets, reservation.clone()));
                        }
                        let got = TableOutcome::of(&decision);
                        let got = got.unwrap_or_else(|| panic!("{}: {decision:?}", case.name));
                        assert!(
                            expected.matches(got, 0.0),
                            "{} step {i}: {got:?}",
                            case.name
                        );
                    }
                    CaseStep::SlowDown { scope } => {
                        state.slow_down(scope, CaseStep::why(scope), &SLOW_DOWN);
                    }
                    CaseStep::Stop { now, cool_down_us } => {
                        state.stop("account_restricted", Some(now + cool_down_us));
                    }
                    CaseStep::Release { now, of } => {
                        let (_, budgets, reservation) = CaseStep::reserved_at(&reserved, of);
                        state.release(now, budgets, reservation);
                    }
                }
            }
        }
    }
}
