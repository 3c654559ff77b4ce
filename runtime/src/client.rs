//! The SDK handle: settings, HTTP client and login session, shared by every API method.

use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

use crate::api::ApiDescription;
use crate::auth::AuthSession;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::response::Response;
use crate::settings::{normalize_base_url, ApiSettings};
use crate::transport::{Transport, APP_ID};

/// The runtime's client of one Looker instance: settings, HTTP client and login session.
/// Cloning is cheap and clones share the login session.
///
/// The API's methods are not here: they are on the `LookerSdk` that generated code defines
/// around a `Client` (`looker_sdk::LookerSdk`, or your own crate's), which dereferences to it,
/// so `sdk.raw(..)`, `sdk.auth()` and `sdk.settings()` work on it too.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    settings: ApiSettings,
    transport: Transport,
    auth: Arc<AuthSession>,
}

impl Client {
    /// A client of the API `api` describes (generated code's `API`) for `settings`. Does not
    /// contact Looker; the first call logs in.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] for a `base_url` that is not an http(s) URL, [`Error::Client`] when
    /// the HTTP client cannot be built.
    pub fn new(settings: ApiSettings, api: &'static ApiDescription) -> Result<Self> {
        let builder = http_client_builder(&settings);
        Client::with_client_builder(settings, builder, api)
    }

    /// A client for `settings` that sends every request (login included) through an HTTP
    /// client built from `builder`: a proxy, extra root certificates, HTTP/2 settings, default
    /// headers. The SDK still sends its own `x-looker-appid`, `Accept` and `Authorization`
    /// headers and keeps its login session, retries and errors; TLS, timeout and user agent are
    /// the builder's, so start from [`http_client_builder`] to keep the SDK's defaults for those
    /// (with the `rustls` feature it also installs the crypto provider a bare
    /// `reqwest::Client::builder()` would lack).
    ///
    /// Whatever the builder says, the client is built to follow no redirect and send no
    /// `Referer`: a redirect is an [`Error::Redirect`], so that no credential reaches another
    /// server. That is why the SDK takes a builder, not a built client.
    ///
    /// ```
    /// # static API: looker_sdk_rtl::ApiDescription =
    /// #     looker_sdk_rtl::ApiDescription::new("/api/4.0", |_| false, &[], &[]);
    /// # fn run() -> looker_sdk_rtl::Result<()> {
    /// use looker_sdk_rtl::{http_client_builder, ApiSettings, Client};
    /// let settings = ApiSettings::new("https://example.looker.com", "id", "secret");
    /// let builder = http_client_builder(&settings).http1_only();
    /// // generated code's `LookerSdk::with_client_builder(settings, builder)` does this:
    /// let client = Client::with_client_builder(settings, builder, &API)?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Settings`] for a `base_url` that is not an http(s) URL, [`Error::Client`] when
    /// the HTTP client cannot be built.
    pub fn with_client_builder(
        settings: ApiSettings,
        builder: reqwest::ClientBuilder,
        api: &'static ApiDescription,
    ) -> Result<Self> {
        Client::build(settings, builder, api, |transport| transport)
    }

    /// A client of the test kit's stand-in: its answers decode strictly, so that an answer the
    /// API's models do not have properties for is an error.
    #[cfg(feature = "testing")]
    pub(crate) fn strict(settings: ApiSettings, api: &'static ApiDescription) -> Result<Self> {
        let builder = http_client_builder(&settings);
        Client::build(settings, builder, api, Transport::with_strict_answers)
    }

    fn build(
        mut settings: ApiSettings,
        builder: reqwest::ClientBuilder,
        api: &'static ApiDescription,
        adapt: impl FnOnce(Transport) -> Transport,
    ) -> Result<Self> {
        settings.base_url = normalize_base_url(&settings.base_url, "ApiSettings")?;
        let http = without_redirects(builder).build().map_err(Error::Client)?;
        let transport = Transport::new(
            http,
            &settings.base_url,
            "ApiSettings",
            settings.max_body_bytes,
            api,
        )?
        .with_decode_limit(settings.max_decoded_bytes);
        let transport = adapt(transport);
        let auth = Arc::new(AuthSession::new(transport.clone(), &settings));
        Ok(Client {
            inner: Arc::new(Inner {
                settings,
                transport,
                auth,
            }),
        })
    }

