//! Lists the Looks of a folder page by page (`search_looks` with `folder_id`, as one stream),
//! with the total Looker counts.
//!
//! `cargo run --example folder_looks -- FOLDER_ID` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;

use futures_util::StreamExt;
use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .ok_or("usage: folder_looks FOLDER_ID")?;
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &folder, 100, &mut std::io::stdout()).await
}

/// Prints every Look of folder `folder_id`, asking for `page_size` at a time.
pub async fn run(
    sdk: &LookerSdk,
    folder_id: &str,
    page_size: u32,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut looks = sdk
        .search_looks()
        .folder_id(folder_id)
        .fields("id,title")
        .sorts("title")
        .stream()
        .page_size(page_size);
    let mut count = 0;
    while let Some(look) = looks.next().await {
        let look = look?;
        count += 1;
        let (id, title) = (look.id.as_deref(), look.title.as_deref());
        writeln!(out, "{}\t{}", id.unwrap_or("-"), title.unwrap_or("-"))?;
    }
    match looks.total() {
        Some(total) => writeln!(out, "{count} of {total} looks")?,
        None => writeln!(out, "{count} looks")?,
    }
    Ok(())
}
