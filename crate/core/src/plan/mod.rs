//! The editorial plan: posts, campaigns and pillars, kept by the extension's side panel and the
//! `porte-voix plan` toolkit in one versioned file format.
//!
//! - [`model`]: the records and the plan file (schema version [`model::PLAN_SCHEMA_VERSION`]).
//! - [`merge`]: merging two copies of a plan, keeping concurrent edits as conflicts.
//!
//! Everything here is plain data and pure functions; storage (`storage.local`, a plan file, a
//! CalDAV server) is the caller's business.

pub mod merge;
pub mod model;

pub use model::{Campaign, Metrics, Pillar, Plan, Post, RecordMeta, ReviewEvent, ReviewAction, Schedule, Status};