    /// What generated code told the runtime about its API document.
    #[must_use]
    pub fn api(&self) -> &'static ApiDescription {
        self.inner.transport.api()
    }

    /// The settings this client was built with (`base_url` without a trailing `/`).
    #[must_use]
    pub fn settings(&self) -> &ApiSettings {
        &self.inner.settings
    }

    /// `{base_url}/api/4.0`: the root every request of this client goes below.
    pub(crate) fn api_root(&self) -> &reqwest::Url {
        self.inner.transport.api_root()
    }

    /// The login session: explicit `login()`, `logout()`, the current token.
    #[must_use]
    pub fn auth(&self) -> &AuthSession {
        &self.inner.auth
    }

    /// A handle that makes calls as the user `user_id` (Looker's "sudo",
    /// `POST /login/{user_id}` with this client's API session), while this client's own
    /// session stays as it is. The handle logs in as that user again when its token expires
    /// or is refused, and `handle.auth().logout()` ends only that user's session.
    ///
    /// ```no_run
    /// # async fn run(sdk: looker_sdk_rtl::Client) -> looker_sdk_rtl::Result<()> {
    /// let as_user = sdk.login_user("42").await?;
    /// // every method of `as_user` acts as user 42
    /// as_user.auth().logout().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// Those of logging in: [`Error::Api`] when Looker refuses (an unknown user, an API user
    /// without the `sudo` permission), [`Error::Transport`] when it cannot be reached.
    pub async fn login_user(&self, user_id: &str) -> Result<Client> {
        let api_user = self.inner.auth.api_user(&self.inner.auth);
        let auth = Arc::new(AuthSession::sudo(
            self.inner.transport.clone(),
            user_id,
            api_user,
        ));
        auth.login().await?;
        Ok(Client {
            inner: Arc::new(Inner {
                settings: self.inner.settings.clone(),
                transport: self.inner.transport.clone(),
                auth,
            }),
        })
    }

    /// Sends `request` with a valid token (logging in when needed); only 2xx answers are `Ok`.
    ///
    /// A 401 for a token believed valid (revoked, or the instance restarted) logs in again
    /// once and sends the request once more; the answer proves it was not processed. Other
    /// failures are sent again as the settings' [`RetryPolicy`](crate::RetryPolicy) allows.
    /// Runs in a `looker_sdk.call` tracing span (see [`crate::trace`]).
    pub(crate) async fn send(&self, request: Request) -> Result<Response> {
        let call = crate::trace::CallSpan::new(&request);
        let result = self
            .send_traced(request, &call)
            .instrument(call.span())
            .await;
        call.finish(&result);
        result
    }

    async fn send_traced(
        &self,
        request: Request,
        call: &crate::trace::CallSpan,
    ) -> Result<Response> {
        request.check_path()?;
        let policy = &self.inner.settings.retry;
        let mut attempt = 1;
        let mut waited = Duration::ZERO;
        let mut logged_in_again = false;
        loop {
            call.attempt(attempt);
            let token = if request.is_authenticated() {
                Some(self.inner.auth.token().await?)
            } else {
                None
            };
            let error = match self
                .inner
                .transport
                .execute(request.clone(), token.as_ref())
                .await
            {
                Ok(answer) => return Ok(answer),
                Err(error) => error,
            };
            if let (Some(token), Some(401), false) = (&token, error.status(), logged_in_again) {
                tracing::info!(status = 401, "token refused; logging in again");
                self.inner.auth.forget(token).await;
                logged_in_again = true;
                attempt += 1;
                continue;
            }
            let Some(delay) = policy.delay(request.method(), &error, attempt, waited) else {
                return Err(error);
            };
            tracing::info!(
                status = error.status(),
                attempt,
                delay_ms = delay.as_millis() as u64,
                "retrying: {}",
                crate::trace::reason(&error)
            );
            tokio::time::sleep(delay).await;
            waited += delay;
            attempt += 1;
        }
    }
}

/// The send future shared by all calls: one type, so compiled once.
pub(crate) type Sending =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response>> + Send>>;

/// Sends `request` through `sdk` (session, retries, errors): the future every way of
/// consuming a call (await, pages, byte streams) polls.
pub(crate) fn sending(sdk: Client, request: Request) -> Sending {
    Box::pin(async move { sdk.send(request).await })
}

