//! `looker-codegen`: generate the Rust Looker SDK from an API document, check that the committed
//! code is fresh, and fetch the document a Looker instance serves.

#[cfg(feature = "release")]
mod bump;
mod diff;
#[cfg(feature = "fetch")]
mod fetch;
#[cfg(feature = "release")]
mod release;
mod summary;

use clap::{Arg, ArgAction, ArgMatches, Command};
use looker_codegen::{find_spec, Config, DEFAULT_MANIFEST, DEFAULT_OUT_DIR};
use std::process::ExitCode;

/// Rendering and diffing allocate millions of small values (JSON trees, the OpenAPI model, the
/// generated text); mimalloc makes that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit codes, shown at the end of every `--help`.
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  failure: an error, `check` found stale files, or `diff --fail-on-breaking` found breaking
     changes
  2  usage error (unknown command or option, missing value)";

fn main() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        // `--help` and `--version` exit 0 here, usage errors 2.
        Err(error) => error.exit(),
    };
    let outcome = match matches.subcommand() {
        Some(("generate", args)) => generate(args),
        Some(("check", args)) => check(args),
        Some(("fetch", args)) => run_fetch(args),
        Some(("diff", args)) => diff::run(args),
        Some(("bump", args)) => run_bump(args),
        _ => Err("no command given; see --help".to_owned()),
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

/// The whole command line: one subcommand per job, each with `--help`.
fn command() -> Command {
    Command::new("looker-codegen")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Generates the Rust Looker SDK from a Looker API document")
        .after_long_help(EXIT_CODES)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            generator_args(Command::new("generate"))
                .about("Regenerate the SDK sources from the document and print a summary")
                .long_about(
                    "Regenerate the SDK sources from the document and print a summary: counts \
                     of types, methods, repairs and files (--verbose lists them). Only files \
                     whose content changes are written, each atomically.",
                ),
        )
        .subcommand(
            generator_args(Command::new("check")).about(
                "Fail, naming the stale files, when the sources are not what `generate` writes",
            ),
        )
        .subcommand(diff::command())
        .subcommand(bump_command())
        .subcommand(fetch_command())
}

#[cfg(feature = "fetch")]
fn fetch_command() -> Command {
    fetch::command()
}

#[cfg(feature = "fetch")]
fn run_fetch(args: &clap::ArgMatches) -> Result<ExitCode, String> {
    fetch::run(&fetch::Options::from_matches(args))
}

/// Without the `fetch` feature the command is listed, and says how to get it.
#[cfg(not(feature = "fetch"))]
fn fetch_command() -> Command {
    Command::new("fetch")
        .about("Download the API document your Looker instance serves (needs the `fetch` feature)")
        .arg(
            clap::Arg::new("args")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true),
        )
}

#[cfg(not(feature = "fetch"))]
fn run_fetch(_: &clap::ArgMatches) -> Result<ExitCode, String> {
    Err(
        "this looker-codegen was built without `fetch` (which compiles an HTTP client): in \
         this repository run `cargo codegen-fetch`, elsewhere \
         `cargo install looker-codegen-cli` (the feature is on by default)"
            .to_owned(),
    )
}

#[cfg(feature = "release")]
fn bump_command() -> Command {
    bump::command()
}

#[cfg(feature = "release")]
fn run_bump(args: &clap::ArgMatches) -> Result<ExitCode, String> {
    bump::run(args)
}

/// Without the `release` feature the command is listed, and says how to get it.
#[cfg(not(feature = "release"))]
fn bump_command() -> Command {
    Command::new("bump")
        .about("Release a new Looker document: bump the SDK to it (needs the `release` feature)")
        .arg(
            clap::Arg::new("args")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true),
        )
}

#[cfg(not(feature = "release"))]
fn run_bump(_: &clap::ArgMatches) -> Result<ExitCode, String> {
    Err(
        "this looker-codegen was built without `release` (a TOML editor and dates for `bump`): \
         in this repository run `cargo codegen-bump` or scripts/release.sh, elsewhere \
         `cargo install looker-codegen-cli` (the feature is on by default)"
            .to_owned(),
    )
}

/// The options shared by `generate` and `check`.
fn generator_args(command: Command) -> Command {
    command
        .after_long_help(EXIT_CODES)
        .arg(Arg::new("spec").long("spec").value_name("FILE").help(
            "API document, JSON or YAML, OpenAPI 3.0 or Swagger 2.0 \
                     [default: spec/looker-4.0.json, .yaml or .yml, whichever exists]",
        ))
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("DIR")
                .help(format!("Output directory [default: {DEFAULT_OUT_DIR}]")),
        )
        .arg(
            Arg::new("manifest")
                .long("manifest")
                .value_name("FILE")
                .help(format!(
                    "Cargo.toml whose API-area features to keep in step \
                     [default: {DEFAULT_MANIFEST}, none when --out is given]"
                )),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("List every repair and every file"),
        )
}

/// The generator's configuration from the `generate`/`check` options and their defaults.
fn config(args: &ArgMatches) -> Result<Config, String> {
    let spec = match args.get_one::<String>("spec") {
        Some(spec) => std::path::PathBuf::from(spec),
        None => find_spec(std::path::Path::new("."))
            .map_err(|e| e.to_string())?
            .ok_or("no document in spec/ (looker-4.0.json, .yaml or .yml): give --spec FILE")?,
    };
    let out = args.get_one::<String>("out");
    let manifest = match (args.get_one::<String>("manifest"), out) {
        (Some(manifest), _) => Some(manifest.as_str()),
        (None, None) => Some(DEFAULT_MANIFEST),
        (None, Some(_)) => None,
    };
    let config = Config::new(spec, out.map_or(DEFAULT_OUT_DIR, String::as_str));
    Ok(match manifest {
        Some(manifest) => config.manifest(manifest),
        None => config,
    })
}

/// `generate`: render, write what changed, print the summary.
fn generate(args: &ArgMatches) -> Result<ExitCode, String> {
    let config = config(args)?;
    let (rendered, report) = config.generate().map_err(|e| e.to_string())?;
    let lines = summary::generated(&config, &rendered, &report, args.get_flag("verbose"));
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}

/// `check`: exit 1 naming the stale files, 0 when everything is fresh.
fn check(args: &ArgMatches) -> Result<ExitCode, String> {
    let config = config(args)?;
    let stale = config.check().map_err(|e| e.to_string())?;
    if stale.is_empty() {
        println!("{}", summary::fresh(&config));
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{}",
        summary::stale(&config, &stale, args.get_flag("verbose")).join("\n")
    );
    Ok(ExitCode::FAILURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn manifest_defaults_only_without_out() {
        let parse = |args: &[&str]| {
            let matches = command().get_matches_from(args);
            let (_, sub) = matches.subcommand().expect("a subcommand");
            format!(
                "{:?}",
                config(sub).expect("this repository has one document")
            )
        };
        assert!(parse(&["x", "generate", "--spec", "s"]).contains("manifest: Some(\"Cargo.toml\")"));
        assert!(parse(&["x", "check", "--spec", "s", "--out", "d"]).contains("manifest: None"));
        assert!(parse(&[
            "x",
            "generate",
            "--spec",
            "s",
            "--out",
            "d",
            "--manifest",
            "m"
        ])
        .contains("manifest: Some(\"m\")"));
    }
}
