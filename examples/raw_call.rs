//! Calls an endpoint this SDK's API document does not have (one a newer Looker release added)
//! with `sdk.raw`, sending a header a proxy in front of Looker needs, and prints the answer.
//!
//! Run it with `cargo run --example raw_call -- PATH [NAME=VALUE ...]`: `PATH` relative to
//! `/api/4.0` (say `/ai/agents`), each `NAME=VALUE` a query parameter. `LOOKER_PROXY_ROUTE`, when
//! set, is sent as the `x-proxy-route` header. Settings as for every example: `looker.ini`
//! (`[Looker]`) and `LOOKERSDK_*`.

use std::process::ExitCode;

use reqwest::Method;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: raw_call PATH [NAME=VALUE ...]");
        return ExitCode::from(2);
    };
    let query: Vec<(String, String)> = args
        .filter_map(|arg| {
            let (name, value) = arg.split_once('=')?;
            Some((name.to_owned(), value.to_owned()))
        })
        .collect();
    match call(&path, &query).await {
        Ok(answer) => {
            println!("{answer:#}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn call(path: &str, query: &[(String, String)]) -> looker_sdk::Result<serde_json::Value> {
    let sdk = looker_sdk::init40()?;
    let mut request = sdk.raw(Method::GET, path);
    for (name, value) in query {
        request = request.query(name.as_str(), value);
    }
    if let Ok(route) = std::env::var("LOOKER_PROXY_ROUTE") {
        request = request.header("x-proxy-route", &route);
    }
    request.await
}
