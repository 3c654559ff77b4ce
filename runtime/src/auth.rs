//! The API session: logs in with the client id and secret (or, for a "sudo" handle, as
//! another user with the API user's session), and again before the token expires.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::access_token::AccessToken;
use crate::error::{Error, Result};
use crate::query::path_segment;
use crate::request::Request;
use crate::response::Response;
use crate::secret::Secret;
use crate::settings::ApiSettings;
use crate::transport::Transport;

/// A token expiring within this margin is replaced before use, as Looker's other SDKs do.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// Longest token lifetime believed, so that `Instant` arithmetic cannot overflow.
const MAX_LIFETIME: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// What replaces the body of an undecodable login answer in errors: it may hold the token.
const WITHHELD: &str = "<withheld: the login answer may contain an access token>";

/// The login session of a [`Client`](crate::Client), reached with `sdk.auth()`.
///
/// Calls log in on first use and again when the token expires within 10 seconds; concurrent
/// calls share one login. The session of a handle from
/// [`Client::login_user`](crate::Client::login_user) logs in as that user, with the API
/// user's session.
pub struct AuthSession {
    transport: Transport,
    identity: Identity,
    token: Mutex<Option<Token>>,
}

/// Who the session logs in as.
enum Identity {
    /// The API user, with the credentials of the settings (read again at each login when the
    /// settings came from `looker.ini` or the environment).
    ApiUser(ApiSettings),
    /// Another user, logged in with `POST /login/{user_id}` on the API user's session.
    Sudo {
        user_id: String,
        api_user: Arc<AuthSession>,
    },
}

/// An access token and when it expires.
struct Token {
    access_token: Secret,
    expires_at: Instant,
}

impl Token {
    /// Still usable for at least [`EXPIRY_MARGIN`].
    fn is_fresh(&self, now: Instant) -> bool {
        now.checked_add(EXPIRY_MARGIN)
            .is_some_and(|deadline| deadline < self.expires_at)
    }

    /// The token of Looker's `AccessToken` answer to a login sent at `sent`.
    fn from_answer(answer: &Response, sent: Instant) -> Result<Token> {
        let login = serde_json::from_slice::<AccessToken>(answer.body()).ok();
        let Some((access_token, expires_in)) =
            login.and_then(|login| Some((login.access_token?, login.expires_in)))
        else {
            // Never quote the body or a parser's message about it: it may hold the token.
            let reason = "not Looker's AccessToken JSON (an object with an `access_token` and \
                          a number of seconds `expires_in`)";
            return Err(answer.decode_error(WITHHELD.to_owned(), reason.into()));
        };
        let lifetime = u64::try_from(expires_in.unwrap_or(0))
            .map_or(Duration::ZERO, Duration::from_secs)
            .min(MAX_LIFETIME);
        Ok(Token {
            access_token: Secret::new(access_token),
            expires_at: sent.checked_add(lifetime).unwrap_or(sent),
        })
    }
}

impl AuthSession {
    /// The API user's session.
    pub(crate) fn new(transport: Transport, settings: &ApiSettings) -> Self {
        AuthSession {
            transport,
            identity: Identity::ApiUser(settings.clone()),
            token: Mutex::new(None),
        }
    }

    /// The session of user `user_id`, logged in through `api_user`'s session.
    pub(crate) fn sudo(transport: Transport, user_id: &str, api_user: Arc<AuthSession>) -> Self {
        AuthSession {
            transport,
            identity: Identity::Sudo {
                user_id: user_id.to_owned(),
                api_user,
            },
            token: Mutex::new(None),
        }
    }

    /// The API user's session: `this` (which is `self`), or the one a sudo session logs in
    /// with.
    pub(crate) fn api_user(&self, this: &Arc<AuthSession>) -> Arc<AuthSession> {
        match &self.identity {
            Identity::ApiUser(_) => Arc::clone(this),
            Identity::Sudo { api_user, .. } => Arc::clone(api_user),
        }
    }

    /// The current access token, logging in first when there is none or it expires within
    /// 10 seconds. Only one login runs at a time.
    ///
    /// # Errors
    ///
    /// Those of [`AuthSession::login`].
    pub async fn token(&self) -> Result<Secret> {
        match &self.identity {
            Identity::ApiUser(settings) => self.cached(|| self.api_login(settings)).await,
            Identity::Sudo { user_id, api_user } => {
                self.cached(|| self.sudo_login(user_id, api_user)).await
            }
        }
    }

    /// The cached token when fresh, else the one `login` fetches (then cached).
    async fn cached<F: Future<Output = Result<Token>>>(
        &self,
        login: impl FnOnce() -> F,
    ) -> Result<Secret> {
        let mut token = self.token.lock().await;
        if let Some(current) = token.as_ref().filter(|t| t.is_fresh(Instant::now())) {
            return Ok(current.access_token.clone());
        }
        let fresh = login().await?;
        let access_token = fresh.access_token.clone();
        *token = Some(fresh);
        Ok(access_token)
    }

