//! `looker_codegen::diff`: the document lists and the Rust semver verdict, on real Looker
//! release pairs (the `looker-specs` crate, or `$LOOKER_SPECS_DIR`) and on small
//! documents that show one rule each.

use looker_codegen::diff::BreakingKind;
use looker_codegen::{diff_files, diff_str, DiffReport, Semver};
use std::path::PathBuf;

fn spec(release: &str) -> PathBuf {
    looker_specs::openapi(release)
}

fn real(old: &str, new: &str) -> DiffReport {
    diff_files(&spec(old), &spec(new)).unwrap_or_else(|e| panic!("{old} -> {new}: {e}"))
}

fn changed(list: &[looker_codegen::diff::Changed]) -> Vec<&str> {
    list.iter().map(|c| c.name.as_str()).collect()
}

/// The kinds of the breaking entries about `rust`.
fn breaks<'a>(report: &'a DiffReport, rust: &str) -> Vec<&'a looker_codegen::diff::Breaking> {
    report.breaking.iter().filter(|b| b.rust == rust).collect()
}

fn json(report: &DiffReport) -> serde_json::Value {
    serde_json::from_str(&report.to_json()).expect("the report is JSON")
}

#[test]
fn release_24_16_to_24_18() {
    let report = real("24.16", "24.18");
    assert_eq!(report.operations.added, ["search_scheduled_plans"]);
    assert!(report.operations.removed.is_empty());
    // `all_folders` answers `FolderBase` instead of `Folder`; `search_roles` gains a query
    // parameter `is_support_role`.
    let ops = changed(&report.operations.changed);
    assert!(
        ops.contains(&"all_folders") && ops.contains(&"search_roles"),
        "{ops:?}"
    );
    assert_eq!(report.schemas.removed, ["QueryFormats"]);
    // `User.is_iam_admin` is gone; `ContentSearch` gains `model`.
    let schemas = changed(&report.schemas.changed);
    assert!(
        schemas.contains(&"User") && schemas.contains(&"ContentSearch"),
        "{schemas:?}"
    );

    let field = breaks(&report, "models::User::is_iam_admin");
    assert_eq!(field.len(), 1);
    assert_eq!(field[0].kind, BreakingKind::FieldRemoved);
    assert_eq!(
        field[0].pointer,
        "/components/schemas/User/properties/is_iam_admin"
    );
    let output = breaks(&report, "LookerSdk::all_folders");
    assert_eq!(output[0].kind, BreakingKind::OutputChanged);
    assert!(
        output[0].detail.contains("Vec<FolderBase>"),
        "{}",
        output[0].detail
    );
    assert_eq!(
        breaks(&report, "models::QueryFormats")[0].kind,
        BreakingKind::TypeRemoved
    );
    // A new optional parameter is a new builder setter: an addition only.
    assert!(breaks(&report, "methods::SearchRolesRequest::is_support_role").is_empty());
    assert!(report
        .rust_added
        .contains(&"methods::SearchRolesRequest::is_support_role".to_owned()));
    assert_eq!(report.semver(), Semver::Major);
    assert_eq!(json(&report)["semver"], "major");
}

#[test]
fn release_24_18_to_24_20_is_minor() {
    let report = real("24.18", "24.20");
    assert!(report.breaking.is_empty(), "{:?}", report.breaking);
    // `set_user_roles` documents a 422 answer; `Query` changed only its texts.
    assert_eq!(changed(&report.operations.changed), ["set_user_roles"]);
    assert!(report.schemas.changed.is_empty());
    assert_eq!(report.descriptions.schemas, ["Query"]);
    assert_eq!(report.semver(), Semver::Minor);
    let markdown = report.to_markdown();
    assert!(markdown.starts_with("**Looker API 4.0.24.18 -> 4.0.24.20: semver MINOR**"));
    assert!(markdown.contains("<details>"), "{markdown}");
}

#[test]
fn release_22_20_to_24_18() {
    let report = real("22.20", "24.18");
    assert_eq!(report.operations.removed, ["configuration_force_refresh"]);
    for id in [
        "search_content",
        "validate_embed_url",
        "create_sql_interface_query",
    ] {
        assert!(report.operations.added.contains(&id.to_owned()), "{id}");
    }
    let removed = breaks(&report, "LookerSdk::configuration_force_refresh");
    assert_eq!(removed[0].kind, BreakingKind::MethodRemoved);
    assert_eq!(
        removed[0].pointer,
        "/paths/~1configuration_force_refresh/put"
    );
    assert_eq!(report.semver(), Semver::Major);
}

