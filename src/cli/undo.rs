//! Arguments of `undo`.

use std::path::PathBuf;

use clap::Args;

/// Put back what a journal's changes changed: the `before` values of every applied change,
/// newest first, each only where the current value is still the journal's `after`.
#[derive(Debug, Clone, Args)]
pub struct UndoArgs {
    /// The journal to undo (printed by the run that made the changes)
    #[arg(long, value_name = "F")]
    pub journal: PathBuf,

    /// Most calls a second: 0.1 to 25 (AdminUpdateUserAttributes allows 25 a second per
    /// account, shared with your application)
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub max_rps: f64,

    /// Put them back without asking (required when not on a terminal)
    #[arg(short = 'y', long, conflicts_with = "dry_run")]
    pub yes: bool,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The journal of this undo's own changes [default: a new file beside the others]
    #[arg(long, value_name = "F")]
    pub record: Option<PathBuf>,
}
