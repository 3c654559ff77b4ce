//! Recording: the stand-in forwards each request to a real instance, through a client of its
//! own (the real credentials never pass through the stand-in), and keeps the exchange.

use super::cassette::{Exchange, KEPT_HEADERS};
use super::received::Received;
use super::reply::Reply;
use crate::client::{http_client_builder, Client};
use crate::transport::{read_body, BodyError};

/// Sends requests on to a real instance as its own API session.
pub(crate) struct Forwarder {
    client: Client,
    http: reqwest::Client,
}

impl Forwarder {
    pub(crate) fn new(client: Client) -> crate::Result<Forwarder> {
        let builder = http_client_builder(client.settings());
        let http = builder.build().map_err(crate::Error::Client)?;
        Ok(Forwarder { client, http })
    }

    /// The real instance's answer to `request`, and the exchange to record.
    pub(crate) async fn forward(&self, request: &Received) -> Result<(Reply, Exchange), String> {
        let line = request.line();
        let failed = |error: &dyn std::fmt::Display| format!("recording {line}: {error}");
        let mut url = reqwest::Url::parse(&format!("{}{}", self.client.api_root(), request.path))
            .map_err(|error| failed(&error))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|error| failed(&error))?;
        let token = self.client.auth().token().await.map_err(|e| failed(&e))?;
        let mut outgoing = self
            .http
            .request(method, url)
            .header("authorization", format!("Bearer {}", token.expose()))
            .body(request.body.clone());
        if let Some(media) = &request.content_type {
            outgoing = outgoing.header("content-type", media);
        }
        let answer = outgoing.send().await.map_err(|error| failed(&error))?;
        if answer.status().is_redirection() {
            return Err(failed(&"the instance redirected; nothing is followed"));
        }
        let reply = self
            .reply_of(answer)
            .await
            .map_err(|error| failed(&error))?;
        let exchange = Exchange::recorded(request, &reply, self.client.api());
        Ok((reply, exchange))
    }

    /// The answer as a reply: its status, the headers a cassette keeps, and its body, read up
    /// to `max_body_bytes`.
    async fn reply_of(&self, mut answer: reqwest::Response) -> Result<Reply, String> {
        let mut reply = Reply::status(answer.status().as_u16());
        for name in KEPT_HEADERS {
            if let Some(value) = answer.headers().get(*name).and_then(|v| v.to_str().ok()) {
                reply = reply.header(name, value);
            }
        }
        let limit = self.client.settings().max_body_bytes;
        // The SDK's own reading, bounded the same way; the forwarder asks for no compression.
        reply.body = read_body(&mut answer, limit, None)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge(_) => {
                    format!("the answer is longer than max_body_bytes ({limit})")
                }
                BodyError::Transport(error) => error.to_string(),
                BodyError::Broken(error) => error.to_string(),
            })?;
        Ok(reply)
    }
}
