//! The editorial plan: posts, campaigns and pillars, kept by the extension's side panel and the
//! `porte-voix plan` toolkit in one versioned file format.
//!
//! - [`model`]: the records and the plan file (schema version [`model::PLAN_SCHEMA_VERSION`]).
//! - [`csv`]: the plan as CSV (own layout both ways; Hootsuite and Buffer bulk files in).
//! - [`ics`]: the plan as iCalendar (export, import, one object per post for CalDAV).
//! - [`report`]: the problems the importers report.
//! - [`analysis`]: calendar conflicts, pillar mix and the report page's figures.
//! - [`merge`]: merging two copies of a plan, keeping concurrent edits as conflicts.
//!
//! Everything here is plain data and pure functions; storage (`storage.local`, a plan file, a
//! CalDAV server) is the caller's business.

pub mod analysis;
pub mod csv;
pub mod ics;
pub mod merge;
pub mod model;
pub mod report;

pub use model::{Campaign, Metrics, Pillar, Plan, Post, RecordMeta, ReviewEvent, ReviewAction, Schedule, Status};
