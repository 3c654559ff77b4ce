//! Decoding through real methods of the full API (methods the `looker-sdk` crate's own slice
//! does not have), each against a loopback `wiremock` server: enum values Looker adds later,
//! `type: any` fields, 204 and 202 answers, binary and text query results, keyword-named
//! properties and array query parameters.

use std::collections::BTreeMap;
use std::net::TcpListener;

use looker_own_crate_example::models::{
    Alert, AlertDestination, ColorCollection, ColorStop, ComparisonType, DestinationType,
    DiscretePalette, ProjectError, ProjectValidationCache, ResultFormat, WriteAlert,
    WriteColorCollection, WriteContinuousPalette, WriteDiscretePalette,
};
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::{ApiSettings, Content};
use serde_json::{json, Value};
use wiremock::matchers::{body_string, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "Xk9VwQ2cRbJ7mPz4TnLd";
const CLIENT_SECRET: &str = "s3cr3t-Gh7Jq/Ve+Wn=Tz&8pLr";
const TOKEN: &str = "ftXkVQbC8RrjN9y5ZmWq2sHcT4dPgLe7uKwJ3xAz";

/// A mock Looker on loopback that hands out [`TOKEN`] for the test credentials, and an SDK
/// configured for it the way a user's `LOOKERSDK_*` environment configures it.
async fn looker() -> (MockServer, LookerSdk) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string(
            "client_id=Xk9VwQ2cRbJ7mPz4TnLd&client_secret=s3cr3t-Gh7Jq%2FVe%2BWn%3DTz%268pLr",
        ))
        .respond_with(json_answer(
            200,
            &json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}),
        ))
        .named("login")
        .mount(&server)
        .await;
    let env = [
        ("LOOKERSDK_BASE_URL", server.uri()),
        ("LOOKERSDK_CLIENT_ID", CLIENT_ID.to_owned()),
        ("LOOKERSDK_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("LOOKERSDK_TIMEOUT", "10".to_owned()),
    ];
    let settings = ApiSettings::from_sources(None, "Looker", |name: &str| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap_or_else(|e| panic!("settings: {e}"));
    let sdk = LookerSdk::new(settings).unwrap_or_else(|e| panic!("LookerSdk::new: {e}"));
    (server, sdk)
}

/// Answers `http_method request_path` (exact, still percent-encoded) with `response`, exactly once.
async fn answer(
    server: &MockServer,
    http_method: &str,
    request_path: &str,
    response: ResponseTemplate,
) {
    Mock::given(method(http_method))
        .and(path(request_path))
        .respond_with(response)
        .expect(1)
        .named(format!("{http_method} {request_path}"))
        .mount(server)
        .await;
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), "application/json")
}

/// The single `http_method` request to `request_path`, checked to carry the token.
async fn the_request(server: &MockServer, http_method: &str, request_path: &str) -> Request {
    let mut requests: Vec<Request> = server
        .received_requests()
        .await
        .expect("request recording is enabled")
        .into_iter()
        .filter(|r| r.url.path() == request_path && r.method.as_str() == http_method)
        .collect();
    assert_eq!(
        requests.len(),
        1,
        "{http_method} requests to {request_path}"
    );
    let request = requests.remove(0);
    let authorization = request
        .headers
        .get("authorization")
        .map(|v| v.to_str().unwrap());
    assert_eq!(authorization, Some(format!("Bearer {TOKEN}").as_str()));
    request
}

/// The request body as JSON.
fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&request.body)
        )
    })
}

/// An `Alert` as Looker sends it, with the given enum values and filter `field_value`.
fn alert_json(
    id: &str,
    comparison_type: &str,
    destination_types: &[&str],
    field_value: Value,
) -> Value {
    let destinations: Vec<Value> = destination_types
        .iter()
        .map(|t| json!({"destination_type": t, "email_address": "ops@example.com"}))
        .collect();
    json!({
        "id": id,
        "comparison_type": comparison_type,
        "cron": "0 */1 * * *",
        "destinations": destinations,
        "field": {
            "title": "Inventory Items Number on Hand",
            "name": "inventory_items.number_on_hand",
            "filter": [{
                "field_name": "inventory_items.id",
                "field_value": field_value,
                "filter_value": null
            }]
        },
        "investigative_content_type": "dashboard",
        "owner_id": "17",
        "threshold": 1.5,
        "is_disabled": false
    })
}

