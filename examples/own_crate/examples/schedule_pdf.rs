//! Schedules a dashboard's PDF to be emailed every Monday at 06:00 (the instance's time zone),
//! with `create_scheduled_plan`.
//!
//! `cargo run --example schedule_pdf -- DASHBOARD_ID EMAIL` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;

use looker_own_crate_example::models::{ScheduledPlanDestination, WriteScheduledPlan};
use looker_own_crate_example::LookerSdk;

/// Minute, hour, day of month, month, day of week: 06:00 on Mondays.
pub const EVERY_MONDAY: &str = "0 6 * * 1";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dashboard), Some(email)) = (args.next(), args.next()) else {
        return Err("usage: schedule_pdf DASHBOARD_ID EMAIL".into());
    };
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &dashboard, &email, &mut std::io::stdout()).await
}

/// Schedules dashboard `dashboard_id` as a PDF to `email` every Monday.
pub async fn run(
    sdk: &LookerSdk,
    dashboard_id: &str,
    email: &str,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let destination = ScheduledPlanDestination::new()
        .set_type_("email")
        .set_format("wysiwyg_pdf")
        .set_address(email);
    let plan = WriteScheduledPlan::new()
        .set_name(format!("Dashboard {dashboard_id} every Monday"))
        .set_dashboard_id(dashboard_id)
        .set_crontab(EVERY_MONDAY)
        .set_require_results(false)
        .set_scheduled_plan_destination(vec![destination]);
    let created = sdk.create_scheduled_plan(&plan).await?;
    let id = created.id.as_deref().unwrap_or("?");
    writeln!(out, "scheduled plan {id}: {EVERY_MONDAY} to {email}")?;
    Ok(())
}
