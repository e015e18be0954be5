//! The editorial plan: posts, campaigns and pillars, kept by the extension's side panel and the
//! `porte-voix plan` toolkit in one versioned file format.
//!
//! - [`model`]: the records and the plan file (schema version [`model::PLAN_SCHEMA_VERSION`]).
//! - [`record`]: what the three kinds of records share, and their storage keys.
//! - [`file`]: reading (with quarantine) and writing a plan file or the extension's storage items.
//! - [`migrate`]: older versions brought up to date, one record at a time.
//! - [`book`]: the plan in memory, indexed, with its operations.
//! - [`review`]: roles, sensitive words and the status transitions they allow.
//! - [`when`]: typed times (`2026-12-01T09:00` in a zone) to instants and back.
//! - [`csv`]: the plan as CSV (own layout both ways; Hootsuite and Buffer bulk files in).
//! - [`ics`]: the plan as iCalendar (export, import, one object per post for CalDAV).
//! - [`report`]: the problems the importers report.
//! - [`analysis`]: calendar conflicts, pillar mix and the report page's figures.
//! - [`merge`]: merging two copies of a plan, keeping concurrent edits as conflicts.
//! - [`snapshot`]: derived copies of the records grouped by week, for a fast first view.
//!
//! Everything here is plain data and pure functions; storage (`storage.local`, a plan file, a
//! CalDAV server) is the caller's business.

pub mod analysis;
pub mod book;
pub mod csv;
pub mod file;
pub mod ics;
pub mod merge;
pub mod migrate;
pub mod model;
pub mod record;
pub mod report;
pub mod review;
pub mod snapshot;
pub mod when;

pub use model::{
    Campaign, Metrics, Pillar, Plan, Post, RecordMeta, ReviewAction, ReviewEvent, Schedule, Status,
};
