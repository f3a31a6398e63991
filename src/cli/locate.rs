//! Arguments of `locate`.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::scope::ScopeArgs;

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("key").required(true).multiple(false)))]
pub struct LocateArgs {
    /// The user's email address (searched as given and in lowercase)
    #[arg(long, value_name = "EMAIL", group = "key")]
    pub email: Option<String>,

    /// The username
    #[arg(
        long,
        value_name = "USERNAME",
        group = "key",
        allow_hyphen_values = true
    )]
    pub username: Option<String>,

    /// The user's sub
    #[arg(long, value_name = "SUB", group = "key")]
    pub sub: Option<String>,

    /// A file holding the user's ID token (`-`: stdin): its issuer names the pool, no search;
    /// the token is never printed
    #[arg(long, value_name = "FILE", group = "key")]
    pub token_file: Option<PathBuf>,

    /// An app client id: the pool that has it
    #[arg(long, value_name = "ID", group = "key")]
    pub client_id: Option<String>,

    /// A hosted UI domain (its prefix, or a custom domain): the pool that has it
    #[arg(long, value_name = "DOMAIN", group = "key")]
    pub domain: Option<String>,

    /// Most ListUsers calls per second in each account and region, 0.1 to 30 (the quota is per
    /// account and region, shared with your application)
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub max_rps: f64,

    #[command(flatten)]
    pub scope: ScopeArgs,
}
