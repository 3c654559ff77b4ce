//! `fetch`: download the API document a Looker instance serves, as Looker's own code generator
//! does: `GET /versions`, pick the version, fetch its `swagger_url` (logging in only when the
//! instance asks for it), check that it is an API document, write it atomically.

mod document;
mod error;
mod settings;
mod versions;

use clap::{Arg, ArgMatches, Command};
use error::FetchError;
use looker_codegen::Syntax;
use looker_sdk_rtl::{ApiDescription, Client, Secret};
use reqwest::Url;
use settings::Settings;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// Where the SDK reads its document, and where `fetch` writes by default.
const DEFAULT_OUT: &str = "spec/looker-4.0.json";
/// The other names of the SDK's document: removed when `fetch` writes [`DEFAULT_OUT`].
const OTHER_SPECS: [&str; 2] = ["spec/looker-4.0.yaml", "spec/looker-4.0.yml"];

/// The `fetch` subcommand and its options.
pub fn command() -> Command {
    Command::new("fetch")
        .about("Download the API document your Looker instance serves")
        .long_about(
            "Download the API document your Looker instance serves, to generate the SDK of\n\
             that instance.\n\n\
             Settings are read as the SDK reads them: the [SECTION] of the ini file,\n\
             overridden by LOOKERSDK_BASE_URL, LOOKERSDK_CLIENT_ID, LOOKERSDK_CLIENT_SECRET,\n\
             LOOKERSDK_VERIFY_SSL and LOOKERSDK_TIMEOUT (the environment alone is enough).\n\n\
             GET {base_url}/versions names the document's URL; it is fetched without\n\
             credentials, and only when the instance answers 401 or 403 does fetch log in\n\
             with the client id and secret (only then are they needed) and fetch it again.\n\
             Nothing is written unless the answer is an API document (swagger 2.0 or\n\
             OpenAPI 3), and then atomically.",
        )
        .after_long_help(crate::EXIT_CODES)
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("FILE")
                .default_value(DEFAULT_OUT)
                .help(
                    "Where to write the document; writing the default also removes \
                     spec/looker-4.0.yaml and .yml (the SDK reads one document from spec/)",
                ),
        )
        .arg(
            Arg::new("api-version")
                .long("api-version")
                .value_name("VERSION")
                .default_value("4.0")
                .help("The API version whose document to fetch"),
        )
        .arg(
            Arg::new("ini")
                .long("ini")
                .value_name("FILE")
                .default_value("looker.ini")
                .help("The settings file (need not exist when LOOKERSDK_* are set)"),
        )
        .arg(
            Arg::new("section")
                .long("section")
                .value_name("NAME")
                .default_value("Looker")
                .help("The section of the settings file"),
        )
}

/// The options of one `fetch`.
#[derive(Debug)]
pub struct Options {
    out: PathBuf,
    api_version: String,
    ini: PathBuf,
    section: String,
}

impl Options {
    /// The options given to the `fetch` subcommand (every one has a default).
    pub fn from_matches(args: &ArgMatches) -> Self {
        let text = |name: &str, default: &str| {
            args.get_one::<String>(name)
                .map_or(default, String::as_str)
                .to_owned()
        };
        Options {
            out: PathBuf::from(text("out", DEFAULT_OUT)),
            api_version: text("api-version", "4.0"),
            ini: PathBuf::from(text("ini", "looker.ini")),
            section: text("section", "Looker"),
        }
    }
}

/// What was fetched.
struct Fetched {
    release: Option<String>,
    full_version: Option<String>,
    url: Url,
    status: u16,
    body: Vec<u8>,
}

/// Runs `fetch`: downloads, checks, writes, and prints what it did and what to run next.
///
/// # Errors
///
/// The message of a [`FetchError`]; nothing is written on any error.
pub fn run(options: &Options) -> Result<ExitCode, String> {
    fetch_and_write(options)
        .map(|lines| {
            println!("{}", lines.join("\n"));
            ExitCode::SUCCESS
        })
        .map_err(|error| error.to_string())
}

