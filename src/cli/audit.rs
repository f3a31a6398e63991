//! Arguments of `audit`.

use clap::{ArgGroup, Args};

use super::scope::ScopeArgs;

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("pools").required(true).multiple(true).args(["user_pool_id", "all_pools", "bundle"])))]
pub struct AuditArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,

    /// Every pool in scope (--regions, --profiles, --accounts), each audited as one pool is;
    /// account and region pairs at once (--max-scopes), the pools of one pair one after another
    /// (they share its ListUsers quota)
    #[arg(long)]
    pub all_pools: bool,

    /// Most ListUsers calls per second, across every partition: 0.1 to 30. ListUsers allows 30
    /// per second per account, shared with your application: the default leaves two thirds to it.
    /// With --all-pools, in each account and region
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub max_rps: f64,

    /// Partitions scanned at once (by sub prefix, under the one rate limit); 1 = one
    /// sequential scan. Enough to keep the rate when each call takes a few hundred ms
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub parallel: u16,

    /// Resume an interrupted scan from the token it printed (one token for every partition; with
    /// --all-pools, one for the pools done and where each stopped)
    #[arg(long, value_name = "TOKEN", allow_hyphen_values = true)]
    pub starting_token: Option<String>,

    /// Audit offline from a bundle `collect --all-users` wrote: every read answered from it, no
    /// credentials, no network
    #[arg(long, value_name = "FILE", conflicts_with_all = ["all_pools", "starting_token"])]
    pub bundle: Option<std::path::PathBuf>,

    /// The key file `collect --key-out` wrote: the real names in place of the bundle's tokens
    #[arg(long, value_name = "FILE", requires = "bundle")]
    pub key: Option<std::path::PathBuf>,

    /// Users per ListUsers page (1 to 60)
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(i32).range(1..=60))]
    pub page_size: i32,

    #[command(flatten)]
    pub scope: ScopeArgs,
}