async fn get_alert(server: &MockServer, sdk: &LookerSdk, id: &str, body: &Value) -> Alert {
    let request_path = format!("/api/4.0/alerts/{id}");
    answer(server, "GET", &request_path, json_answer(200, body)).await;
    let alert = sdk
        .get_alert(id)
        .await
        .unwrap_or_else(|e| panic!("get_alert({id}): {e}"));
    the_request(server, "GET", &request_path).await;
    alert
}

#[tokio::test]
async fn an_enum_value_looker_adds_later_decodes_to_unknown_and_is_sent_back_unchanged() {
    let (server, sdk) = looker().await;

    // Values a later Looker may send: neither is among the document's enum values.
    let future = get_alert(
        &server,
        &sdk,
        "7",
        &alert_json("7", "WITHIN_RANGE", &["EMAIL", "SLACK"], json!(12)),
    )
    .await;
    let comparison = future.comparison_type.clone().expect("comparison_type");
    assert_eq!(comparison, ComparisonType::Unknown("WITHIN_RANGE".into()));
    assert_eq!(comparison.as_str(), "WITHIN_RANGE");
    assert_eq!(comparison.to_string(), "WITHIN_RANGE");
    let destination_types: Vec<DestinationType> = future
        .destinations
        .iter()
        .flatten()
        .filter_map(|d| d.destination_type.clone())
        .collect();
    assert_eq!(
        destination_types,
        [
            DestinationType::Email,
            DestinationType::Unknown("SLACK".into())
        ]
    );

    // Known values decode to their variants, not to `Unknown`.
    let known = get_alert(
        &server,
        &sdk,
        "8",
        &alert_json("8", "GREATER_THAN", &["ACTION_HUB"], json!(12)),
    )
    .await;
    assert_eq!(known.comparison_type, Some(ComparisonType::GreaterThan));
    assert_eq!(
        known.comparison_type.as_ref().map(ComparisonType::as_str),
        Some("GREATER_THAN")
    );
    assert_eq!(
        known
            .destinations
            .as_deref()
            .and_then(|d| d[0].destination_type.clone()),
        Some(DestinationType::ActionHub)
    );
    // The spelling is exact: another case is a value of its own.
    assert_eq!(
        serde_json::from_value::<ComparisonType>(json!("greater_than")).unwrap(),
        ComparisonType::Unknown("greater_than".into())
    );

    // The unknown values go back to Looker as they came.
    let answer_body = alert_json("7", "WITHIN_RANGE", &["SLACK"], json!(12));
    answer(
        &server,
        "PUT",
        "/api/4.0/alerts/7",
        json_answer(200, &answer_body),
    )
    .await;
    // Required properties are constructor arguments; the others are set by name.
    // (`destinations` is required and nullable: required in a request body all the same.)
    let update = WriteAlert::new(
        comparison,
        future.cron.clone().expect("cron"),
        vec![AlertDestination::new().set_destination_type(DestinationType::Unknown("SLACK".into()))],
        future.field.clone().expect("field"),
        future.owner_id.clone().expect("owner_id"),
        future.threshold.expect("threshold"),
    );
    let updated = sdk
        .update_alert("7", &update)
        .await
        .unwrap_or_else(|e| panic!("update_alert: {e}"));
    assert_eq!(
        updated.comparison_type,
        Some(ComparisonType::Unknown("WITHIN_RANGE".into()))
    );
    let sent = body_json(&the_request(&server, "PUT", "/api/4.0/alerts/7").await);
    assert_eq!(sent["comparison_type"], json!("WITHIN_RANGE"));
    assert_eq!(sent["destinations"], json!([{"destination_type": "SLACK"}]));
}

