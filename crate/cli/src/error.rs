//! The error type every command returns: a message a user can act on.

use std::fmt;

/// A failure to report to the user, already phrased as what went wrong, where, and what to do.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl CliError {
    /// Builds an error from any message.
    pub fn new(message: impl Into<String>) -> Self {
        CliError(message.into())
    }
}
