//! One module per subcommand.

pub mod networks;
