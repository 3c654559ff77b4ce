//! Rebuilds a persistent derived table and waits for the build, in one awaited call
//! (`.until_built()`). On the deadline or Ctrl-C the build is stopped on the server
//! (`stop_pdt_build`).
//!
//! `cargo run --example rebuild_pdt -- MODEL VIEW` with `looker.ini` or `LOOKERSDK_*` set.

use std::io::Write;

use looker_own_crate_example::methods::StartPdtBuildParams;
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::wait::WaitPolicy;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(model), Some(view)) = (args.next(), args.next()) else {
        return Err("usage: rebuild_pdt MODEL VIEW".into());
    };
    let sdk = looker_own_crate_example::init40()?;
    run(
        &sdk,
        &model,
        &view,
        WaitPolicy::default(),
        &mut std::io::stdout(),
    )
    .await
}

/// Rebuilds the PDT of `view` in `model`, from scratch, polling by `policy`.
pub async fn run(
    sdk: &LookerSdk,
    model: &str,
    view: &str,
    policy: WaitPolicy,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let params = StartPdtBuildParams {
        model_name: model,
        view_name: view,
    };
    let task = sdk
        .start_pdt_build(params)
        .force_rebuild("true")
        .source("rebuild_pdt example")
        .until_built()
        .policy(policy);
    let cancel = task.cancel_handle();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    });
    let built = task.await;
    ctrl_c.abort();
    let built = built?;
    let message = built.answer["message"].as_str().unwrap_or("");
    writeln!(out, "build {}: {} {message}", built.id, built.status)?;
    Ok(())
}
