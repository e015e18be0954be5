//! The text engine: exact per-network counting, entity extraction and thread splitting.
//!
//! - [`count`]: a draft's length as a network measures it ([`count::Count`]).
//! - [`entities`]: hashtags, mentions, URLs, cashtags with byte and UTF-16 offsets.
//! - [`split`]: an over-long draft as a numbered thread whose every part is valid.
//!
//! Everything is hand-written scanning (no regex engine) so that the wasm build stays small and a
//! 280-character draft is counted in a few microseconds.

pub(crate) mod char_class;
mod chars;
pub mod count;
pub mod emails;
pub mod emoji;
pub mod entities;
pub(crate) mod normalize;
mod punycode;
pub mod split;
mod tlds;
pub mod twitter;
mod urls;
pub mod validate;

pub use count::{count, length, Count};
pub use emails::email_ranges;
pub use entities::{
    entities, is_valid_hashtag, is_valid_list, is_valid_username, url_ranges, Entities, Entity,
};
pub use normalize::{set_nfc_provider, set_nfd_provider, NormalizeFn};
pub use split::{split, Numbering, NumberingPosition, Part, SplitError, SplitOptions};
pub use twitter::{count_with_config, TwitterConfig, TwitterCount, WeightRange};
pub use validate::is_valid_url;
