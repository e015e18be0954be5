//! Team sync of the editorial plan with a CalDAV calendar (RFC 4791, RFC 6578, RFC 6764):
//! Nextcloud, Radicale, Fastmail, SOGo... Each post is one calendar event, readable in any
//! calendar app; see `docs/caldav.md` for the properties and the algorithm.
//!
//! Sans-IO, like the rest of the core: this module builds the requests and reads the answers; the
//! caller sends them (the CLI with a blocking client, the extension's background with `fetch`).
//!
//! - [`http`]: requests and responses as plain data.
//! - [`url`]: server addresses, `href` resolution, object names.
//! - [`xml`]: the WebDAV/CalDAV request bodies and the multistatus parser.
//! - [`discovery`]: from a server address to the calendar.
//! - [`object`]: a post (and its kept conflicting versions) as one calendar object.
//! - [`state`]: what the plan remembers between syncs, and the queue of changes to send.
//! - [`stored`]: the plan and its state as the extension stores them, and what to write back.
//! - [`sync`]: the two-way sync run.
//! - [`error`]: what can go wrong, phrased for the user.

pub mod discovery;
pub mod error;
pub mod http;
pub mod object;
pub mod state;
pub mod stored;
pub mod sync;
pub mod url;
pub mod xml;

pub use error::CaldavError;
pub use state::SyncState;
pub use sync::{SyncOptions, SyncOutcome, SyncReport, SyncRun};
