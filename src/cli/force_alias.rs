//! Arguments of `force-alias` (cause 2).

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::change::ChangeArgs;

#[derive(Debug, Clone, Args)]
pub struct ForceAliasArgs {
    #[command(subcommand)]
    pub command: ForceAliasCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ForceAliasCommand {
    /// Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false
    /// with --deny (the other user keeps it; AliasExistsException is the expected answer)
    Confirm(ConfirmArgs),
    /// Create a user as an administrator with a verified email another user may hold
    /// (AdminCreateUser, email_verified=True, ForceAliasCreation=True)
    Create(CreateArgs),
}

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("the_code").required(true).args(["code", "code_file"])))]
pub struct ConfirmArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The app client the user signed up through
    #[arg(long, value_name = "C")]
    pub client_id: String,

    /// The username of the unconfirmed user
    #[arg(long, value_name = "U")]
    pub username: String,

    /// The confirmation code. Prefer --code-file: arguments end up in shell history
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,

    /// Read the confirmation code from a file (`-` for stdin)
    #[arg(long, value_name = "F")]
    pub code_file: Option<PathBuf>,

    /// Deny: ForceAliasCreation=false, so the user holding the alias keeps it
    #[arg(long)]
    pub deny: bool,

    /// The app client's secret, for SECRET_HASH, from a file (`-` for stdin)
    /// [env: COGNITO_CLIENT_SECRET]
    #[arg(long, value_name = "F")]
    pub client_secret_file: Option<PathBuf>,

    #[command(flatten)]
    pub change: ChangeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageAction {
    /// Do not send the invitation message
    Suppress,
    /// Send the invitation again to an existing user
    Resend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeliveryMedium {
    Email,
    Sms,
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The new user's username
    #[arg(long, value_name = "U")]
    pub username: String,

    /// The email address, created verified; the alias moves from any user who holds it
    #[arg(long, value_name = "E")]
    pub email: String,

    /// As the AWS CLI's --message-action: SUPPRESS or RESEND (default: send the invitation)
    #[arg(long, value_enum, value_name = "ACTION")]
    pub message_action: Option<MessageAction>,

    /// As the AWS CLI's --desired-delivery-mediums
    #[arg(long, value_enum, value_delimiter = ',', value_name = "MEDIUM")]
    pub desired_delivery_mediums: Vec<DeliveryMedium>,

    /// The temporary password, from a file (`-` for stdin); Cognito generates one when absent
    #[arg(long, value_name = "F")]
    pub temporary_password_file: Option<PathBuf>,

    #[command(flatten)]
    pub change: ChangeArgs,
}
