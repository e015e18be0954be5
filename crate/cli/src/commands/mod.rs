//! One module per subcommand.

pub mod check;
pub mod fix;
pub mod guide;
pub mod networks;
