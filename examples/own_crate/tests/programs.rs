//! The everyday programs of `examples/` against the SDK's stand-in for Looker
//! (`looker_sdk_rtl::testing`): each test answers the operations the program calls, by name,
//! asserts the requests it sends and what it writes; a request no rule answers, or a rule
//! called another number of times than it says, fails the test when the stand-in is dropped.

#[allow(dead_code)]
#[path = "../examples/count_users.rs"]
mod count_users;
#[allow(dead_code)]
#[path = "../examples/create_user.rs"]
mod create_user;
#[allow(dead_code)]
#[path = "../examples/disable_user.rs"]
mod disable_user;
#[allow(dead_code)]
#[path = "../examples/folder_looks.rs"]
mod folder_looks;
#[allow(dead_code)]
#[path = "../examples/list_connections.rs"]
mod list_connections;
#[allow(dead_code)]
#[path = "../examples/look_csv.rs"]
mod look_csv;
#[allow(dead_code)]
#[path = "../examples/run_inline_query.rs"]
mod run_inline_query;
#[allow(dead_code)]
#[path = "../examples/schedule_pdf.rs"]
mod schedule_pdf;
#[allow(dead_code)]
#[path = "../examples/search_dashboards.rs"]
mod search_dashboards;

use looker_own_crate_example::models::{Dashboard, Look, User};
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::testing::{Reply, StandIn};
use serde_json::json;

fn text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("the programs write UTF-8")
}

/// The query parameters of the one request the stand-in received for `operation`.
fn query_of(looker: &StandIn<LookerSdk>, operation: &str) -> Vec<(String, String)> {
    let received = looker.received_by(operation);
    assert_eq!(received.len(), 1, "one `{operation}` request");
    received[0].query.clone()
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn user(id: &str, email: &str, disabled: bool) -> User {
    let mut user = User::default();
    user.id = Some(id.into());
    user.email = Some(email.into());
    user.is_disabled = Some(disabled);
    user
}

#[tokio::test]
async fn disable_user_finds_the_user_by_email_and_disables_them() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("search_users")
        .param("email", "ada@example.com")
        .times(1)
        .answer(Reply::json(&[user("17", "ada@example.com", false)]));
    looker
        .on("update_user")
        .param("user_id", "17")
        .body(json!({"is_disabled": true}))
        .times(1)
        .answer(Reply::json(&user("17", "ada@example.com", true)));
    let mut out = Vec::new();
    disable_user::run(&looker.sdk(), "ada@example.com", &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "user 17 disabled: true\n");
    assert_eq!(
        query_of(&looker, "search_users"),
        pairs(&[
            ("email", "ada@example.com"),
            ("fields", "id,email,is_disabled")
        ])
    );
}

#[tokio::test]
async fn disable_user_says_when_nobody_has_the_email() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("search_users")
        .times(1)
        .answer(Reply::json(&json!([])));
    let mut out = Vec::new();
    disable_user::run(&looker.sdk(), "nobody@example.com", &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "no user with email nobody@example.com\n");
}

#[tokio::test]
async fn schedule_pdf_creates_a_monday_plan_emailing_the_pdf() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_scheduled_plan")
        .body(json!({
            "name": "Dashboard 42 every Monday",
            "dashboard_id": "42",
            "require_results": false,
            "crontab": "0 6 * * 1",
            "scheduled_plan_destination": [
                {"format": "wysiwyg_pdf", "address": "ops@example.com", "type": "email"}
            ]
        }))
        .times(1)
        .answer(Reply::json(&json!({"id": "12", "crontab": "0 6 * * 1"})));
    let mut out = Vec::new();
    schedule_pdf::run(&looker.sdk(), "42", "ops@example.com", &mut out)
        .await
        .expect("runs");
    assert_eq!(
        text(out),
        "scheduled plan 12: 0 6 * * 1 to ops@example.com\n"
    );
}

fn look(id: &str, title: &str) -> Look {
    let mut look = Look::default();
    look.id = Some(id.into());
    look.title = Some(title.into());
    look
}

#[tokio::test]
async fn folder_looks_pages_until_a_short_page() {
    let looker = StandIn::<LookerSdk>::start().await;
    let page = |offset: u32| {
        looker
            .on("search_looks")
            .param("folder_id", "8")
            .param("offset", offset)
            .times(1)
    };
    page(0).answer(Reply::json(&[look("1", "Alpha"), look("2", "Beta")]).total_count(3));
    page(2).answer(Reply::json(&[look("3", "Gamma")]).total_count(3));
    let mut out = Vec::new();
    folder_looks::run(&looker.sdk(), "8", 2, &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "1\tAlpha\n2\tBeta\n3\tGamma\n3 of 3 looks\n");
    let first = &looker.received_by("search_looks")[0];
    assert_eq!(
        first.query,
        pairs(&[
            ("folder_id", "8"),
            ("fields", "id,title"),
            ("sorts", "title"),
            ("limit", "2"),
            ("offset", "0")
        ])
    );
}

