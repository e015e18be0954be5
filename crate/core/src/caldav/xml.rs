//! WebDAV/CalDAV XML: the request bodies we send (PROPFIND, sync-collection, calendar-query,
//! calendar-multiget) and the `multistatus` answers we read.
//!
//! Answers are read by namespace, never by prefix: `<d:href>`, `<D:href>` and
//! `<href xmlns="DAV:">` are the same element, and an element of another namespace with the same
//! local name is not. Unknown elements are skipped; only properties under a `propstat` whose
//! status is 2xx are taken.

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// The WebDAV namespace (RFC 4918).
pub const DAV: &str = "DAV:";
/// The CalDAV namespace (RFC 4791).
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
/// Apple's CalendarServer namespace, home of `getctag`.
pub const CALSERVER: &str = "http://calendarserver.org/ns/";

const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

/// PROPFIND body asking for the principal of the signed-in user and what the resource is.
pub fn propfind_principal() -> String {
    format!(
        r#"{HEAD}<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop><d:current-user-principal/><d:resourcetype/><c:supported-calendar-component-set/></d:prop></d:propfind>"#
    )
}

/// PROPFIND body asking a principal for its calendar home.
pub fn propfind_home() -> String {
    format!(
        r#"{HEAD}<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop><c:calendar-home-set/></d:prop></d:propfind>"#
    )
}

/// PROPFIND body (Depth 1 on a calendar home) listing its calendars.
pub fn propfind_calendars() -> String {
    format!(
        r#"{HEAD}<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}" xmlns:cs="{CALSERVER}"><d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/></d:prop></d:propfind>"#
    )
}

/// REPORT sync-collection body (RFC 6578): changes since `token` (all members for `None`), with
/// their ETags.
pub fn sync_collection(token: Option<&str>) -> String {
    let token = token.map(|t| escape(t).into_owned()).unwrap_or_default();
    format!(
        r#"{HEAD}<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
    )
}

/// REPORT calendar-query body (Depth 1): every event's href and ETag, for servers without
/// sync-collection.
pub fn calendar_query_etags() -> String {
    format!(
        r#"{HEAD}<c:calendar-query xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter></c:calendar-query>"#
    )
}

/// REPORT calendar-multiget body: the data and ETag of each of `hrefs`.
pub fn calendar_multiget<'a>(hrefs: impl IntoIterator<Item = &'a str>) -> String {
    let mut body = format!(
        r#"{HEAD}<c:calendar-multiget xmlns:d="DAV:" xmlns:c="{CALDAV}"><d:prop><d:getetag/><c:calendar-data/></d:prop>"#
    );
    for href in hrefs {
        body.push_str("<d:href>");
        body.push_str(&escape(href));
        body.push_str("</d:href>");
    }
    body.push_str("</c:calendar-multiget>");
    body
}

/// The properties of one resource we read (each `None`/empty when absent or not 2xx).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Props {
    /// `getetag`, quotes kept (ETags are compared as the server wrote them).
    pub etag: Option<String>,
    /// CalendarServer `getctag`.
    pub ctag: Option<String>,
    /// `sync-token` property.
    pub sync_token: Option<String>,
    /// `displayname`.
    pub display_name: Option<String>,
    /// `resourcetype` holds `collection`.
    pub is_collection: bool,
    /// `resourcetype` holds CalDAV `calendar`.
    pub is_calendar: bool,
    /// `current-user-principal`'s href.
    pub principal: Option<String>,
    /// `calendar-home-set` hrefs.
    pub calendar_home: Vec<String>,
    /// `supported-calendar-component-set` names (`VEVENT`, `VTODO`...); empty when not given.
    pub components: Vec<String>,
    /// `calendar-data`, the object's iCalendar text.
    pub calendar_data: Option<String>,
}

/// One `response` of a multistatus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DavResponse {
    /// The resource's `href` as written (path or URL, percent-encoded as the server chose).
    pub href: String,
    /// The response-level status (a removed member in a sync-collection answer is 404 here).
    pub status: Option<u16>,
    /// Properties found (2xx propstats only).
    pub props: Props,
}

/// A parsed `multistatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multistatus {
    /// The responses, in order.
    pub responses: Vec<DavResponse>,
    /// The top-level `sync-token` of a sync-collection answer.
    pub sync_token: Option<String>,
}

/// Why a body could not be read as a multistatus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlProblem {
    /// Not well-formed XML (the parser's message and byte offset).
    Malformed(String),
    /// Well-formed, but its root is not DAV `multistatus` (what it is instead).
    NotMultistatus(String),
}

/// An element's namespace and local name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    ns: String,
    local: String,
}

