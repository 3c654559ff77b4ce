//! `looker-codegen bump NEW_DOCUMENT`: a Looker version bump of the SDK crate (new document in
//! `spec/`, regenerated code, version from the semver verdict, CHANGELOG entry).

use clap::{Arg, ArgMatches, Command};
use std::path::Path;
use std::process::ExitCode;

/// The `bump` subcommand's arguments.
pub fn command() -> Command {
    Command::new("bump")
        .about("Take a new Looker document into the SDK: spec/, generated/, version, CHANGELOG.md")
        .long_about(
            "Take a new Looker API document into the SDK crate: diff it against the document in \
             spec/, put it in spec/, regenerate generated/ and the area features of Cargo.toml, \
             set the crate's version from the semver verdict (with the Looker release as build \
             metadata, e.g. 0.2.0+looker.24.18.48) and prepend a CHANGELOG.md entry written from \
             the diff. Everything is computed before the first file is written; the same \
             document twice writes nothing. scripts/release.sh runs this, then cargo package.",
        )
        .after_long_help(crate::EXIT_CODES)
        .arg(
            Arg::new("document")
                .value_name("NEW_DOCUMENT")
                .required(true)
                .help("The new release's document (OpenAPI 3.0 or Swagger 2.0, JSON or YAML)"),
        )
        .arg(
            Arg::new("root")
                .long("root")
                .value_name("DIR")
                .default_value(".")
                .help("The SDK's workspace"),
        )
}

/// Runs `bump` and prints what it did and the next steps.
pub fn run(args: &ArgMatches) -> Result<ExitCode, String> {
    let document = args
        .get_one::<String>("document")
        .map_or("", String::as_str);
    let root = args.get_one::<String>("root").map_or(".", String::as_str);
    let report = looker_codegen::release::bump(Path::new(root), Path::new(document))
        .map_err(|e| e.to_string())?;
    if report.nothing_to_release() {
        println!(
            "nothing to release: {document} is the API of spec/ ({}); looker-sdk stays {}",
            report.api_version, report.old_version
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "looker-sdk {} -> {}",
        report.old_version, report.new_version
    );
    println!("  verdict   {}", report.verdict);
    println!(
        "  Looker    {} (API {} -> {})",
        report.looker_release, report.diff.old_version, report.api_version
    );
    println!("  files     {} written or removed", report.written.len());
    for path in &report.written {
        println!("    {path}");
    }
    println!(
        "next steps: review and commit, then\n  cargo package --workspace\n  \
         cargo publish -p looker-codegen\n  cargo publish -p looker-sdk\n  \
         cargo publish -p looker-codegen-cli"
    );
    Ok(ExitCode::SUCCESS)
}
