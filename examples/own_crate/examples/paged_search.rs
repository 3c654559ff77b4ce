//! Lists every dashboard whose title matches a pattern, page after page, as one stream: the
//! generated `stream()` of an operation that pages (`search_dashboards` pages by
//! `limit`/`offset`, and follows Looker's `Link` headers when it sends them).
//!
//! Run it with `cargo run --example paged_search -- TITLE [PAGE_SIZE]` (`TITLE` may hold `%`
//! wildcards). Settings: `looker.ini` (`[Looker]`) and `LOOKERSDK_*`.

use std::process::ExitCode;

use futures_util::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(title) = args.next() else {
        eprintln!("usage: paged_search TITLE [PAGE_SIZE]");
        return ExitCode::from(2);
    };
    let page_size = match args.next().map(|size| size.parse::<u32>()) {
        None => looker_sdk_rtl::DEFAULT_PAGE_SIZE,
        Some(Ok(size)) => size,
        Some(Err(err)) => {
            eprintln!("error: PAGE_SIZE: {err}");
            return ExitCode::from(2);
        }
    };
    match list(&title, page_size).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn list(title: &str, page_size: u32) -> looker_sdk_rtl::Result<()> {
    let sdk = looker_own_crate_example::init40()?;
    let mut dashboards = sdk
        .search_dashboards()
        .title(title)
        .fields("id,title")
        .stream()
        .page_size(page_size);
    let mut count = 0;
    while let Some(dashboard) = dashboards.next().await {
        let dashboard = dashboard?;
        count += 1;
        println!(
            "{}\t{}",
            dashboard.id.as_deref().unwrap_or("-"),
            dashboard.title.as_deref().unwrap_or("-")
        );
    }
    match dashboards.total() {
        Some(total) => println!("{count} dashboards (Looker counts {total})"),
        None => println!("{count} dashboards"),
    }
    Ok(())
}
