//! The release flow end to end, on a copy of the workspace: the SDK of Looker's 24.16 document
//! is bumped to 24.18 by `looker-codegen bump`, packaged with `cargo package --workspace`, and
//! the packaged crate (which has no `spec/`) is built offline by a consumer crate outside the
//! tree, whose program creates a connection on a loopback server. Slow: it runs cargo several
//! times (the consumer builds the SDK's dependencies once, in `target/release-flow-consumer`).
//! Looker's documents come from the `looker-specs` crate (or `$LOOKER_SPECS_DIR`).

mod workspace_copy;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_copy::{cargo, copy_workspace, looker_document, root, run, target_dir, use_spec};

const NEW_VERSION: &str = "0.2.0+looker.24.18.48";

/// The copy bumped from 24.16 to 24.18 through the CLI, checked, then packaged: the directory
/// holding the `.crate` files.
fn bump_and_package(copy: &Path) -> PathBuf {
    use_spec(copy, &looker_document("24.16"));
    cargo(
        copy,
        &["run", "-q", "-p", "looker-codegen-cli", "--", "generate"],
        None,
    );
    let new_document = looker_document("24.18");
    let printed = run(workspace_copy::cargo_command(
        copy,
        &["run", "-q", "-p", "looker-codegen-cli", "--", "bump"],
    )
    .arg(&new_document));
    assert!(
        printed.contains(&format!("looker-sdk 0.1.0 -> {NEW_VERSION}")),
        "{printed}"
    );
    assert!(printed.contains("verdict   major"), "{printed}");
    assert!(
        printed.contains("cargo publish -p looker-codegen"),
        "{printed}"
    );

    let manifest = fs::read_to_string(copy.join("Cargo.toml")).unwrap();
    assert_eq!(
        looker_codegen::release::package_version(&manifest).unwrap(),
        NEW_VERSION
    );
    assert!(copy.join("spec/looker-4.0.json").is_file());
    assert!(!copy.join("spec/looker-4.0.yaml").exists());
    let changelog = fs::read_to_string(copy.join("CHANGELOG.md")).unwrap();
    assert!(changelog.starts_with(&format!(
        "# Changelog\n\n## {NEW_VERSION} — Looker 24.18.48 (API 4.0.24.18)\n\n"
    )));
    assert!(changelog.contains("semver **major**"), "{changelog}");
    assert!(changelog.contains("### Breaking changes"), "{changelog}");
    assert!(
        changelog.contains("`LookerSdk::"),
        "a named change:\n{changelog}"
    );
    let root_file = fs::read_to_string(copy.join("generated/mod.rs")).unwrap();
    assert!(root_file.contains("Looker API 4.0 Reference 4.0.24.18"));
    assert!(root_file.contains("pub const LOOKER_RELEASE: Option<&str> = Some(\"24.18.48\");"));

    // Bumping to the same document again changes nothing.
    let again = run(workspace_copy::cargo_command(
        copy,
        &["run", "-q", "-p", "looker-codegen-cli", "--", "bump"],
    )
    .arg(&new_document));
    assert!(again.contains("nothing to release"), "{again}");
    assert_eq!(
        fs::read_to_string(copy.join("Cargo.toml")).unwrap(),
        manifest
    );

    cargo(
        copy,
        &[
            "package",
            "--workspace",
            "--exclude",
            "looker-specs",
            "--no-verify",
            "--quiet",
        ],
        None,
    );
    target_dir().join("package")
}

