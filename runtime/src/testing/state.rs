//! What the stand-in knows and does with each request, apart from HTTP: the rules, the login
//! sessions, the requests received and what went wrong.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::cassette::{Cassette, Exchange};
use super::received::Received;
use super::record::Forwarder;
use super::reply::Reply;
use super::route::operation_of;
use super::rule::AddedRule;
use crate::api::ApiDescription;
use crate::query::percent_decode;

/// A request as it arrives, before routing.
pub(crate) struct Incoming {
    pub(crate) method: String,
    /// The path as sent, with the API path.
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) authorization: Option<String>,
    pub(crate) content_type: Option<String>,
    /// Every header, `authorization` redacted.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// Where answers come from once no rule matched.
pub(crate) enum Source {
    /// Nowhere: an unmatched request fails the test.
    Rules,
    /// The next exchange of a cassette.
    Replay(Mutex<Replay>),
    /// A real instance, recorded.
    Record(Forwarder, Mutex<Vec<Exchange>>),
}

/// A cassette being replayed, in order.
pub(crate) struct Replay {
    pub(crate) cassette: Cassette,
    pub(crate) next: usize,
}

/// The stand-in's state, shared by the server and the test.
pub(crate) struct State {
    pub(crate) api: &'static ApiDescription,
    rules: Mutex<Vec<Arc<AddedRule>>>,
    received: Mutex<Vec<Received>>,
    failures: Mutex<Vec<String>>,
    tokens: Mutex<HashSet<String>>,
    issued: AtomicU64,
    pub(crate) source: Source,
}

/// `mutex` locked, whether or not a test panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl State {
    pub(crate) fn new(api: &'static ApiDescription, source: Source) -> State {
        State {
            api,
            rules: Mutex::new(Vec::new()),
            received: Mutex::new(Vec::new()),
            failures: Mutex::new(Vec::new()),
            tokens: Mutex::new(HashSet::new()),
            issued: AtomicU64::new(0),
            source,
        }
    }

    pub(crate) fn add_rule(&self, rule: AddedRule) {
        lock(&self.rules).push(Arc::new(rule));
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        lock(&self.received).clone()
    }

    /// Everything that went wrong so far: unmatched requests, call counts, exchanges of a
    /// cassette not replayed.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut problems = lock(&self.failures).clone();
        problems.extend(lock(&self.rules).iter().filter_map(|r| r.count_problem()));
        if let Source::Replay(replay) = &self.source {
            let replay = lock(replay);
            let left = replay.cassette.exchanges.len().saturating_sub(replay.next);
            if left > 0 {
                problems.push(format!(
                    "{left} exchange(s) of the cassette were not replayed, the next: {}",
                    replay.cassette.exchanges[replay.next].line()
                ));
            }
        }
        problems
    }

    fn fail(&self, message: String) -> Reply {
        lock(&self.failures).push(message.clone());
        Reply::error(501, &format!("stand-in: {message}"))
    }

    /// The reply to `incoming`.
    pub(crate) async fn handle(&self, incoming: Incoming) -> Reply {
        let Some(path) = incoming.path.strip_prefix(self.api.path()) else {
            let line = format!("{} {}", incoming.method, incoming.path);
            return self.fail(format!(
                "{line} is not below the API path {}",
                self.api.path()
            ));
        };
        let routed = operation_of(self.api, &incoming.method, path);
        let request = Received {
            operation: routed.as_ref().map(|(operation, _)| operation.id),
            method: incoming.method.to_ascii_uppercase(),
            path: path.to_owned(),
            params: routed.map(|(_, params)| params).unwrap_or_default(),
            query: query_pairs(incoming.query.as_deref()),
            headers: incoming.headers,
            content_type: incoming.content_type,
            body: incoming.body,
        };
        lock(&self.received).push(request.clone());
        if let Some(reply) = self.by_rule(&request) {
            return reply;
        }
        if let Some(reply) = self.session(&request, incoming.authorization.as_deref()) {
            return reply;
        }
        match &self.source {
            Source::Rules => {
                let message = self.unmatched(&request);
                self.fail(message)
            }
            Source::Replay(replay) => {
                let replayed = super::cassette::replay(&mut lock(replay), &request, self.api);
                replayed.unwrap_or_else(|message| self.fail(message))
            }
            Source::Record(forwarder, exchanges) => match forwarder.forward(&request).await {
                Ok((reply, exchange)) => {
                    lock(exchanges).push(exchange);
                    reply
                }
                Err(message) => self.fail(message),
            },
        }
    }

    fn by_rule(&self, request: &Received) -> Option<Reply> {
        let rules = lock(&self.rules).clone();
        rules.iter().find_map(|rule| rule.reply_to(request))
    }

    /// Looker's login session: `login`, `login_user`, `logout`, and a `401` for a request
    /// without a token the stand-in issued.
    fn session(&self, request: &Received, authorization: Option<&str>) -> Option<Reply> {
        let token = authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            .filter(|token| lock(&self.tokens).contains(*token));
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/login") => return Some(self.issue_token()),
            ("POST", path) if path.starts_with("/login/") && token.is_some() => {
                return Some(self.issue_token())
            }
            ("DELETE", "/logout") => {
                if let Some(token) = token {
                    lock(&self.tokens).remove(token);
                    return Some(Reply::status(204));
                }
            }
            _ => {}
        }
        match token {
            Some(_) => None,
            None => Some(Reply::error(401, "Requires authentication.")),
        }
    }

    fn issue_token(&self) -> Reply {
        let number = self.issued.fetch_add(1, Ordering::Relaxed) + 1;
        let token = format!("stand-in-token-{number}");
        lock(&self.tokens).insert(token.clone());
        Reply::json(&serde_json::json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
        }))
    }

    /// What to say of a request no rule answers.
    fn unmatched(&self, request: &Received) -> String {
        let Some(id) = request.operation else {
            let line = request.line();
            return format!("{line} is no operation of the API (no path template matches it)");
        };
        let rules = lock(&self.rules);
        let of_operation: Vec<String> = rules
            .iter()
            .filter(|rule| rule.operation.id == id)
            .map(|rule| format!("\n  - {rule}"))
            .collect();
        let line = request.line();
        if of_operation.is_empty() {
            format!("no rule answers `{id}`: {line} (add one: `stand_in.on(\"{id}\")`)")
        } else {
            let tried = of_operation.concat();
            format!("no rule of `{id}` answers {line}; its rules (used up or not matching):{tried}")
        }
    }
}

/// The decoded `name=value` pairs of a query string.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query.filter(|query| !query.is_empty()) else {
        return Vec::new();
    };
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| percent_decode(&text.replace('+', " "));
            (decode(name), decode(value))
        })
        .collect()
}
