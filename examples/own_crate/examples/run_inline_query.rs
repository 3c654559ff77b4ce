//! Runs one query twice: as JSON rows read into Rust values, and as CSV text.
//!
//! `cargo run --example run_inline_query` with `looker.ini` or `LOOKERSDK_*` set.

use std::io::Write;

use looker_own_crate_example::models::{ResultFormat, WriteQuery};
use looker_own_crate_example::LookerSdk;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &mut std::io::stdout()).await
}

/// Orders by status: a line per JSON row, then the CSV as Looker wrote it.
pub async fn run(sdk: &LookerSdk, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    // `model` and `view` are required: `WriteQuery::new` takes them.
    let query = WriteQuery::new("thelook", "orders")
        .set_fields(vec!["orders.status".to_owned(), "orders.count".to_owned()])
        .set_limit("10");

    // `result_format` takes Looker's `ResultFormat` enum (or its string: `"json"` works too).
    let json = sdk.run_inline_query(ResultFormat::Json, &query).await?;
    let rows: Vec<serde_json::Map<String, Value>> = json.json()?;
    for row in &rows {
        let status = row
            .get("orders.status")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let count = row.get("orders.count").and_then(Value::as_i64).unwrap_or(0);
        writeln!(out, "{status}: {count}")?;
    }

    let csv = sdk.run_inline_query(ResultFormat::Csv, &query).await?;
    writeln!(out, "{} ({} bytes)", csv.media_type(), csv.as_bytes().len())?;
    write!(out, "{}", csv.text().ok_or("the CSV is not text")?)?;
    Ok(())
}
