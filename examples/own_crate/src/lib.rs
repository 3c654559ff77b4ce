//! The full Looker API generated in this crate's build script, on the `looker_sdk_rtl` runtime.
//!
//! ```no_run
//! # async fn run() -> looker_sdk_rtl::Result<()> {
//! let sdk = looker_own_crate_example::init40()?;
//! let me = sdk.me().await?;
//! println!("{:?}", me.display_name);
//! # Ok(())
//! # }
//! ```
//!
//! A `Write` model takes its required properties in `new`, so it cannot be built without them:
//!
//! ```
//! use looker_own_crate_example::models::WriteQuery;
//! let query = WriteQuery::new("thelook", "orders").set_limit("10");
//! assert_eq!((query.model.as_str(), query.view.as_str()), ("thelook", "orders"));
//! ```
//!
//! ```compile_fail
//! // error: `new` takes `model` and `view`
//! let query = looker_own_crate_example::models::WriteQuery::new();
//! ```
//!
//! ```compile_fail
//! // error: `WriteQuery` is `#[non_exhaustive]` and has no `Default`
//! use looker_own_crate_example::models::WriteQuery;
//! let query = WriteQuery { fields: Some(vec![]), ..Default::default() };
//! ```
//!
//! Adjacent required parameters of one type are named in a struct, every one of them required:
//!
//! ```compile_fail
//! // error: missing field `height`
//! use looker_own_crate_example::methods::CreateDashboardRenderTaskParams;
//! let params = CreateDashboardRenderTaskParams {
//!     dashboard_id: "42",
//!     result_format: "pdf",
//!     width: 1280,
//! };
//! ```
//!
//! Parameters Looker types with an enum take it, or the string it spells (the query runners'
//! `result_format` takes `ResultFormat`, the formats Looker lists for query results):
//!
//! ```no_run
//! # async fn run(sdk: &looker_own_crate_example::LookerSdk) -> looker_sdk_rtl::Result<()> {
//! use looker_own_crate_example::models::{ResultFormat, WriteQuery};
//! let query = WriteQuery::new("thelook", "orders");
//! let rows = sdk.run_inline_query(ResultFormat::Json, &query).await?;
//! let csv = sdk.run_inline_query("csv", &query).await?;
//! let png = sdk.run_query("42", "png").await?;
//! # Ok(())
//! # }
//! ```
//!
//! Generated enums convert from the strings Looker spells, keeping values they do not know:
//!
//! ```
//! use looker_own_crate_example::models::ResultFormat;
//! assert_eq!(ResultFormat::from("csv"), ResultFormat::Csv);
//! assert_eq!(ResultFormat::from("parquet".to_owned()).as_str(), "parquet");
//! assert!(matches!(ResultFormat::from("parquet"), ResultFormat::Unknown(_)));
//! ```

looker_sdk_rtl::include_api!();
