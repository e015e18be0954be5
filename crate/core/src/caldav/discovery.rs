//! Finding the calendar from a server address (RFC 6764 and RFC 4791 §6): the well-known
//! address, the signed-in user's principal, its calendar home, and the calendars in it.
//!
//! Sans-IO: [`Discovery::request`] says what to send, [`Discovery::receive`] reads the answer and
//! either finishes or prepares the next request. An address that already names a calendar is used
//! as it is.

use serde::Serialize;

use super::error::CaldavError;
use super::http::{Request, Response};
use super::url::{same_resource, Url};
use super::xml::{
    parse_multistatus, propfind_calendars, propfind_home, propfind_principal, Multistatus, XmlProblem,
};

/// Redirects followed before giving up.
const MAX_REDIRECTS: u8 = 5;

/// A calendar found in the calendar home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarInfo {
    /// Its URL (a collection, ending in `/`).
    pub url: String,
    /// Its display name, if it has one.
    pub name: Option<String>,
    /// Whether it can hold events (servers that do not say are taken at their word: yes).
    pub holds_events: bool,
}

/// What discovery found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovered {
    /// The principal URL, when the address did not name a calendar directly.
    pub principal: Option<String>,
    /// The calendar home URL, likewise.
    pub home: Option<String>,
    /// Every calendar found (just the one when the address named a calendar).
    pub calendars: Vec<CalendarInfo>,
}

