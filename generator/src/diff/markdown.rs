//! The report as Markdown for a pull request: a summary line, the breaking changes first,
//! then operations and schemas; long lists and text-only changes are collapsed.

use super::{Breaking, Changed, DiffReport};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Lists longer than this are folded into a `<details>` block.
const FOLD_AFTER: usize = 25;

/// Renders the whole report.
pub(super) fn render(report: &DiffReport) -> String {
    let mut out = summary(report);
    out.push_str("\n\n## Breaking changes\n");
    if report.breaking.is_empty() {
        out.push_str("\nNone: code written against the old SDK compiles against the new one.\n");
    }
    let mut by_kind: BTreeMap<&str, Vec<&Breaking>> = BTreeMap::new();
    for entry in &report.breaking {
        by_kind.entry(entry.kind.as_str()).or_default().push(entry);
    }
    for (kind, entries) in by_kind {
        let lines = entries
            .iter()
            .map(|b| format!("`{}`: {} ({}; `{}`)", b.rust, b.detail, b.hint, b.pointer));
        section(&mut out, &format!("### {kind}"), lines.collect());
    }
    operations(&mut out, report);
    schemas(&mut out, report);
    let texts = &report.descriptions;
    let count = texts.operations.len() + texts.schemas.len();
    if count > 0 {
        let _ = write!(
            out,
            "\n## Description-only changes ({count})\n\n<details><summary>{} operations, {} schemas whose texts alone changed</summary>\n\n",
            texts.operations.len(),
            texts.schemas.len()
        );
        for (label, names) in [
            ("Operations", &texts.operations),
            ("Schemas", &texts.schemas),
        ] {
            if !names.is_empty() {
                let _ = writeln!(out, "{label}: {}\n", ticked(names));
            }
        }
        out.push_str("</details>\n");
    }
    out
}

/// The first line.
fn summary(report: &DiffReport) -> String {
    let ops = &report.operations;
    let schemas = &report.schemas;
    format!(
        "**Looker API {} -> {}: semver {}** — {} breaking, {} operations added / {} removed / {} changed / {} renamed, {} schemas added / {} removed / {} changed, {} description-only",
        report.old_version,
        report.new_version,
        report.semver().to_string().to_uppercase(),
        report.breaking.len(),
        ops.added.len(),
        ops.removed.len(),
        ops.changed.len(),
        ops.renamed.len(),
        schemas.added.len(),
        schemas.removed.len(),
        schemas.changed.len(),
        report.descriptions.operations.len() + report.descriptions.schemas.len(),
    )
}

fn operations(out: &mut String, report: &DiffReport) {
    let ops = &report.operations;
    if ops.added.is_empty() && ops.removed.is_empty() && ops.changed.is_empty() {
        return;
    }
    out.push_str("\n## Operations\n");
    let endpoint = |id: &str| {
        report
            .endpoints
            .get(id)
            .map_or_else(String::new, |e| format!(" — `{e}`"))
    };
    let named = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| format!("`{id}`{}", endpoint(id)))
            .collect()
    };
    section(out, "### Added", named(&ops.added));
    section(out, "### Removed", named(&ops.removed));
    let renamed = ops
        .renamed
        .iter()
        .map(|(old, new)| format!("`{old}` -> `{new}`{}", endpoint(new)))
        .collect();
    section(out, "### Renamed", renamed);
    let changed = ops
        .changed
        .iter()
        .map(|c| format!("`{}`{}: {}", c.name, endpoint(&c.name), c.what.join("; ")))
        .collect();
    section(out, "### Changed", changed);
}

fn schemas(out: &mut String, report: &DiffReport) {
    let schemas = &report.schemas;
    if schemas.added.is_empty() && schemas.removed.is_empty() && schemas.changed.is_empty() {
        return;
    }
    out.push_str("\n## Schemas\n");
    let named = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect();
    section(out, "### Added", named(&schemas.added));
    section(out, "### Removed", named(&schemas.removed));
    section(out, "### Changed", changed(&schemas.changed));
}

fn changed(list: &[Changed]) -> Vec<String> {
    list.iter()
        .map(|c| format!("`{}`: {}", c.name, c.what.join("; ")))
        .collect()
}

/// A heading with its count and bullets, folded when long; nothing when empty.
fn section(out: &mut String, heading: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{heading} ({})\n", lines.len());
    let fold = lines.len() > FOLD_AFTER;
    if fold {
        let _ = writeln!(out, "<details><summary>{} entries</summary>\n", lines.len());
    }
    for line in lines {
        let _ = writeln!(out, "- {line}");
    }
    if fold {
        out.push_str("\n</details>\n");
    }
}

fn ticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