/// Downloads and writes the document; returns the lines to print.
fn fetch_and_write(options: &Options) -> Result<Vec<String>, FetchError> {
    let settings = settings::load(&options.ini, &options.section).map_err(FetchError::Runtime)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Setup(format!("cannot start the async runtime: {e}")))?;
    let fetched = runtime.block_on(download(&settings, &options.api_version))?;
    let syntax = document::validate(&fetched.body).map_err(|reason| FetchError::Answer {
        url: fetched.url.to_string(),
        status: fetched.status,
        reason: format!("not an API document ({reason})"),
        excerpt: document::excerpt(&fetched.body),
    })?;
    check_extension(&options.out, syntax)?;
    looker_codegen::write_atomically(&options.out, &fetched.body)
        .map_err(|e| FetchError::Write(e.to_string()))?;

    let release = fetched.release.as_deref().unwrap_or("(release not given)");
    let full_version = fetched.full_version.as_deref().unwrap_or("");
    let mut lines = vec![
        format!(
            "Looker {release}, API {} {full_version}",
            options.api_version
        )
        .trim_end()
        .to_owned(),
        format!("  fetched   {}", without_query(&fetched.url)),
        format!(
            "  wrote     {} ({} bytes)",
            options.out.display(),
            fetched.body.len()
        ),
    ];
    let is_default = normalized(&options.out) == normalized(Path::new(DEFAULT_OUT));
    if is_default {
        for other in OTHER_SPECS {
            match std::fs::remove_file(other) {
                Ok(()) => lines.push(format!(
                    "  removed   {other} (the SDK reads one document from spec/)"
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(FetchError::Write(format!(
                        "wrote {DEFAULT_OUT} but cannot remove {other}: {e}; remove it by hand \
                         (the SDK reads one document from spec/)"
                    )))
                }
            }
        }
        lines.push("next: `cargo build` compiles the SDK of this document;".to_owned());
        lines.push(
            "      `cargo codegen generate` refreshes the reviewed copy in generated/ \
             before you commit"
                .to_owned(),
        );
    } else {
        let out = options.out.display();
        lines.push(format!(
            "next: generate from it, in a build script (`looker_codegen::Config::new({out:?}, ..)`) \
             or with `cargo codegen generate --spec {out} --out DIR`;"
        ));
        lines.push(
            "      or move it to spec/looker-4.0.json, which the SDK's own builds compile"
                .to_owned(),
        );
    }
    Ok(lines)
}

