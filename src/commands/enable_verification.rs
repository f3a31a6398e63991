//! `enable-verification`: add email to AutoVerifiedAttributes, carrying over every other setting.

use crate::aws;
use crate::change::drive::{self, Pacing};
use crate::cli::EnableVerificationArgs;
use crate::context::Context;
use crate::error::{ExitCode, Result};
use crate::fixes::enable_verification::EnableVerification;
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &EnableVerificationArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let fix = EnableVerification {
        client: &client,
        target: &target,
    };
    let pacing = Pacing::new(drive::ONE_CHANGE_RPS, drive::READ_RPS);
    let sink = g.printer(&a.change, false);
    drive::one(&fix, pool_id, &pacing.run(&journal, 1), &sink).await
}
