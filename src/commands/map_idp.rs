//! `map-idp`: add email_verified to a provider's attribute mapping, keeping every other mapping.

use crate::aws;
use crate::change::drive::{self, Pacing};
use crate::cli::MapIdpArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fixes::map_provider::MapProvider;
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &MapIdpArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    if a.provider_name.trim().is_empty() {
        return Err(Error::usage(
            "--provider-name is empty; give the provider's name in the pool",
        ));
    }
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let fix = MapProvider {
        client: &client,
        pool_id: pool_id.as_str(),
        target: &target,
        claim: a.claim.as_deref(),
    };
    let pacing = Pacing::new(drive::ONE_CHANGE_RPS, drive::READ_RPS);
    let sink = g.printer(&a.change, false);
    drive::one(
        &fix,
        a.provider_name.clone(),
        &pacing.run(&journal, 1),
        &sink,
    )
    .await
}
