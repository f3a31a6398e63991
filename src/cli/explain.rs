//! Arguments of `explain`.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The finding code, such as email-changed-unverified
    #[arg(required_unless_present = "list", value_name = "CODE")]
    pub code: Option<String>,

    /// List every finding code with its title
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}
