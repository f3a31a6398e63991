//! Arguments of `collect`.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

/// Makes the reads `diagnose` (of a user, or of the pool with no user; with `--all-users`, `audit`)
/// makes, read-only, and writes them as one JSON bundle for someone without access to diagnose
/// offline (`diagnose --bundle`, `audit --bundle`).
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("who").required(false).args(["username", "email", "sub", "all_users"])))]
pub struct CollectArgs {
    /// The user pool id, such as eu-west-1_AbC123
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The user's username
    #[arg(long, value_name = "U")]
    pub username: Option<String>,

    /// The user's email address
    #[arg(long, value_name = "E")]
    pub email: Option<String>,

    /// The user's sub
    #[arg(long, value_name = "S")]
    pub sub: Option<String>,

    /// Every user: the reads of `audit`, paced like it, streamed to the file
    #[arg(long)]
    pub all_users: bool,

    /// The bundle to write (mode 0600, written whole or not at all)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Keep usernames, addresses, subs, phone numbers and names as they are (by default each
    /// becomes a keyed token, the same value the same token throughout)
    #[arg(long)]
    pub no_pseudonyms: bool,

    /// Keep the key and the names it hides in this file (mode 0600), to read the engineer's
    /// fixes with real names (`diagnose --bundle B --key FILE`); keep it, do not send it
    #[arg(long, value_name = "FILE", conflicts_with = "no_pseudonyms")]
    pub key_out: Option<PathBuf>,

    /// How far back the user's CloudTrail history and delivery errors are read (as diagnose)
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = super::diagnose::since)]
    pub since: std::time::Duration,

    /// With --all-users: most ListUsers calls per second (as audit)
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub max_rps: f64,

    /// With --all-users: partitions scanned at once (as audit)
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub parallel: u16,
}