/// An HTTP client builder with the SDK's defaults for `settings`: the TLS backend of the crate's
/// features, certificate verification as `verify_ssl` says, the timeout and the SDK's user
/// agent, and no redirect followed. Add what a deployment needs (a proxy, extra root
/// certificates), then hand it to `LookerSdk::with_client_builder` (generated code's, which
/// calls [`Client::with_client_builder`]).
///
/// With `verify_ssl = false` certificates are not checked (a development instance with a
/// self-signed certificate); the first such client of the process logs a warning through
/// `tracing`.
pub fn http_client_builder(settings: &ApiSettings) -> reqwest::ClientBuilder {
    if !settings.verify_ssl {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            tracing::warn!(
                base_url = %settings.base_url,
                "verify_ssl is false: the TLS certificate of the Looker instance is not checked"
            );
        });
    }
    let builder = tls(reqwest::Client::builder(), settings.verify_ssl)
        .timeout(settings.timeout)
        .connect_timeout(settings.connect_timeout)
        .user_agent(APP_ID);
    without_redirects(builder)
}

/// No redirect followed and no `Referer` sent: the SDK's redirect policy (see
/// [`Error::Redirect`]), set on every client it sends through.
fn without_redirects(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
}

/// The TLS backend chosen by the crate's features: rustls with the ring provider (unless the
/// application installed another process-wide default first) or the platform's native TLS.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn tls(builder: reqwest::ClientBuilder, verify: bool) -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    let builder = {
        // Fails only when a provider is installed already, which is then the one used.
        // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; ring
        // stays the default for its build cost (aws-lc-rs is a large C build). An application
        // that wants X25519MLKEM768 installs aws-lc-rs' provider before its first client.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        builder.tls_backend_rustls()
    };
    builder.tls_danger_accept_invalid_certs(!verify)
}

/// Without a TLS feature the SDK speaks plain HTTP only.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn tls(builder: reqwest::ClientBuilder, _verify: bool) -> reqwest::ClientBuilder {
    builder
}

