//! One module per subcommand.

pub mod history;
pub mod networks;
pub mod suggest;
