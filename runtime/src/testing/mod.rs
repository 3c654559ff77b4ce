//! A stand-in Looker for the tests of code that uses the SDK (feature `testing`): a loopback
//! HTTP server that knows the API's operations, logs the SDK in by itself, and answers by rules
//! written per operation, or replays a cassette recorded from a real instance.
//!
//! ```
//! # use looker_sdk_rtl::testing::{Reply, StandIn};
//! # use looker_sdk_rtl::Sdk;
//! # struct LookerSdk(looker_sdk_rtl::Client);
//! # impl Sdk for LookerSdk {
//! #     fn api() -> &'static looker_sdk_rtl::ApiDescription {
//! #         static API: looker_sdk_rtl::ApiDescription = looker_sdk_rtl::ApiDescription::new(
//! #             "/api/4.0", |_| false,
//! #             &[looker_sdk_rtl::Operation { id: "user", method: "GET", path: "/users/{user_id}" }],
//! #             &[]);
//! #         &API
//! #     }
//! #     fn from_client(client: looker_sdk_rtl::Client) -> Self { LookerSdk(client) }
//! # }
//! # async fn run() -> looker_sdk_rtl::Result<()> {
//! let looker = StandIn::<LookerSdk>::start().await;
//! looker
//!     .on("user")
//!     .param("user_id", "7")
//!     .times(1)
//!     .answer(Reply::json(&serde_json::json!({"id": "7", "email": "ada@example.com"})));
//! let sdk = looker.sdk();
//! // ... the code under test calls `sdk.user("7")` ...
//! # Ok(())
//! # }
//! ```
//!
//! What it guarantees a test:
//! - requests are matched **by operation** (`"search_users"`), through the operation table of
//!   the generated API, so a test never spells a path; a misspelt operation panics at once;
//! - login (`login`, `login_user`) and `logout` are answered unless a rule says otherwise, and a
//!   request without a token the stand-in issued gets Looker's `401`;
//! - a request no rule answers fails the test: the SDK gets a `501` whose message names the
//!   operation and the rules it has, and [`StandIn::verify`] (or dropping the stand-in)
//!   panics with every such request and every rule whose [`Rule::times`] was not met;
//! - the SDK it makes decodes answers strictly: a property the operation's model does not have,
//!   or a value of the wrong type, is an error of the call, so a stand-in cannot answer what
//!   Looker would not.

mod cassette;
mod received;
mod record;
mod reply;
mod route;
mod rule;
mod server;
mod state;

use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use received::Received;
pub use reply::Reply;
pub use rule::Rule;

use cassette::Cassette;
use state::{lock, Replay, Source, State};

use crate::api::Sdk;
use crate::client::Client;
use crate::settings::ApiSettings;

/// A stand-in Looker on a loopback port, for the API of `S` (`LookerSdk`).
pub struct StandIn<S: Sdk> {
    state: Arc<State>,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
    /// Where [`StandIn::save`] writes the cassette of a recording stand-in.
    cassette: Option<PathBuf>,
    /// Whether [`StandIn::into_problems`] took the problems (then dropping checks nothing).
    verified: bool,
    sdk: PhantomData<fn() -> S>,
}

/// Why a cassette could not be read or written.
#[derive(Debug)]
pub struct CassetteError(String);

impl fmt::Display for CassetteError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CassetteError {}

impl<S: Sdk> StandIn<S> {
    /// A stand-in that answers by the rules added with [`StandIn::on`].
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, or when no loopback port can be bound.
    pub async fn start() -> Self {
        Self::serving(Source::Rules, None).await
    }

