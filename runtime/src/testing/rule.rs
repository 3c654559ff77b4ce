//! Rules: which requests of an operation the stand-in answers, with what, and how often.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::received::Received;
use super::reply::Reply;
use super::state::State;
use crate::api::Operation;

type Matcher = Box<dyn Fn(&Received) -> bool + Send + Sync>;

/// What a rule answers: replies in turn, or a reply made from each request.
enum Replies {
    InTurn(Vec<Reply>),
    Made(Box<dyn Fn(&Received) -> Reply + Send + Sync>),
}

/// A rule being written: `stand_in.on("user").param("user_id", "7").answer(Reply::json(&user))`.
/// Nothing is added until [`Rule::answer`] or [`Rule::answers`].
#[must_use = "a rule is added by `answer` or `answers`"]
pub struct Rule {
    state: Arc<State>,
    operation: &'static Operation,
    conditions: Vec<String>,
    matchers: Vec<Matcher>,
    times: Option<usize>,
}

impl Rule {
    pub(crate) fn new(state: Arc<State>, operation: &'static Operation) -> Rule {
        Rule {
            state,
            operation,
            conditions: Vec::new(),
            matchers: Vec::new(),
            times: None,
        }
    }

    /// Only requests whose path or query parameter `name` is `value` (decoded).
    pub fn param(mut self, name: &str, value: impl ToString) -> Rule {
        let (name, value) = (name.to_owned(), value.to_string());
        self.conditions.push(format!("{name}={value}"));
        self.matchers.push(Box::new(move |request| {
            request.param(&name) == Some(value.as_str())
        }));
        self
    }

    /// Only requests whose body is this JSON (any order of properties).
    pub fn body(mut self, expected: serde_json::Value) -> Rule {
        self.conditions.push(format!("body {expected}"));
        self.matchers.push(Box::new(move |request| {
            request.json().as_ref() == Some(&expected)
        }));
        self
    }

    /// Only requests for which `matcher` holds; `what` says what it checks, for messages.
    pub fn matching(
        mut self,
        what: &str,
        matcher: impl Fn(&Received) -> bool + Send + Sync + 'static,
    ) -> Rule {
        self.conditions.push(what.to_owned());
        self.matchers.push(Box::new(matcher));
        self
    }

    /// Expects exactly `count` requests: the rule answers no more, and [`verify`] (or dropping
    /// the stand-in) fails the test on any other count.
    ///
    /// [`verify`]: super::StandIn::verify
    pub fn times(mut self, count: usize) -> Rule {
        self.times = Some(count);
        self
    }

    /// Adds the rule: every matching request gets `reply`.
    pub fn answer(self, reply: Reply) {
        self.answers([reply]);
    }

    /// Adds the rule: the matching requests get `replies` in turn, the last one from then on
    /// (`[Reply::too_many_requests(0), Reply::json(&user)]`).
    ///
    /// # Panics
    ///
    /// When `replies` is empty.
    pub fn answers(self, replies: impl IntoIterator<Item = Reply>) {
        let replies: Vec<Reply> = replies.into_iter().collect();
        assert!(!replies.is_empty(), "stand-in: a rule needs a reply");
        self.add(Replies::InTurn(replies));
    }

    /// Adds the rule: each matching request gets the reply `make` makes of it (a status that
    /// changes with time, an echo of the request).
    pub fn answer_with(self, make: impl Fn(&Received) -> Reply + Send + Sync + 'static) {
        self.add(Replies::Made(Box::new(make)));
    }

    fn add(self, replies: Replies) {
        self.state.add_rule(AddedRule {
            operation: self.operation,
            conditions: self.conditions,
            matchers: self.matchers,
            times: self.times,
            replies,
            calls: Mutex::new(0),
        });
    }
}

/// A rule the stand-in answers by.
pub(crate) struct AddedRule {
    pub(crate) operation: &'static Operation,
    conditions: Vec<String>,
    matchers: Vec<Matcher>,
    times: Option<usize>,
    replies: Replies,
    calls: Mutex<usize>,
}

impl AddedRule {
    /// The reply to `request` when the rule matches it and has calls left.
    pub(crate) fn reply_to(&self, request: &Received) -> Option<Reply> {
        if request.operation != Some(self.operation.id) || !self.matchers.iter().all(|m| m(request))
        {
            return None;
        }
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        if self.times.is_some_and(|times| *calls >= times) {
            return None;
        }
        let reply = match &self.replies {
            Replies::InTurn(replies) => replies.get(*calls).or(replies.last()).cloned(),
            Replies::Made(make) => Some(make(request)),
        };
        *calls += 1;
        reply
    }

    /// What is wrong with the number of calls, if anything.
    pub(crate) fn count_problem(&self) -> Option<String> {
        let calls = *self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let times = self.times?;
        (calls != times).then(|| format!("{self}: expected {times} call(s), got {calls}"))
    }
}

impl fmt::Display for AddedRule {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let Operation { id, method, path } = self.operation;
        write!(f, "rule `{id}` ({method} {path})")?;
        if !self.conditions.is_empty() {
            write!(f, " with {}", self.conditions.join(", "))?;
        }
        Ok(())
    }
}
