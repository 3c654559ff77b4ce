//! Builds the SDK on a `reqwest::ClientBuilder` of your own: here one that sends a header a corporate
//! gateway asks for on every request (login included), keeping the SDK's TLS, timeout and user
//! agent (a proxy or extra root certificates go on the same builder). Prints who is logged in
//! (`GET /user`).
//!
//! Run it with `cargo run --example custom_client -- GATEWAY_TOKEN`. Settings as for every
//! example: `looker.ini` (`[Looker]`) and `LOOKERSDK_*`.

use std::process::ExitCode;

use looker_sdk::{http_client_builder, ApiSettings, LookerSdk};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;

#[tokio::main]
async fn main() -> ExitCode {
    let Some(token) = std::env::args().nth(1) else {
        eprintln!("usage: custom_client GATEWAY_TOKEN");
        return ExitCode::from(2);
    };
    match whoami(&token).await {
        Ok(me) => {
            let name = me["display_name"].as_str().unwrap_or("<unnamed>");
            println!("Logged in as {name} through the gateway");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn whoami(token: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let settings = ApiSettings::load("looker.ini", "Looker")?;
    let mut value =
        HeaderValue::from_str(token).map_err(|_| "GATEWAY_TOKEN: not a header value")?;
    value.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert("x-gateway-token", value);
    let builder = http_client_builder(&settings).default_headers(headers);
    let sdk = LookerSdk::with_client_builder(settings, builder)?;
    Ok(sdk.raw(Method::GET, "/user").await?)
}
