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

use serde::{Deserialize, Serialize};

/// Language of a comment or a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Parses `fr` or `en` (case-insensitive); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "fra" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}
