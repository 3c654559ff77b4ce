//! Every item of a search that pages, as one stream: what a generated `stream()` gives.
//!
//! Looker pages with `limit`/`offset` (or `page`/`per_page`) query parameters and may say where
//! the next page is in a `Link: <…>; rel="next"` header and how many items match in
//! `X-Total-Count`. [`Pages`] follows `Link` when the server sends it and otherwise asks for
//! the next offset (or page) itself, stopping on an empty page, on a short page, or once the
//! total is reached.

use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use crate::answer::total_count;
use crate::call::Call;
use crate::client::Client;
use crate::client::{sending, Sending};
use crate::error::{Error, PagingLoop, Result};
use crate::request::Request;
use crate::response::Response;

/// Page size when the caller set none (neither on the request nor with [`Pages::page_size`]).
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Pages a stream asks for at most unless told otherwise ([`Pages::max_pages`]): a million
/// items at the default page size, past any real search; a server that never stops paging
/// ends the stream with an error here.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// How an operation pages: the names of its query parameters.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `limit` items from `offset` (0-based).
    LimitOffset,
    /// Page `page` (1-based) of `per_page` items.
    PagePerPage,
}

impl PageStyle {
    /// The parameters naming the page size and the position.
    fn params(self) -> (&'static str, &'static str) {
        match self {
            PageStyle::LimitOffset => ("limit", "offset"),
            PageStyle::PagePerPage => ("per_page", "page"),
        }
    }

    /// Where paging starts when the caller did not say.
    fn first_position(self) -> u64 {
        match self {
            PageStyle::LimitOffset => 0,
            PageStyle::PagePerPage => 1,
        }
    }
}

/// The items of every page of a search, in order, as a [`Stream`] of `Result<T>`.
///
/// ```no_run
/// # async fn run(sdk: looker_sdk_rtl::Client, mut dashboards: looker_sdk_rtl::Pages<serde_json::Value>) -> looker_sdk_rtl::Result<()> {
/// // dashboards = sdk.search_dashboards().title("Sales%").stream().page_size(50);
/// use futures_util::StreamExt;
/// while let Some(dashboard) = dashboards.next().await {
///     println!("{:?} (of {:?})", dashboard?, dashboards.total());
/// }
/// # Ok(())
/// # }
/// ```
///
/// Each page is one request with the session, retries and errors of any call. A failed page is
/// an error item after the items of the pages before it, and ends the stream. The page size is
/// the `limit` (or `per_page`) set on the request, else [`Pages::page_size`], else
/// [`DEFAULT_PAGE_SIZE`]; an `offset` (or `page`) set on the request is where paging starts.
/// A `Link` header is followed only within the SDK's API path on the configured host: the
/// session's token is never sent elsewhere.
///
/// Every stream ends, whatever the server answers: a `next` link to a page already asked for,
/// a page whose body repeats the previous page's, or more than [`Pages::max_pages`] pages
/// (default [`DEFAULT_MAX_PAGES`]) end it with an [`Error::Paging`] item.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<T> {
    sdk: Client,
    style: PageStyle,
    page_size: u64,
    /// The position (offset or page number) of the next page asked for by parameters.
    position: u64,
    /// The request of the next page; `None` once the last page was asked for.
    next: Option<Result<Request>>,
    in_flight: Option<Sending>,
    items: VecDeque<T>,
    /// Items received so far.
    received: u64,
    total: Option<u64>,
    /// Pages asked for so far, and the most that may be.
    pages: u64,
    max_pages: u64,
    /// The `Link` targets followed, to stop at one named twice.
    followed: HashSet<String>,
    /// Length and hash of the previous page's body, to stop at a page that repeats it.
    previous_page: Option<(usize, u64)>,
    decode: PhantomData<fn() -> T>,
}

// Items are moved out, never pinned.
impl<T> Unpin for Pages<T> {}

impl<T: serde::de::DeserializeOwned> Call<Vec<T>> {
    /// The items of this search and of every page after it (generated `stream()`).
    #[doc(hidden)]
    pub fn pages(self, style: PageStyle) -> Pages<T> {
        let (sdk, request) = self.into_parts();
        let (size_param, position_param) = style.params();
        let read = |request: &Request, name| request.query_value(name)?.parse::<u64>().ok();
        let (page_size, position) = match &request {
            Ok(request) => (read(request, size_param), read(request, position_param)),
            Err(_) => (None, None),
        };
        let mut pages = Pages {
            sdk,
            style,
            page_size: page_size.unwrap_or(u64::from(DEFAULT_PAGE_SIZE)),
            position: position.unwrap_or(style.first_position()),
            next: Some(request),
            in_flight: None,
            items: VecDeque::new(),
            received: 0,
            total: None,
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            followed: HashSet::new(),
            previous_page: None,
            decode: PhantomData,
        };
        pages.set_position();
        pages
    }
}

