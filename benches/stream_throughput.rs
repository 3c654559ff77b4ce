//! Throughput of a streamed answer: the SDK (`write_to`, with its session and error handling)
//! against reqwest streaming the same body directly (`Response::chunk`), both into
//! `tokio::io::sink()`, from the same loopback stand-in, alternating, in one run.
//!   cargo bench --bench stream_throughput -- [MiB] [rounds]      (scripts/bench-stream.sh)

#[path = "../tests/big_body/mod.rs"]
mod big_body;

use std::time::{Duration, Instant};

use looker_sdk::{http_client_builder, ApiSettings, LookerSdk};
use reqwest::Method;
use tokio::io::AsyncWriteExt;

type Outcome = Result<u64, Box<dyn std::error::Error>>;

/// The SDK: a raw call written to a sink.
async fn sdk_round(sdk: &LookerSdk) -> Outcome {
    let mut sink = tokio::io::sink();
    Ok(sdk
        .raw(Method::GET, "/big")
        .header("accept", "application/octet-stream")
        .write_to(&mut sink)
        .await?)
}

/// reqwest directly: the same request, chunks written to a sink.
async fn reqwest_round(http: &reqwest::Client, url: &str) -> Outcome {
    let mut sink = tokio::io::sink();
    let mut response = http
        .get(url)
        .header("authorization", "Bearer tok")
        .header("accept", "application/octet-stream")
        .send()
        .await?
        .error_for_status()?;
    let mut total = 0;
    while let Some(chunk) = response.chunk().await? {
        sink.write_all(&chunk).await?;
        total += chunk.len() as u64;
    }
    Ok(total)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; the numbers are the arguments that parse.
    let numbers: Vec<u64> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    let mib = numbers.first().copied().unwrap_or(1024);
    let rounds = numbers.get(1).copied().unwrap_or(5).max(1);
    let size = mib << 20;
    let base_url = big_body::serve(size).await;
    let mut settings = ApiSettings::new(base_url.clone(), "id", "secret");
    settings.timeout = Duration::from_secs(3600);
    let http = http_client_builder(&settings).build()?;
    let sdk = LookerSdk::new(settings)?;
    sdk.auth().login().await?;
    let url = format!("{base_url}/api/4.0/big");

    // One untimed round each warms the connections.
    assert_eq!(sdk_round(&sdk).await?, size);
    assert_eq!(reqwest_round(&http, &url).await?, size);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Which goes first alternates, so that neither always runs after the other.
        for sdk_turn in [round % 2 == 0, round % 2 == 1] {
            let start = Instant::now();
            if sdk_turn {
                assert_eq!(sdk_round(&sdk).await?, size);
                ours.push(start.elapsed());
            } else {
                assert_eq!(reqwest_round(&http, &url).await?, size);
                theirs.push(start.elapsed());
            }
        }
    }
    let rate = |time: Duration| mib as f64 / time.as_secs_f64();
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    println!(
        "{mib} MiB x {rounds} rounds (median): looker-sdk write_to {:.0} MiB/s, reqwest chunks {:.0} MiB/s, ratio {:.3}",
        rate(ours),
        rate(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    Ok(())
}
