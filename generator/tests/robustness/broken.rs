//! Broken documents: an error that says where (a JSON pointer, or a line and column for
//! syntax errors), and nothing written.

use looker_codegen::{render_str, Config, Repair};
use std::fs;

use crate::support::*;

#[test]
fn bytes_that_are_not_a_document_are_syntax_errors() {
    let err = generate_fails("spec.json", [0x7b, 0x9f, 0x92, 0x96, 0xff, 0x00]);
    assert_syntax(&err, "UTF-8", "byte 1", "not UTF-8");

    let err = generate_fails("spec.yaml", "\u{1}\u{2}\u{3}");
    assert_syntax(&err, "YAML", "line 1 column 1", "control characters");

    let err = generate_fails("spec.json", "{{{");
    assert_syntax(&err, "JSON", "line 1 column 2", "key must be a string");

    // Without an extension a document starting with `{` is read as JSON.
    let err = generate_fails("spec", "{{{");
    assert_syntax(&err, "JSON", "line 1 column 2", "key must be a string");

    let err = generate_fails("spec.yaml", "{{{\n");
    assert_syntax(
        &err,
        "YAML",
        "line 2 column 1",
        "did not find expected node content",
    );
}

#[test]
fn truncated_real_json_document_is_a_syntax_error_at_its_end() {
    let text = real_document("Looker.4.0.24.18.oas.json");
    for fraction in [3, 2] {
        let mut cut = text.len() / fraction;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let truncated = &text[..cut];
        let line = truncated.matches('\n').count() + 1;
        let column = truncated.len() - truncated.rfind('\n').map_or(0, |i| i + 1);
        let err = generate_fails("Looker.4.0.24.18.oas.json", truncated);
        assert_syntax(
            &err,
            "JSON",
            &format!("line {line} column {column}"),
            "EOF while parsing",
        );
    }
}

#[test]
fn truncated_yaml_is_a_syntax_error_or_names_what_is_missing() {
    let text = corpus("recursive.yaml");

    // Cut inside a flow mapping: the YAML itself is broken at its last line.
    let cut = text
        .find("'#/components/schemas/Node'")
        .expect("a reference")
        + 10;
    let truncated = &text[..cut];
    let line = truncated.matches('\n').count() + 1;
    let column = truncated.len() - truncated.rfind('\n').map_or(0, |i| i + 1) + 1;
    let err = generate_fails("recursive.yaml", truncated);
    assert_syntax(
        &err,
        "YAML",
        &format!("line {line} column {column}"),
        "found unexpected end of stream",
    );

    // Cut before `components:`: valid YAML whose references now point nowhere.
    let cut = text.find("\ncomponents:").expect("components") + 1;
    let err = generate_fails("recursive.yaml", &text[..cut]);
    assert_invalid(
        &err,
        "/paths/~1nodes~1{node_id}/get/responses/200/content/application~1json/schema",
        "`$ref: #/components/schemas/Node` points to no schema",
    );
}

#[test]
fn empty_documents_are_rejected() {
    let err = generate_fails("spec.json", "");
    assert_syntax(&err, "JSON", "line 1 column 0", "EOF while parsing a value");

    for (name, text) in [
        ("spec.yaml", ""),
        ("spec.yaml", "# nothing but a comment\n"),
        ("spec", "  \n\n"),
    ] {
        let err = generate_fails(name, text);
        assert_invalid(&err, "", "the document is empty, not an OpenAPI object");
    }
}

