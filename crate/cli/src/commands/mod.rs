//! One module per subcommand.

pub mod check;
pub mod count;
pub mod entities;
pub mod fix;
pub mod guide;
pub mod history;
pub mod networks;
pub mod plan;
pub mod plan_conflicts;
pub mod plan_io;
pub mod report;
pub mod split;
pub mod suggest;
pub mod sync;