impl Name {
    fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// What a propstat holds while it is being read (its status comes after its properties).
#[derive(Default)]
struct PropStat {
    props: Props,
    status: Option<u16>,
}

/// Reads a multistatus body. Prefixes, default namespaces and entity references are all handled;
/// properties of other namespaces are skipped.
pub fn parse_multistatus(body: &str) -> Result<Multistatus, XmlProblem> {
    let mut reader = NsReader::from_str(body);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Name> = Vec::new();
    let mut text = String::new();
    let mut out = Multistatus::default();
    let mut response: Option<DavResponse> = None;
    let mut propstat: Option<PropStat> = None;
    loop {
        let position = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlProblem::Malformed(format!("{e} after byte {position}")))?;
        let ns = match ns {
            ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
            _ => String::new(),
        };
        match event {
            Event::Start(start) => {
                let name =
                    Name { ns, local: String::from_utf8_lossy(start.local_name().as_ref()).into_owned() };
                if stack.is_empty() && !name.is(DAV, "multistatus") {
                    return Err(XmlProblem::NotMultistatus(format!("{{{}}}{}", name.ns, name.local)));
                }
                if name.is(DAV, "response") {
                    response = Some(DavResponse::default());
                } else if name.is(DAV, "propstat") {
                    propstat = Some(PropStat::default());
                }
                // Components are named by an attribute: `<c:comp name="VEVENT"/>`.
                if name.is(CALDAV, "comp") && innermost_is(&stack, CALDAV, "supported-calendar-component-set")
                {
                    if let (Some(ps), Ok(Some(attr))) = (propstat.as_mut(), start.try_get_attribute("name")) {
                        ps.props.components.push(String::from_utf8_lossy(&attr.value).into_owned());
                    }
                }
                if let Some(ps) = propstat.as_mut() {
                    if stack.last().is_some_and(|p| p.is(DAV, "resourcetype")) {
                        ps.props.is_collection |= name.is(DAV, "collection");
                        ps.props.is_calendar |= name.is(CALDAV, "calendar");
                    }
                }
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => {
                text.push_str(&t.xml10_content().map_err(|e| XmlProblem::Malformed(e.to_string()))?)
            }
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| XmlProblem::Malformed(e.to_string()))?),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| XmlProblem::Malformed(e.to_string()))?;
                    let value = resolve_predefined_entity(&name)
                        .ok_or_else(|| XmlProblem::Malformed(format!("unknown entity &{name};")))?;
                    text.push_str(value);
                }
            }
            Event::End(_) => {
                let Some(name) = stack.pop() else { break };
                let value = std::mem::take(&mut text);
                let parent = stack.last();
                if name.is(DAV, "response") {
                    out.responses.extend(response.take());
                } else if name.is(DAV, "propstat") {
                    if let (Some(ps), Some(r)) = (propstat.take(), response.as_mut()) {
                        if ps.status.is_none_or(|s| (200..300).contains(&s)) {
                            merge_props(&mut r.props, ps.props);
                        }
                    }
                } else if name.is(DAV, "status") {
                    let status = parse_status(&value);
                    if let Some(ps) = propstat.as_mut() {
                        ps.status = status;
                    } else if let Some(r) = response.as_mut() {
                        r.status = status;
                    }
                } else if name.is(DAV, "href") {
                    let href = value.trim().to_string();
                    match (propstat.as_mut(), parent) {
                        (Some(ps), Some(p)) if p.is(DAV, "current-user-principal") => {
                            ps.props.principal = Some(href)
                        }
                        (Some(ps), Some(p)) if p.is(CALDAV, "calendar-home-set") => {
                            ps.props.calendar_home.push(href)
                        }
                        (None, Some(p)) if p.is(DAV, "response") => {
                            if let Some(r) = response.as_mut() {
                                r.href = href;
                            }
                        }
                        _ => {}
                    }
                } else if name.is(DAV, "sync-token") && parent.is_some_and(|p| p.is(DAV, "multistatus")) {
                    out.sync_token = Some(value.trim().to_string());
                } else if let Some(ps) =
                    propstat.as_mut().filter(|_| parent.is_some_and(|p| p.is(DAV, "prop")))
                {
                    let p = &mut ps.props;
                    if name.is(DAV, "getetag") {
                        p.etag = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                    } else if name.is(CALSERVER, "getctag") {
                        p.ctag = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                    } else if name.is(DAV, "sync-token") {
                        p.sync_token = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                    } else if name.is(DAV, "displayname") {
                        p.display_name = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                    } else if name.is(CALDAV, "calendar-data") {
                        p.calendar_data = Some(value).filter(|v| !v.trim().is_empty());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlProblem::Malformed(format!(
            "the document ends inside <{}>",
            stack.last().map(|n| n.local.as_str()).unwrap_or("")
        )));
    }
    if out.responses.is_empty() && out.sync_token.is_none() && body.trim().is_empty() {
        return Err(XmlProblem::NotMultistatus("an empty body".into()));
    }
    Ok(out)
}

/// Whether the innermost open element is `{ns}local`.
fn innermost_is(stack: &[Name], ns: &str, local: &str) -> bool {
    stack.last().is_some_and(|n| n.is(ns, local))
}

/// The code of an HTTP status line (`HTTP/1.1 404 Not Found` → 404).
fn parse_status(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1).and_then(|code| code.parse().ok())
}

/// Adds what `more` found to `into` (a response may split its properties over several
/// propstats).
fn merge_props(into: &mut Props, more: Props) {
    into.etag = into.etag.take().or(more.etag);
    into.ctag = into.ctag.take().or(more.ctag);
    into.sync_token = into.sync_token.take().or(more.sync_token);
    into.display_name = into.display_name.take().or(more.display_name);
    into.is_collection |= more.is_collection;
    into.is_calendar |= more.is_calendar;
    into.principal = into.principal.take().or(more.principal);
    into.calendar_home.extend(more.calendar_home);
    into.components.extend(more.components);
    into.calendar_data = into.calendar_data.take().or(more.calendar_data);
}

#[cfg(test)]
mod tests;