#[test]
fn a_document_that_is_not_an_object_is_rejected_at_the_root() {
    let err = generate_fails("spec.json", r#"[{"openapi": "3.0.3"}]"#);
    assert_invalid(&err, "", "the document is a list, not an OpenAPI object");

    let err = generate_fails("spec.yaml", "- openapi: 3.0.3\n- paths: {}\n");
    assert_invalid(&err, "", "the document is a list, not an OpenAPI object");

    let err = generate_fails("spec.yaml", "just a sentence\n");
    assert_invalid(&err, "", "the document is a string, not an OpenAPI object");
}

#[test]
fn swagger_2_is_read_and_other_versions_are_rejected_with_their_pointer() {
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /api/4.0\npaths: {}\n";
    let rendered = render_str("swagger.yaml", swagger).expect("Swagger 2.0 YAML");
    assert_eq!(rendered.diagnostics[0].repair, Repair::Swagger2Converted);

    let err = generate_fails("swagger.json", r#"{"swagger": "1.2", "paths": {}}"#);
    assert_invalid(&err, "/swagger", "Swagger version \"1.2\" is not supported");

    let err = generate_fails(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert_invalid(&err, "/openapi", "OpenAPI version 3.1.0 is not supported");
}

#[test]
fn missing_openapi_is_rejected_at_openapi() {
    let err = generate_fails("spec.yaml", "info: {title: t, version: '1'}\npaths: {}\n");
    assert_invalid(&err, "/openapi", "missing `openapi: 3.0.x`");
}

#[test]
fn a_failed_generation_leaves_earlier_output_untouched() {
    let dir = TempDir::new("untouched");
    let spec = dir.0.join("spec.yaml");
    let out = dir.0.join("out");
    fs::write(&spec, corpus("recursive.yaml")).unwrap();
    let config = Config::new(&spec, &out);
    config.generate().expect("the corpus document generates");
    let before = files_below(&out);
    assert!(before.len() >= 5, "{:?}", before.keys());

    fs::write(&spec, yaml("paths: 5\n")).unwrap();
    let err = config.generate().expect_err("a broken document fails");
    assert_invalid(&err, "/paths", "expected struct Paths");
    assert_eq!(
        files_below(&out),
        before,
        "the failed generation touched the output"
    );
}

#[test]
fn dangling_refs_name_the_referring_place() {
    let err = render_fails(&yaml(
        "paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/Missing'}
",
    ));
    assert_invalid(
        &err,
        "/components/schemas/A/properties/b",
        "`$ref: #/components/schemas/Missing` points to no schema",
    );

    let err = render_fails(&yaml(
        "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/parameters/Missing'}
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1x/get/parameters/0",
        "`$ref: #/components/parameters/Missing` points to nothing",
    );

    let err = render_fails(&yaml(
        "paths:
  /x:
    post:
      requestBody: {$ref: '#/components/requestBodies/Missing'}
      responses:
        '200': {$ref: '#/components/responses/Missing'}
",
    ));
    assert_invalid(&err, "/paths/~1x/post/requestBody", "points to nothing");

    let err = generate_fails(
        "dangling.yaml",
        yaml(
            "paths:
  /x:
    get:
      responses:
        '200': {$ref: '#/components/responses/Missing'}
",
        ),
    );
    assert_invalid(
        &err,
        "/paths/~1x/get/responses/200",
        "`$ref: #/components/responses/Missing` points to nothing",
    );
}

#[test]
fn external_refs_are_rejected_at_the_ref() {
    for reference in [
        "other.yaml#/X",
        "other.yaml",
        "https://example.com/spec.json#/components/schemas/A",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths: {{}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '{reference}'}}
"
        )));
        assert_invalid(
            &err,
            "/components/schemas/A/properties/b/$ref",
            &format!("external reference `{reference}` is not supported"),
        );
    }
}

#[test]
fn refs_not_shaped_like_components_are_rejected_at_the_ref() {
    for reference in [
        "#/definitions/A",
        "#/components/schemas/",
        "#/components/schemas/A/properties/b",
        "#/components/parameters/P",
        "#A",
        "#",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths: {{}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '{reference}'}}
"
        )));
        assert_invalid(
            &err,
            "/components/schemas/A/properties/b/$ref",
            &format!("`{reference}` is not a reference to #/components/schemas/<name>"),
        );
    }

    // A parameter reference must point into parameters.
    let err = render_fails(&yaml(
        "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/schemas/P'}
      responses: {}
components:
  schemas:
    P: {type: string}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1x/get/parameters/0/$ref",
        "is not a reference to #/components/parameters/<name>",
    );
}

#[test]
fn ref_cycles_end_in_an_error_without_overflow() {
    on_small_stack(|| {
        // Two schemas that are only references to each other.
        let err = render_fails(&yaml(
            "paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
",
        ));
        assert_invalid(&err, "/components/schemas/A", "defined only through itself");

        for schema in [
            "{$ref: '#/components/schemas/A'}",
            "{type: array, items: {$ref: '#/components/schemas/A'}}",
            "{type: object, additionalProperties: {$ref: '#/components/schemas/A'}}",
            "{allOf: [{$ref: '#/components/schemas/A'}]}",
        ] {
            let err = render_fails(&yaml(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n"
            )));
            assert_invalid(&err, "/components/schemas/A", "defined only through itself");
        }

        // Parameters and responses that are references to each other.
        let err = render_fails(&yaml(
            "paths:
  /x:
    get:
      parameters:
        - {$ref: '#/components/parameters/P'}
      responses:
        '200': {$ref: '#/components/responses/R'}
components:
  parameters:
    P: {$ref: '#/components/parameters/Q'}
    Q: {$ref: '#/components/parameters/P'}
",
        ));
        assert_invalid(&err, "/paths/~1x/get/parameters/0", "a reference cycle");

        let err = render_fails(&yaml(
            "paths:
  /x:
    get:
      responses:
        '200': {$ref: '#/components/responses/R'}
components:
  responses:
    R: {$ref: '#/components/responses/R'}
",
        ));
        assert_invalid(&err, "/paths/~1x/get/responses/200", "a reference cycle");
    });
}

