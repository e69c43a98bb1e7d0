//! LinkedIn's `throttled_sections` as a signal: a throttled profile is
//! delivered, and slows that account's profile views (and nothing else)
//! for every client sharing the Redis.

use super::*;
use crate::common::{answer_with_fixture, fixture_json};

const OTHER_ACCOUNT: &str = "acc_linkedin_other";

/// Serves a profile listing throttled sections for `throttled-user`, and
/// an ordinary one for `jordan-walke`.
async fn profiles() -> MockServer {
    let server = MockServer::start_async().await;
    let mut throttled = fixture_json("get_user.example_response.json");
    throttled["throttled_sections"] = serde_json::json!(["experience", "skills"]);
    server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/throttled-user",
                &[("account_id", ACCOUNT_ID)],
            );
            then.status(200).json_body(throttled);
        })
        .await;
    let query = [("account_id", ACCOUNT_ID)];
    let fixture = "get_user.example_response.json";
    answer_with_fixture(&server, GET, "/users/jordan-walke", &query, None, fixture).await;
    server
}

async fn view(client: &Client, who: &str, account: &str) -> Result<postpress::UserProfile, Error> {
    client
        .get_user()
        .identifier(who)
        .account_id(account)
        .send()
        .await
}

fn client(server: &MockServer, limits: Limits) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_throttled_profile_slows_the_next_profile_view_of_that_account_and_no_other() {
    let redis = RedisServer::start();
    let server = profiles().await;
    let limits = || {
        Limits::new()
            .per_kind(
                CallKind::ProfileView,
                Budget::rate("5/s".parse().expect("rate")),
            )
            .redis(redis.url())
    };
    let (first, second) = (client(&server, limits()), client(&server, limits()));
    // The throttled view is admitted after this, at full pace.
    let sent = Instant::now();
    let profile = view(&first, "throttled-user", ACCOUNT_ID)
        .await
        .expect("a throttled profile is delivered");
    assert_eq!(
        LinkedinSections::all_preview().throttled_in(&profile).len(),
        2
    );

    let limiter = second.limiter().expect("limiter");
    let paces = limiter.report(ACCOUNT_ID).await.expect("report").paces;
    assert_eq!(paces.len(), 1, "{paces:?}");
    assert_eq!(
        (
            paces[0].scope.as_str(),
            paces[0].factor,
            paces[0].why.as_str(),
            paces[0].signals
        ),
        ("profile_view", 0.5, "throttled_sections", 1)
    );
    let other = limiter.report(OTHER_ACCOUNT).await.expect("report");
    assert!(other.paces.is_empty(), "another account: {other:?}");

    // The throttled view reserved 200 ms (5/s); at half pace each view
    // reserves 400 ms: the second view starts 600 ms after the throttled
    // one, at full pace 400 ms, at a quarter 1 s.
    view(&second, "jordan-walke", ACCOUNT_ID)
        .await
        .expect("1st");
    view(&second, "jordan-walke", ACCOUNT_ID)
        .await
        .expect("2nd");
    let elapsed = sent.elapsed();
    let expected = Duration::from_millis(550)..Duration::from_millis(950);
    assert!(expected.contains(&elapsed), "{elapsed:?}");
    // Successes give the pace back a step each; other kinds never lost it.
    let paces = limiter.report(ACCOUNT_ID).await.expect("report").paces;
    assert!(
        paces.iter().all(|pace| pace.scope == "profile_view"),
        "{paces:?}"
    );
    assert!(paces[0].factor > 0.5, "{paces:?}");
}

#[tokio::test]
async fn the_throttling_signal_can_be_switched_off() {
    let server = profiles().await;
    for (on, slowed) in [(true, 1), (false, 0)] {
        let client = client(&server, Limits::new().throttling_signal(on));
        client
            .get_user()
            .identifier("throttled-user")
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .expect("delivered");
        let report = client
            .limiter()
            .expect("limiter")
            .report(ACCOUNT_ID)
            .await
            .expect("report");
        assert_eq!(report.paces.len(), slowed, "signal {on}: {report:?}");
    }
}

/// The fields of every event, as `name=value` lines.
#[derive(Clone, Default)]
struct Events(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Events {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={value:?} ", field.name()));
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        if let Ok(mut events) = self.0.lock() {
            events.push(fields.0);
        }
    }
}

#[tokio::test]
async fn a_throttled_profile_is_an_event_with_counts_and_no_profile_values() {
    use tracing_subscriber::layer::SubscriberExt;
    let events = Events::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(events.clone()));
    let server = profiles().await;
    let client = client(&server, Limits::new());
    view(&client, "throttled-user", ACCOUNT_ID)
        .await
        .expect("delivered");
    let seen = events.0.lock().expect("events").clone();
    // The events about throttling: the signal, and the slow-down it caused.
    let throttled: Vec<&String> = seen
        .iter()
        .filter(|event| event.contains("call_kind="))
        .collect();
    assert_eq!(throttled.len(), 2, "{seen:?}");
    let event = throttled[0];
    assert!(
        event.contains("LinkedIn throttled profile sections"),
        "{event}"
    );
    assert!(
        event.contains("call_kind=\"profile_view\"")
            && event.contains("throttled_sections=2")
            && event.contains("slowed=true"),
        "{event}"
    );
    for value in [
        "Jordan",
        "Walke",
        "jordan-walke",
        "throttled-user",
        ACCOUNT_ID,
        API_KEY,
    ] {
        let said: Vec<&str> = throttled.iter().map(|e| e.as_str()).collect();
        assert!(!said.concat().contains(value), "{value:?} in {said:?}");
    }
}
