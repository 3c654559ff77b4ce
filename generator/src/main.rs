//! `looker-codegen generate [--spec FILE] [--out DIR]`, `looker-codegen check [...]`,
//! `looker-codegen diff OLD NEW` and `looker-codegen bump NEW_DOCUMENT [--root DIR]`.

use looker_codegen::{find_spec, Config, Rendered, WriteReport, DEFAULT_MANIFEST, DEFAULT_OUT_DIR};
use std::process::ExitCode;

const USAGE: &str = "usage: looker-codegen <generate|check> [--spec FILE] [--out DIR] [--verbose]
       looker-codegen diff OLD NEW [--format markdown|json] [--fail-on-breaking]
       looker-codegen bump NEW_DOCUMENT [--root DIR]

  generate  regenerate the SDK sources from the document and print a summary
  check     exit non-zero, naming the stale files, when the sources are not what generate writes

  --spec FILE  OpenAPI document, JSON or YAML (default: spec/looker-4.0.json, .yaml or .yml)
  --out DIR    output directory (default: generated)
  --manifest FILE  Cargo.toml whose API-area features to keep in step (default: Cargo.toml,
               unless --out is given)
  --verbose    list every repair made to the document
  diff      compare two documents (`-` reads one from stdin): Rust breaking changes and semver
  bump      release a new Looker document: put it in spec/, regenerate, set the SDK's version
            from the semver verdict and prepend the diff to CHANGELOG.md (--root: the
            workspace, default .)";

struct Args {
    command: String,
    config: Config,
    verbose: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = args.next().ok_or("missing command")?;
    if command != "generate" && command != "check" {
        return Err(format!("unknown command `{command}`"));
    }
    let mut spec: Option<std::path::PathBuf> = None;
    let mut out = None;
    let mut manifest = None;
    let mut verbose = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = Some(args.next().ok_or("--spec needs a file")?.into()),
            "--out" => out = Some(args.next().ok_or("--out needs a directory")?),
            "--manifest" => manifest = Some(args.next().ok_or("--manifest needs a file")?),
            "--verbose" | "-v" => verbose = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let manifest = manifest.or_else(|| out.is_none().then(|| DEFAULT_MANIFEST.to_owned()));
    let spec = match spec {
        Some(spec) => spec,
        None => find_spec(std::path::Path::new("."))
            .map_err(|e| e.to_string())?
            .ok_or("no document in spec/ (looker-4.0.json, .yaml or .yml): give --spec FILE")?,
    };
    let mut config = Config::new(spec, out.unwrap_or_else(|| DEFAULT_OUT_DIR.to_owned()));
    if let Some(manifest) = manifest {
        config = config.manifest(manifest);
    }
    Ok(Args {
        command,
        config,
        verbose,
    })
}

fn main() -> ExitCode {
    let mut all = std::env::args().skip(1).peekable();
    if all.peek().map(String::as_str) == Some("diff") {
        return diff(all.skip(1).collect());
    }
    if all.peek().map(String::as_str) == Some("bump") {
        return bump(all.skip(1).collect());
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let outcome = if args.command == "generate" {
        args.config.generate().map(|(rendered, report)| {
            print_summary(&args.config, &rendered, &report, args.verbose);
            ExitCode::SUCCESS
        })
    } else {
        args.config
            .check()
            .map(|stale| report_check(&args.config, &stale))
    };
    outcome.unwrap_or_else(|err| {
        eprintln!("error: {err}");
        ExitCode::FAILURE
    })
}

fn print_summary(config: &Config, rendered: &Rendered, report: &WriteReport, verbose: bool) {
    println!("{} {}", rendered.title, rendered.version);
    println!(
        "  document  {} (fnv1a-64 {})",
        config.spec().display(),
        rendered.spec_hash
    );
    println!("  types     {}", rendered.type_count);
    println!("  methods   {}", rendered.method_count);
    println!("  repairs   {}", rendered.diagnostics.len());
    let mut by_kind = std::collections::BTreeMap::new();
    for diagnostic in &rendered.diagnostics {
        *by_kind.entry(diagnostic.repair).or_insert(0usize) += 1;
        if verbose {
            println!("    {diagnostic}");
        }
    }
    if !verbose {
        for (kind, count) in by_kind {
            println!("    {kind}: {count} (--verbose lists them)");
        }
    }
    println!(
        "  files     {} written, {} unchanged, {} removed, in {}",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        config.out_dir().display()
    );
    for path in &report.written {
        println!("    written   {path}");
    }
    for path in &report.removed {
        println!("    removed   {path}");
    }
}

fn report_check(config: &Config, stale: &[String]) -> ExitCode {
    if stale.is_empty() {
        println!(
            "{} is up to date with {}",
            config.out_dir().display(),
            config.spec().display()
        );
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{} is stale ({} files differ from what {} generates):",
        config.out_dir().display(),
        stale.len(),
        config.spec().display()
    );
    for path in stale {
        eprintln!("  {path}");
    }
    eprintln!(
        "run `cargo run -p looker-codegen -- generate` (or `cargo build`) and commit the result"
    );
    ExitCode::FAILURE
}

/// `diff OLD NEW [--format markdown|json] [--fail-on-breaking]`: exit 1 on breaking changes
/// when asked, 2 on usage errors.
fn diff(args: Vec<String>) -> ExitCode {
    let mut files = Vec::new();
    let mut json = false;
    let mut fail_on_breaking = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => match args.next().as_deref() {
                Some("json") => json = true,
                Some("markdown") => json = false,
                _ => return usage_error("--format takes markdown or json"),
            },
            "--fail-on-breaking" => fail_on_breaking = true,
            _ => files.push(arg),
        }
    }
    let [old, new] = files.as_slice() else {
        return usage_error("diff takes two documents");
    };
    let read = |name: &str| -> Result<String, String> {
        if name == "-" {
            std::io::read_to_string(std::io::stdin()).map_err(|e| format!("stdin: {e}"))
        } else {
            std::fs::read_to_string(name).map_err(|e| format!("cannot read {name}: {e}"))
        }
    };
    let report = read(old).and_then(|old_text| {
        let new_text = read(new)?;
        looker_codegen::diff_str(old, &old_text, new, &new_text).map_err(|e| e.to_string())
    });
    match report {
        Ok(report) => {
            if json {
                print!("{}", report.to_json());
            } else {
                print!("{}", report.to_markdown());
            }
            if fail_on_breaking && report.has_breaking() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// `bump NEW_DOCUMENT [--root DIR]`: exit 1 on errors, 2 on usage errors.
fn bump(args: Vec<String>) -> ExitCode {
    let mut root = std::path::PathBuf::from(".");
    let mut documents = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => match args.next() {
                Some(dir) => root = dir.into(),
                None => return usage_error("--root needs a directory"),
            },
            _ => documents.push(arg),
        }
    }
    let [document] = documents.as_slice() else {
        return usage_error("bump takes one document");
    };
    let report = match looker_codegen::release::bump(&root, std::path::Path::new(document)) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if report.nothing_to_release() {
        println!(
            "nothing to release: {document} is the API of spec/ ({}); looker-sdk stays {}",
            report.api_version, report.old_version
        );
        return ExitCode::SUCCESS;
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
         cargo publish -p looker-codegen\n  cargo publish -p looker-sdk"
    );
    ExitCode::SUCCESS
}