/// Generated methods take the runtime's client through `AsRef`, so that the same generated code
/// serves this crate's `Client` and the handle a user's own crate generates around it.
impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.settings.base_url)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::future::IntoFuture;
    use std::time::Duration;

    use reqwest::Method;
    use serde_json::json;
    use wiremock::matchers::{bearer_token, body_json, header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;
    use crate::query::path_segment;

    async fn logged_in_server() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "tok",
                "token_type": "Bearer",
                "expires_in": 3600,
            })))
            .mount(&server)
            .await;
        server
    }

    fn sdk(server: &MockServer) -> Result<Client> {
        crate::api::test_client(ApiSettings::new(
            format!("{}/", server.uri()),
            "id",
            "secret",
        ))
    }

    fn expect_error<T>(result: Result<T>) -> Error {
        match result {
            Err(error) => error,
            Ok(_) => panic!("expected an error"),
        }
    }

    #[test]
    fn handle_is_send_sync_and_debug_shows_only_the_base_url() -> Result<()> {
        fn check<T: Send + Sync + Clone>() {}
        check::<Client>();
        fn check_error<T: Send + Sync + std::error::Error + 'static>() {}
        check_error::<Error>();
        let sdk =
            crate::api::test_client(ApiSettings::new("https://x.looker.com/", "id", "secret"))?;
        assert_eq!(
            format!("{sdk:?}"),
            "Client { base_url: \"https://x.looker.com\", .. }"
        );
        assert_eq!(sdk.settings().base_url, "https://x.looker.com");
        Ok(())
    }

    #[test]
    fn new_rejects_a_base_url_without_scheme() {
        let error = expect_error(crate::api::test_client(ApiSettings::new(
            "x.looker.com",
            "id",
            "s",
        )));
        assert!(
            error
                .to_string()
                .starts_with("setting `base_url` (ApiSettings)"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn send_carries_token_headers_query_and_body() -> Result<()> {
        let server = logged_in_server().await;
        Mock::given(method("PATCH"))
            .and(path("/api/4.0/connections/my%20db%2Fx"))
            .and(query_param("fields", "name,host"))
            .and(query_param("ids", "1,2"))
            .and(bearer_token("tok"))
            .and(header("x-looker-appid", APP_ID))
            .and(header("user-agent", APP_ID))
            .and(header("accept", "application/json"))
            .and(header("content-type", "application/json"))
            .and(body_json(json!({"name": "db"})))
            .and(|request: &wiremock::Request| {
                !request.url.query().unwrap_or("").contains("skipped")
            })
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "db"})))
            .expect(2)
            .mount(&server)
            .await;
        let sdk = sdk(&server)?;
        for _ in 0..2 {
            let path = format!("/connections/{}", path_segment("my db/x"));
            let request = Request::new(Method::PATCH, path)
                .query("fields", "name,host")
                .query("skipped", None::<&str>)
                .query("ids", vec![1i64, 2])
                .json(&json!({"name": "db"}))?;
            let answer: serde_json::Value = sdk.send(request).await?.json()?;
            assert_eq!(answer, json!({"name": "db"}));
        }
        Ok(())
    }

    #[tokio::test]
    async fn a_call_that_cannot_be_built_fails_when_awaited_and_sends_nothing() -> Result<()> {
        let server = MockServer::start().await;
        let sdk = sdk(&server)?;
        // JSON object keys must be strings.
        let unbuildable =
            Request::post("/x").json(&std::collections::BTreeMap::from([((1, 2), 3)]));
        let call: crate::Call<serde_json::Value> = crate::Call::new(&sdk, unbuildable);
        assert_eq!(format!("{call:?}"), "Call { request: \"failed\" }");
        let error = expect_error(call.await);
        assert!(matches!(error, Error::Serialize(_)), "{error:?}");
        let requests = server.received_requests().await.unwrap_or_default();
        assert!(requests.is_empty(), "{requests:?}");
        Ok(())
    }

    #[tokio::test]
    async fn each_decoder_reads_its_kind_of_answer() -> Result<()> {
        use crate::call::{NoBody, Text};
        let server = logged_in_server().await;
        let answers = [
            ("/none", ResponseTemplate::new(204)),
            (
                "/text",
                ResponseTemplate::new(200).set_body_string("a,b\n1,2"),
            ),
            (
                "/json",
                ResponseTemplate::new(200).set_body_json(json!({"x": 1})),
            ),
        ];
        for (at, answer) in answers {
            Mock::given(method("GET"))
                .and(path(format!("/api/4.0{at}")))
                .respond_with(answer)
                .mount(&server)
                .await;
        }
        let sdk = sdk(&server)?;
        let get = |at: &str| Ok(Request::get(at));
        let json: Option<serde_json::Value> = crate::Call::<_>::new(&sdk, get("/none")).await?;
        assert_eq!(json, None);
        let text: Option<String> = crate::Call::<_, Text>::new(&sdk, get("/none")).await?;
        assert_eq!(text, None);
        let text: String = crate::Call::<_, Text>::new(&sdk, get("/text")).await?;
        assert_eq!(text, "a,b\n1,2");
        let json: serde_json::Value = crate::Call::<_>::new(&sdk, get("/json")).await?;
        assert_eq!(json, json!({"x": 1}));
        // A call borrows nothing: it can run on another task.
        let spawned =
            tokio::spawn(crate::Call::<serde_json::Value>::new(&sdk, get("/json")).into_future());
        let joined = spawned.await;
        assert!(
            matches!(&joined, Ok(Ok(value)) if *value == json),
            "{joined:?}"
        );
        crate::Call::<(), NoBody>::new(&sdk, get("/json")).await?;
        let error = expect_error(crate::Call::<i64>::new(&sdk, get("/none")).await);
        assert!(
            matches!(error, Error::Decode { status: 204, .. }),
            "{error:?}"
        );
        Ok(())
    }

    #[tokio::test]
    async fn validation_failure_is_an_api_error_with_details() -> Result<()> {
        let server = logged_in_server().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/connections"))
            .respond_with(ResponseTemplate::new(422).set_body_json(json!({
                "message": "Validation Failed",
                "errors": [{"field": "name", "code": "missing", "message": "This field is required",
                            "documentation_url": null}],
                "documentation_url": "https://docs.example/422",
            })))
            .mount(&server)
            .await;
        let request = Request::new(Method::POST, "/connections".to_owned()).json(&json!({}))?;
        let error = expect_error(sdk(&server)?.send(request).await);
        assert_eq!(error.status(), Some(422));
        assert_eq!(
            error.validation_errors()[0].code.as_deref(),
            Some("missing")
        );
        assert_eq!(
            error.to_string(),
            "POST /connections: 422 Unprocessable Entity: Validation Failed \
             (name: missing: This field is required) see https://docs.example/422"
        );
        Ok(())
    }

    #[tokio::test]
    async fn html_error_page_keeps_an_excerpt_without_the_query() -> Result<()> {
        let server = logged_in_server().await;
        Mock::given(method("GET"))
            .and(path("/api/4.0/looks"))
            .respond_with(
                ResponseTemplate::new(502)
                    .set_body_raw(format!("<html>{}</html>", "x".repeat(300)), "text/html"),
            )
            .mount(&server)
            .await;
        let request = Request::new(Method::GET, "/looks".to_owned()).query("token", "hidden");
        let error = expect_error(sdk(&server)?.send(request).await);
        let api = error.api_error().cloned();
        assert_eq!(
            api.as_ref().map(|a| (a.status, a.message.clone())),
            Some((502, None))
        );
        let text = error.to_string();
        assert!(
            text.starts_with(
                "GET /looks: 502 Bad Gateway: body is not Looker's error JSON: \"<html>xxx"
            ),
            "{text}"
        );
        assert!(text.ends_with("x…\""), "{text}");
        assert!(!text.contains("hidden") && !format!("{error:?}").contains("hidden"));
        Ok(())
    }

    #[tokio::test]
    async fn success_with_an_unexpected_body_is_a_decode_error() -> Result<()> {
        let server = logged_in_server().await;
        Mock::given(method("GET"))
            .and(path("/api/4.0/user"))
            .respond_with(ResponseTemplate::new(200).set_body_string("<html>login page</html>"))
            .mount(&server)
            .await;
        let answer = sdk(&server)?
            .send(Request::new(Method::GET, "/user".to_owned()))
            .await?;
        assert_eq!(answer.status(), 200);
        let error = expect_error(answer.json::<serde_json::Value>());
        assert!(matches!(&error, Error::Decode { status: 200, excerpt, .. }
            if excerpt == "<html>login page</html>"));
        assert!(std::error::Error::source(&error).is_some());
        Ok(())
    }

    #[tokio::test]
    async fn unreachable_server_is_a_transport_error_without_url() -> Result<()> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Error::settings("port", "test", e.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::settings("port", "test", e.to_string()))?
            .port();
        drop(listener);
        let sdk = crate::api::test_client(ApiSettings::new(
            format!("http://127.0.0.1:{port}"),
            "id",
            "s",
        ))?;
        let request = Request::new(Method::GET, "/x".to_owned())
            .query("secret_query", "hidden")
            .unauthenticated();
        let error = expect_error(sdk.send(request).await);
        assert!(
            matches!(&error, Error::Transport { path, .. } if path == "/x"),
            "{error:?}"
        );
        let text = format!("{error}");
        let debug = format!("{error:?}");
        assert!(
            !debug.contains("hidden") && !debug.contains("/x?"),
            "{debug}"
        );
        // The address is named (what to check), the query never is.
        let expected = format!("GET /x: could not connect to http://127.0.0.1:{port}: ");
        assert!(text.starts_with(&expected), "{text}");
        assert!(text.to_lowercase().contains("refused"), "{text}");
        // Each cause once: no line repeats what was said.
        let lines: Vec<&str> = debug.lines().collect();
        let distinct: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
        assert_eq!(lines.len(), distinct.len(), "{debug}");
        assert!(
            !lines[1..]
                .iter()
                .any(|l| l.to_lowercase().contains("refused")),
            "{debug}"
        );
        Ok(())
    }

    #[tokio::test]
    async fn slow_answer_times_out() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/4.0/slow"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
            .mount(&server)
            .await;
        let mut settings = ApiSettings::new(server.uri(), "id", "s");
        settings.timeout = Duration::from_secs(1);
        let request = Request::new(Method::GET, "/slow".to_owned()).unauthenticated();
        let error = expect_error(crate::api::test_client(settings)?.send(request).await);
        assert!(
            error.to_string().starts_with("GET /slow: timed out"),
            "{error}"
        );
        Ok(())
    }

    #[tokio::test]
    async fn text_bodies_and_other_accept_types() -> Result<()> {
        let server = logged_in_server().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/sql_queries/abc/run/csv"))
            .and(header("content-type", "text/plain"))
            .and(header("accept", "text/csv"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
            .mount(&server)
            .await;
        let request = Request::new(Method::POST, "/sql_queries/abc/run/csv".to_owned())
            .text("SELECT 1".to_owned())
            .accept("text/csv");
        let answer = sdk(&server)?.send(request).await?;
        assert_eq!(answer.content_type(), Some("text/csv"));
        assert_eq!(answer.text()?, "a,b\n1,2\n");
        Ok(())
    }
}
