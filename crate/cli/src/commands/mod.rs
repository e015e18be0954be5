//! One module per subcommand.

pub mod check;
pub mod fix;
pub mod guide;
pub mod count;
pub mod entities;
pub mod networks;
pub mod split;
