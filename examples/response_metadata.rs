//! Creates a connection and prints the answer's status and `x-request-id` header next to the
//! connection Looker returned: `with_response()` on any request. Also sends an `x-trace-id`
//! header with this one call.
//!
//! Run it with `cargo run --example response_metadata -- NAME TRACE_ID`. Settings as for every
//! example: `looker.ini` (`[Looker]`) and `LOOKERSDK_*`.

use std::process::ExitCode;

use looker_sdk::models::WriteDbConnection;

#[tokio::main]
async fn main() -> ExitCode {
    let (Some(name), Some(trace)) = (std::env::args().nth(1), std::env::args().nth(2)) else {
        eprintln!("usage: response_metadata NAME TRACE_ID");
        return ExitCode::from(2);
    };
    match create(&name, &trace).await {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn create(name: &str, trace: &str) -> looker_sdk::Result<String> {
    let sdk = looker_sdk::init40()?;
    let answer = sdk
        .create_connection(&WriteDbConnection::new().set_name(name))
        .header("x-trace-id", trace)
        .with_response()
        .await?;
    Ok(format!(
        "status {}, request id {}, connection {}",
        answer.status,
        answer.header("x-request-id").unwrap_or("-"),
        answer.value.name.as_deref().unwrap_or("<unnamed>"),
    ))
}
