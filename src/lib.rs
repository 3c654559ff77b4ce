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
//! # Where to start
//!
//! - **Settings**: [`init40`] reads `looker.ini` (section `[Looker]`) in the working directory
//!   and the `LOOKERSDK_BASE_URL`, `LOOKERSDK_CLIENT_ID`, `LOOKERSDK_CLIENT_SECRET`,
//!   `LOOKERSDK_VERIFY_SSL` and `LOOKERSDK_TIMEOUT` variables, like Looker's other SDKs;
//!   [`ApiSettings::new`], [`ApiSettings::load`] and [`ApiSettings::from_env`] choose
//!   explicitly, and [`LookerSdk::new`] makes the client. The first call logs in; the session
//!   logs in again before its token expires.
//! - **Calls**: every API method is on [`LookerSdk`], named after Looker's `operationId`
//!   and grouped by API area (its impl blocks carry each area's description). A method takes
//!   the operation's required parameters and body and returns a request builder
//!   ([`methods`]): set optional parameters on it, then `.await` it
//!   (`sdk.all_connections().fields("name").await?`). When two required parameters in a row
//!   have the same type, the method takes them by name in a `…Params` struct, so they cannot
//!   be swapped. Enum parameters take the enum or a string (`impl Into<Enum>`).
//! - **Models** ([`models`]): what Looker answers has every field an `Option` (Looker leaves
//!   out what `fields=` did not ask for); a `Write…` body takes its required properties in
//!   `new(..)` and the others through `set_…`. Enums keep a value they do not know in
//!   `Unknown(String)` and convert from strings. `date-time` values are [`DateTime`]: the text
//!   Looker sent, and the instant it names.
//! - **Results that are not JSON**: `String`, `Vec<u8>` or [`Content`] (`run_inline_query` in
//!   CSV, PNG or JSON: [`Content::text`], [`Content::json`], [`Content::into_bytes`]).
//! - **Errors**: every failure is an [`Error`]. [`Error::api_error`] gives Looker's answer to a
//!   rejected call ([`ApiError`]: status, message, documentation link, and for a 422 the
//!   invalid fields); calls Looker turns away with 429 or 503 are retried ([`RetryPolicy`]).
//!   Secrets never appear in `Debug` output or errors.
//!
//! # Features
//!
//! - One feature per API area (`connection`, `query`, `dashboard`, …), all on by default
//!   (`all-areas`): a program that needs a few areas compiles only those.
//! - `rustls` (default) or `native-tls`: the TLS backend.
//! - `chrono`, `time`: [`DateTime`] converts to and from `chrono::DateTime` and
//!   `time::OffsetDateTime`.
//!
//! The models and methods are generated from Looker's OpenAPI document by `looker-codegen`
//! (see `generated/`); settings, authentication, transport and errors are the runtime's,
//! the `looker-sdk-rtl` crate, whose items this crate re-exports.

#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code names the SDK's own crate `::looker_sdk` (its doc links and examples).
extern crate self as looker_sdk;

/// The generated models and methods: from `spec/` in `OUT_DIR` in this repository's builds,
/// the committed `generated/` elsewhere (see build.rs).
mod generated {
    include!(concat!(env!("LOOKER_SDK_GENERATED"), "/mod.rs"));
}

pub use generated::{
    init40, methods, models, LookerSdk, API, API_PATH, LOOKER_RELEASE, SPEC_VERSION,
};
pub use looker_sdk_rtl::{
    call, error, http_client_builder, settings, AccessToken, Answer, ApiDescription, ApiError,
    ApiSettings, AuthSession, ByteStream, Call, Client, Content, DateTime, Error, Method,
    Operation, Pages, PagingLoop, RawRequest, RedirectError, Result, RetryPolicy, Sdk, Secret,
    StopOutcome, TaskEnd, TaskError, ValidationErrorDetail, DEFAULT_MAX_PAGES, DEFAULT_PAGE_SIZE,
};

/// Looker's long-running work awaited in one call (feature `wait`, on by default): the
/// `Task` that `.rendered()`, `.results()`, `.until_built()` and `.until_deployed()` return,
/// its `WaitPolicy` and `CancelHandle`, and the `Waiter` on its own.
#[cfg(feature = "wait")]
#[cfg_attr(docsrs, doc(cfg(feature = "wait")))]
pub use looker_sdk_rtl::wait;

/// A stand-in Looker for the tests of code that uses the SDK (feature `testing`; see the
/// README's "Testing code that uses the SDK").
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub use looker_sdk_rtl::testing;

/// What generated code uses of the runtime (`looker_sdk_rtl::codegen`), for tests that build
/// calls by hand. Not a stable API: it changes with the generator.
#[doc(hidden)]
pub use looker_sdk_rtl::codegen;