/// `GET /versions`, then the document of `api_version`, logging in if the instance asks.
async fn download(settings: &Settings, api_version: &str) -> Result<Fetched, FetchError> {
    let base_url = settings.api.base_url.clone();
    let base = Url::parse(&base_url)
        .map_err(|e| FetchError::Setup(format!("the base URL {base_url} is not a URL: {e}")))?;
    // The SDK's own client settings: its TLS backend, `verify_ssl` and timeout.
    let client = looker_sdk_rtl::http_client_builder(&settings.api)
        .user_agent(concat!("looker-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Setup(format!("cannot build the HTTP client: {e}")))?;
    let fetch = |url: Url, token: Option<Secret>| get(&client, &base_url, url, token);

    let versions_url = Url::parse(&format!("{base_url}/versions"))
        .map_err(|e| FetchError::Setup(format!("the base URL {base_url} is not a URL: {e}")))?;
    let (status, body) = fetch(versions_url.clone(), None).await?;
    let not_versions = |reason: String| FetchError::Answer {
        url: versions_url.to_string(),
        status,
        reason,
        excerpt: document::excerpt(&body),
    };
    if !(200..300).contains(&status) {
        return Err(not_versions("expected Looker's ApiVersion JSON".to_owned()));
    }
    let versions: versions::ApiVersion = serde_json::from_slice(&body).map_err(|e| {
        not_versions(format!(
            "not Looker's ApiVersion JSON (line {} column {})",
            e.line(),
            e.column()
        ))
    })?;
    let element = versions
        .pick(api_version)
        .map_err(|offered| FetchError::VersionNotOffered {
            requested: api_version.to_owned(),
            offered,
            base_url: base_url.clone(),
        })?;
    let swagger_url = element
        .swagger_url
        .as_deref()
        .ok_or_else(|| not_versions(format!("API version {api_version} has no `swagger_url`")))?;
    let url = versions::document_url(&base, swagger_url).map_err(not_versions)?;

    let (mut status, mut body) = fetch(url.clone(), None).await?;
    if matches!(status, 401 | 403) {
        if !versions::same_origin(&url, &base) {
            return Err(FetchError::ForeignLogin {
                url: url.to_string(),
                base_url: base_url.clone(),
            });
        }
        let token = login(settings, status, &url).await?;
        (status, body) = fetch(url.clone(), Some(token)).await?;
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Answer {
            url: url.to_string(),
            status,
            reason: "expected the API document".to_owned(),
            excerpt: document::excerpt(&body),
        });
    }
    Ok(Fetched {
        release: versions.looker_release_version.clone(),
        full_version: element.full_version.clone(),
        url,
        status,
        body,
    })
}

/// What `fetch` needs of the API to log in with the runtime: the path of API 4.0 (the login is
/// `POST /api/4.0/login`); it calls no other operation.
static LOGIN_API: ApiDescription = ApiDescription::new("/api/4.0", |_| false, &[], &[]);

/// Logs in with the SDK's runtime (`POST /api/4.0/login`) and returns the access token.
async fn login(settings: &Settings, status: u16, url: &Url) -> Result<Secret, FetchError> {
    if !settings.missing.is_empty() {
        return Err(FetchError::LoginNeeded {
            url: url.to_string(),
            status,
            missing: settings.missing.iter().map(ToString::to_string).collect(),
        });
    }
    let sdk = Client::new(settings.api.clone(), &LOGIN_API).map_err(FetchError::Runtime)?;
    sdk.auth()
        .token()
        .await
        .map_err(|source| FetchError::Login {
            base_url: settings.api.base_url.clone(),
            source,
        })
}

/// One GET: the status and the whole body, with the bearer token when given.
async fn get(
    client: &reqwest::Client,
    base_url: &str,
    url: Url,
    token: Option<Secret>,
) -> Result<(u16, Vec<u8>), FetchError> {
    let unreachable = |source| FetchError::Unreachable {
        base_url: base_url.to_owned(),
        url: without_query(&url),
        source,
    };
    let mut request = client.get(url.clone());
    if let Some(token) = &token {
        request = request.bearer_auth(token.expose());
    }
    let answer = request.send().await.map_err(unreachable)?;
    let status = answer.status().as_u16();
    if answer.status().is_redirection() {
        // The SDK's client follows no redirect: a token goes only to the base URL's origin.
        let location = answer
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .and_then(|location| url.join(location.trim()).ok())
            .map_or_else(
                || "nowhere valid".to_owned(),
                |target| without_query(&target),
            );
        return Err(FetchError::Answer {
            url: without_query(&url),
            status,
            reason: format!(
                "a redirect to {location}, not followed (no credential leaves {base_url}); \
                 if the instance has moved, set LOOKERSDK_BASE_URL (or base_url) to its new \
                 address"
            ),
            excerpt: String::new(),
        });
    }
    let body = answer.bytes().await.map_err(unreachable)?;
    Ok((status, body.to_vec()))
}

/// A URL without its query and fragment, for messages.
fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// A path without `.` components, to compare it with [`DEFAULT_OUT`].
fn normalized(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// A YAML document cannot be written to a `.json` file: the SDK would read it as JSON.
fn check_extension(out: &Path, syntax: Syntax) -> Result<(), FetchError> {
    let json_file = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json_file && syntax == Syntax::Yaml {
        return Err(FetchError::Write(format!(
            "the instance serves its document as YAML; write it to a .yaml file (--out), not {}",
            out.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fetch` names the SDK's document as the generator does (`SPEC_DIR`, `SPEC_NAMES`).
    #[test]
    fn the_spec_names_are_the_generators() {
        let [json, others @ ..] = looker_codegen::SPEC_NAMES;
        let dir = looker_codegen::SPEC_DIR;
        assert_eq!(DEFAULT_OUT, format!("{dir}/{json}"));
        let expected: Vec<String> = others.iter().map(|name| format!("{dir}/{name}")).collect();
        assert_eq!(OTHER_SPECS.to_vec(), expected);
    }
}
