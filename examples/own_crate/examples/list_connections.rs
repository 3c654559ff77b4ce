//! Lists the instance's database connections, asking Looker for two fields only.
//!
//! `cargo run --example list_connections` with `looker.ini` or `LOOKERSDK_*` set.

use std::io::Write;

use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &mut std::io::stdout()).await
}

/// Writes one line per connection: its name and dialect.
pub async fn run(sdk: &LookerSdk, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let connections = sdk.all_connections().fields("name,dialect_name").await?;
    for connection in &connections {
        let name = connection.name.as_deref().unwrap_or("(unnamed)");
        let dialect = connection
            .dialect_name
            .as_deref()
            .unwrap_or("unknown dialect");
        writeln!(out, "{name}: {dialect}")?;
    }
    writeln!(out, "{} connections", connections.len())?;
    Ok(())
}