#[test]
fn release_21_0_to_26_12() {
    let report = real("21.0", "26.12");
    assert_eq!(
        report.operations.removed,
        [
            "create_command",
            "delete_command",
            "get_all_commands",
            "update_command"
        ]
    );
    assert!(report
        .operations
        .added
        .contains(&"acquire_embed_cookieless_session".to_owned()));
    assert_eq!(report.schemas.removed, ["Command", "UpdateCommand"]);
    assert_eq!(
        breaks(&report, "feature command")[0].kind,
        BreakingKind::FeatureRemoved
    );
    // Ids became strings after 21.0.
    let id = breaks(&report, "models::ApiSession::sudo_user_id");
    assert_eq!(id[0].kind, BreakingKind::FieldTypeChanged);
    assert_eq!(id[0].detail, "`Option<i64>` -> `Option<String>`");
    assert_eq!(
        id[0].pointer,
        "/components/schemas/ApiSession/properties/sudo_user_id"
    );
    let arg = breaks(&report, "LookerSdk::accept_integration_hub_legal_agreement");
    assert_eq!(arg[0].kind, BreakingKind::ArgumentChanged);
    assert!(
        arg[0].pointer.ends_with("/post/parameters/0"),
        "{}",
        arg[0].pointer
    );
    assert_eq!(report.semver(), Semver::Major);
    let markdown = report.to_markdown();
    assert!(markdown.contains("## Breaking changes"));
    assert!(markdown.contains("`models::ApiSession::sudo_user_id`"));
}

#[test]
fn a_release_against_itself_is_an_empty_patch() {
    let report = real("24.18", "24.18");
    assert_eq!(report.semver(), Semver::Patch);
    assert!(!report.has_breaking());
    let value = json(&report);
    for list in ["added", "removed", "changed", "renamed"] {
        assert_eq!(value["operations"][list], serde_json::json!([]), "{list}");
    }
    for list in ["added", "removed", "changed"] {
        assert_eq!(value["schemas"][list], serde_json::json!([]), "{list}");
    }
    assert_eq!(value["breaking"], serde_json::json!([]));
}

#[test]
fn swapping_the_releases_swaps_added_and_removed() {
    let forward = real("22.20", "24.18");
    let backward = real("24.18", "22.20");
    assert_eq!(forward.operations.added, backward.operations.removed);
    assert_eq!(forward.operations.removed, backward.operations.added);
    assert_eq!(forward.schemas.added, backward.schemas.removed);
    assert_eq!(
        changed(&forward.schemas.changed),
        changed(&backward.schemas.changed)
    );
}

/// A small document; each test edits its text.
const BASE: &str = r##"
openapi: 3.0.0
info: {title: Looker API 4.0, version: "4.0.1.0"}
servers: [{url: "https://example.com/api/4.0"}]
paths:
  /users/{user_id}:
    get:
      operationId: user
      tags: [User]
      summary: Get a user
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: string}}
        - {name: fields, in: query, schema: {type: string}}
      responses:
        "200":
          description: User
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /users:
    post:
      operationId: create_user
      tags: [User]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/User"}
      responses:
        "200":
          description: User
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
components:
  schemas:
    User:
      description: A user
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        role: {type: string, enum: [admin, viewer]}
        group: {$ref: "#/components/schemas/Group"}
    Group:
      properties:
        title: {type: string}
"##;

fn edited(pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(BASE.to_owned(), |text, (from, to)| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    })
}

fn synthetic(old: &str, new: &str) -> DiffReport {
    diff_str("old.yaml", old, "new.yaml", new).unwrap_or_else(|e| panic!("{e}"))
}

const FIELDS: &str = "        - {name: fields, in: query, schema: {type: string}}\n";

#[test]
fn optional_parameter_added_is_minor() {
    let new = edited(&[(FIELDS, &format!("{FIELDS}        - {{name: limit, in: query, schema: {{type: integer, format: int64}}}}\n"))]);
    let report = synthetic(BASE, &new);
    assert_eq!(changed(&report.operations.changed), ["user"]);
    assert!(report
        .rust_added
        .contains(&"methods::UserRequest::limit".to_owned()));
    assert_eq!(report.semver(), Semver::Minor);
}

#[test]
fn required_parameter_added_is_major() {
    let new = edited(&[(FIELDS, &format!("{FIELDS}        - {{name: limit, in: query, required: true, schema: {{type: integer}}}}\n"))]);
    let report = synthetic(BASE, &new);
    let added = breaks(&report, "LookerSdk::user");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].kind, BreakingKind::ArgumentAdded);
    assert_eq!(
        added[0].pointer,
        "/paths/~1users~1{user_id}/get/parameters/2"
    );
    assert!(
        added[0].detail.contains("limit: i64"),
        "{}",
        added[0].detail
    );
    assert_eq!(report.semver(), Semver::Major);
}