impl<T: serde::de::DeserializeOwned> Pages<T> {
    /// Asks for pages of `size` items (at least 1); before the first item only, it replaces
    /// a `limit` (`per_page`) set on the request.
    pub fn page_size(mut self, size: u32) -> Self {
        if self.received == 0 && self.in_flight.is_none() {
            self.page_size = u64::from(size.max(1));
            self.set_position();
        }
        self
    }

    /// Asks for at most `pages` pages (at least 1; default [`DEFAULT_MAX_PAGES`]): a stream
    /// that would need more ends with an [`Error::Paging`] item after the items received.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Looker's `X-Total-Count`: how many items the search matches in all, once the first page
    /// has arrived (and when the server sends it).
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Sets the size and position parameters on the next request.
    fn set_position(&mut self) {
        let (size_param, position_param) = self.style.params();
        let (size, position) = (self.page_size, self.position);
        if let Some(Ok(request)) = self.next.take() {
            let request = request
                .query_named(Cow::Borrowed(size_param), Some(size.to_string()))
                .query_named(Cow::Borrowed(position_param), Some(position.to_string()));
            self.next = Some(Ok(request));
        }
    }

    /// Takes in one page: its items, the total, and the request of the page after it.
    fn take_page(&mut self, request: Request, response: Response) -> Result<()> {
        let link = next_link(response.headers());
        self.total = total_count(response.headers()).or(self.total);
        let fingerprint = (response.body().len(), hash(response.body()));
        let repeated = self.previous_page.replace(fingerprint) == Some(fingerprint);
        let page: Vec<T> = response.json()?;
        if repeated && !page.is_empty() {
            return Err(paging_error(&request, PagingLoop::PageRepeated));
        }
        let count = page.len() as u64;
        self.received += count;
        self.items.extend(page);
        let reached_total = self.total.is_some_and(|total| self.received >= total);
        let short = self.total.is_none() && count < self.page_size;
        if count == 0 || reached_total {
            return Ok(());
        }
        let limit_reached = self.pages >= self.max_pages;
        let stop = |reason| Some(Err(paging_error(&request, reason)));
        // A stop found here comes after this page's items: it is the next "page".
        let next = match link {
            Some(Some(_)) if limit_reached => stop(PagingLoop::PageLimit(self.max_pages)),
            None if limit_reached && !short => stop(PagingLoop::PageLimit(self.max_pages)),
            Some(Some(next)) if !self.followed.insert(next.clone()) => {
                stop(PagingLoop::LinkRepeated)
            }
            Some(Some(next)) => Some(follow(request, &next, self.sdk.api_root())),
            // A `Link` header without `rel="next"`: this was the last page.
            Some(None) => None,
            None if short => None,
            None => {
                self.position += match self.style {
                    PageStyle::LimitOffset => count,
                    PageStyle::PagePerPage => 1,
                };
                self.next = Some(Ok(request));
                self.set_position();
                self.next.take()
            }
        };
        self.next = next;
        Ok(())
    }
}

impl<T: serde::de::DeserializeOwned> Stream for Pages<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(in_flight) = &mut this.in_flight {
                let answer = ready!(in_flight.as_mut().poll(cx));
                this.in_flight = None;
                let Some(Ok(request)) = this.next.take() else {
                    return Poll::Ready(None);
                };
                if let Err(error) = answer.and_then(|response| this.take_page(request, response)) {
                    this.next = None;
                    this.items.clear();
                    return Poll::Ready(Some(Err(error)));
                }
                continue;
            }
            match this.next.as_ref() {
                None => return Poll::Ready(None),
                Some(Err(_)) => {
                    let Some(Err(error)) = this.next.take() else {
                        return Poll::Ready(None);
                    };
                    return Poll::Ready(Some(Err(error)));
                }
                Some(Ok(request)) => {
                    // The request stays in `next` to build the page after it.
                    this.pages += 1;
                    this.in_flight = Some(sending(this.sdk.clone(), request.clone()));
                }
            }
        }
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("style", &self.style)
            .field("page_size", &self.page_size)
            .field("received", &self.received)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// The error that ends a stream whose server would page forever.
fn paging_error(request: &Request, reason: PagingLoop) -> Error {
    Error::Paging {
        method: request.method().to_string(),
        path: request.path_without_query().to_owned(),
        reason,
    }
}

/// A hash of a page's body, to notice a page that repeats the one before.
fn hash(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

/// The `rel="next"` target of the answer's `Link` headers: `None` without a `Link` header,
/// `Some(None)` when they name no next page.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<Option<String>> {
    let mut values = headers.get_all(reqwest::header::LINK).iter().peekable();
    values.peek()?;
    Some(
        values
            .filter_map(|value| value.to_str().ok())
            .find_map(|value| link_target(value, "next")),
    )
}