#[tokio::test]
async fn a_type_any_field_holds_an_object_or_a_number() {
    let (server, sdk) = looker().await;
    let field_value = |alert: &Alert| -> Value {
        let filters = alert
            .field
            .as_ref()
            .and_then(|field| field.filter.as_deref())
            .expect("the alert has filters");
        assert_eq!(filters.len(), 1);
        assert_eq!(filters[0].field_name.as_deref(), Some("inventory_items.id"));
        assert_eq!(filters[0].filter_value, None);
        filters[0].field_value.clone().expect("a field value")
    };

    let object = json!({"lat": 52.52, "lon": 13.405, "label": "Berlin", "tags": ["a", null]});
    let alert = get_alert(
        &server,
        &sdk,
        "11",
        &alert_json("11", "EQUAL_TO", &[], object),
    )
    .await;
    let value = field_value(&alert);
    let fields = value.as_object().expect("an object stays an object");
    assert_eq!(fields.len(), 4);
    assert_eq!(fields["lat"].as_f64(), Some(52.52));
    assert_eq!(fields["lon"].as_f64(), Some(13.405));
    assert_eq!(fields["label"], json!("Berlin"));
    assert_eq!(fields["tags"], json!(["a", null]));

    let alert = get_alert(
        &server,
        &sdk,
        "12",
        &alert_json("12", "EQUAL_TO", &[], json!(12)),
    )
    .await;
    let value = field_value(&alert);
    assert_eq!(value, json!(12));
    assert_eq!(value.as_i64(), Some(12), "a whole number stays an integer");

    let alert = get_alert(
        &server,
        &sdk,
        "13",
        &alert_json("13", "EQUAL_TO", &[], json!(-0.25)),
    )
    .await;
    assert_eq!(field_value(&alert).as_f64(), Some(-0.25));
    // and it is serialized back as it came
    assert_eq!(
        serde_json::to_value(&alert).unwrap()["field"]["filter"][0]["field_value"],
        json!(-0.25)
    );
}

#[tokio::test]
async fn a_204_answer_is_unit_or_none_and_a_200_is_some() {
    let (server, sdk) = looker().await;

    // DELETE answering 204 No Content (no body, no content type): `()`.
    let deleted = "/api/4.0/connections/old%20warehouse";
    answer(&server, "DELETE", deleted, ResponseTemplate::new(204)).await;
    // `let ()`: stops compiling if the method's result type changes.
    let () = sdk
        .delete_connection("old warehouse")
        .await
        .unwrap_or_else(|e| panic!("delete_connection answered 204: {e}"));
    the_request(&server, "DELETE", deleted).await;

    // 200 (a model) or 204: `Option<ProjectValidationCache>`.
    let none_path = "/api/4.0/projects/never_validated/validate";
    answer(&server, "GET", none_path, ResponseTemplate::new(204)).await;
    let none: Option<ProjectValidationCache> = sdk
        .project_validation_results("never_validated")
        .await
        .unwrap_or_else(|e| panic!("project_validation_results answered 204: {e}"));
    assert_eq!(none, None);
    the_request(&server, "GET", none_path).await;

    let some_path = "/api/4.0/projects/thelook/validate";
    let cache = json!({
        "errors": [{
            "code": "lookml_error",
            "severity": "error",
            "message": "Unknown view \"orders\"",
            "file_path": "thelook/orders.view.lkml",
            "line_number": 12,
            "params": {"view": "orders"}
        }],
        "project_digest": "e3b0c44298fc",
        "models_not_validated": [],
        "computation_time": 0.75,
        "stale": true
    });
    answer(&server, "GET", some_path, json_answer(200, &cache)).await;
    let some = sdk
        .project_validation_results("thelook")
        .await
        .unwrap_or_else(|e| panic!("project_validation_results answered 200: {e}"));
    // Received models are non-exhaustive: built field by field, as a test double would be.
    let mut error = ProjectError::default();
    error.code = Some("lookml_error".into());
    error.severity = Some("error".into());
    error.message = Some("Unknown view \"orders\"".into());
    error.file_path = Some("thelook/orders.view.lkml".into());
    error.line_number = Some(12);
    error.params = Some(BTreeMap::from([("view".to_owned(), json!("orders"))]));
    let mut expected = ProjectValidationCache::default();
    expected.errors = Some(vec![error]);
    expected.project_digest = Some("e3b0c44298fc".into());
    expected.models_not_validated = Some(vec![]);
    expected.computation_time = Some(0.75);
    expected.stale = Some(true);
    assert_eq!(some, Some(expected));

    // 200 (a JSON string) or 204: `Option<String>`.
    let undeployed = "/api/4.0/projects/unchanged/deploy_to_production";
    answer(&server, "POST", undeployed, ResponseTemplate::new(204)).await;
    let nothing = sdk
        .deploy_to_production("unchanged")
        .await
        .unwrap_or_else(|e| panic!("deploy_to_production answered 204: {e}"));
    assert_eq!(nothing, None);
    the_request(&server, "POST", undeployed).await;
    let deployed = "/api/4.0/projects/thelook/deploy_to_production";
    answer(
        &server,
        "POST",
        deployed,
        json_answer(200, &json!("deployed e3b0c44298fc")),
    )
    .await;
    let message = sdk
        .deploy_to_production("thelook")
        .await
        .unwrap_or_else(|e| panic!("deploy_to_production answered 200: {e}"));
    assert_eq!(message.as_deref(), Some("deployed e3b0c44298fc"));

    // 200 (text, rows as Looker sent them) or 202 with the same type: `String`.
    let done = "/api/4.0/query_tasks/done/results";
    let rows = r#"[{"orders.count":3}]"#;
    answer(
        &server,
        "GET",
        done,
        ResponseTemplate::new(200).set_body_raw(rows, "application/json"),
    )
    .await;
    let results: String = sdk
        .query_task_results("done")
        .await
        .unwrap_or_else(|e| panic!("query_task_results answered 200: {e}"));
    assert_eq!(results, rows);

    // 200 (a document) or 202 Accepted: `Option<Content>`.
    let rendering = "/api/4.0/render_tasks/r1/results";
    answer(&server, "GET", rendering, ResponseTemplate::new(202)).await;
    let not_yet = sdk
        .render_task_results("r1")
        .await
        .unwrap_or_else(|e| panic!("render_task_results answered 202: {e}"));
    assert_eq!(not_yet, None);
    let rendered = "/api/4.0/render_tasks/r2/results";
    answer(
        &server,
        "GET",
        rendered,
        ResponseTemplate::new(200).set_body_raw(PNG.to_vec(), "image/png"),
    )
    .await;
    let document = sdk
        .render_task_results("r2")
        .await
        .unwrap_or_else(|e| panic!("render_task_results answered 200: {e}"));
    assert_eq!(
        document,
        Some(Content::Binary {
            content_type: "image/png".into(),
            bytes: PNG.to_vec()
        })
    );
}

