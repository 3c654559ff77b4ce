//! The command line itself: help, version, usage errors, and `generate`/`check` summaries.

mod common;

use common::{run, WorkDir};
use std::fs;
use std::path::{Path, PathBuf};

/// Looker's complete 26.12 document (the `looker-specs` crate, or `$LOOKER_SPECS_DIR`).
fn full_document() -> PathBuf {
    let path = looker_specs::openapi("26.12");
    assert!(
        path.is_file(),
        "Looker's document {} is missing",
        path.display()
    );
    path
}

#[test]
fn every_subcommand_has_help_with_the_exit_codes() {
    let dir = WorkDir::new("help");
    for command in ["generate", "check", "fetch"] {
        for flag in ["-h", "--help"] {
            let help = run(dir.path(), &[command, flag], &[]);
            assert_eq!(help.code, Some(0), "{command} {flag}: {help:?}");
            let usage = format!("Usage: looker-codegen {command} [OPTIONS]");
            assert!(
                help.stdout.contains(&usage),
                "{command} {flag}: {}",
                help.stdout
            );
        }
        let long = run(dir.path(), &[command, "--help"], &[]);
        assert!(
            long.stdout.contains("Exit codes:\n  0  success"),
            "{}",
            long.stdout
        );
        assert!(long.stdout.contains("2  usage error"), "{}", long.stdout);
    }
    let help = run(dir.path(), &["--help"], &[]);
    assert_eq!(help.code, Some(0));
    for command in ["generate", "check", "fetch"] {
        assert!(
            help.stdout.contains(&format!("  {command} ")),
            "{}",
            help.stdout
        );
    }
}

#[test]
fn version_is_the_package_version() {
    let dir = WorkDir::new("version");
    let version = run(dir.path(), &["--version"], &[]);
    assert_eq!(version.code, Some(0));
    assert_eq!(
        version.stdout.trim(),
        format!("looker-codegen {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = WorkDir::new("usage");
    for args in [
        &[][..],
        &["frobnicate"],
        &["generate", "--no-such-option"],
        &["generate", "--spec"],
        &["fetch", "--api-version"],
        &["check", "extra"],
    ] {
        let usage = run(dir.path(), args, &[]);
        assert_eq!(usage.code, Some(2), "{args:?}: {usage:?}");
        assert!(
            usage.stderr.starts_with("error: ") || usage.stderr.contains("Usage: looker-codegen"),
            "{args:?}: {}",
            usage.stderr
        );
    }
}

#[test]
fn generate_summarizes_a_full_document_on_one_screen_and_check_agrees() {
    let dir = WorkDir::new("generate");
    let spec = full_document();
    let spec = spec.to_str().expect("a UTF-8 path");
    let out = dir.path().join("out");
    let out = out.to_str().expect("a UTF-8 path");

    let generated = run(dir.path(), &["generate", "--spec", spec, "--out", out], &[]);
    assert_eq!(generated.code, Some(0), "{generated:?}");
    let lines = generated.stdout.lines().count();
    assert!(lines < 25, "{lines} lines:\n{}", generated.stdout);
    assert!(
        generated.stdout.contains("types     478"),
        "{}",
        generated.stdout
    );
    assert!(
        generated
            .stdout
            .contains("files     71 written, 0 unchanged, 0 removed"),
        "{}",
        generated.stdout
    );
    assert!(
        !generated.stdout.contains("written   "),
        "{}",
        generated.stdout
    );

    let verbose = run(
        dir.path(),
        &["generate", "--spec", spec, "--out", out, "-v"],
        &[],
    );
    assert_eq!(verbose.code, Some(0), "{verbose:?}");
    assert!(
        verbose.stdout.contains("0 written, 71 unchanged"),
        "{}",
        verbose.stdout
    );
    assert!(
        verbose.stdout.contains("type-any at /"),
        "repairs are listed: {}",
        verbose.stdout
    );

    let fresh = run(dir.path(), &["check", "--spec", spec, "--out", out], &[]);
    assert_eq!(fresh.code, Some(0), "{fresh:?}");
    assert!(fresh.stdout.contains("is up to date"), "{}", fresh.stdout);

    fs::write(Path::new(out).join("mod.rs"), "// edited by hand\n").expect("edit a file");
    let stale = run(dir.path(), &["check", "--spec", spec, "--out", out], &[]);
    assert_eq!(stale.code, Some(1), "{stale:?}");
    assert!(
        stale.stderr.contains("(1 files differ") && stale.stderr.contains("  mod.rs"),
        "{}",
        stale.stderr
    );
    assert!(
        stale.stderr.contains("cargo codegen generate"),
        "{}",
        stale.stderr
    );
}

#[test]
fn a_missing_document_is_an_error_exit_1() {
    let dir = WorkDir::new("missing");
    let failed = run(
        dir.path(),
        &["generate", "--spec", "nope.yaml", "--out", "out"],
        &[],
    );
    assert_eq!(failed.code, Some(1), "{failed:?}");
    assert!(
        failed.stderr.starts_with("error: cannot read nope.yaml"),
        "{}",
        failed.stderr
    );
    assert!(!dir.path().join("out").exists());
}
