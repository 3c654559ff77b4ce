//! `looker-codegen bump NEW_DOCUMENT`: a Looker version bump of the SDK crate (new document in
//! `spec/`, regenerated code, version from the semver verdict, CHANGELOG entry).

use crate::release::{self, Layout};
use clap::{Arg, ArgMatches, Command};
use looker_codegen::{DEFAULT_MANIFEST, DEFAULT_OUT_DIR, SPEC_DIR};
use std::path::Path;
use std::process::ExitCode;

/// The `bump` subcommand's arguments.
pub fn command() -> Command {
    let path = |id: &'static str, default: &'static str, help: &'static str| {
        Arg::new(id)
            .long(id)
            .value_name("PATH")
            .default_value(default)
            .help(help)
    };
    Command::new("bump")
        .about("Take a new Looker document into the SDK: spec/, generated/, version, CHANGELOG.md")
        .long_about(
            "Take a new Looker API document into the SDK crate: diff it against the document in \
             spec/, put it in spec/, regenerate generated/ and the area features of Cargo.toml, \
             set the crate's version from the semver verdict (with the Looker release as build \
             metadata, e.g. 0.2.0+looker.24.18.48) and prepend a CHANGELOG.md entry written from \
             the diff. Each document is read once and everything is computed before the first \
             file is written; then every file is written, or none (a failure halfway puts back \
             what was written). The same document twice writes nothing. The paths below are \
             relative to --root unless absolute. scripts/release.sh runs this, then cargo \
             package.",
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
        .arg(path(
            "spec-dir",
            SPEC_DIR,
            "The directory of the SDK's document (looker-4.0.json, .yaml or .yml)",
        ))
        .arg(path(
            "manifest",
            DEFAULT_MANIFEST,
            "The SDK's Cargo.toml: its version and area features",
        ))
        .arg(path(
            "changelog",
            release::CHANGELOG,
            "The changelog the entry is prepended to",
        ))
        .arg(path(
            "out",
            DEFAULT_OUT_DIR,
            "The generated code's directory",
        ))
        .arg(
            Arg::new("date")
                .long("date")
                .value_name("YYYY-MM-DD")
                .help("The changelog entry's date [default: today, UTC]"),
        )
}

/// The layout from `--root` and the paths below it.
fn layout(args: &ArgMatches) -> Layout {
    let arg = |id: &str| args.get_one::<String>(id).map_or("", String::as_str);
    let root = Path::new(arg("root"));
    Layout {
        root: root.to_owned(),
        spec_dir: root.join(arg("spec-dir")),
        manifest: root.join(arg("manifest")),
        changelog: root.join(arg("changelog")),
        out_dir: root.join(arg("out")),
    }
}

/// `--date`, checked, else today's date in UTC.
fn date(args: &ArgMatches) -> Result<String, String> {
    let Some(given) = args.get_one::<String>("date") else {
        return Ok(time::OffsetDateTime::now_utc().date().to_string());
    };
    let invalid = || format!("--date {given}: not a date as YYYY-MM-DD");
    let parts: Vec<&str> = given.split('-').collect();
    let [year, month, day] = parts[..] else {
        return Err(invalid());
    };
    if (year.len(), month.len(), day.len()) != (4, 2, 2) {
        return Err(invalid());
    }
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let month: u8 = month.parse().map_err(|_| invalid())?;
    let day: u8 = day.parse().map_err(|_| invalid())?;
    let month = time::Month::try_from(month).map_err(|_| invalid())?;
    let date = time::Date::from_calendar_date(year, month, day).map_err(|_| invalid())?;
    Ok(date.to_string())
}

/// Runs `bump` and prints what it did and the next steps.
pub fn run(args: &ArgMatches) -> Result<ExitCode, String> {
    let document = args
        .get_one::<String>("document")
        .map_or("", String::as_str);
    let date = date(args)?;
    let report = release::bump(&layout(args), Path::new(document), &date)?;
    if report.nothing_to_release() {
        println!(
            "nothing to release: {document} is the API of {} ({}); looker-sdk stays {}",
            report.old_document, report.api_version, report.old_version
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

#[cfg(test)]
mod tests {
    use super::*;

    fn date_of(args: &[&str]) -> Result<String, String> {
        let matches = command().get_matches_from(args);
        date(&matches)
    }

    #[test]
    fn dates_are_checked_or_today() {
        assert_eq!(
            date_of(&["bump", "d", "--date", "2024-02-29"]).unwrap(),
            "2024-02-29"
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024-1-01",
            "today",
            "2024-01-01-1",
        ] {
            assert!(date_of(&["bump", "d", "--date", bad]).is_err(), "{bad}");
        }
        let today = date_of(&["bump", "d"]).unwrap();
        assert_eq!(today.len(), 10, "{today}");
        assert!(today.starts_with("20"), "{today}");
    }

    #[test]
    fn paths_are_below_the_root_unless_absolute() {
        let matches = command().get_matches_from(["bump", "d", "--root", "w", "--out", "/abs"]);
        let layout = layout(&matches);
        assert_eq!(layout.spec_dir, Path::new("w/spec"));
        assert_eq!(layout.manifest, Path::new("w/Cargo.toml"));
        assert_eq!(layout.changelog, Path::new("w/CHANGELOG.md"));
        assert_eq!(layout.out_dir, Path::new("/abs"));
    }
}
