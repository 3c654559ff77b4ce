//! Renders a dashboard to PDF, waits for the render task, and saves the document.
//!
//! `cargo run --example render_dashboard -- DASHBOARD_ID out.pdf` with `looker.ini` or
//! `LOOKERSDK_*` set.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use looker_own_crate_example::methods::CreateDashboardRenderTaskParams;
use looker_own_crate_example::models::CreateDashboardRenderTask;
use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dashboard = args
        .next()
        .ok_or("usage: render_dashboard DASHBOARD_ID OUT.pdf")?;
    let file = args.next().unwrap_or_else(|| "dashboard.pdf".to_owned());
    let sdk = looker_own_crate_example::init40()?;
    let poll = Duration::from_secs(2);
    run(
        &sdk,
        &dashboard,
        Path::new(&file),
        poll,
        &mut std::io::stdout(),
    )
    .await
}

/// Renders `dashboard_id` as a 1280x1024 PDF into `file`, asking for the task's state every
/// `poll`.
pub async fn run(
    sdk: &LookerSdk,
    dashboard_id: &str,
    file: &Path,
    poll: Duration,
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
    let task = sdk
        .create_dashboard_render_task(params, &body)
        .pdf_paper_size("a4")
        .await?;
    let task_id = task.id.ok_or("Looker did not say the render task's id")?;
    writeln!(out, "render task {task_id}")?;
    loop {
        let task = sdk.render_task(&task_id).fields("status").await?;
        match task.status.as_deref() {
            Some("success") => break,
            Some("failure") => return Err(format!("render task {task_id} failed").into()),
            _ => tokio::time::sleep(poll).await,
        }
    }
    let document = sdk
        .render_task_results(&task_id)
        .await?
        .ok_or("the render task has no document")?;
    writeln!(out, "{} document", document.media_type())?;
    let bytes = document.into_bytes();
    std::fs::write(file, &bytes)?;
    writeln!(out, "saved {} bytes to {}", bytes.len(), file.display())?;
    Ok(())
}
