//! The validated style guide: plain data, already checked, ready to compile.

use serde::{Deserialize, Serialize};

/// Severity of a finding, as in Vale: `suggestion` < `warning` < `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth a look; never blocks.
    Suggestion,
    /// Against the editorial line; should be fixed.
    Warning,
    /// Must be fixed before publishing (the CLI exits 1).
    Error,
}

impl Level {
    /// The level as written in guides and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `suggestion`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "suggestion" => Some(Level::Suggestion),
            _ => None,
        }
    }
}

pub use crate::lang::Lang;
use crate::plan::analysis::conflicts::AllowedHours;

/// A whole style guide.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// Format version (1).
    pub version: u32,
    /// Who speaks and how.
    pub brand: Brand,
    /// Networks used and their per-network settings.
    pub networks: Networks,
    /// Word lists.
    pub terms: Terms,
    /// Hashtag library and rules.
    pub hashtags: Hashtags,
    /// Link and disclosure rules.
    pub links: Links,
    /// When the brand posts (`[schedule]`); `None`: the planner's default hours.
    pub schedule: Option<Schedule>,
    /// Editorial pillars.
    pub pillars: Vec<Pillar>,
    /// Custom rules.
    pub rules: Vec<CustomRule>,
    /// Switches and settings of built-in checks, by check id.
    pub checks: Vec<CheckSetting>,
}

/// The `brand` section.
#[derive(Debug, Clone, Serialize)]
pub struct Brand {
    /// Brand name.
    pub name: String,
    /// Languages the brand publishes in.
    pub languages: Vec<Lang>,
    /// French form of address.
    pub voice_fr: Option<VoiceFr>,
    /// English register.
    pub voice_en: Option<VoiceEn>,
    /// Emoji rules.
    pub emoji: EmojiPolicy,
}

/// French form of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceFr {
    /// Vouvoiement.
    Vous,
    /// Tutoiement.
    Tu,
}

/// English register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceEn {
    /// No contractions, no slang.
    Formal,
    /// Contractions welcome, no stiff wording.
    Casual,
}

/// Which emoji a post may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmojiMode {
    /// No emoji at all.
    None,
    /// Only those listed in `allowed`.
    Listed,
    /// Any emoji.
    Any,
}

/// The `brand.emoji` table.
#[derive(Debug, Clone, Serialize)]
pub struct EmojiPolicy {
    /// Which emoji are allowed.
    pub policy: EmojiMode,
    /// The allowed emoji when `policy = "listed"`.
    pub allowed: Vec<String>,
    /// Most emoji per post.
    pub max_per_post: Option<usize>,
}

/// The `networks` section.
#[derive(Debug, Clone, Serialize)]
pub struct Networks {
    /// Network ids the brand publishes on.
    pub used: Vec<String>,
    /// Settings for every network unless overridden.
    pub defaults: NetworkSettings,
    /// Per-network settings, by network id.
    pub overrides: Vec<(String, NetworkSettings)>,
    /// Accounts that may be mentioned when `mentions = "listed"` (without `@`).
    pub listed_mentions: Vec<String>,
}

/// Who may be mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionPolicy {
    /// Anyone.
    Allowed,
    /// No one.
    None,
    /// Only accounts in `networks.listed_mentions`.
    Listed,
}

/// Settings that can be given for all networks or one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NetworkSettings {
    /// Length limit replacing the built-in one.
    pub limit: Option<usize>,
    /// Shortest ideal length.
    pub ideal_min: Option<usize>,
    /// Longest ideal length.
    pub ideal_max: Option<usize>,
    /// Most hashtags per post.
    pub max_hashtags: Option<usize>,
    /// Mentions policy.
    pub mentions: Option<MentionPolicy>,
    /// Most mentions per post.
    pub max_mentions: Option<usize>,
    /// Fewest minutes between two posts on the network (replaces the planner's default).
    pub min_gap_minutes: Option<u32>,
    /// Most posts a local day on the network (replaces the planner's default).
    pub max_per_day: Option<u32>,
}

/// The `schedule` section: the days and hours the brand posts, in each post's own time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// Allowed local hours per weekday, Monday first; `None` closes the day.
    pub hours: AllowedHours,
}

/// A word to avoid and what to write instead.
#[derive(Debug, Clone, Serialize)]
pub struct AvoidTerm {
    /// Word or phrase to avoid.
    pub term: String,
    /// Suggested replacements (may be empty).
    pub replacements: Vec<String>,
}

/// The `terms` section.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Terms {
    /// Words to avoid.
    pub avoid: Vec<AvoidTerm>,
    /// Required spellings ("Porte-voix", "iPhone").
    pub spellings: Vec<String>,
    /// Competitor names.
    pub competitors: Vec<String>,
    /// Sensitive words needing an approver.
    pub sensitive: Vec<String>,
    /// Who approves sensitive posts.
    pub approver: Option<String>,
}

/// Hashtag capitalisation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HashtagCase {
    /// `#RoueLibre` (accessible to screen readers).
    Camel,
    /// `#rouelibre`.
    Lower,
    /// No rule.
    Any,
}

