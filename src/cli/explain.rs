//! Arguments of `explain`.

use clap::Args;

/// The long explanation of a finding code; the list of codes; or, from an error message a user,
/// an app or a log showed, the codes that likely caused it.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The finding code, such as email-changed-unverified
    #[arg(required_unless_present_any = ["list", "error"], value_name = "CODE")]
    pub code: Option<String>,

    /// List every finding code with its title
    #[arg(long, conflicts_with_all = ["code", "error"])]
    pub list: bool,

    /// Start from the symptom: the error message or exception name the user, app or log showed
    /// (`-` reads it from stdin); prints the likely codes, best first, and how to confirm each
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "code",
        allow_hyphen_values = true
    )]
    pub error: Option<String>,
}
