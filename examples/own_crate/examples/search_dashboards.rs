//! Pages through the dashboards whose title matches a pattern, a page of `PAGE` at a time.
//!
//! `cargo run --example search_dashboards -- 'Sales%'` with `looker.ini` or `LOOKERSDK_*` set.

use std::io::Write;

use looker_own_crate_example::LookerSdk;

/// Dashboards asked for per request.
pub const PAGE: i64 = 2;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let title = std::env::args().nth(1).unwrap_or_else(|| "%".to_owned());
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &title, &mut std::io::stdout()).await
}

/// Writes the id and title of every dashboard whose title matches `title` (`%` is a wildcard).
pub async fn run(
    sdk: &LookerSdk,
    title: &str,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut offset = 0;
    loop {
        let page = sdk
            .search_dashboards()
            .title(title)
            .fields("id,title")
            .sorts("title")
            .limit(PAGE)
            .offset(offset)
            .await?;
        for dashboard in &page {
            let id = dashboard.id.as_deref().unwrap_or("?");
            let title = dashboard.title.as_deref().unwrap_or("(untitled)");
            writeln!(out, "{id}\t{title}")?;
        }
        if (page.len() as i64) < PAGE {
            return Ok(());
        }
        offset += PAGE;
    }
}
