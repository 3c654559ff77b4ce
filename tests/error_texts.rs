//! What a user reads when the first call fails for a reason they must fix: each error names the
//! setting to change, in `Display` and in `Debug`, and never shows the secret.

mod common;

use common::*;
use looker_sdk::{ApiSettings, Error, LookerSdk};
use wiremock::matchers::{method, path};
use wiremock::Mock;

/// Looker answers a login with unknown credentials 404 and its error JSON.
#[tokio::test]
async fn a_refused_login_names_the_credentials_and_where_they_were_read() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(LOGIN_PATH))
        .respond_with(json_response(404, "error_404.json"))
        .mount(&server)
        .await;
    // Settings read from a looker.ini (and the environment, which overrides it).
    let dir = std::env::temp_dir().join(format!("looker-error-texts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let ini = dir.join("looker.ini");
    let text = format!(
        "[Looker]\nbase_url = {}\nclient_id = {CLIENT_ID}\nclient_secret = {CLIENT_SECRET}\n",
        server.uri()
    );
    std::fs::write(&ini, text).expect("looker.ini");
    let settings = ApiSettings::load(&ini, "Looker").expect("settings");
    let sdk = LookerSdk::new(settings).expect("sdk");
    let error = within(sdk.auth().login()).await.expect_err("refused");
    let _ = std::fs::remove_dir_all(&dir);
    let (text, debug) = (error.to_string(), format!("{error:?}"));
    assert!(text.starts_with("POST /login: 404 Not Found: "), "{text}");
    let expected = format!(
        "Looker refused the API credentials: check `client_id` (\"{CLIENT_ID}\") and \
         `client_secret` (`{}` [Looker], or LOOKERSDK_CLIENT_ID / LOOKERSDK_CLIENT_SECRET)",
        ini.display()
    );
    assert!(text.contains(&expected), "{text}");
    assert!(debug.starts_with(&text), "{debug}");
    for shown in [&text, &debug] {
        assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    }

    // Settings made in code say so.
    let in_code =
        LookerSdk::new(ApiSettings::new(server.uri(), "id-in-code", "s3cret")).expect("settings");
    let error = within(in_code.auth().login()).await.expect_err("refused");
    let text = error.to_string();
    assert!(text.contains("(\"id-in-code\")"), "{text}");
    assert!(text.contains("as given to `ApiSettings`"), "{text}");
    assert!(!text.contains("s3cret") && !format!("{error:?}").contains("s3cret"));
}

/// The URL the API Explorer shows, `https://host/api/4.0`, works as `base_url`.
#[tokio::test]
async fn a_base_url_with_the_api_path_reaches_the_api_once() {
    let server = start_server().await;
    mount_login(&server).await;
    let sdk = LookerSdk::new(ApiSettings::new(
        format!("{}/api/4.0", server.uri()),
        CLIENT_ID,
        CLIENT_SECRET,
    ))
    .expect("settings");
    within(sdk.auth().login()).await.expect("logged in");
    assert_eq!(sdk.settings().base_url, server.uri());
    assert_eq!(requests_to(&server, LOGIN_PATH).await.len(), 1);
}

/// A closed port: the address to check, once.
#[tokio::test]
async fn a_closed_port_names_the_address_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let sdk = LookerSdk::new(ApiSettings::new(
        format!("http://127.0.0.1:{port}"),
        "id",
        "s",
    ))
    .expect("settings");
    let error = within(sdk.auth().login()).await.expect_err("refused");
    let (text, debug) = (error.to_string(), format!("{error:?}"));
    let address = format!("POST /login: could not connect to http://127.0.0.1:{port}: ");
    assert!(text.starts_with(&address), "{text}");
    assert_eq!(debug.matches("refused").count(), 1, "{debug}");
}

/// `https://` to a server that speaks plain HTTP: the error says to write `http://`.
#[tokio::test]
async fn https_to_a_plain_http_port_says_which_scheme_to_use() {
    let server = start_server().await;
    let https = server.uri().replacen("http://", "https://", 1);
    let sdk = LookerSdk::new(ApiSettings::new(https.clone(), "id", "s")).expect("settings");
    let error = within(sdk.auth().login()).await.expect_err("no TLS there");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!("could not connect to {https}")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "the server does not answer TLS: if it serves plain HTTP, set `base_url` to {}",
            server.uri()
        )),
        "{text}"
    );
}
