//! Awkward but valid documents: they generate, and the code declares every name once.

use std::collections::BTreeMap;
use std::fs;

use crate::declared::*;
use crate::support::*;

#[test]
fn every_corpus_document_generates_well_formed_code() {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .expect("the corpus directory")
        .map(|e| {
            e.expect("a corpus entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        let rendered = render_corpus(&name);
        let declared = declared(&rendered);
        assert_eq!(declared.methods.len(), rendered.method_count, "{name}");
        assert!(
            rendered
                .files
                .iter()
                .all(|f| f.content.starts_with("// @generated")),
            "{name}"
        );
    }
}

#[test]
fn recursive_schemas_box_what_they_hold_by_value() {
    let declared = declared(&render_corpus("recursive.yaml"));
    let node = |field: &str| declared.field("Node", field).ty.as_str();
    assert_eq!(node("parent"), "Option<Box<Node>>");
    // A list or a map already stores its items on the heap.
    assert_eq!(node("children"), "Option<Vec<Node>>");
    assert_eq!(
        node("index"),
        "Option<std::collections::BTreeMap<String,Node>>"
    );
    assert_eq!(node("id"), "Option<String>");
    // Mutually recursive structs are boxed on both sides.
    assert_eq!(declared.field("A", "b").ty, "Option<Box<B>>");
    assert_eq!(declared.field("B", "a").ty, "Option<Box<A>>");
    assert_eq!(declared.method("node"), "rt::Result<Node>");
    assert_eq!(declared.method("pair"), "rt::Result<A>");
}

#[test]
fn rust_keywords_become_safe_names_that_keep_their_json_name() {
    let rendered = render_corpus("keywords.yaml");
    let declared = declared(&rendered);
    // Schemas named `type`, `Self` and `Result`.
    for name in ["Type", "SelfModel", "ResultModel"] {
        assert!(
            declared.structs.contains_key(name),
            "{name}: {:?}",
            declared.structs.keys()
        );
    }
    for (field, json, ty) in [
        ("type_", "type", "Option<String>"),
        ("ref_", "ref", "Option<String>"),
        ("self_", "self", "Option<String>"),
        ("fn_", "fn", "Option<String>"),
        ("async_", "async", "Option<bool>"),
        ("match_", "match", "Option<i64>"),
        // `format: date-time`: the runtime's `DateTime`, which keeps the text.
        ("created_at", "createdAt", "Option<rt::DateTime>"),
    ] {
        let decl = declared.field("Type", field);
        assert_eq!(
            (decl.json.as_deref(), decl.ty.as_str()),
            (Some(json), ty),
            "{decl:?}"
        );
    }
    assert_eq!(
        declared.field("SelfModel", "self_").json.as_deref(),
        Some("Self")
    );
    assert_eq!(
        declared.field("SelfModel", "super_").json.as_deref(),
        Some("super")
    );
    assert_eq!(
        declared.field("ResultModel", "crate_").json.as_deref(),
        Some("crate")
    );
    // Operations named `type` and `self`; parameters named `self` and `fn`.
    assert_eq!(declared.methods["type_"], "TypeRequest");
    assert_eq!(declared.method("self_"), "rt::Result<ResultModel>");
    assert_eq!(declared.sends["TypeRequest"], "rt::Result<Type>");
    let methods = file(&rendered, "methods/things.rs");
    assert!(methods.contains(".query(\"self\", self_)"), "{methods}");
    assert!(
        methods.contains("self.0.query(\"fn\", value.into())"),
        "{methods}"
    );
}

#[test]
fn property_names_differing_in_case_or_punctuation_stay_distinct() {
    let declared = declared(&render_corpus("keywords.yaml"));
    let by_json: BTreeMap<&str, (&str, &str)> = declared
        .fields("Type")
        .iter()
        .map(|f| {
            (
                f.json.as_deref().unwrap_or(&f.name),
                (f.name.as_str(), f.ty.as_str()),
            )
        })
        .collect();
    assert_eq!(by_json["foo_bar"], ("foo_bar", "Option<String>"));
    assert_eq!(by_json["fooBar"], ("foo_bar2", "Option<i64>"));
    assert_eq!(by_json["foo-bar"], ("foo_bar3", "Option<bool>"));
}

#[test]
fn colliding_type_names_are_made_distinct() {
    let rendered = render_corpus("collisions.yaml");
    let declared = declared(&rendered);
    // `Foo` and `foo` are two schemas.
    assert_eq!(declared.field("Foo", "name").ty, "Option<String>");
    assert_eq!(declared.field("Foo2", "count").ty, "Option<i64>");
    // The document's own `WriteFoo` keeps its name; Foo's Write type takes the next one.
    let own: Vec<&str> = declared
        .fields("WriteFoo")
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(own, ["mine"]);
    let derived: Vec<&str> = declared
        .fields("WriteFoo2")
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(derived, ["name"], "the read-only `id` is not written");
    assert!(repairs(&rendered).contains(&("write-type-name-taken", "/components/schemas")));
}

#[test]
fn colliding_and_missing_operation_ids_give_distinct_methods() {
    let rendered = render_corpus("collisions.yaml");
    let declared = declared(&rendered);
    assert_eq!(declared.method("get_foo"), "rt::Result<Foo>");
    assert_eq!(declared.method("get_foo2"), "rt::Result<Foo2>");
    // No operationId, or an empty one: named after method and path.
    assert_eq!(declared.method("get_bar"), "rt::Result<()>");
    assert_eq!(declared.method("put_bar"), "rt::Result<()>");
    assert_eq!(declared.decoder("get_bar"), "NoBody");
    assert_eq!(declared.decoder("get_foo"), "Json");
    assert_eq!(declared.methods.len(), 4, "{:?}", declared.methods);
    let methods = file(&rendered, "methods/foo.rs");
    assert!(
        methods.contains("pub fn get_foo2(&self, body: &WriteFoo2) -> GetFoo2Request {"),
        "{methods}"
    );
    let found = repairs(&rendered);
    for expected in [
        ("method-name-taken", "/paths/~1foo/post"),
        ("missing-operation-id", "/paths/~1bar/get"),
        ("missing-operation-id", "/paths/~1bar/put"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
}

#[test]
fn odd_enum_values_get_distinct_variants() {
    let declared = declared(&render_corpus("odd_enums.yaml"));
    // The property is `value`: `Value` is reserved, so the enum is `ValueModel`.
    assert_eq!(declared.field("Odd", "value").ty, "Option<ValueModel>");
    assert_eq!(
        declared.variants("ValueModel"),
        [
            ("Empty", Some("")),
            ("V1st", Some("1st")),
            ("AB", Some("a b")),
            ("A", Some("A")),
            ("A2", Some("a")),
            ("Symbol", Some("+")),
            ("Symbol2", Some("-")),
            ("Symbol3", Some("é")),
            ("UnknownValue", Some("Unknown")),
            ("SelfValue", Some("Self")),
            ("SelfValue2", Some("self")),
            // The duplicate `1st` is gone; unknown values are kept by the fallback.
            ("Unknown", None),
        ]
    );
}

#[test]
fn looker_deviations_are_repaired_and_reported() {
    let rendered = render_corpus("odd_enums.yaml");
    let declared = declared(&rendered);
    // `enum` on an array schema: an array of an enum.
    assert_eq!(declared.field("Odd", "kinds").ty, "Option<Vec<Kinds>>");
    assert_eq!(
        declared.variants("Kinds"),
        [
            ("Dashboard", Some("dashboard")),
            ("Look", Some("look")),
            ("Unknown", None)
        ]
    );
    // `type: any` and `format: any`: any JSON value.
    assert_eq!(
        declared.field("Odd", "anything").ty,
        "Option<serde_json::Value>"
    );
    assert_eq!(
        declared.field("Odd", "also_anything").ty,
        "Option<serde_json::Value>"
    );
    // `description: null`: no description.
    assert_eq!(declared.field("Odd", "noted").ty, "Option<String>");
    // A query array with `style: simple`, and a response of media type `text`.
    assert_eq!(declared.methods["odd"], "OddRequest");
    assert_eq!(declared.sends["OddRequest"], "rt::Result<String>");
    assert_eq!(declared.decoders["OddRequest"], "Text");
    let methods = file(&rendered, "methods/odd.rs");
    assert!(
        methods.contains("pub fn fields(self, value: Vec<Fields>) -> Self"),
        "{methods}"
    );
    assert_eq!(
        repairs(&rendered),
        [
            ("query-style-simple", "/paths/~1odd/get/parameters/0"),
            ("enum-on-array", "/paths/~1odd/get/parameters/0/schema"),
            ("null-description", "/paths/~1odd/get/responses/200"),
            ("media-type-text", "/paths/~1odd/get/responses/200/content"),
            ("enum-on-array", "/components/schemas/Odd/properties/kinds"),
            ("type-any", "/components/schemas/Odd/properties/anything"),
            (
                "type-any",
                "/components/schemas/Odd/properties/also_anything"
            ),
            (
                "null-description",
                "/components/schemas/Odd/properties/noted"
            ),
        ]
    );
}

#[test]
fn several_success_responses_get_one_result_type() {
    let rendered = render_corpus("responses.yaml");
    let declared = declared(&rendered);
    // 200 with a body and 204 without.
    assert_eq!(declared.method("maybe"), "rt::Result<Option<Thing>>");
    // 200 and 201 with different bodies.
    assert_eq!(declared.method("made"), "rt::Result<MadeResponse>");
    assert_eq!(
        declared.variants("MadeResponse"),
        [("Status200", None), ("Status201", None)]
    );
    let methods = file(&rendered, "methods/answers.rs");
    assert!(
        methods.contains("Status200(Thing)") && methods.contains("Status201(Other)"),
        "{methods}"
    );
    // An image or text, and an image alone.
    assert_eq!(declared.method("picture"), "rt::Result<rt::Content>");
    assert_eq!(declared.method("png"), "rt::Result<Vec<u8>>");
    let decoders = ["maybe", "made", "picture", "png"].map(|m| declared.decoder(m));
    assert_eq!(decoders, ["Json", "ByStatus", "AnyContent", "Bytes"]);
}

#[test]
fn a_2xx_range_beside_200_does_not_declare_a_variant_twice() {
    let json_of = |ty: &str| {
        format!("{{description: d, content: {{application/json: {{schema: {{type: {ty}}}}}}}}}")
    };
    let text = yaml(&format!(
        "paths:
  /both:
    get:
      operationId: both
      responses:
        '200': {string}
        '2XX': {integer}
        '201': {boolean}
  /range:
    get:
      operationId: range
      responses:
        '2XX': {integer}
",
        string = json_of("string"),
        integer = json_of("integer"),
        boolean = json_of("boolean"),
    ));
    let rendered = render("range.yaml", &text);
    let declared = declared(&rendered);
    assert_eq!(declared.method("both"), "rt::Result<BothResponse>");
    assert_eq!(
        declared.variants("BothResponse"),
        [("Status200", None), ("Status201", None)]
    );
    let methods = file(&rendered, "methods/misc.rs");
    assert!(
        methods.contains("Status200(String)") && methods.contains("Status201(bool)"),
        "{methods}"
    );
    assert!(
        repairs(&rendered).contains(&("range-response-ignored", "/paths/~1both/get/responses/2XX"))
    );
    // A range alone stands for every 2xx answer.
    assert_eq!(declared.method("range"), "rt::Result<i64>");
}

#[test]
fn schema_names_with_slash_or_tilde_resolve() {
    let text = yaml(
        "paths: {}
components:
  schemas:
    a/b: {type: object, properties: {x: {type: string}}}
    c~d: {type: object, properties: {y: {type: integer}}}
    User:
      type: object
      properties:
        ab: {$ref: '#/components/schemas/a~1b'}
        cd: {$ref: '#/components/schemas/c~0d'}
",
    );
    let declared = declared(&render("names.yaml", &text));
    assert_eq!(declared.field("User", "ab").ty, "Option<AB>");
    assert_eq!(declared.field("User", "cd").ty, "Option<CD>");
    assert_eq!(declared.field("AB", "x").ty, "Option<String>");
}

#[test]
fn structured_parameters_are_sent_through_their_json_form() {
    let rendered = render_corpus("parameters.yaml");
    let declared = declared(&rendered);
    assert_eq!(declared.methods["find_reports"], "FindReportsRequest");
    assert_eq!(declared.decoder("delete_report"), "NoBody");
    let methods = file(&rendered, "methods/reports.rs");
    for expected in [
        // Path parameters: an enum, a list, an object.
        "rt::json_path_segment(kind)",
        "rt::json_path_segment(ids)",
        "rt::json_path_segment(filter)",
        // Lists of enums, required and optional; objects and maps; a list of strings as is.
        ".query(\"kinds\", rt::json_query(kinds))",
        "self.0.query(\"also\", rt::json_query(&value))",
        "self.0.query(\"filter\", rt::json_query(&value))",
        "self.0.query(\"limits\", rt::json_query(&value))",
        "self.0.query(\"names\", value)",
        // An enum parameter takes the enum or what converts into it (a string).
        "kind: impl Into<Kind>,",
        "let kind: &Kind = &kind.into();",
    ] {
        assert!(methods.contains(expected), "`{expected}` in {methods}");
    }
    assert!(!methods.contains("X-Trace") && !methods.contains("x_trace"));
    assert_eq!(
        repairs(&rendered),
        [(
            "header-or-cookie-parameter",
            "/paths/~1reports~1{kind}~1{ids}/get/parameters/7"
        )]
    );
}

/// `login_user` is the runtime's (`sdk.login_user(id)`), and `timeout` is every request
/// builder's per-call timeout: a parameter of that name gets another setter.
#[test]
fn names_the_runtime_owns_are_not_generated() {
    let doc = yaml(
        "paths:
  /looks:
    get:
      operationId: all_looks
      tags: [Look]
      parameters:
      - {name: timeout, in: query, schema: {type: integer}}
      responses:
        '204': {description: none}
  /login/{user_id}:
    post:
      operationId: login_user
      tags: [ApiAuth]
      parameters:
      - {name: user_id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: none}
",
    );
    let rendered = render("runtime_names.yaml", &doc);
    let all: String = rendered.files.iter().map(|f| f.content.as_str()).collect();
    assert!(
        all.contains("pub fn timeout2(self, value: i64) -> Self"),
        "{all}"
    );
    assert!(all.contains(".query(\"timeout\", value)"), "{all}");
    assert!(!all.contains("LoginUserRequest"), "{all}");
    assert!(all.contains(".operation(\"all_looks\")"), "{all}");
}
