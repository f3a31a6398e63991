//! Arguments of `reinvite`.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::change::ChangeArgs;

/// Send the invitation again (AdminCreateUser with MessageAction RESEND, by email) to users who
/// never used it (FORCE_CHANGE_PASSWORD): one user, or many from `audit -o json` output.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["username", "from"])))]
pub struct ReinviteArgs {
    /// The user pool id, such as eu-west-1_AbC123
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The user to invite again
    #[arg(long, value_name = "U")]
    pub username: Option<String>,

    /// Many users, from `audit -o json` output (the users with invite-not-accepted or
    /// invite-expired) or one username per line; `-` for stdin. Rerun with the same --journal
    /// to do only what is left
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// With --from: most AdminCreateUser calls a second, 0.1 to 50 (the UserCreation quota is
    /// 50 a second per account, shared with your application)
    #[arg(long, value_name = "N", default_value_t = 10.0, requires = "from")]
    pub max_rps: f64,

    #[command(flatten)]
    pub change: ChangeArgs,
}
