//! The command line as clap parses it: raw values only, validated later in `settings`.

use clap::{Args, Parser, Subcommand};

pub mod audit;
pub mod change;
pub mod collect;
pub mod completions;
pub mod diagnose;
pub mod enable_verification;
pub mod explain;
pub mod force_alias;
pub mod line;
pub mod locate;
pub mod map_idp;
pub mod reinvite;
pub mod reverify;
pub mod scope;
pub mod undo;

pub use audit::AuditArgs;
pub use change::ChangeArgs;
pub use collect::CollectArgs;
pub use completions::CompletionsArgs;
pub use diagnose::DiagnoseArgs;
pub use enable_verification::EnableVerificationArgs;
pub use explain::ExplainArgs;
pub use force_alias::{ForceAliasArgs, ForceAliasCommand};
pub use locate::LocateArgs;
pub use map_idp::MapIdpArgs;
pub use reinvite::ReinviteArgs;
pub use reverify::ReverifyArgs;
pub use scope::ScopeArgs;
pub use undo::UndoArgs;

/// Troubleshoot the email_verified attribute of Amazon Cognito user pool users.
///
/// Reads a user pool, names which documented cause applies (an email change, an alias held by
/// another user, a federated provider that does not map email_verified), shows the evidence and
/// prints the fix as AWS CLI and cognito-email-doctor commands. Read-only unless a fixing
/// command is given --yes.
#[derive(Debug, Parser)]
#[command(
    name = "cognito-email-doctor",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 healthy or change applied, 1 findings, 2 usage error, 3 AWS error, 4 change refused or not applied."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes, following the AWS CLI's conventions.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Named profile from the AWS config files (SSO, assume-role and the rest of the chain)
    #[arg(
        long,
        global = true,
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id's prefix
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// Another endpoint, such as a local emulator or a VPC endpoint, for every service read
    /// [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and
    /// CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and
    /// AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Output format: table for people, json for scripts (JSON Lines for audit), csv for audit
    #[arg(short, long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Never colour the output (colour is only used on a terminal) [env: NO_COLOR]
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Mask email addresses and user identifiers in the output, for pasting into tickets
    #[arg(long, global = true)]
    pub redact: bool,

    /// Seconds to wait for a connection to a service, 1 to 300
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub connect_timeout: u64,

    /// Seconds to wait for a service's answer to one request, 1 to 300; a request that gets none
    /// is sent once more, so a read of an endpoint that never answers takes about twice this
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub read_timeout: u64,

    /// Log AWS calls and their timings on stderr (-vv for more); secrets are never logged
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

pub use crate::settings::OutputFormat;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Diagnose one user (or, with no user, the pool's settings): which cause applies, with
    /// evidence and fix (read-only)
    Diagnose(DiagnoseArgs),
    /// Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)
    Audit(AuditArgs),
    /// Find where a user lives: every pool of every region and account in scope, by email,
    /// username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)
    Locate(LocateArgs),
    /// Record the reads diagnose (or audit) makes into one pseudonymised JSON bundle, for
    /// someone without access to diagnose offline (read-only)
    Collect(CollectArgs),
    /// Cause 1: mark the email verified as an administrator, or send the user a code / submit it
    Reverify(ReverifyArgs),
    /// Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user
    /// or many from an audit
    Reinvite(ReinviteArgs),
    /// Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a
    /// duplicate verified email
    ForceAlias(ForceAliasArgs),
    /// Cause 3: map the provider's email-verified claim, keeping every other mapping
    MapIdp(MapIdpArgs),
    /// Make the pool send email verification codes, carrying over every other pool setting
    EnableVerification(EnableVerificationArgs),
    /// Put back what the changes of a journal changed, newest first (plan, --yes, read-back)
    Undo(UndoArgs),
    /// Print the long explanation of a finding code
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
}

impl Command {
    /// The usernames and emails given on the command line: `--redact` masks them in every
    /// sentence, including the error printed before any user was read.
    pub fn identities(&self) -> (Vec<&str>, Vec<&str>) {
        match self {
            Command::Diagnose(a) => (
                a.username.as_deref().into_iter().collect(),
                a.email.as_deref().into_iter().collect(),
            ),
            Command::Reverify(a) => (a.username.as_deref().into_iter().collect(), Vec::new()),
            Command::Collect(a) => (
                a.username.as_deref().into_iter().collect(),
                a.email.as_deref().into_iter().collect(),
            ),
            Command::Locate(a) => (
                a.username.as_deref().into_iter().collect(),
                a.email.as_deref().into_iter().collect(),
            ),
            Command::Reinvite(a) => (a.username.as_deref().into_iter().collect(), Vec::new()),
            Command::ForceAlias(a) => match &a.command {
                ForceAliasCommand::Confirm(c) => (vec![c.username.as_str()], Vec::new()),
                ForceAliasCommand::Create(c) => (vec![c.username.as_str()], vec![c.email.as_str()]),
            },
            _ => (Vec::new(), Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_debug_assert() {
        super::Cli::command().debug_assert();
    }
}
