//! Network profiles as data: each network's length limit, how it counts, and its hashtag rules.
//!
//! Facts and sources: `shared/reference/networks.md`. A style guide may override a profile
//! (for example a Mastodon instance with a 1,000-character limit) through [`NetworkProfile::with_limit`].

use serde::{Deserialize, Serialize};

/// How a network measures the length of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountingRule {
    /// twitter-text weighted counting (config v3): NFC, weighted code-point ranges, URLs and emoji.
    TwitterWeighted,
    /// Extended grapheme clusters (UAX #29), as Bluesky's `graphemeLength`.
    Graphemes,
    /// Unicode code points, every URL counting a fixed length, `@user@domain` counting as `@user`.
    MastodonChars,
    /// Unicode code points: the rule used where a network publishes none.
    CodePoints,
}

/// Everything Porte-voix knows about one network's text rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkProfile {
    /// Stable identifier used by the CLI, the guide and the extension (`x`, `bluesky`, ...).
    pub id: String,
    /// Name shown to users.
    pub name: String,
    /// Maximum length in the network's own units.
    pub limit: usize,
    /// How length is measured.
    pub counting: CountingRule,
    /// Extra cap in UTF-8 bytes, where the network has one (Bluesky: 3,000).
    pub byte_limit: Option<usize>,
    /// Length every URL counts for, where the network shortens links (X, Mastodon: 23).
    pub url_length: Option<usize>,
    /// Most hashtags a post may carry, where the network enforces a cap.
    pub hashtag_limit: Option<usize>,
    /// Whether the thread splitter may split an over-long draft into a numbered thread.
    pub supports_threads: bool,
    /// Where the facts come from, and what is assumed.
    pub source: String,
}

impl NetworkProfile {
    /// This profile with another length limit (a style-guide override).
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// A row of the built-in table: the compact form of a [`NetworkProfile`].
struct Row {
    id: &'static str,
    name: &'static str,
    limit: usize,
    counting: CountingRule,
    byte_limit: Option<usize>,
    url_length: Option<usize>,
    hashtag_limit: Option<usize>,
    supports_threads: bool,
    source: &'static str,
}

use CountingRule::*;

/// The built-in table. Limits and rules: `shared/reference/networks.md`.
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
const BUILTIN: &[Row] = &[
    Row { id: "x", name: "X", limit: 280, counting: TwitterWeighted, byte_limit: None, url_length: Some(23), hashtag_limit: None, supports_threads: true, source: "docs.x.com counting characters; twitter-text config v3" },
    Row { id: "bluesky", name: "Bluesky", limit: 300, counting: Graphemes, byte_limit: Some(3000), url_length: None, hashtag_limit: Some(8), supports_threads: true, source: "atproto lexicon app.bsky.feed.post; @atproto/api RichText graphemeLength" },
    Row { id: "mastodon", name: "Mastodon", limit: 500, counting: MastodonChars, byte_limit: None, url_length: Some(23), hashtag_limit: None, supports_threads: true, source: "Mastodon compose counter (instance default 500)" },
    Row { id: "threads", name: "Threads", limit: 500, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: Some(1), supports_threads: true, source: "Threads help; counted as code points (no published rule)" },
    Row { id: "linkedin", name: "LinkedIn", limit: 3000, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: None, supports_threads: false, source: "LinkedIn help; counted as code points (no published rule)" },
    Row { id: "linkedin-comment", name: "LinkedIn comment", limit: 1250, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: None, supports_threads: false, source: "LinkedIn help; counted as code points (no published rule)" },
    Row { id: "facebook", name: "Facebook", limit: 63206, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: None, supports_threads: false, source: "Facebook help; counted as code points (no published rule)" },
    Row { id: "instagram", name: "Instagram", limit: 2200, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: Some(5), supports_threads: false, source: "Instagram help (caption); 5 hashtags since Dec 2025; counted as code points" },
    Row { id: "youtube", name: "YouTube", limit: 10000, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: None, supports_threads: false, source: "YouTube help (comment); counted as code points (no published rule)" },
    Row { id: "tiktok", name: "TikTok", limit: 4000, counting: CodePoints, byte_limit: None, url_length: None, hashtag_limit: None, supports_threads: false, source: "TikTok help (caption); counted as code points (no published rule)" },
];

impl From<&Row> for NetworkProfile {
    fn from(r: &Row) -> Self {
        NetworkProfile {
            id: r.id.to_string(),
            name: r.name.to_string(),
            limit: r.limit,
            counting: r.counting,
            byte_limit: r.byte_limit,
            url_length: r.url_length,
            hashtag_limit: r.hashtag_limit,
            supports_threads: r.supports_threads,
            source: r.source.to_string(),
        }
    }
}

/// The identifiers of every built-in network, in table order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|r| r.id)
}

/// The built-in profile for `id`, or `None` if Porte-voix does not know that network.
pub fn builtin(id: &str) -> Option<NetworkProfile> {
    BUILTIN.iter().find(|r| r.id == id).map(NetworkProfile::from)
}

/// Every built-in profile, in table order.
pub fn all() -> Vec<NetworkProfile> {
    BUILTIN.iter().map(NetworkProfile::from).collect()
}

/// The error for an unknown network id, listing the ones that exist.
pub fn unknown_network_message(id: &str) -> String {
    let known: Vec<&str> = ids().collect();
    format!("unknown network '{id}'. Use one of: {}", known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_network_of_the_design_is_known() {
        for id in [
            "x",
            "bluesky",
            "mastodon",
            "threads",
            "linkedin",
            "linkedin-comment",
            "facebook",
            "instagram",
            "youtube",
            "tiktok",
        ] {
            assert!(builtin(id).is_some(), "{id} missing");
        }
        assert_eq!(builtin("x").unwrap().limit, 280);
        assert_eq!(builtin("instagram").unwrap().hashtag_limit, Some(5));
        assert!(builtin("myspace").is_none());
        assert!(unknown_network_message("myspace").contains("bluesky"));
    }

    #[test]
    fn guide_can_override_a_limit() {
        let m = builtin("mastodon").unwrap().with_limit(1000);
        assert_eq!(m.limit, 1000);
        assert_eq!(m.counting, CountingRule::MastodonChars);
    }
}
