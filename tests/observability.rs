//! What the SDK tells `tracing`: one span per call with its operation, method, path, status,
//! attempts and time, nothing secret, and one warning for `verify_ssl = false`. Observed with a
//! subscriber of this file that records every span and event.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use looker_sdk::codegen::{Call, Request};
use looker_sdk::models::WriteDbConnection;
use looker_sdk::LookerSdk;
use serde_json::{json, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const PASSWORD: &str = "db-Pa55w0rd-9f8e";

fn assert_no_secret(what: &str, text: &str) {
    for secret in [
        CLIENT_SECRET,
        CLIENT_SECRET_FORM_ENCODED,
        &access_token(),
        PASSWORD,
    ] {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
}

/// Field names and values, as text.
type FieldMap = BTreeMap<String, String>;

/// Spans (by id: name and fields) and events (level and fields) as the subscriber saw them.
#[derive(Default)]
struct Seen {
    next_id: AtomicU64,
    spans: Mutex<BTreeMap<u64, (String, FieldMap)>>,
    events: Mutex<Vec<(String, FieldMap)>>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Seen>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.0.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_owned();
        self.0
            .spans
            .lock()
            .expect("spans")
            .insert(id, (name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self
            .0
            .spans
            .lock()
            .expect("spans")
            .get_mut(&span.into_u64())
        {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let level = event.metadata().level().to_string();
        self.0.events.lock().expect("events").push((level, fields));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

impl Capture {
    /// The fields of every `looker_sdk.call` span, in creation order.
    fn calls(&self) -> Vec<BTreeMap<String, String>> {
        let spans = self.0.spans.lock().expect("spans");
        spans
            .values()
            .filter(|(name, _)| name == "looker_sdk.call")
            .map(|(_, f)| f.clone())
            .collect()
    }

    /// Everything recorded, as one text.
    fn everything(&self) -> String {
        format!(
            "{:?} {:?}",
            self.0.spans.lock().expect("spans"),
            self.0.events.lock().expect("events")
        )
    }

    /// Events of `level` whose message contains `needle`.
    fn events(&self, level: &str, needle: &str) -> usize {
        let events = self.0.events.lock().expect("events");
        events
            .iter()
            .filter(|(l, f)| l == level && f.get("message").is_some_and(|m| m.contains(needle)))
            .count()
    }
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// One test with one process-wide subscriber: `tracing` caches per call site whether anyone
/// listens, so subscribers per test (thread) would miss events of call sites first hit
/// elsewhere, and the warning about `verify_ssl` is given once per process.
#[tokio::test]
async fn tracing_sees_each_call_and_one_verify_ssl_warning() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).expect("the only subscriber");
    each_call_is_a_span_with_its_outcome_and_nothing_secret(&capture).await;
    verify_ssl_false_works_and_warns_once(&capture).await;
}

async fn each_call_is_a_span_with_its_outcome_and_nothing_secret(capture: &Capture) {
    let server = start_server().await;
    mount_login(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/limited"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .with_priority(2)
        .mount(&server)
        .await;
    mount_create_connection(&server, json_response(200, "create_connection_200.json")).await;
    let sdk = sdk_for(&server);
    let query = Request::get("/limited").query("password", PASSWORD);
    within(Call::<Value>::new(&sdk, Ok(query)))
        .await
        .expect("after one retry");
    let connection = WriteDbConnection::new()
        .set_name("db")
        .set_password(PASSWORD);
    within(sdk.create_connection(&connection))
        .await
        .expect("created");

    let mut calls = capture.calls();
    for call in &mut calls {
        let elapsed = call.remove("elapsed_ms").expect("elapsed_ms recorded");
        assert!(elapsed.parse::<u64>().is_ok(), "{elapsed}");
    }
    assert_eq!(
        calls,
        [
            expected(&[
                ("operation", ""),
                ("method", "GET"),
                ("path", "/limited"),
                ("status", "200"),
                ("attempt", "2")
            ]),
            expected(&[
                ("operation", "create_connection"),
                ("method", "POST"),
                ("path", "/connections"),
                ("status", "200"),
                ("attempt", "1")
            ]),
        ]
    );
    assert_eq!(
        capture.events("INFO", "logged in"),
        1,
        "{}",
        capture.everything()
    );
    assert_eq!(capture.events("INFO", "retrying"), 1);
    assert_no_secret("tracing", &capture.everything());
}

async fn verify_ssl_false_works_and_warns_once(capture: &Capture) {
    let server = start_server().await;
    mount_login(&server).await;
    let mut settings = settings_for(&server);
    settings.verify_ssl = false;
    for _ in 0..3 {
        let sdk = LookerSdk::new(settings.clone()).expect("sdk");
        within(sdk.auth().login())
            .await
            .expect("plain HTTP still logs in");
    }
    assert_eq!(capture.events("WARN", "verify_ssl is false"), 1);
    assert_no_secret("tracing", &capture.everything());
}
