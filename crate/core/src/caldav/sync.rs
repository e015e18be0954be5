//! Two-way sync of a plan's posts with one CalDAV calendar, sans-IO.
//!
//! A [`SyncRun`] owns the plan while it runs. The caller loops: send [`SyncRun::next_request`],
//! hand the answer (or the network failure) to [`SyncRun::receive`], until there is no request
//! left; then [`SyncRun::finish`] gives the plan back, its `caldav` state updated, with a report.
//!
//! One run:
//! 1. **Discover** the calendar, the first time (see [`super::discovery`]).
//! 2. **List** what changed on the server: REPORT sync-collection from the saved token; a server
//!    without it gets a calendar-query of every event's ETag instead. Objects whose ETag differs
//!    from the saved one are fetched (calendar-multiget, 50 at a time); objects gone are removed.
//! 3. **Merge** what was fetched into the plan with the plan's own merge: version vectors (in
//!    `X-PORTE-VOIX-META`) tell a newer copy from a concurrent one, and concurrent edits are both
//!    kept as a conflict (which is written to the server with the post, so every member sees it).
//!    An object changed by a calendar app (same version vector, other content) counts as an edit
//!    by the device `calendar-app`. An object deleted on the server deletes the post here unless
//!    the post changed here since (then it is sent again: an edit wins over a delete).
//! 4. **Push** what the server has not seen ([`super::state::pending`]): `PUT` with
//!    `If-None-Match: *` for a new object, `If-Match: <etag>` for a changed one, `DELETE` with
//!    `If-Match` for a deleted post. A 412 (someone wrote in between) fetches the object again,
//!    merges, and pushes again (three rounds at most).
//!
//! A server error (5xx) or network failure stops the run; the changes stay queued (they are
//! derived from the plan and the saved state, both saved together) and a retry is scheduled with
//! backoff. Any other error stops the run with a message for the user.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::discovery::{read_multistatus, Discovery};
use super::error::CaldavError;
use super::http::{Request, Response};
use super::object::{read_object, write_object, PostObject};
use super::state::{pending, Pending, Retry, SyncState, SyncedObject};
use super::url::{object_url, same_resource, Url};
use super::xml::{calendar_multiget, calendar_query_etags, sync_collection};
use crate::plan::ics::ExportError;
use crate::plan::merge::{delete, merge};
use crate::plan::model::{Plan, Post};
use crate::suggest::zone::ZoneResolver;
use crate::sync::clock;

/// The device name edits made in calendar apps are counted under.
pub const CALENDAR_APP_DEVICE: &str = "calendar-app";
/// Objects fetched per calendar-multiget.
const FETCH_BATCH: usize = 50;
/// Push rounds per run (each 412 costs one).
const MAX_ROUNDS: u32 = 3;

/// What a run needs besides the plan.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// The server address (a server, principal or calendar URL).
    pub server: String,
    /// This device's id, for the version vectors of deletions made by the sync.
    pub device: String,
    /// IANA zone for events from other apps that carry no zone.
    pub zone: String,
    /// The time now.
    pub now: DateTime<Utc>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// The calendar synced with.
    pub calendar: Option<String>,
    /// Objects read from the server.
    pub received: usize,
    /// Objects written to the server.
    pub sent: usize,
    /// Posts deleted here because they were deleted on the server.
    pub deleted_here: usize,
    /// Objects deleted on the server because the post was deleted here.
    pub deleted_there: usize,
    /// Writes refused because someone wrote first (then fetched and merged again).
    pub precondition_failed: usize,
    /// Posts with versions in conflict after the run.
    pub conflicts: Vec<String>,
    /// Posts not sent because they have no scheduled time.
    pub not_scheduled: Vec<String>,
    /// Objects that could not be read as posts: URL and why.
    pub unreadable: Vec<(String, String)>,
    /// Changes still queued at the end.
    pub queued: usize,
    /// Requests sent.
    pub requests: usize,
}

/// The end of a run: the plan (state saved in `plan.caldav`), the report, and the error that
/// stopped it, if any.
#[derive(Debug, Clone)]
pub struct SyncOutcome {
    /// The plan to save.
    pub plan: Plan,
    /// What happened.
    pub report: SyncReport,
    /// Why the run stopped early.
    pub error: Option<CaldavError>,
}

#[derive(Debug)]
enum Phase {
    Discover(Discovery),
    List { query: bool },
    Fetch { hrefs: VecDeque<String>, batch: Vec<String> },
    Push { queue: VecDeque<Pending>, refetch: Vec<String> },
    Done,
}

