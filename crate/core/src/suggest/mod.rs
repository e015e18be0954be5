//! Suggestion engines: what a seasoned community manager knows by heart, offered at the moment
//! of writing. Everything runs offline and every suggestion carries its reasons.
//!
//! - [`triage`]: what kind of message is being answered (complaint, question, praise, spam, urgent);
//! - [`snippets`]: quick-reply library, text-expander triggers, fuzzy search, replies for a triage;
//! - [`timing`]: best time to post, a per-network prior blended with the account's history;
//! - [`history`]: the account's history, imported from analytics CSV exports;
//! - [`zone`]: IANA time zones for both, from chrono-tz or from the platform ([`zone::ZoneResolver`]).
//! - [`hashtags`]: hashtags for a draft from the guide's library, the campaign and the history.

pub mod fold;
pub mod hashtags;
pub mod history;
pub mod snippets;
pub mod timing;
pub mod triage;
pub mod zone;

pub use crate::lang::Lang;
