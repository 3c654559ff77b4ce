//! What `generate` and `check` print: counts that fit one screen, the lists with `--verbose`.

use looker_codegen::{Config, Rendered, WriteReport};
use std::collections::BTreeMap;

/// How many stale files `check` names without `--verbose`.
const STALE_SHOWN: usize = 10;

/// The summary of `generate`: the document, counts of types, methods, repairs (by kind) and
/// files; `verbose` adds every repair and every written or removed file.
pub fn generated(
    config: &Config,
    rendered: &Rendered,
    report: &WriteReport,
    verbose: bool,
) -> Vec<String> {
    let mut lines = vec![
        format!("{} {}", rendered.title, rendered.version),
        format!(
            "  document  {} (fnv1a-64 {})",
            config.spec().display(),
            rendered.spec_hash
        ),
        format!("  types     {}", rendered.type_count),
        format!("  methods   {}", rendered.method_count),
        format!("  repairs   {}", rendered.diagnostics.len()),
    ];
    if verbose {
        lines.extend(rendered.diagnostics.iter().map(|d| format!("    {d}")));
    } else {
        let mut by_kind = BTreeMap::new();
        for diagnostic in &rendered.diagnostics {
            *by_kind.entry(diagnostic.repair.as_str()).or_insert(0usize) += 1;
        }
        lines.extend(
            by_kind
                .into_iter()
                .map(|(kind, count)| format!("    {kind}: {count}")),
        );
    }
    let changed = report.written.len() + report.removed.len();
    let hint = if verbose || changed == 0 {
        ""
    } else {
        " (--verbose lists them)"
    };
    lines.push(format!(
        "  files     {} written, {} unchanged, {} removed, in {}{hint}",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        config.out_dir().display()
    ));
    if verbose {
        lines.extend(report.written.iter().map(|p| format!("    written   {p}")));
        lines.extend(report.removed.iter().map(|p| format!("    removed   {p}")));
    }
    lines
}

/// What `check` prints when the sources are fresh.
pub fn fresh(config: &Config) -> String {
    format!(
        "{} is up to date with {}",
        config.out_dir().display(),
        config.spec().display()
    )
}

/// What `check` prints when files are stale: their count, the first few names, and the fix.
pub fn stale(config: &Config, stale: &[String], verbose: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "{} is stale ({} files differ from what {} generates):",
        config.out_dir().display(),
        stale.len(),
        config.spec().display()
    )];
    let shown = if verbose { stale.len() } else { STALE_SHOWN };
    lines.extend(stale.iter().take(shown).map(|path| format!("  {path}")));
    if stale.len() > shown {
        lines.push(format!(
            "  … and {} more (--verbose lists them)",
            stale.len() - shown
        ));
    }
    lines.push("run `cargo codegen generate` (or `cargo build`) and commit the result".to_owned());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_names_the_first_files_and_counts_the_rest() {
        let config = Config::new("spec/x.yaml", "generated");
        let files: Vec<String> = (0..25).map(|i| format!("models/f{i}.rs")).collect();
        let lines = stale(&config, &files, false);
        assert_eq!(lines.len(), 1 + STALE_SHOWN + 2, "{lines:#?}");
        assert!(lines[0].contains("(25 files differ"), "{}", lines[0]);
        assert_eq!(
            lines[STALE_SHOWN + 1],
            "  … and 15 more (--verbose lists them)"
        );
        assert_eq!(stale(&config, &files, true).len(), 1 + 25 + 1);
        assert_eq!(stale(&config, &files[..2], false).len(), 1 + 2 + 1);
    }
}
