//! Streams a Look's results as CSV to a file (`run_look` in `csv`, written as it arrives: the
//! file can be larger than memory).
//!
//! `cargo run --example look_csv -- LOOK_ID FILE` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;
use std::path::Path;

use looker_own_crate_example::models::ResultFormat;
use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(look), Some(file)) = (args.next(), args.next()) else {
        return Err("usage: look_csv LOOK_ID FILE".into());
    };
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &look, Path::new(&file), &mut std::io::stdout()).await
}

/// Writes Look `look_id`'s results as CSV to `file`.
pub async fn run(
    sdk: &LookerSdk,
    look_id: &str,
    file: &Path,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let written = sdk
        .run_look(look_id, ResultFormat::Csv)
        .download_to(file)
        .await?;
    writeln!(out, "wrote {written} bytes to {}", file.display())?;
    Ok(())
}
