//! Keeping data in step across a user's devices.
//!
//! - [`clock`]: version vectors (which copy of a record has seen which changes).
//! - [`merge`]: the state-based merge of record sets: newer wins, concurrent edits are both kept
//!   as a conflict with the same winner shown everywhere, tombstones carry deletes.
//! - [`document`]: the synced documents (settings, guide source, snippets, disabled rules) as
//!   mergeable record sets.
//! - [`chunks`]: fitting a value into `storage.sync` items under its quotas, and reading it back
//!   only when every piece has arrived.
//!
//! Pure functions over plain data, like the rest of the core: the extension's storage layer
//! (`extension/sync/store.js`) does the reading and writing.

pub mod chunks;
pub mod clock;
pub mod document;
pub mod merge;
