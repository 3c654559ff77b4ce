//! The README's "Testing code that uses the SDK": each of its code blocks is a verbatim part of
//! this file (`tests/readme_testing.rs` of the SDK checks), so the README shows code that
//! compiles and passes. The committed cassette is what the recorder writes (`cassettes.rs`).

// The README's crate is `my_looker`.
use looker_own_crate_example as my_looker;

use futures_util::StreamExt;
use looker_sdk_rtl::testing::{Reply, StandIn};
use my_looker::models::{Look, User, WriteUser};
use my_looker::LookerSdk;
use serde_json::json;

/// Disables the user with `email`: `Ok(false)` when nobody has it.
async fn disable(sdk: &LookerSdk, email: &str) -> looker_sdk_rtl::Result<bool> {
    let found = sdk.search_users().email(email).fields("id").await?;
    let Some(id) = found.into_iter().find_map(|user| user.id) else {
        return Ok(false);
    };
    let body = WriteUser::new().set_is_disabled(true);
    sdk.update_user(&id, &body).fields("id").await?;
    Ok(true)
}

#[tokio::test]
async fn disables_the_user_found_by_email() {
    let looker = StandIn::<LookerSdk>::start().await;
    let mut ada = User::default();
    ada.id = Some("17".into());
    looker
        .on("search_users")
        .param("email", "ada@example.com")
        .times(1)
        .answer(Reply::json(&[ada]));
    looker
        .on("update_user")
        .param("user_id", "17")
        .body(json!({"is_disabled": true}))
        .times(1)
        .answer(Reply::json(&User::default()));

    assert!(disable(&looker.sdk(), "ada@example.com").await.unwrap());
} // dropping the stand-in checks every `times`, and that no request went unanswered

/// The titles of a folder's Looks, page after page.
async fn titles(sdk: &LookerSdk, folder_id: &str) -> looker_sdk_rtl::Result<Vec<String>> {
    let mut looks = sdk
        .search_looks()
        .folder_id(folder_id)
        .stream()
        .page_size(2);
    let mut titles = Vec::new();
    while let Some(look) = looks.next().await {
        titles.extend(look?.title);
    }
    Ok(titles)
}

#[tokio::test]
async fn reads_every_page() {
    let looker = StandIn::<LookerSdk>::start().await;
    let look = |title: &str| {
        let mut look = Look::default();
        look.title = Some(title.into());
        look
    };
    let page = |offset: u32| looker.on("search_looks").param("offset", offset).times(1);
    page(0).answer(Reply::json(&[look("A"), look("B")]).total_count(3));
    page(2).answer(Reply::json(&[look("C")]).total_count(3));

    assert_eq!(titles(&looker.sdk(), "8").await.unwrap(), ["A", "B", "C"]);
    let first = &looker.received_by("search_looks")[0];
    assert_eq!(first.param("limit"), Some("2"));
}

#[tokio::test]
async fn tells_what_looker_refused() {
    let looker = StandIn::<LookerSdk>::start().await;
    looker
        .on("search_users")
        .answer(Reply::error(403, "You do not have permission"));

    let error = disable(&looker.sdk(), "ada@example.com").await.unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert!(error.to_string().contains("You do not have permission"));
}

#[tokio::test]
async fn replays_what_the_instance_answered() {
    let cassette = "tests/cassettes/disable_user.json";
    let looker = StandIn::<LookerSdk>::replay(cassette).await.unwrap();

    assert!(disable(&looker.sdk(), "ada@example.com").await.unwrap());
} // and every exchange of the cassette was replayed, in order

#[tokio::test]
#[ignore = "records from a real instance: looker.ini, then `cargo test -- --ignored`"]
async fn record_the_cassette() {
    let settings = looker_sdk_rtl::ApiSettings::load("looker.ini", "Looker").unwrap();
    let cassette = "tests/cassettes/disable_user.json";
    let looker = StandIn::<LookerSdk>::record(settings, cassette)
        .await
        .unwrap();
    disable(&looker.sdk(), "ada@example.com").await.unwrap();
    looker.save().unwrap();
}
