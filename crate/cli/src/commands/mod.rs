//! One module per subcommand.

pub mod count;
pub mod entities;
pub mod networks;
pub mod split;
