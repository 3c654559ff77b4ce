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

#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code names the runtime `::looker_sdk`, here as in a crate of a user's own.
extern crate self as looker_sdk;

mod answer;
mod auth;
pub mod call;
mod client;
mod de;
#[cfg(test)]
mod decode_properties;
pub mod error;
/// The generated models and methods: from `spec/` in `OUT_DIR` in this repository's builds,
/// the committed `generated/` elsewhere (see build.rs).
mod generated {
    include!(concat!(env!("LOOKER_SDK_GENERATED"), "/mod.rs"));
}
mod paging;
mod raw;
mod request;
mod retry;
mod secret;
mod ser;
pub mod settings;
mod stream;
mod trace;

pub use answer::Answer;
pub use auth::AuthSession;
pub use call::Call;
pub use client::{http_client_builder, init40, LookerSdk};
pub use error::{ApiError, Error, Result, ValidationErrorDetail};
pub use generated::{methods, models, API_PATH, LOOKER_RELEASE, SPEC_VERSION};
pub use paging::{Pages, DEFAULT_PAGE_SIZE};
pub use raw::RawRequest;
pub use request::Content;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use settings::ApiSettings;
pub use stream::ByteStream;

/// What generated code uses of the runtime, under one path (`::looker_sdk::codegen`) in this
/// crate and in a crate of a user's own that generates its API with `looker-codegen`. Not a
/// stable API: it changes with the generator.
#[doc(hidden)]
pub mod codegen {
    pub use crate::call::{
        AnyContent, ByStatus, Bytes, Call, CallFuture, Decode, Json, NoBody, Text,
    };
    pub use crate::paging::{PageStyle, Pages};
    pub use crate::request::{json_path_segment, json_query, path_segment, Request, Response};
    pub use crate::{request_builder, Content, LookerSdk, Result};
    pub use reqwest::Method;
    pub use serde;
    pub use serde_json;
    pub use tokio::io::AsyncWrite;

    /// Decoding support for generated models.
    pub mod de {
        pub use crate::de::{object, scalar, skip, value, Object};
    }

    /// Encoding support for generated models.
    pub mod ser {
        pub use crate::ser::{present, Fields};
    }
}
