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
}
