//! The scope options of `locate` and `audit --all-pools`: which regions, credential sets and
//! accounts to read.

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Scope")]
pub struct ScopeArgs {
    /// Regions to search, comma-separated, or `all` (every region Cognito user pools are offered
    /// in, narrowed to the account's enabled regions when account:ListRegions can be read);
    /// default: --region
    #[arg(long, value_name = "LIST|all", value_delimiter = ',')]
    pub regions: Vec<String>,

    /// Credential sets to search with, one per named profile, comma-separated, or `all` (every
    /// profile of the AWS config files); default: --profile or the default chain
    #[arg(long, value_name = "LIST|all", value_delimiter = ',')]
    pub profiles: Vec<String>,

    /// Accounts to search by assuming --role-name in each: account ids (comma-separated), a
    /// file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)
    #[arg(long, value_name = "LIST|FILE|organization", requires = "role_name")]
    pub accounts: Option<String>,

    /// The role assumed in each account of --accounts
    /// (arn:PARTITION:iam::ACCOUNT:role/NAME)
    #[arg(long, value_name = "NAME", requires = "accounts")]
    pub role_name: Option<String>,

    /// Account and region pairs read at once, each at its own quota (1 to 64)
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_scopes: u16,
}

impl ScopeArgs {
    /// The first scope option given (`--max-scopes` aside, whose default cannot be told from a
    /// value given), for the sentence that refuses it where it has no meaning.
    pub fn first_given(&self) -> Option<&'static str> {
        match self {
            ScopeArgs { regions, .. } if !regions.is_empty() => Some("--regions"),
            ScopeArgs { profiles, .. } if !profiles.is_empty() => Some("--profiles"),
            ScopeArgs {
                accounts: Some(_), ..
            } => Some("--accounts"),
            ScopeArgs {
                role_name: Some(_), ..
            } => Some("--role-name"),
            _ => None,
        }
    }
}