#[tokio::test]
async fn look_csv_streams_the_results_to_a_file() {
    let looker = StandIn::<LookerSdk>::start().await;
    let csv = "Orders Status,Orders Count\ncomplete,41\npending,3\n";
    looker
        .on("run_look")
        .param("look_id", "5")
        .param("result_format", "csv")
        .times(1)
        .answer(Reply::text(csv).content_type("text/csv; charset=utf-8"));
    let dir = std::env::temp_dir().join(format!("looker-look-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("look.csv");
    let mut out = Vec::new();
    look_csv::run(&looker.sdk(), "5", &file, &mut out)
        .await
        .expect("runs");
    assert_eq!(std::fs::read_to_string(&file).expect("written"), csv);
    assert_eq!(
        text(out),
        format!("wrote {} bytes to {}\n", csv.len(), file.display())
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[tokio::test]
async fn count_users_reads_x_total_count_of_a_raw_call() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("search_users")
        .param("limit", 1)
        .times(1)
        .answer(Reply::json(&[user("1", "a@example.com", false)]).total_count(1234));
    let mut out = Vec::new();
    count_users::run(&looker.sdk(), &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "1234 users\n");
    assert_eq!(
        query_of(&looker, "search_users"),
        pairs(&[("fields", "id"), ("limit", "1")])
    );
}

#[tokio::test]
async fn list_connections_asks_for_two_fields_and_prints_them() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("all_connections")
        .param("fields", "name,dialect_name")
        .times(1)
        .answer(Reply::json(&json!([
            {"name": "warehouse", "dialect_name": "bigquery_standard_sql"},
            {"name": "legacy"}
        ])));
    let mut out = Vec::new();
    list_connections::run(&looker.sdk(), &mut out)
        .await
        .expect("runs");
    assert_eq!(
        text(out),
        "warehouse: bigquery_standard_sql\nlegacy: unknown dialect\n2 connections\n"
    );
}

fn dashboard(id: &str, title: &str) -> Dashboard {
    let mut dashboard = Dashboard::default();
    dashboard.id = Some(id.into());
    dashboard.title = Some(title.into());
    dashboard
}

#[tokio::test]
async fn search_dashboards_pages_until_a_short_page() {
    let looker = StandIn::<LookerSdk>::start().await;
    let page = |offset: u32| {
        looker
            .on("search_dashboards")
            .param("title", "Sales%")
            .param("fields", "id,title")
            .param("sorts", "title")
            .param("limit", 2)
            .param("offset", offset)
            .times(1)
    };
    page(0).answer(Reply::json(&[
        dashboard("1", "Sales A"),
        dashboard("7", "Sales B"),
    ]));
    page(2).answer(Reply::json(&[dashboard("9", "Sales C")]));
    let mut out = Vec::new();
    search_dashboards::run(&looker.sdk(), "Sales%", &mut out)
        .await
        .expect("runs");
    assert_eq!(text(out), "1\tSales A\n7\tSales B\n9\tSales C\n");
}

#[tokio::test]
async fn run_inline_query_reads_json_rows_and_csv_text() {
    let looker = StandIn::<LookerSdk>::start().await;
    let query = json!({
        "model": "thelook", "view": "orders",
        "fields": ["orders.status", "orders.count"], "limit": "10"
    });
    let rows = json!([
        {"orders.status": "complete", "orders.count": 41},
        {"orders.status": "pending", "orders.count": 3}
    ]);
    let run = |format: &str| {
        let rule = looker.on("run_inline_query").param("result_format", format);
        rule.body(query.clone()).times(1)
    };
    run("json").answer(Reply::json(&rows));
    let csv = "Orders Status,Orders Count\ncomplete,41\npending,3\n";
    run("csv").answer(Reply::text(csv).content_type("text/csv; charset=utf-8"));
    let mut out = Vec::new();
    run_inline_query::run(&looker.sdk(), &mut out)
        .await
        .expect("runs");
    assert_eq!(
        text(out),
        format!("complete: 41\npending: 3\ntext/csv (49 bytes)\n{csv}")
    );
}

/// The stand-in for `create_user`: the user is created, then setting the attribute is
/// answered with `reply`.
async fn create_user_against(reply: Reply) -> String {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("create_user")
        .body(json!({"first_name": "Ada", "last_name": "Lovelace"}))
        .times(1)
        .answer(Reply::json(
            &json!({"id": "17", "first_name": "Ada", "last_name": "Lovelace"}),
        ));
    looker
        .on("set_user_attribute_user_value")
        .param("user_id", "17")
        .param("user_attribute_id", "5")
        .body(json!({"value": "emea"}))
        .times(1)
        .answer(reply);
    let mut out = Vec::new();
    create_user::run(&looker.sdk(), "5", "emea", &mut out)
        .await
        .expect("runs");
    text(out)
}

#[tokio::test]
async fn create_user_sets_the_attribute() {
    let out = create_user_against(Reply::json(&json!({"user_id": "17", "value": "emea"}))).await;
    assert_eq!(out, "created user 17\nset to emea\n");
}

#[tokio::test]
async fn create_user_tells_a_missing_attribute() {
    let out = create_user_against(Reply::error(404, "Not found")).await;
    assert_eq!(out, "created user 17\nno user attribute 5\n");
}

#[tokio::test]
async fn create_user_lists_what_looker_rejected() {
    let rejected = Reply::validation_error(
        "Validation Failed",
        &[("value", "invalid", "is not a region")],
    );
    let out = create_user_against(rejected).await;
    assert_eq!(
        out,
        "created user 17\nrejected: Validation Failed\n  value: is not a region\n"
    );
}