    /// Logs in now, replacing any current token.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) when Looker refuses the credentials,
    /// [`Error::Transport`](crate::Error::Transport) when it cannot be reached,
    /// [`Error::Settings`](crate::Error::Settings) when the credentials cannot be read again
    /// from `looker.ini` or the environment, and [`Error::Decode`](crate::Error::Decode)
    /// (with the body withheld) for an unexpected answer.
    pub async fn login(&self) -> Result<()> {
        self.token.lock().await.take();
        self.token().await.map(drop)
    }

    /// Logs out (`DELETE /api/4.0/logout`) and forgets the token; does nothing when not
    /// logged in. The token is forgotten even when Looker answers with an error. For a
    /// [`login_user`](crate::Client::login_user) handle this ends that user's session only;
    /// a later call logs in as that user again.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) or [`Error::Transport`](crate::Error::Transport).
    pub async fn logout(&self) -> Result<()> {
        let mut token = self.token.lock().await;
        let Some(current) = token.take() else {
            return Ok(());
        };
        if current.expires_at <= Instant::now() {
            return Ok(());
        }
        let request = Request::delete("/logout");
        self.transport
            .execute(request, Some(&current.access_token))
            .await?;
        Ok(())
    }

    /// Forgets `used` when it is still the current token: Looker refused it (a 401), so the
    /// next call logs in again. A token another call has replaced meanwhile is kept.
    pub(crate) async fn forget(&self, used: &Secret) {
        let mut token = self.token.lock().await;
        if token.as_ref().is_some_and(|t| &t.access_token == used) {
            *token = None;
        }
    }

    /// Whether a token is held that is valid for more than 10 more seconds.
    pub async fn is_authenticated(&self) -> bool {
        let token = self.token.lock().await;
        token.as_ref().is_some_and(|t| t.is_fresh(Instant::now()))
    }

    /// `POST /api/4.0/login` with the form-encoded client id and secret, read now.
    async fn api_login(&self, settings: &ApiSettings) -> Result<Token> {
        let (client_id, client_secret) = settings.current_credentials()?;
        let request = Request::post("/login")
            .form_pairs([
                ("client_id", client_id.as_str()),
                ("client_secret", client_secret.expose()),
            ])
            .unauthenticated();
        let sent = Instant::now();
        let answer = self
            .transport
            .execute(request, None)
            .await
            .map_err(withhold_body)
            .map_err(|error| refused_credentials(error, settings, &client_id))?;
        tracing::info!("logged in");
        Token::from_answer(&answer, sent)
    }

    /// `POST /api/4.0/login/{user_id}` with the API user's token; when Looker refuses that
    /// token (revoked), the API user logs in again once.
    async fn sudo_login(&self, user_id: &str, api_user: &AuthSession) -> Result<Token> {
        let Identity::ApiUser(settings) = &api_user.identity else {
            return Err(Error::InvalidArgument {
                method: "POST".to_owned(),
                path: "/login/{user_id}".to_owned(),
                reason: "a login_user handle logs in through the API user's session".to_owned(),
            });
        };
        let request = Request::post(format!("/login/{}", path_segment(user_id)));
        let mut logged_in_again = false;
        loop {
            let api_token = api_user.cached(|| api_user.api_login(settings)).await?;
            let sent = Instant::now();
            let answer = self.transport.execute(request.clone(), Some(&api_token));
            match answer.await.map_err(withhold_body) {
                Ok(answer) => {
                    tracing::info!("logged in as another user");
                    return Token::from_answer(&answer, sent);
                }
                Err(error) if error.status() == Some(401) && !logged_in_again => {
                    api_user.forget(&api_token).await;
                    logged_in_again = true;
                }
                Err(error) => return Err(error),
            }
        }
    }
}

/// A login Looker refused (401, 403, or the 404 it answers for unknown credentials) names what
/// to fix: the credentials and where they were read; never the secret.
fn refused_credentials(error: Error, settings: &ApiSettings, client_id: &str) -> Error {
    match error {
        Error::Api(mut api) if matches!(api.status, 401 | 403 | 404) => {
            api.hint = Some(format!(
                "Looker refused the API credentials: check `client_id` ({client_id:?}) and \
                 `client_secret` ({})",
                settings.credentials_source()
            ));
            Error::Api(api)
        }
        other => other,
    }
}

/// A login answer too large to read may still start with the token: its excerpt is withheld.
fn withhold_body(error: Error) -> Error {
    match error {
        Error::BodyTooLarge {
            status,
            method,
            path,
            limit,
            ..
        } => Error::BodyTooLarge {
            status,
            method,
            path,
            limit,
            excerpt: WITHHELD.to_owned(),
        },
        other => other,
    }
}

