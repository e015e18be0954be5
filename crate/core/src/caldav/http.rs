//! The HTTP exchanges the CalDAV logic asks for, as plain data: the caller (the CLI with a blocking
//! client, the extension's background with `fetch`) sends each [`Request`] and hands back the
//! [`Response`]. Nothing here does any input or output.

use serde::{Deserialize, Serialize};

/// One HTTP request to send. Credentials are not part of it: the caller adds its own
/// `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `PROPFIND`, `REPORT`, `GET`, `PUT` or `DELETE`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body (XML or iCalendar text), empty for none.
    pub body: String,
}

impl Request {
    /// A request with no header and no body.
    pub fn new(method: &str, url: &str) -> Self {
        Request { method: method.into(), url: url.into(), headers: Vec::new(), body: String::new() }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets an XML body (and its content type).
    pub fn xml(self, body: String) -> Self {
        let mut r = self.header("Content-Type", "application/xml; charset=utf-8");
        r.body = body;
        r
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names and values (only `ETag`, `Location` and `Content-Type` are read).
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body as text.
    #[serde(default)]
    pub body: String,
}

impl Response {
    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}
