//! A 512 MiB answer streamed to a file in flat memory: the bytes are identical and this test
//! process (the SDK and the loopback stand-in together) never holds more than 64 MiB resident.
//! The only test of its binary, so that nothing else counts in the peak.

mod big_body;
mod common;

use std::time::Duration;

use looker_sdk::{ApiSettings, LookerSdk};
use reqwest::Method;

const SIZE: u64 = 512 << 20;
const PEAK_LIMIT_KIB: u64 = 64 << 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_512_mib_answer_streams_to_a_file_in_flat_memory() {
    let base_url = big_body::serve(SIZE).await;
    let mut settings = ApiSettings::new(base_url, "id", "secret");
    // The client's timeout covers reading the whole body; a debug build on a loaded machine
    // may need more than the default for 512 MiB.
    settings.timeout = Duration::from_secs(900);
    let sdk = LookerSdk::new(settings).expect("settings");
    let file = std::env::temp_dir().join(format!("looker-sdk-512mib-{}.bin", std::process::id()));

    let written = sdk
        .raw(Method::GET, "/big")
        .header("accept", "application/octet-stream")
        .download_to(&file)
        .await;
    let peak = common::peak_rss_kib();
    let checked = big_body::verify(&file, SIZE);
    // The check itself can fail: the same file is not a body one byte shorter.
    let shorter = big_body::verify(&file, SIZE - 1);
    let _ = std::fs::remove_file(&file);

    assert_eq!(written.expect("download"), SIZE);
    checked.expect("the file holds the bytes sent");
    assert!(shorter.is_err(), "verify must notice a length difference");
    assert!(
        peak < PEAK_LIMIT_KIB,
        "peak RSS {peak} KiB is not under {PEAK_LIMIT_KIB} KiB"
    );
    eprintln!("512 MiB streamed to a file; peak RSS {} MiB", peak >> 10);
}