impl std::fmt::Debug for AuthSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("AuthSession");
        match &self.identity {
            Identity::ApiUser(settings) => debug.field("client_id", &settings.client_id),
            Identity::Sudo { user_id, .. } => debug.field("user_id", user_id),
        };
        debug.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;
    use wiremock::matchers::{bearer_token, body_string, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use crate::error::Error;
    use crate::transport::APP_ID;
    use crate::{ApiSettings, Client};

    fn sdk(server: &MockServer) -> crate::Result<Client> {
        crate::api::test_client(ApiSettings::new(server.uri(), "my id", "s&cr=t é"))
    }

    fn login_answer(token: &str, expires_in: i64) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "refresh_token": null,
        }))
    }

    #[tokio::test]
    async fn login_posts_the_form_and_caches_the_token() -> crate::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(header("x-looker-appid", APP_ID))
            .and(body_string(
                "client_id=my+id&client_secret=s%26cr%3Dt+%C3%A9",
            ))
            .and(|request: &wiremock::Request| {
                request.url.query().is_none() && !request.headers.contains_key("authorization")
            })
            .respond_with(login_answer("tok-1", 3600))
            .expect(1)
            .mount(&server)
            .await;
        let sdk = sdk(&server)?;
        assert!(!sdk.auth().is_authenticated().await);
        sdk.auth().login().await?;
        assert!(sdk.auth().is_authenticated().await);
        assert_eq!(sdk.auth().token().await?.expose(), "tok-1");
        assert_eq!(sdk.auth().token().await?.expose(), "tok-1");
        Ok(())
    }

    #[tokio::test]
    async fn logs_in_again_when_the_token_is_about_to_expire() -> crate::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .respond_with(login_answer("short-lived", 5))
            .expect(3)
            .mount(&server)
            .await;
        let sdk = sdk(&server)?;
        for _ in 0..3 {
            assert_eq!(sdk.auth().token().await?.expose(), "short-lived");
        }
        assert!(!sdk.auth().is_authenticated().await);
        Ok(())
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_login() -> crate::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .respond_with(login_answer("shared", 3600).set_delay(Duration::from_millis(200)))
            .expect(1)
            .mount(&server)
            .await;
        let sdk = sdk(&server)?;
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let sdk = sdk.clone();
                tokio::spawn(async move { sdk.auth().token().await })
            })
            .collect();
        for task in tasks {
            let token = task
                .await
                .map_err(|e| Error::settings("task", "test", e.to_string()))?;
            assert_eq!(token?.expose(), "shared");
        }
        Ok(())
    }

    #[tokio::test]
    async fn logout_deletes_the_session_and_forgets_the_token() -> crate::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .respond_with(login_answer("tok-2", 3600))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path("/api/4.0/logout"))
            .and(bearer_token("tok-2"))
            .and(header("x-looker-appid", APP_ID))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let sdk = sdk(&server)?;
        sdk.auth().logout().await?; // not logged in: no request
        sdk.auth().login().await?;
        sdk.auth().logout().await?;
        assert!(!sdk.auth().is_authenticated().await);
        sdk.auth().logout().await?; // already logged out: no request
        Ok(())
    }

    #[tokio::test]
    async fn failed_login_is_an_api_error() -> crate::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/4.0/login"))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({
                "message": "Not found",
                "documentation_url": "https://cloud.google.com/looker/docs/r/err/4.0/404",
            })))
            .mount(&server)
            .await;
        let error = match sdk(&server)?.auth().login().await {
            Err(error) => error,
            Ok(()) => panic!("login should fail"),
        };
        assert_eq!(error.status(), Some(404));
        assert_eq!(
            error.to_string(),
            "POST /login: 404 Not Found: Not found see https://cloud.google.com/looker/docs/r/err/4.0/404. \
             Looker refused the API credentials: check `client_id` (\"my id\") and \
             `client_secret` (as given to `ApiSettings`)"
        );
        assert!(!format!("{error:?}").contains("s&cr=t"));
        Ok(())
    }

    #[tokio::test]
    async fn undecodable_login_answer_never_shows_the_token() -> crate::Result<()> {
        for body in [
            json!({"access_token": "tok-leak", "expires_in": "tok-leak"}),
            json!({"token_type": "Bearer", "refresh_token": "tok-leak"}),
            json!({"access_token": ["tok-leak"], "expires_in": 3600}),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/api/4.0/login"))
                .respond_with(ResponseTemplate::new(200).set_body_json(&body))
                .mount(&server)
                .await;
            let error = match sdk(&server)?.auth().token().await {
                Err(error) => error,
                Ok(_) => panic!("login answered {body} should fail"),
            };
            assert!(
                matches!(error, Error::Decode { status: 200, .. }),
                "{body}: {error:?}"
            );
            let text = format!("{error} {error:?}");
            assert!(!text.contains("tok-leak"), "{text}");
            assert!(text.contains("withheld"), "{text}");
        }
        Ok(())
    }
}
