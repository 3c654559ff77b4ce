//! Creates the BigQuery connection "api created", like Looker's Python example
//! `examples/python/create_db_connections.py`.
//!
//! Run it with `cargo run --example create_connection -- [cert.json]`. Settings come from
//! `looker.ini` in the current directory (section `[Looker]`) and the `LOOKERSDK_BASE_URL`,
//! `LOOKERSDK_CLIENT_ID` and `LOOKERSDK_CLIENT_SECRET` environment variables, which override it.
//! The optional argument names the service account key file, sent base64-encoded as the
//! connection's `certificate`.

use std::path::PathBuf;
use std::process::ExitCode;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use looker_sdk::models::{DbConnection, WriteDbConnection};

#[tokio::main]
async fn main() -> ExitCode {
    let certificate = match std::env::args_os().nth(1).map(PathBuf::from) {
        None => None,
        Some(path) => match std::fs::read(&path) {
            Ok(bytes) => Some(STANDARD.encode(bytes)),
            Err(err) => {
                eprintln!(
                    "error: cannot read certificate file {}: {err}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        },
    };

    match create_connection(certificate).await {
        Ok(conn) => {
            let name = conn.name.as_deref().unwrap_or("<unnamed>");
            let dialect = conn
                .dialect
                .as_ref()
                .and_then(|d| d.label.as_deref())
                .or(conn.dialect_name.as_deref())
                .unwrap_or("unknown");
            println!("Created connection \"{name}\" (dialect: {dialect})");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot create the connection: {err}");
            for detail in err.validation_errors() {
                eprintln!(
                    "  field: {}, code: {}, message: {}",
                    detail.field.as_deref().unwrap_or("-"),
                    detail.code.as_deref().unwrap_or("-"),
                    detail.message.as_deref().unwrap_or("-"),
                );
            }
            ExitCode::FAILURE
        }
    }
}

async fn create_connection(certificate: Option<String>) -> looker_sdk::Result<DbConnection> {
    let sdk = looker_sdk::init40()?;
    let mut connection = WriteDbConnection::new()
        .set_name("api created")
        .set_host("host_name")
        .set_database("your_db")
        .set_dialect_name("bigquery_standard_sql")
        .set_username("user_name")
        .set_file_type(".json");
    connection.certificate = certificate;
    sdk.create_connection(&connection).await
}
