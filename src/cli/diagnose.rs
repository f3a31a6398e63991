//! Arguments of `diagnose`.

use clap::{ArgGroup, Args};

/// One user, or with no user the pool's own settings: verification, delivery, recovery, link
/// mode, app clients and identity providers.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("who").required(false).args(["username", "email", "sub", "id_token_file"])))]
#[command(group(ArgGroup::new("pool").required(true).multiple(true).args(["user_pool_id", "id_token_file", "bundle", "pool_json"])))]
pub struct DiagnoseArgs {
    /// The user pool id, such as eu-west-1_AbC123 (with --id-token-file, the token names it)
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,

    /// The user's username (or an alias the pool accepts in its place)
    #[arg(long, value_name = "U")]
    pub username: Option<String>,

    /// The user's email address (when several users share it, the one whose email is unverified)
    #[arg(long, value_name = "E")]
    pub email: Option<String>,

    /// The user's sub (its immutable id)
    #[arg(long, value_name = "S")]
    pub sub: Option<String>,

    /// The user's ID token, in a file (`-` for stdin): its issuer names the region and pool,
    /// its sub the user, and its email claims are compared with the pool's. Decoded, never
    /// verified against the network, never printed
    #[arg(long, value_name = "F")]
    pub id_token_file: Option<std::path::PathBuf>,

    /// How far back to read every time-bound record: the user's CloudTrail history (90 days at
    /// most) and the delivery errors the pool exports to CloudWatch Logs; such as 30d, 36h or 90m
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = since)]
    pub since: std::time::Duration,

    /// Diagnose offline from a bundle `collect` wrote: every read answered from it, no
    /// credentials, no network; the user is the bundle's unless one is given (by its token)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["id_token_file", "pool_json"])]
    pub bundle: Option<std::path::PathBuf>,

    /// The key file `collect --key-out` wrote: the real names in place of the bundle's tokens
    #[arg(long, value_name = "FILE", requires = "bundle")]
    pub key: Option<std::path::PathBuf>,

    /// Offline from pasted AWS CLI output: `aws cognito-idp describe-user-pool` output; what is
    /// not given is listed under unavailable (kind not-given)
    #[arg(long, value_name = "FILE", conflicts_with = "id_token_file")]
    pub pool_json: Option<std::path::PathBuf>,

    /// With --pool-json: `aws cognito-idp admin-get-user` output (the user diagnosed)
    #[arg(long, value_name = "FILE", requires = "pool_json")]
    pub user_json: Option<std::path::PathBuf>,

    /// With --pool-json: `list-user-pool-clients` or `describe-user-pool-client` output
    #[arg(long, value_name = "FILE", requires = "pool_json")]
    pub clients_json: Option<std::path::PathBuf>,

    /// With --pool-json: `describe-identity-provider` output
    #[arg(long, value_name = "FILE", requires = "pool_json")]
    pub providers_json: Option<std::path::PathBuf>,
}

/// A positive duration of at most a year (CloudWatch Logs keeps what the group's retention
/// says; a window longer than that finds nothing more).
pub fn since(text: &str) -> Result<std::time::Duration, String> {
    let d = humantime::parse_duration(text)
        .map_err(|e| format!("{e}; give a duration such as 7d, 36h or 90m"))?;
    if d.is_zero() || d > std::time::Duration::from_secs(366 * 86_400) {
        return Err("give a duration above zero and at most a year, such as 7d".into());
    }
    Ok(d)
}