impl Discovered {
    /// The one calendar that can hold events; an error naming them when there are none or several.
    pub fn only_calendar(&self) -> Result<String, CaldavError> {
        let events: Vec<&CalendarInfo> = self.calendars.iter().filter(|c| c.holds_events).collect();
        match events.as_slice() {
            [one] => Ok(one.url.clone()),
            _ => Err(CaldavError::NoCalendar {
                url: self.home.clone().unwrap_or_default(),
                found: events.iter().map(|c| c.url.clone()).collect(),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// `/.well-known/caldav` on the server's origin; on failure, the address itself.
    WellKnown,
    /// The principal of the signed-in user (or the address itself, if it is a calendar).
    Principal,
    /// The principal's calendar home.
    Home,
    /// The calendars in the home.
    Calendars,
}

/// Discovery in progress.
#[derive(Debug, Clone)]
pub struct Discovery {
    given: Url,
    url: Url,
    stage: Stage,
    redirects: u8,
    principal: Option<String>,
    home: Option<String>,
}

impl Discovery {
    /// Starts from the address the user gave. An address with no path begins at the well-known
    /// address; any other is asked directly.
    pub fn new(address: &str) -> Result<Discovery, CaldavError> {
        let given = Url::parse(address)?;
        let (url, stage) = if given.path == "/" {
            (Url { path: "/.well-known/caldav".into(), ..given.clone() }, Stage::WellKnown)
        } else {
            (given.clone(), Stage::Principal)
        };
        Ok(Discovery { given, url, stage, redirects: 0, principal: None, home: None })
    }

    /// The request to send now.
    pub fn request(&self) -> Request {
        let url = self.url.as_string();
        match self.stage {
            Stage::WellKnown | Stage::Principal => {
                Request::new("PROPFIND", &url).header("Depth", "0").xml(propfind_principal())
            }
            Stage::Home => Request::new("PROPFIND", &url).header("Depth", "0").xml(propfind_home()),
            Stage::Calendars => Request::new("PROPFIND", &url).header("Depth", "1").xml(propfind_calendars()),
        }
    }

    /// Reads the answer to [`Discovery::request`]: `Ok(Some(found))` when done, `Ok(None)` when
    /// another request is needed.
    pub fn receive(&mut self, response: &Response) -> Result<Option<Discovered>, CaldavError> {
        let url = self.url.as_string();
        if (300..400).contains(&response.status) {
            return self.follow(response).map(|()| None);
        }
        // At the well-known address, anything but a multistatus or a refused login means the
        // server has no such service: ask the address itself.
        let no_well_known = if response.is_success() {
            response.status != 207
        } else {
            !matches!(response.status, 401 | 403)
        };
        if self.stage == Stage::WellKnown && no_well_known {
            self.url = self.given.clone();
            self.stage = Stage::Principal;
            return Ok(None);
        }
        if !response.is_success() {
            return Err(CaldavError::from_status("PROPFIND", &url, response));
        }
        let answer = read_multistatus(&url, response)?;
        match self.stage {
            Stage::WellKnown | Stage::Principal => {
                let me = answer
                    .responses
                    .iter()
                    .find(|r| same_resource(&self.url.join(&r.href), &url))
                    .or(answer.responses.first());
                let props = me.map(|r| r.props.clone()).unwrap_or_default();
                if props.is_calendar {
                    let name = props.display_name.clone();
                    let holds_events = props.components.is_empty()
                        || props.components.iter().any(|c| c.eq_ignore_ascii_case("VEVENT"));
                    let calendar =
                        CalendarInfo { url: self.url.as_collection().as_string(), name, holds_events };
                    return Ok(Some(Discovered { principal: None, home: None, calendars: vec![calendar] }));
                }
                let Some(principal) = props.principal else {
                    return Err(CaldavError::NotCaldav {
                        url,
                        detail: "it names no current-user-principal".into(),
                    });
                };
                self.move_to(&principal, Stage::Home)?;
                self.principal = Some(self.url.as_string());
                Ok(None)
            }
            Stage::Home => {
                let home = answer.responses.iter().flat_map(|r| r.props.calendar_home.iter()).next().cloned();
                let Some(home) = home else {
                    return Err(CaldavError::NotCaldav {
                        url,
                        detail: "the principal has no calendar-home-set".into(),
                    });
                };
                self.move_to(&home, Stage::Calendars)?;
                self.home = Some(self.url.as_string());
                Ok(None)
            }
            Stage::Calendars => {
                let calendars = answer
                    .responses
                    .iter()
                    .filter(|r| r.props.is_calendar)
                    .map(|r| CalendarInfo {
                        url: Url::parse(&self.url.join(&r.href))
                            .map(|u| u.as_collection().as_string())
                            .unwrap_or_else(|_| self.url.join(&r.href)),
                        name: r.props.display_name.clone(),
                        holds_events: r.props.components.is_empty()
                            || r.props.components.iter().any(|c| c.eq_ignore_ascii_case("VEVENT")),
                    })
                    .collect();
                Ok(Some(Discovered { principal: self.principal.clone(), home: self.home.clone(), calendars }))
            }
        }
    }

    fn move_to(&mut self, href: &str, stage: Stage) -> Result<(), CaldavError> {
        self.url = Url::parse(&self.url.join(href))?;
        self.stage = stage;
        Ok(())
    }

    fn follow(&mut self, response: &Response) -> Result<(), CaldavError> {
        let url = self.url.as_string();
        let location = response.header("Location").ok_or_else(|| CaldavError::Unexpected {
            url: url.clone(),
            method: "PROPFIND".into(),
            status: response.status,
        })?;
        self.redirects += 1;
        if self.redirects > MAX_REDIRECTS {
            return Err(CaldavError::NotCaldav {
                url,
                detail: format!("more than {MAX_REDIRECTS} redirects"),
            });
        }
        self.url = Url::parse(&self.url.join(location))?;
        if self.stage == Stage::WellKnown {
            self.stage = Stage::Principal;
        }
        Ok(())
    }
}

/// `response`'s body as a multistatus, or the error to show.
pub(crate) fn read_multistatus(url: &str, response: &Response) -> Result<Multistatus, CaldavError> {
    parse_multistatus(&response.body).map_err(|problem| match problem {
        XmlProblem::Malformed(detail) if !response.body.trim_start().starts_with('<') => {
            CaldavError::NotCaldav {
                url: url.into(),
                detail: format!("the answer is not XML: {}", short(&response.body, detail)),
            }
        }
        XmlProblem::Malformed(detail) => CaldavError::BadXml { url: url.into(), detail },
        XmlProblem::NotMultistatus(what) => CaldavError::NotCaldav {
            url: url.into(),
            detail: format!("the answer is {what}, not a WebDAV multistatus"),
        },
    })
}

fn short(body: &str, fallback: String) -> String {
    let first: String = body.trim().chars().take(60).collect();
    if first.is_empty() {
        fallback
    } else {
        format!("it begins \"{first}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: body.into(),
        }
    }

    fn multistatus(inner: &str) -> Response {
        answer(
            207,
            &[],
            &format!(
                r#"<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">{inner}</d:multistatus>"#
            ),
        )
    }

    #[test]
    fn nextcloud_from_the_bare_server_address() {
        let mut d = Discovery::new("https://cloud.example.org").unwrap();
        let r = d.request();
        assert_eq!(
            (r.method.as_str(), r.url.as_str(), r.header_value("Depth")),
            ("PROPFIND", "https://cloud.example.org/.well-known/caldav", Some("0"))
        );
        assert_eq!(d.receive(&answer(301, &[("Location", "/remote.php/dav/")], "")).unwrap(), None);
        assert_eq!(d.request().url, "https://cloud.example.org/remote.php/dav/");
        let principal = multistatus("<d:response><d:href>/remote.php/dav/</d:href><d:propstat><d:prop><d:current-user-principal><d:href>/remote.php/dav/principals/users/anna/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>");
        assert_eq!(d.receive(&principal).unwrap(), None);
        assert_eq!(d.request().url, "https://cloud.example.org/remote.php/dav/principals/users/anna/");
        let home = multistatus("<d:response><d:href>/remote.php/dav/principals/users/anna/</d:href><d:propstat><d:prop><cal:calendar-home-set><d:href>/remote.php/dav/calendars/anna/</d:href></cal:calendar-home-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>");
        assert_eq!(d.receive(&home).unwrap(), None);
        let r = d.request();
        assert_eq!(
            (r.url.as_str(), r.header_value("Depth")),
            ("https://cloud.example.org/remote.php/dav/calendars/anna/", Some("1"))
        );
        let cal = |href: &str, comp: &str| {
            format!("<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><cal:supported-calendar-component-set><cal:comp name=\"{comp}\"/></cal:supported-calendar-component-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>")
        };
        let listing = multistatus(&format!(
            "{}{}",
            cal("/remote.php/dav/calendars/anna/team/", "VEVENT"),
            cal("/remote.php/dav/calendars/anna/tasks/", "VTODO")
        ));
        let found = d.receive(&listing).unwrap().unwrap();
        assert_eq!(found.home.as_deref(), Some("https://cloud.example.org/remote.php/dav/calendars/anna/"));
        assert_eq!(found.calendars.len(), 2);
        assert_eq!(
            found.only_calendar().unwrap(),
            "https://cloud.example.org/remote.php/dav/calendars/anna/team/",
            "a task list is not a choice"
        );
    }

    #[test]
    fn a_calendar_address_is_used_as_it_is() {
        let mut d = Discovery::new("http://127.0.0.1:5232/anna/team").unwrap();
        let me = multistatus("<d:response><d:href>/anna/team/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><cal:calendar/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>");
        let found = d.receive(&me).unwrap().unwrap();
        assert_eq!(found.only_calendar().unwrap(), "http://127.0.0.1:5232/anna/team/");
    }

    #[test]
    fn failures_say_what_is_wrong() {
        let mut d = Discovery::new("https://cloud.example.org/dav").unwrap();
        assert!(matches!(d.clone().receive(&answer(401, &[], "")), Err(CaldavError::Unauthorized { .. })));
        assert!(matches!(
            d.clone().receive(&answer(503, &[], "")),
            Err(CaldavError::Server { status: 503, .. })
        ));
        assert!(matches!(
            d.clone().receive(&answer(200, &[], "<!DOCTYPE html><html></html>")),
            Err(CaldavError::NotCaldav { .. })
        ));
        assert!(matches!(
            d.receive(&answer(207, &[], "<d:multistatus xmlns:d=\"DAV:\"/>")),
            Err(CaldavError::NotCaldav { .. })
        ));
        let none = Discovered { principal: None, home: Some("h".into()), calendars: vec![] };
        assert!(matches!(none.only_calendar(), Err(CaldavError::NoCalendar { .. })));
        let msg =
            CaldavError::Server { url: "https://x/".into(), status: 502 }.message(crate::lang::Lang::Fr);
        assert!(msg.contains("HTTP 502") && msg.contains("gardées"), "{msg}");
    }
}
