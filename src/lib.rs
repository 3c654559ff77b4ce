//! Rust SDK for the Looker API 4.0.
//!
//! ```no_run
//! # async fn run() -> looker_sdk::Result<()> {
//! use looker_sdk::models::WriteDbConnection;
//!
//! // looker.ini in the working directory and/or LOOKERSDK_* environment variables
//! let sdk = looker_sdk::init40()?;
//! let connection = sdk
//!     .create_connection(
//!         &WriteDbConnection::new()
//!             .set_name("api created")
//!             .set_host("host_name")
//!             .set_dialect_name("bigquery_standard_sql"),
//!     )
//!     .await?;
//! println!("{:?}", connection.name);
//! # Ok(())
//! # }
//! ```
//!
//! The models and methods are generated from Looker's OpenAPI document by `looker-codegen`
//! (see `generated/`); settings, authentication, transport and errors are written by hand.

mod auth;
pub mod call;
mod client;
mod de;
pub mod error;
/// The generated models and methods: from `spec/` in `OUT_DIR` in this repository's builds,
/// the committed `generated/` elsewhere (see build.rs).
mod generated {
    include!(concat!(env!("LOOKER_SDK_GENERATED"), "/mod.rs"));
}
mod request;
mod secret;
mod ser;
pub mod settings;

pub use auth::AuthSession;
pub use call::Call;
pub use client::{init40, LookerSdk};
pub use error::{ApiError, Error, Result, ValidationErrorDetail};
pub use generated::{methods, models, API_PATH, LOOKER_RELEASE, SPEC_VERSION};
pub use request::Content;
pub use secret::Secret;
pub use settings::ApiSettings;
