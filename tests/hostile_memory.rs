//! A 30 MB answer of ten million empty objects, each a `DbConnection` of over a kilobyte once
//! decoded (16 GB if decoded whole), ends in `Error::DecodedTooLarge` with the default settings,
//! and this test process (the SDK and the loopback stand-in together) stays under 1 GiB
//! resident. The only test of its binary, so that nothing else counts in the peak.

mod common;

use common::*;
use looker_sdk::codegen::{Call, Request};
use looker_sdk::models::DbConnection;
use looker_sdk::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const OBJECTS: usize = 10_000_000;
const PEAK_LIMIT_KIB: u64 = 1 << 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_megabytes_of_empty_objects_end_in_a_typed_error_under_a_gibibyte() {
    let server = start_server().await;
    mount_login(&server).await;
    let mut body = Vec::with_capacity(3 * OBJECTS + 1);
    body.push(b'[');
    for i in 0..OBJECTS {
        body.extend_from_slice(if i + 1 < OBJECTS { b"{}," } else { b"{}]" });
    }
    let size = body.len();
    Mock::given(method("GET"))
        .and(path(CONNECTIONS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let sdk = sdk_for(&server);
    assert_eq!(sdk.settings().max_decoded_bytes, 512 << 20, "the default");

    let call = Call::<Vec<DbConnection>>::new(&sdk, Ok(Request::get("/connections")));
    let result = within(call).await;
    let peak = peak_rss_kib();

    match result {
        Err(error @ Error::DecodedTooLarge { .. }) => eprintln!("{error}"),
        other => panic!("expected DecodedTooLarge, got {:?}", other.map(|v| v.len())),
    }
    assert!(
        peak < PEAK_LIMIT_KIB,
        "peak RSS {peak} KiB is not under {PEAK_LIMIT_KIB} KiB"
    );
    eprintln!("{size} bytes of empty objects; peak RSS {} MiB", peak >> 10);
}
