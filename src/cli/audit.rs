//! Arguments of `audit`.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// Most ListUsers calls per second. ListUsers allows 30 per second per account, shared with
    /// your application: stay well under it
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub max_rps: f64,

    /// Resume an interrupted scan from the token it printed
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// Users per ListUsers page (1 to 60)
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(i32).range(1..=60))]
    pub page_size: i32,
}
