//! Arguments of `enable-verification`.

use clap::Args;

use super::change::ChangeArgs;

#[derive(Debug, Clone, Args)]
pub struct EnableVerificationArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    #[command(flatten)]
    pub change: ChangeArgs,
}
