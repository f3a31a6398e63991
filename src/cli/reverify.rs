//! Arguments of `reverify` (cause 1).

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::change::ChangeArgs;

/// Three ways to verify: `--admin` (AdminUpdateUserAttributes email_verified=true),
/// `--send-code` (GetUserAttributeVerificationCode) or `--code-file`/`--code`
/// (VerifyUserAttribute). The user-side ways take the user's access token from a file, stdin or
/// COGNITO_ACCESS_TOKEN, never from an argument.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["admin", "send_code", "code", "code_file"])))]
pub struct ReverifyArgs {
    /// Administrator path: set email_verified=true with AdminUpdateUserAttributes
    #[arg(long, requires = "user_pool_id")]
    pub admin: bool,

    /// With --admin: many users, from `audit -o json` output (the users whose findings call for
    /// an administrator's reverify) or one username per line; `-` for stdin
    #[arg(
        long,
        value_name = "FILE",
        requires = "admin",
        conflicts_with = "username"
    )]
    pub from: Option<PathBuf>,

    /// With --from: most AdminUpdateUserAttributes calls a second, 0.1 to 25 (the UserUpdate
    /// quota is 25 a second per account, shared with your application)
    #[arg(long, value_name = "N", default_value_t = 10.0, requires = "from")]
    pub max_rps: f64,

    /// With --admin: go ahead even though another user holds this email as a verified alias
    /// (that user's email becomes unverified)
    #[arg(long, requires = "admin")]
    pub take_alias: bool,

    /// Go ahead even though the fix will be undone: the user is federated and its provider maps
    /// email but not email_verified (or could not be read), so its next sign-in reverts it
    #[arg(long)]
    pub anyway: bool,

    /// The user pool id (with --admin)
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,

    /// The username (with --admin)
    #[arg(long, value_name = "U")]
    pub username: Option<String>,

    /// User path: send the user a verification code (again if the last one expired)
    #[arg(long)]
    pub send_code: bool,

    /// User path: submit the code the user received. Prefer --code-file: arguments are visible
    /// to other local users and end up in shell history
    #[arg(long, value_name = "CODE", hide_env_values = true)]
    pub code: Option<String>,

    /// User path: read the code the user received from a file (`-` for stdin)
    #[arg(long, value_name = "F")]
    pub code_file: Option<PathBuf>,

    /// The user's access token, from a file (`-` for stdin) [env: COGNITO_ACCESS_TOKEN]
    #[arg(long, value_name = "F")]
    pub access_token_file: Option<PathBuf>,

    #[command(flatten)]
    pub change: ChangeArgs,
}
