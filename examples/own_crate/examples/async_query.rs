//! Runs a saved query as an async query task and prints its results, in one awaited call: the
//! task is created, polled until complete, and its results read (`.results()`). On the deadline
//! or Ctrl-C the query is killed on the server (`kill_query`).
//!
//! `cargo run --example async_query -- QUERY_ID [csv|json|...]` with `looker.ini` or
//! `LOOKERSDK_*` set.

use std::io::Write;
use std::time::Duration;

use looker_own_crate_example::models::WriteCreateQueryTask;
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::wait::WaitPolicy;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let query = args.next().ok_or("usage: async_query QUERY_ID [FORMAT]")?;
    let format = args.next().unwrap_or_else(|| "csv".to_owned());
    let sdk = looker_own_crate_example::init40()?;
    let policy = WaitPolicy::with_deadline(Duration::from_secs(600));
    run(&sdk, &query, &format, policy, &mut std::io::stdout()).await
}

/// Runs query `query_id` in `format` by `policy` and prints the results.
pub async fn run(
    sdk: &LookerSdk,
    query_id: &str,
    format: &str,
    policy: WaitPolicy,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let body = WriteCreateQueryTask::new(query_id, format);
    let task = sdk.create_query_task(&body).results().policy(policy);
    let cancel = task.cancel_handle();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    });
    let results = task.await;
    ctrl_c.abort();
    let results = results?;
    match results.text() {
        Some(text) => write!(out, "{text}")?,
        None => writeln!(
            out,
            "{} ({} bytes)",
            results.media_type(),
            results.as_bytes().len()
        )?,
    }
    Ok(())
}
