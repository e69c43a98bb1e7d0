//! Tests of `build_cost.rs`.

use super::*;

#[test]
fn options_default_to_three_pairs_of_head() {
    let o = options(&[]).unwrap();
    assert_eq!((o.pairs, o.refs), (3, vec!["HEAD".to_string()]));
    let o = options(&["--pairs", "1", "main", "HEAD"]).unwrap();
    assert_eq!((o.pairs, o.refs), (1, vec!["main".into(), "HEAD".into()]));
    assert!(options(&["--pairs", "0"]).is_err());
    assert!(options(&["--fast"]).is_err());
}

#[test]
fn median_of_even_and_odd_counts() {
    assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
}

#[test]
fn report_gives_ratios_as_medians_of_pairs() {
    let sample = |wall: u64, cpu: f64| Sample {
        wall: Duration::from_secs(wall),
        cpu,
    };
    let mut raw = Side::new("reqwest + serde".into(), PathBuf::new());
    raw.builds = vec![sample(10, 20.0), sample(20, 40.0), sample(10, 20.0)];
    raw.checks = vec![sample(5, 8.0); 3];
    let mut sdk = Side::new("postpress at HEAD".into(), PathBuf::new());
    sdk.builds = vec![sample(11, 22.0), sample(30, 44.0), sample(12, 24.0)];
    sdk.checks = vec![sample(6, 8.0); 3];
    let text = report(&[raw, sdk], Duration::from_secs(1), &[1.0, 4.5], 3);
    assert!(text.contains("load average (1 min) during the run: 1.0 to 4.5"));
    // Ratios per round 1.1, 1.5, 1.2: the median is 1.2 (not 11/10 of medians).
    assert!(
        text.contains("| postpress at HEAD | 12.0 s (**1.20x**) | 24.0 s (**1.10x**) | 6.0 s (**1.20x**) | 8.0 s (**1.00x**) |"),
        "{text}"
    );
}

#[test]
fn children_cpu_grows_after_a_child_runs() {
    let before = children_cpu().unwrap();
    let status = Command::new("sh")
        .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(children_cpu().unwrap() > before);
}
