//! The five everyday programs of `examples/` against a loopback stand-in for Looker: each test
//! asserts the requests the program sends (the stand-in answers only those, and checks how many
//! arrive) and what the program writes.

#[allow(dead_code)]
#[path = "../examples/create_user.rs"]
mod create_user;
#[allow(dead_code)]
#[path = "../examples/list_connections.rs"]
mod list_connections;
#[allow(dead_code)]
#[path = "../examples/render_dashboard.rs"]
mod render_dashboard;
#[allow(dead_code)]
#[path = "../examples/run_inline_query.rs"]
mod run_inline_query;
#[allow(dead_code)]
#[path = "../examples/search_dashboards.rs"]
mod search_dashboards;

use std::time::Duration;

use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::ApiSettings;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A stand-in that accepts one login, and the SDK logged in to it.
async fn looker() -> (MockServer, LookerSdk) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let sdk = LookerSdk::new(ApiSettings::new(server.uri(), "id", "secret"));
    (server, sdk.expect("settings are valid"))
}

fn text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("the programs write UTF-8")
}

#[tokio::test]
async fn list_connections_asks_for_two_fields_and_prints_them() {
    let (server, sdk) = looker().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/connections"))
        .and(query_param("fields", "name,dialect_name"))
        .and(header("authorization", "Bearer tok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"name": "warehouse", "dialect_name": "bigquery_standard_sql"},
            {"name": "legacy"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let mut out = Vec::new();
    list_connections::run(&sdk, &mut out).await.expect("runs");
    assert_eq!(
        text(out),
        "warehouse: bigquery_standard_sql\nlegacy: unknown dialect\n2 connections\n"
    );
}

#[tokio::test]
async fn search_dashboards_pages_until_a_short_page() {
    let (server, sdk) = looker().await;
    let page = |offset: &str, body: serde_json::Value| {
        Mock::given(method("GET"))
            .and(path("/api/4.0/dashboards/search"))
            .and(query_param("title", "Sales%"))
            .and(query_param("fields", "id,title"))
            .and(query_param("sorts", "title"))
            .and(query_param("limit", "2"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
    };
    page(
        "0",
        json!([{"id": "1", "title": "Sales A"}, {"id": "7", "title": "Sales B"}]),
    )
    .mount(&server)
    .await;
    page("2", json!([{"id": "9", "title": "Sales C"}]))
        .mount(&server)
        .await;
    let mut out = Vec::new();
    search_dashboards::run(&sdk, "Sales%", &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "1\tSales A\n7\tSales B\n9\tSales C\n");
}

#[tokio::test]
async fn run_inline_query_reads_json_rows_and_csv_text() {
    let (server, sdk) = looker().await;
    let query = json!({
        "model": "thelook", "view": "orders",
        "fields": ["orders.status", "orders.count"], "limit": "10"
    });
    Mock::given(method("POST"))
        .and(path("/api/4.0/queries/run/json"))
        .and(body_json(&query))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(
                r#"[{"orders.status":"complete","orders.count":41},{"orders.status":"pending","orders.count":3}]"#,
                "application/json",
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let csv = "Orders Status,Orders Count\ncomplete,41\npending,3\n";
    Mock::given(method("POST"))
        .and(path("/api/4.0/queries/run/csv"))
        .and(body_json(&query))
        .respond_with(ResponseTemplate::new(200).set_body_raw(csv, "text/csv; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let mut out = Vec::new();
    run_inline_query::run(&sdk, &mut out).await.expect("runs");
    assert_eq!(
        text(out),
        format!("complete: 41\npending: 3\ntext/csv (49 bytes)\n{csv}")
    );
}

/// The stand-in for `create_user`: the user is created, then setting the attribute is
/// answered with `status` and `answer`.
async fn create_user_against(status: u16, answer: serde_json::Value) -> String {
    let (server, sdk) = looker().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/users"))
        .and(body_json(
            json!({"first_name": "Ada", "last_name": "Lovelace"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "17", "first_name": "Ada", "created_at": "2024-05-01T12:00:00.000+00:00"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/api/4.0/users/17/attribute_values/5"))
        .and(body_json(json!({"value": "emea"})))
        .respond_with(ResponseTemplate::new(status).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let mut out = Vec::new();
    create_user::run(&sdk, "5", "emea", &mut out)
        .await
        .expect("runs");
    text(out)
}

#[tokio::test]
async fn create_user_sets_the_attribute() {
    let out = create_user_against(200, json!({"user_id": "17", "value": "emea"})).await;
    assert_eq!(out, "created user 17\nset to emea\n");
}

#[tokio::test]
async fn create_user_tells_a_missing_attribute() {
    let out = create_user_against(404, json!({"message": "Not found"})).await;
    assert_eq!(out, "created user 17\nno user attribute 5\n");
}

#[tokio::test]
async fn create_user_lists_what_looker_rejected() {
    let answer = json!({
        "message": "Validation Failed",
        "errors": [{"field": "value", "code": "invalid", "message": "is not a region"}]
    });
    let out = create_user_against(422, answer).await;
    assert_eq!(
        out,
        "created user 17\nrejected: Validation Failed\n  value: is not a region\n"
    );
}

#[tokio::test]
async fn render_dashboard_waits_for_the_task_and_saves_the_pdf() {
    let (server, sdk) = looker().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/render_tasks/dashboards/42/pdf"))
        .and(query_param("width", "1280"))
        .and(query_param("height", "1024"))
        .and(query_param("pdf_paper_size", "a4"))
        .and(body_json(json!({"dashboard_style": "tiled"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "t1", "status": "enqueued"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let status = |status: &str| {
        Mock::given(method("GET"))
            .and(path("/api/4.0/render_tasks/t1"))
            .and(query_param("fields", "status"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": status})))
    };
    status("rendering")
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    status("success").expect(1).mount(&server).await;
    let pdf = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n%%EOF\n".to_vec();
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/t1/results"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("looker-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("dashboard.pdf");
    let mut out = Vec::new();
    render_dashboard::run(&sdk, "42", &file, Duration::ZERO, &mut out)
        .await
        .expect("runs");
    assert_eq!(std::fs::read(&file).expect("the PDF was saved"), pdf);
    assert_eq!(
        text(out),
        format!(
            "render task t1\napplication/pdf document\nsaved {} bytes to {}\n",
            pdf.len(),
            file.display()
        )
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
