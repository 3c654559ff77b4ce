//! Deploys a branch of a LookML project to production and waits for the deploy, in one awaited
//! call (`.until_deployed()`). Looker cannot stop a deploy: Ctrl-C only ends the wait.
//!
//! `cargo run --example deploy -- PROJECT [BRANCH]` with `looker.ini` or `LOOKERSDK_*` set.

use std::io::Write;

use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::wait::WaitPolicy;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let project = args.next().ok_or("usage: deploy PROJECT [BRANCH]")?;
    let branch = args.next().unwrap_or_else(|| "main".to_owned());
    let sdk = looker_own_crate_example::init40()?;
    run(
        &sdk,
        &project,
        &branch,
        WaitPolicy::default(),
        &mut std::io::stdout(),
    )
    .await
}

/// Deploys `branch` of `project` to production, polling by `policy`.
pub async fn run(
    sdk: &LookerSdk,
    project: &str,
    branch: &str,
    policy: WaitPolicy,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let deployed = sdk
        .async_deploy_ref_to_production(project)
        .branch(branch)
        .until_deployed()
        .policy(policy)
        .await?;
    let commit = deployed.answer["commit_sha"].as_str().unwrap_or("?");
    writeln!(
        out,
        "deploy {}: {} at {commit}",
        deployed.id, deployed.status
    )?;
    Ok(())
}
