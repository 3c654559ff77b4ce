//! Every released Looker document (the `looker-specs` crate, or `$LOOKER_SPECS_DIR`) renders
//! in-process: every operation becomes a method, every schema a type, each repair is reported
//! with a pointer, and the document's own Write types are recognised.

use looker_codegen::{render_str, Rendered, Repair};
use looker_specs::RELEASES as VERSIONS;

fn render(version: &str) -> (serde_json::Value, Rendered) {
    let path = looker_specs::openapi(version);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Looker's document {}: {e}", path.display()));
    let document = serde_json::from_str(&text).expect("the document is JSON");
    let rendered = render_str("Looker.json", &text)
        .unwrap_or_else(|e| panic!("{version} does not render: {e}"));
    (document, rendered)
}

#[test]
fn every_operation_and_schema_is_generated() {
    for version in VERSIONS {
        let (document, rendered) = render(version);
        let operations: usize = document["paths"]
            .as_object()
            .expect("paths")
            .values()
            .map(|item| {
                item.as_object()
                    .map_or(0, |ops| ops.keys().filter(|k| *k != "parameters").count())
            })
            .sum();
        // `login`, `logout` and `login_user` belong to the runtime's login session.
        assert_eq!(
            rendered.method_count + 3,
            operations,
            "{version}: one method per operation"
        );
        let schemas = document["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .len();
        assert!(
            rendered.type_count >= schemas,
            "{version}: {} types for {schemas} schemas",
            rendered.type_count
        );
        assert!(
            rendered.areas.len() > 20,
            "{version}: areas {:?}",
            rendered.areas
        );
        assert_eq!(rendered.version, format!("4.0.{version}"));
    }
}

#[test]
fn each_known_deviation_is_repaired_and_reported_with_its_pointer() {
    let (_, rendered) = render("24.18");
    let kinds: Vec<&str> = rendered
        .diagnostics
        .iter()
        .map(|d| d.repair.as_str())
        .collect();
    for kind in [
        "type-any",
        "media-type-text",
        "query-style-simple",
        "enum-on-array",
        "null-description",
        "result-format-enum",
    ] {
        assert!(kinds.contains(&kind), "no `{kind}` repair in {kinds:?}");
    }
    assert!(rendered
        .diagnostics
        .iter()
        .all(|d| d.pointer.starts_with('/') && !d.message.is_empty()));
    let (_, oldest) = render("21.0");
    assert!(oldest
        .diagnostics
        .iter()
        .any(|d| d.repair == Repair::XLookerDeprecated));
}

#[test]
fn the_documents_own_write_types_are_used_not_duplicated() {
    let (_, rendered) = render("26.12");
    assert!(rendered
        .diagnostics
        .iter()
        .any(|d| d.repair == Repair::WriteTypeFromDocument
            && d.message.contains("`WriteScheduledPlan`")));
    let all: String = rendered.files.iter().map(|f| f.content.as_str()).collect();
    assert!(
        !all.contains("WriteScheduledPlan2"),
        "a numbered duplicate of WriteScheduledPlan"
    );
    assert!(all.contains("pub struct WriteConversationMessages {"));
    assert!(all.contains("body: &WriteScheduledPlan,"));
    // The query runners' `result_format` takes the enum the document lists for query results.
    assert!(all.contains("result_format: impl Into<ResultFormat>,\n        body: &WriteQuery,"));
}

/// The runtime owns the login answer and the 422 details: in every document the models
/// re-export `looker_sdk_rtl::AccessToken` and `looker_sdk_rtl::ValidationErrorDetail` instead of
/// declaring their own.
#[test]
fn the_runtimes_types_are_used_not_generated() {
    for version in VERSIONS {
        let (_, rendered) = render(version);
        let all: String = rendered.files.iter().map(|f| f.content.as_str()).collect();
        for name in ["AccessToken", "ValidationErrorDetail"] {
            assert!(
                all.contains(&format!("pub use ::looker_sdk_rtl::{name};")),
                "{version}: {name} is not the runtime's"
            );
            assert!(
                !all.contains(&format!("pub struct {name} ")),
                "{version}: {name} is declared"
            );
        }
    }
}