/// The PNG signature, then the start of an `IHDR` chunk of a 1x1 image: bytes that are not UTF-8.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";

#[tokio::test]
async fn run_query_returns_png_bytes_and_csv_text_as_sent() {
    let (server, sdk) = looker().await;

    let png_path = "/api/4.0/queries/42/run/png";
    answer(
        &server,
        "GET",
        png_path,
        ResponseTemplate::new(200).set_body_raw(PNG.to_vec(), "image/png"),
    )
    .await;
    let image = sdk
        // A format `ResultFormat` does not list is sent as given.
        .run_query("42", "png")
        .await
        .unwrap_or_else(|e| panic!("run_query png: {e}"));
    match &image {
        Content::Binary {
            content_type,
            bytes,
        } => {
            assert_eq!(content_type, "image/png");
            assert_eq!(bytes.as_slice(), PNG, "the PNG arrives byte for byte");
        }
        other => panic!("a PNG must be binary content, got {other:?}"),
    }
    assert_eq!(image.as_bytes(), PNG);
    let request = the_request(&server, "GET", png_path).await;
    assert_eq!(request.url.query(), None, "no optional parameter was set");

    // Path parameters are percent-encoded: a space and a slash stay inside their segment.
    let csv_path = "/api/4.0/queries/a%20b%2Fc/run/csv";
    let csv = "orders.status,orders.count\r\nversendet,3\r\nzurückgegeben,1\r\n";
    answer(
        &server,
        "GET",
        csv_path,
        ResponseTemplate::new(200).set_body_raw(csv, "text/csv; charset=utf-8"),
    )
    .await;
    let table = sdk
        .run_query("a b/c", ResultFormat::Csv)
        .limit(2)
        .await
        .unwrap_or_else(|e| panic!("run_query csv: {e}"));
    assert_eq!(
        table,
        Content::Text {
            content_type: "text/csv; charset=utf-8".into(),
            text: csv.into()
        }
    );
    let request = the_request(&server, "GET", csv_path).await;
    assert_eq!(request.url.query(), Some("limit=2"));
}