/// A sync in progress.
pub struct SyncRun<'z> {
    plan: Plan,
    state: SyncState,
    zones: &'z dyn ZoneResolver,
    opts: SyncOptions,
    phase: Phase,
    current: Option<Request>,
    fetched: Vec<(String, Option<String>, PostObject)>,
    removed: Vec<String>,
    new_token: Option<String>,
    round: u32,
    report: SyncReport,
    error: Option<CaldavError>,
}

impl<'z> SyncRun<'z> {
    /// Starts a run on `plan`. A plan synced before with another server starts afresh.
    pub fn new(
        mut plan: Plan,
        zones: &'z dyn ZoneResolver,
        opts: SyncOptions,
    ) -> Result<SyncRun<'z>, CaldavError> {
        Url::parse(&opts.server)?;
        let state = match plan.caldav.take() {
            Some(s) if s.server == opts.server => s,
            _ => SyncState::new(&opts.server),
        };
        let phase = match &state.calendar {
            Some(_) => Phase::List { query: !state.sync_collection },
            None => Phase::Discover(Discovery::new(&opts.server)?),
        };
        let mut run = SyncRun {
            plan,
            state,
            zones,
            opts,
            phase,
            current: None,
            fetched: Vec::new(),
            removed: Vec::new(),
            new_token: None,
            round: 0,
            report: SyncReport::default(),
            error: None,
        };
        run.prepare();
        Ok(run)
    }

    /// The request to send now; `None` when the run is over.
    pub fn next_request(&self) -> Option<&Request> {
        self.current.as_ref()
    }

    /// The plan as it stands (with the sync state), to save as a checkpoint.
    pub fn plan(&self) -> Plan {
        let mut plan = self.plan.clone();
        plan.caldav = Some(self.state.clone());
        plan
    }

    /// Reads the answer to the current request; `Err(message)` when it could not be sent
    /// (connection refused, timeout...).
    pub fn receive(&mut self, answer: Result<Response, String>) {
        let Some(request) = self.current.take() else { return };
        self.report.requests += 1;
        let response = match answer {
            Ok(r) => r,
            Err(detail) => return self.fail(CaldavError::Network { url: request.url, detail }),
        };
        if let Err(e) = self.handle(&request, &response) {
            self.fail(e);
            return;
        }
        self.prepare();
    }

    /// Ends the run: the plan with its sync state, and the report.
    pub fn finish(mut self) -> SyncOutcome {
        self.report.calendar = self.state.calendar.clone();
        self.report.queued = pending(&self.plan, &self.state)
            .iter()
            .filter(|p| !self.report.not_scheduled.iter().any(|id| id == p.id()))
            .count();
        self.report.conflicts = self.plan.conflicts.iter().map(|c| c.id.clone()).collect();
        self.report.conflicts.dedup();
        if self.error.is_none() {
            self.state.retry = None;
            self.state.last_sync = Some(self.opts.now);
        }
        self.plan.caldav = Some(self.state);
        SyncOutcome { plan: self.plan, report: self.report, error: self.error }
    }

    fn fail(&mut self, error: CaldavError) {
        if error.retryable() {
            self.state.retry =
                Some(Retry::after(self.state.retry.as_ref(), self.opts.now, error.to_string()));
        }
        self.error = Some(error);
        self.phase = Phase::Done;
        self.current = None;
    }

    fn calendar(&self) -> String {
        self.state.calendar.clone().unwrap_or_default()
    }

    /// Sets `current` to the next request, moving through phases that need none.
    fn prepare(&mut self) {
        loop {
            match &mut self.phase {
                Phase::Discover(d) => {
                    self.current = Some(d.request());
                    return;
                }
                Phase::List { query: false } => {
                    let body = sync_collection(self.state.sync_token.as_deref());
                    self.current =
                        Some(Request::new("REPORT", &self.calendar()).header("Depth", "0").xml(body));
                    return;
                }
                Phase::List { query: true } => {
                    self.current = Some(
                        Request::new("REPORT", &self.calendar())
                            .header("Depth", "1")
                            .xml(calendar_query_etags()),
                    );
                    return;
                }
                Phase::Fetch { hrefs, batch } => {
                    if hrefs.is_empty() {
                        self.apply_remote();
                        self.start_push();
                        continue;
                    }
                    let take = hrefs.len().min(FETCH_BATCH);
                    *batch = hrefs.drain(..take).collect();
                    let paths: Vec<String> = batch.iter().map(|h| path_of(h)).collect();
                    let body = calendar_multiget(paths.iter().map(String::as_str));
                    self.current =
                        Some(Request::new("REPORT", &self.calendar()).header("Depth", "1").xml(body));
                    return;
                }
                Phase::Push { queue, refetch } => {
                    let Some(next) = queue.pop_front() else {
                        if refetch.is_empty() || self.round >= MAX_ROUNDS {
                            self.phase = Phase::Done;
                            continue;
                        }
                        let hrefs = std::mem::take(refetch).into();
                        self.phase = Phase::Fetch { hrefs, batch: Vec::new() };
                        continue;
                    };
                    if let Some(request) = self.write_request(&next) {
                        self.current = Some(request);
                        return;
                    }
                }
                Phase::Done => {
                    self.current = None;
                    return;
                }
            }
        }
    }

    fn start_push(&mut self) {
        self.round += 1;
        let queue = pending(&self.plan, &self.state).into();
        self.phase = Phase::Push { queue, refetch: Vec::new() };
    }

    /// The request that sends `change`, or `None` when it cannot be sent now (recorded in the
    /// report or queued for a refetch).
    fn write_request(&mut self, change: &Pending) -> Option<Request> {
        let id = change.id().to_string();
        let synced = self.state.objects.get(&id).cloned();
        if let (Some(s), Phase::Push { refetch, .. }) = (&synced, &mut self.phase) {
            if s.etag.is_none() {
                // Written without an ETag in answer: read it back before writing over it.
                refetch.push(s.href.clone());
                return None;
            }
        }
        match change {
            Pending::Delete { .. } => {
                let s = synced?;
                Some(Request::new("DELETE", &s.href).header("If-Match", s.etag.as_deref().unwrap_or("*")))
            }
            Pending::Create { .. } | Pending::Update { .. } => {
                let object = PostObject::of(&self.plan, &id)?;
                let body = match write_object(&object, &self.plan, self.zones) {
                    Ok(body) => body,
                    Err(ExportError::NotScheduled | ExportError::YearOutOfRange { .. }) => {
                        if !self.report.not_scheduled.contains(&id) {
                            self.report.not_scheduled.push(id);
                        }
                        return None;
                    }
                };
                let mut request = match &synced {
                    Some(s) => {
                        Request::new("PUT", &s.href).header("If-Match", s.etag.as_deref().unwrap_or("*"))
                    }
                    None => {
                        Request::new("PUT", &object_url(&self.calendar(), &id)).header("If-None-Match", "*")
                    }
                };
                request = request.header("Content-Type", "text/calendar; charset=utf-8");
                request.body = body;
                Some(request)
            }
        }
    }

    fn handle(&mut self, request: &Request, response: &Response) -> Result<(), CaldavError> {
        match &mut self.phase {
            Phase::Discover(d) => {
                if let Some(found) = d.receive(response)? {
                    self.state.calendar = Some(found.only_calendar()?);
                    self.phase = Phase::List { query: !self.state.sync_collection };
                }
                Ok(())
            }
            Phase::List { query } => {
                let query = *query;
                self.read_listing(request, response, query)
            }
            Phase::Fetch { batch, .. } => {
                let batch = std::mem::take(batch);
                self.read_fetched(request, response, &batch)
            }
            Phase::Push { .. } => self.read_write(request, response),
            Phase::Done => Ok(()),
        }
    }

    fn read_listing(
        &mut self,
        request: &Request,
        response: &Response,
        query: bool,
    ) -> Result<(), CaldavError> {
        if !query
            && !response.is_success()
            && matches!(response.status, 400 | 403 | 405 | 409 | 412 | 415 | 422 | 501)
        {
            if self.state.sync_token.is_some() && response.body.contains("valid-sync-token") {
                // The token expired: list everything again.
                self.state.sync_token = None;
            } else {
                // No sync-collection here: fall back to calendar-query.
                self.state.sync_collection = false;
                self.state.sync_token = None;
                self.phase = Phase::List { query: true };
            }
            return Ok(());
        }
        if !response.is_success() {
            return Err(CaldavError::from_status("REPORT", &request.url, response));
        }
        let answer = read_multistatus(&request.url, response)?;
        let calendar = Url::parse(&self.calendar())?;
        let full = query || self.state.sync_token.is_none();
        let mut listed: Vec<String> = Vec::new();
        let mut to_fetch: VecDeque<String> = VecDeque::new();
        for r in &answer.responses {
            let href = calendar.join(&r.href);
            if same_resource(&href, &calendar.as_string()) || href.ends_with('/') {
                continue;
            }
            if r.status == Some(404) || r.status == Some(410) {
                self.removed.push(href);
                continue;
            }
            let known = self.state.id_at(&href).and_then(|id| self.state.objects.get(&id).cloned());
            if known.as_ref().is_none_or(|k| k.etag.is_none() || k.etag != r.props.etag) {
                to_fetch.push_back(href.clone());
            }
            listed.push(href);
        }
        if full {
            for object in self.state.objects.values() {
                if !listed.iter().any(|h| same_resource(h, &object.href)) {
                    self.removed.push(object.href.clone());
                }
            }
        }
        self.new_token = answer.sync_token.filter(|_| !query);
        self.phase = Phase::Fetch { hrefs: to_fetch, batch: Vec::new() };
        Ok(())
    }

    fn read_fetched(
        &mut self,
        request: &Request,
        response: &Response,
        batch: &[String],
    ) -> Result<(), CaldavError> {
        if !response.is_success() {
            return Err(CaldavError::from_status("REPORT", &request.url, response));
        }
        let answer = read_multistatus(&request.url, response)?;
        let calendar = Url::parse(&self.calendar())?;
        for href in batch {
            let found = answer.responses.iter().find(|r| same_resource(&calendar.join(&r.href), href));
            match found {
                Some(r) if r.props.calendar_data.is_some() => {
                    let data = r.props.calendar_data.as_deref().unwrap_or_default();
                    match read_object(data, self.zones, &self.opts.zone, self.opts.now) {
                        Ok(object) => self.fetched.push((href.clone(), r.props.etag.clone(), object)),
                        Err(problems) => {
                            let why = problems.first().map(|p| p.en.clone()).unwrap_or_default();
                            self.report.unreadable.push((href.clone(), why));
                        }
                    }
                }
                // Gone since it was listed.
                _ => self.removed.push(href.clone()),
            }
        }
        Ok(())
    }

    /// Merges what was fetched and applies what was removed on the server.
    fn apply_remote(&mut self) {
        let mut incoming = Plan::default();
        for (href, etag, mut object) in std::mem::take(&mut self.fetched) {
            self.report.received += 1;
            let id = object.post.meta.id.clone();
            if let Some(previous) = self.state.objects.get(&id) {
                if previous.clock == object.post.meta.clock && previous.fingerprint != object.fingerprint() {
                    // Changed by a calendar app, which kept our version vector as it was.
                    clock::bump(&mut object.post.meta.clock, CALENDAR_APP_DEVICE);
                }
            }
            let synced = SyncedObject {
                href,
                etag,
                clock: object.post.meta.clock.clone(),
                fingerprint: object.fingerprint(),
            };
            self.state.objects.insert(id, synced);
            let part = object.into_plan();
            incoming.posts.extend(part.posts);
            incoming.conflicts.extend(part.conflicts);
        }
        if !incoming.posts.is_empty() {
            let caldav = self.plan.caldav.take();
            self.plan = merge(&self.plan, &incoming);
            self.plan.caldav = caldav;
        }
        for href in std::mem::take(&mut self.removed) {
            let Some(id) = self.state.id_at(&href) else { continue };
            let Some(synced) = self.state.objects.remove(&id) else { continue };
            let unchanged =
                PostObject::of(&self.plan, &id).is_some_and(|o| o.fingerprint() == synced.fingerprint);
            let live = self.plan.posts.iter().any(|p| p.meta.id == id && !p.meta.deleted);
            if unchanged && live && delete::<Post>(&mut self.plan, &id, &self.opts.device, self.opts.now) {
                self.report.deleted_here += 1;
            }
        }
        if let Some(token) = self.new_token.take() {
            self.state.sync_token = Some(token);
        }
    }

    fn read_write(&mut self, request: &Request, response: &Response) -> Result<(), CaldavError> {
        let id = match self.state.id_at(&request.url) {
            Some(id) => id,
            None => self
                .plan
                .posts
                .iter()
                .map(|p| p.meta.id.clone())
                .find(|id| same_resource(&object_url(&self.calendar(), id), &request.url))
                .unwrap_or_default(),
        };
        if response.status == 412 {
            self.report.precondition_failed += 1;
            if let Phase::Push { refetch, .. } = &mut self.phase {
                refetch.push(request.url.clone());
            }
            return Ok(());
        }
        if request.method == "DELETE" {
            if response.is_success() || response.status == 404 {
                self.state.objects.remove(&id);
                self.report.deleted_there += 1;
                return Ok(());
            }
            return Err(CaldavError::from_status("DELETE", &request.url, response));
        }
        if !response.is_success() {
            return Err(CaldavError::from_status("PUT", &request.url, response));
        }
        if let Some(object) = PostObject::of(&self.plan, &id) {
            let etag = response.header("ETag").map(str::to_string);
            let synced = SyncedObject {
                href: request.url.clone(),
                etag,
                clock: object.post.meta.clock.clone(),
                fingerprint: object.fingerprint(),
            };
            self.state.objects.insert(id, synced);
            self.report.sent += 1;
        }
        Ok(())
    }
}

/// The path of `url` (what a multiget names objects by).
fn path_of(url: &str) -> String {
    Url::parse(url).map(|u| u.path).unwrap_or_else(|_| url.to_string())
}
