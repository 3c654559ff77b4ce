//! `looker-codegen diff OLD NEW`: what changed between two API documents for Rust callers, and
//! the semver verdict for the generated crate.

use clap::{Arg, ArgAction, ArgMatches, Command};
use std::process::ExitCode;

/// The `diff` subcommand's arguments.
pub fn command() -> Command {
    Command::new("diff")
        .about("Compare two API documents: the Rust items affected, breaking changes first, and the semver verdict")
        .long_about(
            "Compare two API documents (JSON or YAML, OpenAPI 3.0 or Swagger 2.0; `-` reads one \
             from standard input) at the level of the generated SDK: operations and schemas \
             added, removed, changed and renamed, the Rust items each breaking change affects \
             with a migration hint, and the semver verdict for the generated crate. Markdown by \
             default, made to paste into a pull request; `--format json` for CI tools.",
        )
        .after_long_help(crate::EXIT_CODES)
        .arg(Arg::new("old").value_name("OLD").required(true).help("The document the SDK is generated from now"))
        .arg(Arg::new("new").value_name("NEW").required(true).help("The new release's document"))
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["markdown", "json"])
                .default_value("markdown")
                .help("Output format"),
        )
        .arg(
            Arg::new("fail-on-breaking")
                .long("fail-on-breaking")
                .action(ArgAction::SetTrue)
                .help("Exit 1 when a change breaks code written against the old SDK"),
        )
}

/// Runs `diff`: prints the report; exit 1 on breaking changes when asked.
pub fn run(args: &ArgMatches) -> Result<ExitCode, String> {
    let name = |key: &str| args.get_one::<String>(key).map_or("-", String::as_str);
    let (old, new) = (name("old"), name("new"));
    if old == "-" && new == "-" {
        return Err("only one of OLD and NEW can be read from standard input".to_owned());
    }
    let old_text = read(old)?;
    let new_text = read(new)?;
    let report =
        looker_codegen::diff_str(old, &old_text, new, &new_text).map_err(|e| e.to_string())?;
    if args.get_one::<String>("format").map(String::as_str) == Some("json") {
        print!("{}", report.to_json());
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(
        if args.get_flag("fail-on-breaking") && report.has_breaking() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// A document's text, from a file or (`-`) standard input.
fn read(name: &str) -> Result<String, String> {
    if name == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"))
    } else {
        std::fs::read_to_string(name).map_err(|e| format!("cannot read {name}: {e}"))
    }
}
