//! The committed cassettes (`tests/cassettes/`) are what the test kit's recorder writes, and
//! the programs they were recorded from run offline against them. The "instance" they are
//! recorded from is a second stand-in with rules; `BLESS=1` rewrites the files.

#[allow(dead_code)]
#[path = "../examples/disable_user.rs"]
mod disable_user;
#[allow(dead_code)]
#[path = "../examples/folder_looks.rs"]
mod folder_looks;

use std::path::Path;

use looker_own_crate_example::models::{Look, User};
use looker_own_crate_example::LookerSdk;
use looker_sdk_rtl::testing::{Reply, StandIn};
use looker_sdk_rtl::ApiSettings;

/// Records what `program` exchanges with `instance` and checks that the committed cassette
/// `name` is exactly that.
async fn assert_committed<F, Fut>(name: &str, instance: &StandIn<LookerSdk>, program: F)
where
    F: FnOnce(LookerSdk) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let settings = ApiSettings::new(instance.base_url(), "id", "secret");
    let file = std::env::temp_dir().join(format!("{name}-{}.json", std::process::id()));
    let recorder = StandIn::<LookerSdk>::record(settings, &file).await.unwrap();
    program(recorder.sdk()).await;
    recorder.save().unwrap();
    let recorded = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    let committed = Path::new("tests/cassettes").join(format!("{name}.json"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&committed, &recorded).unwrap();
    }
    let text = std::fs::read_to_string(&committed).unwrap();
    assert_eq!(text, recorded, "BLESS=1 rewrites {}", committed.display());
}

fn look(id: &str, title: &str) -> Look {
    let mut look = Look::default();
    look.id = Some(id.into());
    look.title = Some(title.into());
    look
}

#[tokio::test]
async fn folder_looks_cassette_is_recorded_pages_and_replays_offline() {
    let instance = StandIn::<LookerSdk>::start().await;
    let page = |offset: u32| instance.on("search_looks").param("offset", offset).times(1);
    let first = [look("1", "Alpha"), look("2", "Beta")];
    page(0).answer(Reply::json(&first).total_count(3));
    page(2).answer(Reply::json(&[look("3", "Gamma")]).total_count(3));
    let expected = "1\tAlpha\n2\tBeta\n3\tGamma\n3 of 3 looks\n";
    assert_committed("folder_looks", &instance, |sdk| async move {
        let mut out = Vec::new();
        folder_looks::run(&sdk, "8", 2, &mut out).await.unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    })
    .await;

    // Offline: the two pages, their `X-Total-Count`, in order.
    let looker = StandIn::<LookerSdk>::replay("tests/cassettes/folder_looks.json")
        .await
        .unwrap();
    let mut out = Vec::new();
    folder_looks::run(&looker.sdk(), "8", 2, &mut out)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    let offsets: Vec<_> = looker
        .received_by("search_looks")
        .iter()
        .map(|request| request.param("offset").map(str::to_owned))
        .collect();
    assert_eq!(offsets, [Some("0".to_owned()), Some("2".to_owned())]);
}

#[tokio::test]
async fn disable_user_cassette_of_the_readme_is_what_the_recorder_writes() {
    let instance = StandIn::<LookerSdk>::start().await;
    let mut ada = User::default();
    ada.id = Some("17".into());
    ada.email = Some("ada@example.com".into());
    instance.on("search_users").answer(Reply::json(&[ada]));
    let mut disabled = User::default();
    disabled.id = Some("17".into());
    instance.on("update_user").answer(Reply::json(&disabled));
    assert_committed("disable_user", &instance, |sdk| async move {
        let found = sdk
            .search_users()
            .email("ada@example.com")
            .fields("id")
            .await
            .unwrap();
        let id = found[0].id.clone().unwrap();
        let body = looker_own_crate_example::models::WriteUser::new().set_is_disabled(true);
        sdk.update_user(&id, &body).fields("id").await.unwrap();
    })
    .await;
}
