//! Renders a dashboard to PDF and saves it, in one awaited call: the render task is created,
//! polled until it succeeds, and its document streamed to the file (`.rendered()`). Ctrl-C
//! ends the wait (Looker cannot stop a render task: it runs to its end on the server).
//!
//! `cargo run --example render_dashboard -- DASHBOARD_ID out.pdf` with `looker.ini` or
//! `LOOKERSDK_*` set.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use looker_own_crate_example::methods::CreateDashboardRenderTaskParams;
use looker_own_crate_example::models::CreateDashboardRenderTask;
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::wait::WaitPolicy;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dashboard = args
        .next()
        .ok_or("usage: render_dashboard DASHBOARD_ID OUT.pdf")?;
    let file = args.next().unwrap_or_else(|| "dashboard.pdf".to_owned());
    let sdk = looker_own_crate_example::init40()?;
    let policy = WaitPolicy::default();
    run(
        &sdk,
        &dashboard,
        Path::new(&file),
        policy,
        &mut std::io::stdout(),
    )
    .await
}

/// Renders `dashboard_id` as a 1280x1024 A4 PDF into `file`, polling by `policy`, and says
/// which statuses the task went through.
pub async fn run(
    sdk: &LookerSdk,
    dashboard_id: &str,
    file: &Path,
    policy: WaitPolicy,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    // Width and height are both integers: named, so they cannot be swapped.
    let params = CreateDashboardRenderTaskParams {
        dashboard_id,
        result_format: "pdf",
        width: 1280,
        height: 1024,
    };
    let body = CreateDashboardRenderTask::new().set_dashboard_style("tiled");
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&statuses);
    let task = sdk
        .create_dashboard_render_task(params, &body)
        .pdf_paper_size("a4")
        .rendered()
        .policy(policy)
        .on_status(move |status| seen.lock().unwrap().push(status.to_owned()));
    let cancel = task.cancel_handle();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    });
    let written = task.download_to(file).await?;
    writeln!(out, "{}", statuses.lock().unwrap().join(" -> "))?;
    writeln!(out, "saved {written} bytes to {}", file.display())?;
    Ok(())
}