/// `user` with a second required string in the path: two `&str` in a row, so the method takes
/// them by name in `UserParams`.
fn with_two_ids(extra: &str) -> String {
    edited(&[
        ("  /users/{user_id}:", "  /users/{user_id}/{role_id}:"),
        (
            FIELDS,
            &format!("        - {{name: role_id, in: path, required: true, schema: {{type: string}}}}\n{FIELDS}{extra}"),
        ),
    ])
}

#[test]
fn parameter_structs_keep_optional_parameters_minor_and_required_ones_major() {
    let base = with_two_ids("");
    let optional = with_two_ids(
        "        - {name: limit, in: query, schema: {type: integer, format: int64}}\n",
    );
    let report = synthetic(&base, &optional);
    assert!(report
        .rust_added
        .contains(&"methods::UserRequest::limit".to_owned()));
    assert_eq!(report.semver(), Semver::Minor);

    let required = with_two_ids(
        "        - {name: limit, in: query, required: true, schema: {type: integer}}\n",
    );
    let report = synthetic(&base, &required);
    let added = breaks(&report, "LookerSdk::user");
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(added[0].kind, BreakingKind::ArgumentAdded);
    assert!(
        added[0].detail.contains("limit: i64"),
        "{}",
        added[0].detail
    );
    assert_eq!(report.semver(), Semver::Major);

    // From positional arguments to the struct: a break, the new argument named.
    let report = synthetic(BASE, &base);
    let changed = breaks(&report, "LookerSdk::user");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].kind, BreakingKind::ArgumentAdded);
    assert!(changed[0].detail.contains("role_id: &str"), "{changed:?}");
    assert_eq!(report.semver(), Semver::Major);
}

#[test]
fn optional_response_property_added_is_minor() {
    let new = edited(&[(
        "        name: {type: string}\n",
        "        name: {type: string}\n        email: {type: string}\n",
    )]);
    let report = synthetic(BASE, &new);
    assert_eq!(changed(&report.schemas.changed), ["User"]);
    assert!(report.schemas.changed[0].what[0].contains("`email`"));
    // Operations refer to `User` by name: its content changing does not change them.
    assert!(report.operations.changed.is_empty());
    assert!(report
        .rust_added
        .contains(&"models::User::email".to_owned()));
    assert!(report.breaking.is_empty(), "{:?}", report.breaking);
    assert_eq!(report.semver(), Semver::Minor);
}

#[test]
fn property_removed_is_major() {
    let new = edited(&[("        name: {type: string}\n", "")]);
    let report = synthetic(BASE, &new);
    let removed = breaks(&report, "models::User::name");
    assert_eq!(removed[0].kind, BreakingKind::FieldRemoved);
    assert_eq!(
        removed[0].pointer,
        "/components/schemas/User/properties/name"
    );
    assert_eq!(report.semver(), Semver::Major);
}

#[test]
fn enum_value_added_is_minor_removed_is_major() {
    let more = edited(&[("[admin, viewer]", "[admin, viewer, editor]")]);
    let report = synthetic(BASE, &more);
    assert_eq!(changed(&report.schemas.changed), ["User"]);
    assert!(report.breaking.is_empty(), "{:?}", report.breaking);
    assert!(report
        .rust_added
        .contains(&"models::Role::Editor".to_owned()));
    assert_eq!(report.semver(), Semver::Minor);

    let fewer = edited(&[("[admin, viewer]", "[admin]")]);
    let report = synthetic(BASE, &fewer);
    let removed = breaks(&report, "models::Role::Viewer");
    assert_eq!(removed[0].kind, BreakingKind::VariantRemoved);
    assert_eq!(
        removed[0].pointer,
        "/components/schemas/User/properties/role/enum/1"
    );
    assert_eq!(report.semver(), Semver::Major);
}

#[test]
fn descriptions_only_are_a_patch_counted_apart() {
    let new = edited(&[
        ("summary: Get a user", "summary: Get one user"),
        ("description: A user", "description: One user"),
    ]);
    let report = synthetic(BASE, &new);
    assert!(report.operations.changed.is_empty() && report.schemas.changed.is_empty());
    assert_eq!(report.descriptions.operations, ["user"]);
    assert_eq!(report.descriptions.schemas, ["User"]);
    assert_eq!(report.semver(), Semver::Patch);
    assert_eq!(
        json(&report)["descriptions"]["operations"],
        serde_json::json!(["user"])
    );
    assert!(report.to_markdown().contains("<details>"));
}