    /// A stand-in that replays the cassette at `path` (recorded by [`StandIn::record`]),
    /// strictly: each request must be the next one recorded (method, path, query and body,
    /// secrets compared redacted), and [`StandIn::verify`] fails when some were not replayed.
    /// Rules added with [`StandIn::on`] answer before the cassette.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or is not a cassette (the message names the JSON pointer).
    pub async fn replay(path: impl AsRef<Path>) -> Result<Self, CassetteError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|error| CassetteError(format!("cassette {}: {error}", path.display())))?;
        let cassette = Cassette::parse(&text, path).map_err(CassetteError)?;
        let replay = Replay { cassette, next: 0 };
        Ok(Self::serving(Source::Replay(std::sync::Mutex::new(replay)), None).await)
    }

    /// A stand-in that forwards every request to the real instance of `settings`, as its own
    /// API session, and records each exchange (except logging in and out) for
    /// [`StandIn::save`] to write to `path`, with secrets redacted: the client secret and tokens
    /// never enter it, only the answer headers the SDK reads are kept (no cookie), and every
    /// property and query parameter the document marks secret (passwords, certificates,
    /// write-only fields) or named like one (`password`, `secret`, `token`) reads
    /// `"[redacted]"`. Recording is only ever switched on by this call.
    ///
    /// # Errors
    ///
    /// [`Error::Settings`](crate::Error::Settings) for `settings` that make no client.
    pub async fn record(settings: ApiSettings, path: impl Into<PathBuf>) -> crate::Result<Self> {
        let forwarder = record::Forwarder::new(Client::new(settings, S::api())?)?;
        let source = Source::Record(forwarder, std::sync::Mutex::new(Vec::new()));
        Ok(Self::serving(source, Some(path.into())).await)
    }

    async fn serving(source: Source, cassette: Option<PathBuf>) -> Self {
        let state = Arc::new(State::new(S::api(), source));
        let (address, server) = server::serve(Arc::clone(&state))
            .await
            .unwrap_or_else(|error| panic!("stand-in: no loopback port to listen on: {error}"));
        StandIn {
            state,
            base_url: format!("http://{address}"),
            server,
            cassette,
            verified: false,
            sdk: PhantomData,
        }
    }

    /// `http://127.0.0.1:PORT`: the stand-in's `base_url`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// An SDK pointed at the stand-in, decoding answers strictly.
    ///
    /// # Panics
    ///
    /// Never for the stand-in's own settings.
    #[must_use]
    pub fn sdk(&self) -> S {
        self.sdk_with(|_| {})
    }

    /// An SDK pointed at the stand-in with settings changed by `adjust` (a timeout, the retry
    /// policy); `base_url` and the credentials stay the stand-in's.
    ///
    /// # Panics
    ///
    /// When `adjust` makes settings no client can be built from.
    #[must_use]
    pub fn sdk_with(&self, adjust: impl FnOnce(&mut ApiSettings)) -> S {
        let mut settings = ApiSettings::new(&self.base_url, "stand-in", "stand-in-secret");
        adjust(&mut settings);
        settings.base_url.clone_from(&self.base_url);
        match Client::strict(settings, S::api()) {
            Ok(client) => S::from_client(client),
            Err(error) => panic!("stand-in: no SDK for these settings: {error}"),
        }
    }

    /// Starts a rule for the operation `operation_id` (`"search_users"`).
    ///
    /// # Panics
    ///
    /// When the API has no such operation (naming the closest ones).
    pub fn on(&self, operation_id: &str) -> Rule {
        let api = S::api();
        match api.operation(operation_id) {
            Some(operation) => Rule::new(Arc::clone(&self.state), operation),
            None => panic!(
                "stand-in: the API has no operation `{operation_id}`{}",
                closest(operation_id, api.operations())
            ),
        }
    }

    /// Every request received so far, login included, in order.
    #[must_use]
    pub fn received(&self) -> Vec<Received> {
        self.state.received()
    }

    /// The requests received so far for the operation `operation_id`, in order.
    #[must_use]
    pub fn received_by(&self, operation_id: &str) -> Vec<Received> {
        let mut received = self.state.received();
        received.retain(|request| request.operation == Some(operation_id));
        received
    }

    /// Checks what the stand-in expected: no request went unanswered, every rule with
    /// [`Rule::times`] was called so often, and a replayed cassette was replayed to its end.
    /// Dropping the stand-in checks the same (unless the test already panicked).
    ///
    /// # Panics
    ///
    /// With every problem found.
    pub fn verify(&self) {
        let problems = self.state.problems();
        if !problems.is_empty() {
            let list: String = problems.iter().map(|p| format!("\n  - {p}")).collect();
            panic!("stand-in: {} problem(s):{list}", problems.len());
        }
    }

    /// Ends the stand-in and returns what [`StandIn::verify`] would panic with, for a test that
    /// expects problems (the stand-in's own tests).
    #[must_use]
    pub fn into_problems(mut self) -> Vec<String> {
        let problems = self.state.problems();
        self.verified = true;
        problems
    }

    /// Writes the exchanges recorded so far to the cassette file [`StandIn::record`] named
    /// (whole or not at all: a temporary file renamed over it), and returns how many.
    ///
    /// # Errors
    ///
    /// When this stand-in is not recording, or the file cannot be written.
    pub fn save(&self) -> Result<usize, CassetteError> {
        let (Source::Record(_, exchanges), Some(path)) = (&self.state.source, &self.cassette)
        else {
            return Err(CassetteError(
                "stand-in: only a recording stand-in saves".into(),
            ));
        };
        let cassette = Cassette {
            exchanges: lock(exchanges).clone(),
        };
        let failed =
            |error: std::io::Error| CassetteError(format!("cassette {}: {error}", path.display()));
        let mut temporary = path.clone().into_os_string();
        temporary.push(".partial");
        std::fs::write(&temporary, cassette.to_text(S::api())).map_err(failed)?;
        std::fs::rename(&temporary, path).map_err(failed)?;
        Ok(cassette.exchanges.len())
    }
}

impl<S: Sdk> Drop for StandIn<S> {
    fn drop(&mut self) {
        self.server.abort();
        if !self.verified && !std::thread::panicking() {
            self.verify();
        }
    }
}

impl<S: Sdk> fmt::Debug for StandIn<S> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("StandIn")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// ` (did you mean `a`, `b`?)` for the operations whose id shares the most with `id`.
fn closest(id: &str, operations: &[crate::api::Operation]) -> String {
    let words: Vec<&str> = id.split('_').collect();
    let score = |other: &str| other.split('_').filter(|w| words.contains(w)).count();
    let best = operations.iter().map(|o| score(o.id)).max().unwrap_or(0);
    if best == 0 {
        return String::new();
    }
    let names: Vec<String> = operations
        .iter()
        .filter(|o| score(o.id) == best)
        .take(5)
        .map(|o| format!("`{}`", o.id))
        .collect();
    format!(" (did you mean {}?)", names.join(", "))
}
