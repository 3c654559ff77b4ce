//! Saves the result of a render task (a PDF or PNG of a dashboard or look) to a file, streamed
//! from the network to the disk in flat memory whatever its size: `download_to` on the request of
//! an operation whose answer is not JSON (`render_task_results`; `run_query`, `run_look` and
//! `content_thumbnail` work the same way).
//!
//! Run it with `cargo run --example download_render -- RENDER_TASK_ID FILE`. Settings:
//! `looker.ini` (`[Looker]`) and `LOOKERSDK_*`.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (Some(task), Some(file)) = (std::env::args().nth(1), std::env::args().nth(2)) else {
        eprintln!("usage: download_render RENDER_TASK_ID FILE");
        return ExitCode::from(2);
    };
    match download(&task, &file).await {
        Ok(written) => {
            println!("{written} bytes written to {file}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn download(task: &str, file: &str) -> looker_sdk_rtl::Result<u64> {
    let sdk = looker_own_crate_example::init40()?;
    sdk.render_task_results(task).download_to(file).await
}