/// The target of the link whose `rel` contains `relation` in a `Link` header value
/// (`<https://x/api/4.0/users?offset=2>; rel="next", <…>; rel="last"`).
fn link_target(value: &str, relation: &str) -> Option<String> {
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>')?;
        let target = &after[..close];
        let params_end = after[close..].find('<').map_or(after.len(), |i| close + i);
        let params = &after[close + 1..params_end];
        let named = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    // The `,` before the next link.
                    .trim_end_matches(',')
                    .trim_end()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case(relation))
        });
        if named {
            return Some(target.to_owned());
        }
        rest = &after[params_end..];
    }
    None
}

/// The request of the page a `Link` target names: the same request (headers, accept) for the
/// target's path and query below `root` (the API root of the configured origin). A target on
/// another origin, outside the API path or with a dot segment in any spelling is an error, so
/// that the token goes nowhere else.
fn follow(request: Request, target: &str, root: &reqwest::Url) -> Result<Request> {
    let refuse = |why: String| Error::InvalidArgument {
        method: request.method().to_string(),
        path: request.path_without_query().to_owned(),
        reason: format!("the answer's `Link: rel=\"next\"` {why}; not followed"),
    };
    let after_scheme = target.split_once("://").map_or(target, |(_, rest)| rest);
    let raw_path = if target.starts_with('/') {
        target
    } else {
        after_scheme.find('/').map_or("", |at| &after_scheme[at..])
    };
    let raw_path = raw_path.split(['?', '#']).next().unwrap_or_default();
    if let Some(problem) = crate::request::path_problem(raw_path) {
        return Err(refuse(format!("is refused: {problem}")));
    }
    let url = root
        .join(target)
        .map_err(|e| refuse(format!("is not a URL ({e})")))?;
    let rest = url
        .path()
        .strip_prefix(root.path())
        .filter(|rest| rest.starts_with('/'));
    match rest {
        Some(rest) if url.origin() == root.origin() => {
            let path_and_query = match url.query() {
                Some(query) => format!("{rest}?{query}"),
                None => rest.to_owned(),
            };
            Ok(request.retarget(path_and_query))
        }
        _ => Err(refuse(format!(
            "is outside {}{}",
            root.origin().ascii_serialization(),
            root.path()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> reqwest::Url {
        reqwest::Url::parse("https://x/api/4.0").expect("a URL")
    }

    #[test]
    fn link_targets_by_relation() {
        let value = r#"<https://x:19999/api/4.0/users/search?limit=2&offset=2>; rel="next", <https://x:19999/api/4.0/users/search?limit=2&offset=8>; rel="last""#;
        assert_eq!(
            link_target(value, "next").as_deref(),
            Some("https://x:19999/api/4.0/users/search?limit=2&offset=2")
        );
        assert_eq!(
            link_target(value, "last").as_deref(),
            Some("https://x:19999/api/4.0/users/search?limit=2&offset=8")
        );
        assert_eq!(link_target(value, "prev"), None);
        assert_eq!(
            link_target("</a?x=1,2>; title=\"a\"; rel=\"prev next\"", "next").as_deref(),
            Some("/a?x=1,2")
        );
        assert_eq!(link_target("<broken; rel=next", "next"), None);
        assert_eq!(link_target("", "next"), None);
    }

    proptest::proptest! {
        /// Any `Link` header value: a target or none, never a panic.
        #[test]
        fn link_parsing_never_panics(value in ".{0,200}") {
            let _ = link_target(&value, "next");
            let mut headers = reqwest::header::HeaderMap::new();
            if let Ok(value) = reqwest::header::HeaderValue::from_str(&value) {
                headers.insert(reqwest::header::LINK, value.clone());
                headers.insert("x-total-count", value);
            }
            let _ = next_link(&headers);
            let _ = total_count(&headers);
            if let Some(Some(target)) = next_link(&headers) {
                let _ = follow(Request::get("/users/search"), &target, &root());
            }
        }
    }

    #[test]
    fn links_are_followed_only_below_the_api_path() -> Result<()> {
        let request = || Request::get("/users/search").query("limit", 2i64);
        let followed = follow(
            request(),
            "https://x/api/4.0/users/search?offset=2",
            &root(),
        )?;
        assert_eq!(followed.path_without_query(), "/users/search");
        assert_eq!(followed.query_value("limit"), None);
        follow(request(), "/api/4.0/users/search?offset=2", &root())?;
        for outside in [
            "https://x/other/users",
            "https://x/api/4.0",
            "https://x/api/4.01/users",
            "https://y/api/4.0/users",
            "http://x/api/4.0/users",
            "https://x:8443/api/4.0/users",
            "/api/4.0/%2e%2e/%2e%2e/admin",
            "/api/4.0/users/%2E./x",
            "mailto:x",
        ] {
            let error = follow(request(), outside, &root()).err();
            assert!(
                matches!(error, Some(Error::InvalidArgument { .. })),
                "{outside}: {error:?}"
            );
        }
        Ok(())
    }
}