#[tokio::test]
async fn a_property_named_type_decodes_from_and_serializes_to_type() {
    let (server, sdk) = looker().await;

    let collection = json!({
        "id": "my-colors",
        "label": "My colors",
        "categoricalPalettes": [
            {"id": "my-colors-categorical-0", "label": "Bold", "type": "Categorical", "colors": ["#1A73E8", "#12B5CB"]}
        ],
        "sequentialPalettes": [
            {"id": "my-colors-sequential-0", "label": "Blues", "type": "Sequential", "stops": [{"color": "#FFFFFF", "offset": 0}, {"color": "#1A73E8", "offset": 100}]}
        ],
        "divergingPalettes": []
    });
    answer(
        &server,
        "GET",
        "/api/4.0/color_collections/default",
        json_answer(200, &collection),
    )
    .await;
    let decoded: ColorCollection = sdk
        .default_color_collection()
        .await
        .unwrap_or_else(|e| panic!("default_color_collection: {e}"));
    let mut palette = DiscretePalette::default();
    palette.id = Some("my-colors-categorical-0".into());
    palette.label = Some("Bold".into());
    palette.type_ = Some("Categorical".into());
    palette.colors = Some(vec!["#1A73E8".into(), "#12B5CB".into()]);
    assert_eq!(decoded.categorical_palettes, Some(vec![palette]));
    let sequential = decoded
        .sequential_palettes
        .as_deref()
        .expect("sequential palettes");
    assert_eq!(sequential[0].type_.as_deref(), Some("Sequential"));
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        collection,
        "serializing gives back Looker's spelling, `type` included"
    );

    // In a request body.
    answer(
        &server,
        "PATCH",
        "/api/4.0/color_collections/my-colors",
        json_answer(200, &collection),
    )
    .await;
    let update = WriteColorCollection::new()
        .set_label("My colors")
        .set_categorical_palettes(vec![WriteDiscretePalette::new()
            .set_label("Bold")
            .set_type_("Categorical")
            .set_colors(vec!["#1A73E8".to_owned()])])
        .set_sequential_palettes(vec![WriteContinuousPalette::new()
            .set_label("Blues")
            .set_type_("Sequential")
            .set_stops(vec![ColorStop::new().set_color("#FFFFFF").set_offset(0)])]);
    sdk.update_color_collection("my-colors", &update)
        .await
        .unwrap_or_else(|e| panic!("update_color_collection: {e}"));
    let sent =
        body_json(&the_request(&server, "PATCH", "/api/4.0/color_collections/my-colors").await);
    assert_eq!(
        sent,
        json!({
            "label": "My colors",
            "categoricalPalettes": [{"label": "Bold", "type": "Categorical", "colors": ["#1A73E8"]}],
            "sequentialPalettes": [{"label": "Blues", "type": "Sequential", "stops": [{"color": "#FFFFFF", "offset": 0}]}]
        })
    );
}

/// Asserts `query` is `name=` followed by `encoded_items` joined with a comma (literal or `%2C`,
/// both mean the same to Looker): one parameter, not repeated, not a JSON array.
fn assert_comma_delimited(query: Option<&str>, name: &str, encoded_items: &[&str]) {
    let query = query.unwrap_or_else(|| panic!("no query string, expected {name}=..."));
    let literal = format!("{name}={}", encoded_items.join(","));
    let escaped = format!("{name}={}", encoded_items.join("%2C"));
    assert!(
        query == literal || query == escaped,
        "query string {query:?}, expected {literal:?} (or with %2C)"
    );
}

#[tokio::test]
async fn array_query_parameters_are_sent_comma_delimited() {
    let (server, sdk) = looker().await;

    // A required array parameter.
    let multi = "/api/4.0/query_tasks/multi_results";
    let results = json!({
        "a1": {"status": "complete", "data": [{"orders.count": 3}]},
        "b 2": {"status": "running"},
        "c3": 7
    });
    answer(&server, "GET", multi, json_answer(200, &results)).await;
    let ids = vec!["a1".to_owned(), "b 2".to_owned(), "c3".to_owned()];
    let decoded = sdk
        .query_task_multi_results(&ids)
        .await
        .unwrap_or_else(|e| panic!("query_task_multi_results: {e}"));
    let expected: BTreeMap<String, Value> = serde_json::from_value(results).unwrap();
    assert_eq!(decoded, expected);
    let request = the_request(&server, "GET", multi).await;
    assert_comma_delimited(
        request.url.query(),
        "query_task_ids",
        &["a1", "b%202", "c3"],
    );
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [("query_task_ids".to_owned(), "a1,b 2,c3".to_owned())]
    );

    // An optional one, set with its builder method.
    let users = "/api/4.0/users";
    answer(
        &server,
        "GET",
        users,
        json_answer(200, &json!([{"id": "1"}, {"id": "2"}, {"id": "3"}])),
    )
    .await;
    let found = sdk
        .all_users()
        .ids(vec!["1".into(), "2".into(), "3".into()])
        .await
        .unwrap_or_else(|e| panic!("all_users: {e}"));
    let found_ids: Vec<Option<&str>> = found.iter().map(|u| u.id.as_deref()).collect();
    assert_eq!(found_ids, [Some("1"), Some("2"), Some("3")]);
    let request = the_request(&server, "GET", users).await;
    assert_comma_delimited(request.url.query(), "ids", &["1", "2", "3"]);
}