/// A crate outside the tree depending on the unpacked packaged SDK, built offline.
fn build_consumer(packages: &Path, dir: &Path) -> PathBuf {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("app/src")).unwrap();
    for name in [
        format!("looker-sdk-{NEW_VERSION}"),
        "looker-sdk-rtl-0.1.0".to_owned(),
        "looker-codegen-0.1.0".to_owned(),
    ] {
        let crate_file = packages.join(format!("{name}.crate"));
        run(Command::new("tar")
            .arg("xzf")
            .arg(&crate_file)
            .arg("-C")
            .arg(dir));
    }
    let sdk = dir.join(format!("looker-sdk-{NEW_VERSION}"));
    assert!(!sdk.join("spec").exists(), "the packaged SDK has no spec/");
    // The runtime, and the SDK's generator build-dependency (for its own repository's builds
    // only, resolved though never built), come from their packages, as crates.io would serve
    // them once published first.
    fs::write(
        dir.join("app/Cargo.toml"),
        format!(
            "[package]\nname = \"release-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\nlooker-sdk = {{ path = \"../looker-sdk-{NEW_VERSION}\" }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\n\
             [patch.crates-io]\nlooker-codegen = {{ path = \"../looker-codegen-0.1.0\" }}\n\
             looker-sdk-rtl = {{ path = \"../looker-sdk-rtl-0.1.0\" }}\n\n\
             [workspace]\n"
        ),
    )
    .unwrap();
    fs::copy(root().join("Cargo.lock"), dir.join("app/Cargo.lock")).unwrap();
    fs::write(
        dir.join("app/src/main.rs"),
        "use looker_sdk::models::WriteDbConnection;\n\n\
         #[tokio::main(flavor = \"current_thread\")]\n\
         async fn main() {\n    \
             let sdk = looker_sdk::init40().expect(\"settings from LOOKERSDK_*\");\n    \
             let body = WriteDbConnection::new().set_name(\"x\");\n    \
             let created = sdk.create_connection(&body).await.expect(\"create_connection\");\n    \
             println!(\"created {}\", created.name.unwrap_or_default());\n    \
             println!(\"release {:?}\", looker_sdk::LOOKER_RELEASE);\n}\n",
    )
    .unwrap();
    let consumer_target = root().join("target/release-flow-consumer");
    run(Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir.join("app"))
        .env("CARGO_TARGET_DIR", &consumer_target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS"));
    consumer_target.join("debug/release-consumer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bump_package_and_use_the_packaged_crate() {
    let started = Instant::now();
    let copy = copy_workspace("release");
    let packages = tokio::task::spawn_blocking({
        let copy = copy.clone();
        move || bump_and_package(&copy)
    })
    .await
    .unwrap();
    eprintln!("bumped and packaged in {:?}", started.elapsed());

    let consumer_dir = std::env::temp_dir().join(format!(
        "looker-sdk-release-consumer-{}",
        std::process::id()
    ));
    let binary = tokio::task::spawn_blocking({
        let dir = consumer_dir.clone();
        move || build_consumer(&packages, &dir)
    })
    .await
    .unwrap();
    eprintln!("consumer built in {:?}", started.elapsed());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/connections"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"name":"x","host":"db.example.com","dialect_name":"bigquery_standard_sql"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let printed = tokio::task::spawn_blocking({
        let uri = server.uri();
        move || {
            run(Command::new(binary)
                .env("LOOKERSDK_BASE_URL", uri)
                .env("LOOKERSDK_CLIENT_ID", "id")
                .env("LOOKERSDK_CLIENT_SECRET", "secret"))
        }
    })
    .await
    .unwrap();
    assert!(printed.contains("created x\n"), "{printed}");
    assert!(printed.contains("release Some(\"24.18.48\")"), "{printed}");
    let requests = server.received_requests().await.unwrap();
    let created = requests
        .iter()
        .find(|r| r.url.path() == "/api/4.0/connections")
        .expect("the server saw create_connection");
    let body: serde_json::Value = serde_json::from_slice(&created.body).unwrap();
    assert_eq!(body["name"], "x");
    assert_eq!(
        created.headers.get("authorization").unwrap(),
        "Bearer t",
        "the consumer logged in first"
    );
    eprintln!("release flow done in {:?}", started.elapsed());
    fs::remove_dir_all(&copy).unwrap();
    fs::remove_dir_all(&consumer_dir).unwrap();
}