#[test]
fn renamed_operation_is_listed_three_times_and_breaks() {
    let new = edited(&[("operationId: user\n", "operationId: get_user\n")]);
    let report = synthetic(BASE, &new);
    assert_eq!(
        report.operations.renamed,
        [("user".to_owned(), "get_user".to_owned())]
    );
    assert_eq!(report.operations.removed, ["user"]);
    assert_eq!(report.operations.added, ["get_user"]);
    let renamed = breaks(&report, "LookerSdk::user");
    assert_eq!(renamed[0].kind, BreakingKind::MethodRenamed);
    assert!(renamed[0].hint.contains("LookerSdk::get_user"));
    assert_eq!(report.semver(), Semver::Major);
    assert_eq!(
        json(&report)["operations"]["renamed"],
        serde_json::json!([["user", "get_user"]])
    );

    let back = synthetic(&new, BASE);
    assert_eq!(
        back.operations.renamed,
        [("get_user".to_owned(), "user".to_owned())]
    );
    assert_eq!(back.operations.added, ["user"]);
}

#[test]
fn refs_compare_by_name() {
    // `Group` changes: `User` refers to it by name and is unchanged.
    let new = edited(&[(
        "        title: {type: string}\n",
        "        title: {type: string}\n        size: {type: integer}\n",
    )]);
    let report = synthetic(BASE, &new);
    assert_eq!(changed(&report.schemas.changed), ["Group"]);
    // Pointing elsewhere is a change.
    let other = edited(&[(
        "group: {$ref: \"#/components/schemas/Group\"}",
        "group: {$ref: \"#/components/schemas/User\"}",
    )]);
    let report = synthetic(BASE, &other);
    assert_eq!(changed(&report.schemas.changed), ["User"]);
    assert_eq!(
        breaks(&report, "models::User::group")[0].kind,
        BreakingKind::FieldTypeChanged
    );
}

#[test]
fn absent_flags_equal_false() {
    let new = edited(&[
        (
            "name: {type: string}",
            "name: {type: string, readOnly: false, nullable: false}",
        ),
        (
            "{name: fields, in: query, schema",
            "{name: fields, in: query, required: false, schema",
        ),
    ]);
    let report = synthetic(BASE, &new);
    assert_eq!(report, synthetic(BASE, BASE));
    assert_eq!(report.semver(), Semver::Patch);
}

#[test]
fn json_and_yaml_of_one_document_do_not_differ() {
    let value: serde_json::Value = as_json(BASE);
    let text = serde_json::to_string(&value).expect("JSON");
    let report = diff_str("a.yaml", BASE, "b.json", &text).expect("diff");
    assert_eq!(report.semver(), Semver::Patch);
}

/// The YAML base as a JSON value, through the generator's own loader.
fn as_json(text: &str) -> serde_json::Value {
    looker_codegen::parse_document(text, looker_codegen::Syntax::Yaml).expect("YAML")
}

/// BASE with `search_users`, an array result with the given optional query parameters.
fn with_search(params: &[&str]) -> String {
    let params: String = params
        .iter()
        .map(|name| {
            format!(
                "        - {{name: {name}, in: query, schema: {{type: integer, format: int64}}}}\n"
            )
        })
        .collect();
    let search = format!(
        "  /users/search:\n    get:\n      operationId: search_users\n      tags: [User]\n      parameters:\n{params}      responses:\n        \"200\":\n          description: Users\n          content:\n            application/json:\n              schema: {{type: array, items: {{$ref: \"#/components/schemas/User\"}}}}\n"
    );
    edited(&[("  /users:\n", &format!("{search}  /users:\n"))])
}

#[test]
fn an_operation_that_starts_paging_gains_stream_and_one_that_stops_breaks() {
    let unpaged = with_search(&["limit"]);
    let paged = with_search(&["limit", "offset"]);
    let report = synthetic(&unpaged, &paged);
    assert!(
        report
            .rust_added
            .contains(&"methods::SearchUsersRequest::stream".to_owned()),
        "{:?}",
        report.rust_added
    );
    assert_eq!(report.semver(), Semver::Minor);

    let report = synthetic(&paged, &unpaged);
    let removed = breaks(&report, "methods::SearchUsersRequest::stream");
    assert_eq!(removed.len(), 1, "{:?}", report.breaking);
    assert_eq!(removed[0].kind, BreakingKind::PagerRemoved);
    assert!(
        removed[0].detail.contains("Pages<User>"),
        "{}",
        removed[0].detail
    );
    assert_eq!(report.semver(), Semver::Major);
}