/// One tag of the hashtag library.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryTag {
    /// The tag without `#`.
    pub tag: String,
    /// Topics or keywords it goes with.
    pub topics: Vec<String>,
    /// Networks it is meant for (empty: all).
    pub networks: Vec<String>,
}

/// The `hashtags` section.
#[derive(Debug, Clone, Serialize)]
pub struct Hashtags {
    /// Approved tags.
    pub library: Vec<LibraryTag>,
    /// Tags never to use (without `#`).
    pub banned: Vec<String>,
    /// Tags required by campaign id.
    pub campaigns: Vec<(String, Vec<String>)>,
    /// Most hashtags per post.
    pub max_per_post: Option<usize>,
    /// Capitalisation style.
    pub case: HashtagCase,
    /// How many hashtags piled at the end make a "wall".
    pub wall_min: usize,
}

/// Whether link shorteners may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShortenerPolicy {
    /// Shortened links are fine.
    Allowed,
    /// Use full links.
    Forbidden,
}

/// The `links` section.
#[derive(Debug, Clone, Serialize)]
pub struct Links {
    /// The brand's own domains (subdomains included).
    pub domains: Vec<String>,
    /// UTM parameters every link to those domains must carry.
    pub utm_required: Vec<String>,
    /// Values proposed for missing UTM parameters (`{network}` is replaced by the network id).
    pub utm_defaults: Vec<(String, String)>,
    /// Shortener policy.
    pub shorteners: ShortenerPolicy,
    /// Hosts counted as shorteners.
    pub shortener_hosts: Vec<String>,
    /// Markers that disclose a sponsored post (`#ad`, `Publicité`).
    pub disclosure_markers: Vec<String>,
}

/// An editorial pillar with its target share of posts.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Pillar {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Target share of posts, in percent.
    pub share: u32,
    /// Keywords that tie a post to the pillar.
    pub keywords: Vec<String>,
}

/// What part of the post a custom rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The whole post.
    Post,
    /// Each sentence.
    Sentence,
    /// The hashtags only.
    Hashtags,
}

/// A message in both interface languages.
#[derive(Debug, Clone, Serialize)]
pub struct Messages {
    /// French text.
    pub fr: String,
    /// English text.
    pub en: String,
}

impl Messages {
    /// The text for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// Capitalisation expected by a `capitalization` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CapStyle {
    /// First letter upper case.
    Sentence,
    /// All lower case.
    Lower,
    /// All upper case.
    Upper,
    /// Each word capitalised and glued (`RoueLibre`).
    Camel,
}

/// Readability formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Kandel-Moles for French, Flesch for English.
    Auto,
    /// Flesch reading ease.
    Flesch,
    /// Kandel-Moles (Flesch adapted to French).
    KandelMoles,
}

/// The Vale family of a custom rule and its parameters.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RuleKind {
    /// Flags every occurrence of a token.
    Existence {
        /// Words or phrases.
        tokens: Vec<String>,
    },
    /// Flags a token and proposes its replacement.
    Substitution {
        /// `(found, replacement)` pairs.
        swap: Vec<(String, String)>,
        /// Whether `fix` may apply the replacement unattended.
        autofix: bool,
    },
    /// Bounds how often tokens appear per scope.
    Occurrence {
        /// Words or phrases counted together.
        tokens: Vec<String>,
        /// Fewest occurrences.
        min: Option<usize>,
        /// Most occurrences.
        max: Option<usize>,
    },
    /// Flags a token repeated back to back (any word when `tokens` is empty).
    Repetition {
        /// Words watched (empty: all).
        tokens: Vec<String>,
    },
    /// Flags mixing variants of one word in a post.
    Consistency {
        /// Groups of variants; the first one used wins.
        groups: Vec<Vec<String>>,
    },
    /// Requires a capitalisation style.
    Capitalization {
        /// Expected style.
        style: CapStyle,
    },
    /// If a token appears, another must too.
    Conditional {
        /// Trigger tokens.
        when: Vec<String>,
        /// Tokens of which one must then appear.
        then: Vec<String>,
    },
    /// Minimum readability score.
    Readability {
        /// Formula.
        metric: Metric,
        /// Lowest acceptable score.
        min_score: f64,
    },
}

/// A custom rule from `[[rules]]`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomRule {
    /// Rule id (findings report it as `custom.<id>`).
    pub id: String,
    /// Family and parameters.
    pub kind: RuleKind,
    /// Severity.
    pub level: Level,
    /// Message (`{match}` is replaced by the matched text, `{replacement}` by the replacement).
    pub message: Messages,
    /// What the rule looks at.
    pub scope: Scope,
    /// Only for posts in this language (all when `None`).
    pub lang: Option<Lang>,
}

/// A `[checks]` entry: switch, level and options of one built-in check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckSetting {
    /// Built-in check id.
    pub id: String,
    /// `false` switches the check off.
    pub enabled: bool,
    /// Level replacing the default.
    pub level: Option<Level>,
    /// Numeric options (`max_words`, `min_score`...).
    pub numbers: Vec<(String, f64)>,
    /// List options (`allow`).
    pub lists: Vec<(String, Vec<String>)>,
}
