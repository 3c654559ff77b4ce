//! Counts an instance's users without listing them: a raw call (`sdk.raw`) for one user and
//! the `X-Total-Count` header Looker sends with a search.
//!
//! `cargo run --example count_users` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;

use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::Method;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &mut std::io::stdout()).await
}

/// Prints how many users Looker counts.
pub async fn run(sdk: &LookerSdk, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let answer = sdk
        .raw(Method::GET, "/users/search")
        .query("fields", "id")
        .query("limit", 1)
        .with_response()
        .await?;
    match answer.total_count() {
        Some(total) => writeln!(out, "{total} users")?,
        None => writeln!(out, "Looker did not count the users")?,
    }
    Ok(())
}
