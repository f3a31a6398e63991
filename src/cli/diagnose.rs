//! Arguments of `diagnose`.

use clap::{ArgGroup, Args};

/// One user, or with no user the pool's own settings: verification, delivery, recovery, link
/// mode, app clients and identity providers.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("who").required(false).args(["username", "email", "sub"])))]
pub struct DiagnoseArgs {
    /// The user pool id, such as eu-west-1_AbC123
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The user's username (or an alias the pool accepts in its place)
    #[arg(long, value_name = "U")]
    pub username: Option<String>,

    /// The user's email address (when several users share it, the one whose email is unverified)
    #[arg(long, value_name = "E")]
    pub email: Option<String>,

    /// The user's sub (its immutable id)
    #[arg(long, value_name = "S")]
    pub sub: Option<String>,
}
