//! An answer's status and headers next to its decoded value: what `with_response()` gives.

use reqwest::header::HeaderMap;

/// A successful answer: its HTTP status and headers, and the value decoded from its body.
///
/// ```no_run
/// # async fn run(sdk: looker_sdk_rtl::Client) -> looker_sdk_rtl::Result<()> {
/// let answer = sdk.raw(reqwest::Method::GET, "/dashboards/search").with_response().await?;
/// println!("{} of {:?}: {}", answer.status, answer.total_count(), answer.value);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Answer<T> {
    /// The HTTP status (200, 201, 204, ...).
    pub status: u16,
    /// The answer's headers.
    pub headers: HeaderMap,
    /// The decoded body: what awaiting the request without `with_response()` gives.
    pub value: T,
}

impl<T> Answer<T> {
    pub(crate) fn new(status: u16, headers: HeaderMap, value: T) -> Self {
        Answer {
            status,
            headers,
            value,
        }
    }

    /// The header `name` as text; `None` when it is absent or not visible ASCII.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Looker's `X-Total-Count`: how many items a search matched in all, over every page.
    #[must_use]
    pub fn total_count(&self) -> Option<u64> {
        total_count(&self.headers)
    }

    /// The decoded value, without the status and headers.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// The `X-Total-Count` header as a number.
pub(crate) fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-total-count")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}
