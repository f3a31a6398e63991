//! Options every command that changes a pool shares.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ChangeArgs {
    /// Apply the change without asking (required when not on a terminal)
    #[arg(short = 'y', long, conflicts_with = "dry_run")]
    pub yes: bool,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Append the journal of this run's changes to F (JSON Lines; `undo --journal F` puts them
    /// back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]
    #[arg(long, value_name = "F")]
    pub journal: Option<std::path::PathBuf>,
}
