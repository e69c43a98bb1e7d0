//! Bad limits are usage and configuration errors that never show a secret.

use super::*;

#[test]
fn bad_limits_are_config_errors_and_a_redis_password_is_never_shown() {
    let with_password = Limits::new().redis("redis://:s3cret-pass@127.0.0.1:1/");
    let builder = Client::builder().api_key(API_KEY).limits(with_password);
    assert!(!format!("{builder:?}").contains("s3cret"), "{builder:?}");
    let client = builder
        .build()
        .expect("a Redis URL is checked, not connected to");
    assert!(!format!("{client:?}").contains("s3cret"));
    assert!(client.limiter().expect("limiter").is_shared());

    for limits in [
        Limits::new().redis("http://not-redis/"),
        Limits::new().redis("redis://:s3cret-pass@[::1/"),
        Limits::new().slow_down(postpress::SlowDown::default().decrease(0.0)),
        Limits::new().slow_down(postpress::SlowDown::default().recovery_step(2.0)),
        Limits::new()
            .redis("redis://127.0.0.1/")
            .redis_key_prefix(""),
    ] {
        let error = Client::builder()
            .api_key(API_KEY)
            .limits(limits)
            .build()
            .expect_err("refused");
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }
}
