//! The options of `Config` a build script uses: extern types and runtime-owned operations.

use looker_codegen::{CodegenError, Config, Rendered};

const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: Options, version: 0.0.1}
paths:
  /ping:
    get:
      operationId: ping
      tags: [Misc]
      responses: {'204': {description: ok}}
  /things:
    get:
      operationId: things
      tags: [Misc]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        detail: {$ref: '#/components/schemas/Detail'}
        details: {type: array, items: {$ref: '#/components/schemas/Detail'}}
    Detail:
      type: object
      properties:
        code: {type: string}
"#;

fn all_text(rendered: &Rendered) -> String {
    rendered
        .files
        .iter()
        .map(|f| f.content.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_extern_type_is_used_by_path_and_not_generated() {
    let rendered = Config::new("options.yaml", "")
        .extern_type("Detail", "::my_crate::errors::Detail")
        .render_text("options.yaml", DOCUMENT)
        .expect("renders");
    let text = all_text(&rendered);
    assert!(!text.contains("pub struct Detail"), "{text}");
    assert!(text.contains("pub use ::my_crate::errors::Detail;"));
    assert!(text.contains("pub detail: Option<::my_crate::errors::Detail>,"));
    assert!(text.contains("pub details: Option<Vec<::my_crate::errors::Detail>>,"));
    assert!(rendered
        .diagnostics
        .iter()
        .any(|d| d.repair == "extern-type" && d.pointer == "/components/schemas/Detail"));
}

#[test]
fn an_extern_type_that_is_not_a_path_is_refused_at_its_schema() {
    for bad in [
        "",
        "my crate::Detail",
        "::fn::Detail",
        "a::",
        "a::::b",
        "1a",
    ] {
        let err = Config::new("options.yaml", "")
            .extern_type("Detail", bad)
            .render_text("options.yaml", DOCUMENT)
            .expect_err(bad);
        assert!(
            matches!(&err, CodegenError::Invalid { pointer, .. } if pointer == "/components/schemas/Detail"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn runtime_owned_operations_are_not_methods() {
    let defaults = all_text(
        &Config::new("o.yaml", "")
            .render_text("o.yaml", DOCUMENT)
            .unwrap(),
    );
    assert!(defaults.contains("pub fn ping("));
    let rendered = Config::new("o.yaml", "")
        .runtime_owned(["ping"])
        .render_text("o.yaml", DOCUMENT)
        .expect("renders");
    let text = all_text(&rendered);
    assert!(!text.contains("pub fn ping("), "{text}");
    assert!(text.contains("pub fn things("));
    assert_eq!(rendered.method_count, 1);
    assert!(rendered
        .diagnostics
        .iter()
        .any(|d| d.repair == "runtime-owned" && d.pointer == "/paths/~1ping/get"));
}
