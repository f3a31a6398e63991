//! Arguments of `map-idp` (cause 3).

use clap::Args;

use super::change::ChangeArgs;

#[derive(Debug, Clone, Args)]
pub struct MapIdpArgs {
    /// The user pool id
    #[arg(long, value_name = "ID")]
    pub user_pool_id: String,

    /// The identity provider's name in the pool
    #[arg(long, value_name = "NAME")]
    pub provider_name: String,

    /// The provider claim to map to email_verified. Default: email_verified for OIDC, Google and
    /// Sign in with Apple; required for SAML, Facebook and Login with Amazon, which have no
    /// standard claim
    #[arg(long, value_name = "CLAIM")]
    pub claim: Option<String>,

    #[command(flatten)]
    pub change: ChangeArgs,
}
