//! The full Looker API generated in this crate's build script, on the `looker_sdk` runtime.
//!
//! ```no_run
//! # async fn run() -> looker_sdk::Result<()> {
//! let sdk = looker_own_crate_example::init40()?;
//! let me = sdk.me().await?;
//! println!("{:?}", me.display_name);
//! # Ok(())
//! # }
//! ```

mod looker {
    include!(concat!(env!("OUT_DIR"), "/looker/mod.rs"));
}

pub use looker::{init40, methods, models, LookerSdk, API_PATH, LOOKER_RELEASE, SPEC_VERSION};