#[test]
fn a_path_parameter_missing_from_its_template_is_rejected() {
    let err = render_fails(&yaml(
        "paths:
  /a:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1a/get/parameters/0",
        "path parameter `id` is not in the path template `/a`",
    );

    // Declared once for the whole path item.
    let err = render_fails(&yaml(
        "paths:
  /a:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '204': {description: ok}
",
    ));
    assert_invalid(
        &err,
        "/paths/~1a/parameters/0",
        "path parameter `id` is not in the path template `/a`",
    );
}

#[test]
fn a_template_placeholder_without_parameter_is_rejected() {
    for parameters in [
        "",
        "      parameters:\n        - {name: id, in: query, schema: {type: string}}\n",
    ] {
        let err = render_fails(&yaml(&format!(
            "paths:\n  /a/{{id}}:\n    get:\n{parameters}      responses:\n        '204': {{description: ok}}\n"
        )));
        assert_invalid(
            &err,
            "/paths/~1a~1{id}/get",
            "`{id}` in `/a/{id}` has no path parameter",
        );
    }
}

#[test]
fn malformed_path_templates_are_rejected_at_the_path() {
    for (path, pointer, message) in [
        (
            "/a/{id",
            "/paths/~1a~1{id",
            "unclosed `{` in path template `/a/{id`",
        ),
        (
            "/a/id}",
            "/paths/~1a~1id}",
            "unopened `}` in path template `/a/id}`",
        ),
        (
            "/a/{}",
            "/paths/~1a~1{}",
            "malformed placeholder in path template `/a/{}`",
        ),
        ("/a/{{id}}", "/paths/~1a~1{{id}}", "malformed placeholder"),
        ("/a/{i{d}", "/paths/~1a~1{i{d}", "malformed placeholder"),
    ] {
        let err = render_fails(&yaml(&format!(
            "paths:
  '{path}':
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204': {{description: ok}}
"
        )));
        assert_invalid(&err, pointer, message);
    }
}

#[test]
fn wrong_types_are_reported_where_they_are() {
    let err = generate_fails("info.yaml", "openapi: 3.0.3\ninfo: []\npaths: {}\n");
    assert_invalid(
        &err,
        "/info",
        "invalid type: sequence, expected struct Info",
    );
    let get_x = |responses: &str| format!("paths:\n  /x:\n    get:\n      responses:\n{responses}");
    for (body, pointer, message) in [
        ("paths: 5\n".to_owned(), "/paths", "invalid type: integer `5`, expected struct Paths"),
        (
            "paths:\n  /x:\n    get:\n      responses: []\n".to_owned(),
            "/paths/~1x/get/responses",
            "invalid type: sequence, expected struct Responses",
        ),
        (
            get_x("        '200': {description: 7}\n"),
            "/paths/~1x/get/responses/200/description",
            "invalid type: integer `7`, expected a string",
        ),
        (
            get_x("        default: {description: 7}\n"),
            "/paths/~1x/get/responses/default/description",
            "invalid type: integer `7`, expected a string",
        ),
        (
            get_x("        '200': {description: d, content: {application/json: {schema: {type: array, items: {type: 7}}}}}\n"),
            "/paths/~1x/get/responses/200/content/application~1json/schema/items/type",
            "invalid type: integer `7`",
        ),
        (
            "paths:\n  /x:\n    get: {tags: 5, responses: {}}\n".to_owned(),
            "/paths/~1x/get/tags",
            "invalid type: integer `5`, expected a sequence",
        ),
        (
            "paths:\n  /x:\n    get: {parameters: {}, responses: {}}\n".to_owned(),
            "/paths/~1x/get/parameters",
            "invalid type: map, expected a sequence",
        ),
        (
            "paths:\n  /x:\n    get: {parameters: [{name: a, in: query, required: 5}], responses: {}}\n".to_owned(),
            "/paths/~1x/get/parameters/0",
            "invalid type: integer `5`, expected a boolean",
        ),
        (
            "paths:\n  /x:\n    post: {requestBody: {content: 5}, responses: {}}\n".to_owned(),
            "/paths/~1x/post/requestBody/content",
            "invalid type: integer `5`, expected a map",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: 5}\n".to_owned(),
            "/components/schemas/A/properties",
            "invalid type: integer `5`, expected a map",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {properties: {b: {properties: {c: {maxLength: x}}}}}\n".to_owned(),
            "/components/schemas/A/properties/b/properties/c/maxLength",
            "expected usize",
        ),
        (
            "paths:\n  x:\n    get: {responses: {}}\n".to_owned(),
            "/paths/x",
            "path `x` does not start with `/`",
        ),
        (
            get_x("        '20O': {description: typo}\n"),
            "/paths/~1x/get/responses/20O",
            "response key `20O` is not a status code",
        ),
    ] {
        let err = generate_fails("wrong.yaml", yaml(&body));
        assert_invalid(&err, pointer, message);
    }
}
