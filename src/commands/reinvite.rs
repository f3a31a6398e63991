//! `reinvite`: send the invitation again (AdminCreateUser, MessageAction RESEND) to a user who
//! never used it, or, with `--from`, to every such user of an audit, paced under the UserCreation
//! quota. A rerun given the same `--journal` does only what is left.

use crate::aws::{self, fetch};
use crate::change::bulk;
use crate::change::drive::{self, Pacing};
use crate::cli::ReinviteArgs;
use crate::context::Context;
use crate::error::{ExitCode, Result};
use crate::fixes::reinvite::Reinvite;
use crate::rules::{codes_fixed_by, Fixer};
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &ReinviteArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let many = a.from.is_some();
    let (rps, opts) = drive::pace_of(many, aws::pace::Quota::UserCreation, a.max_rps)?;
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let names = bulk::targets(
        a.username.as_deref(),
        a.from.as_deref(),
        &codes_fixed_by(Fixer::Reinvite),
        pool_id.as_str(),
        "invite again (audit lines with invite-not-accepted or invite-expired, or one username per line)",
        "give --username U (one user) or --from FILE (many)",
    )?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &opts).await?;
    let pool = fetch::describe_pool(&client, &pool_id).await?.pool;
    let fix = Reinvite {
        client: &client,
        pool: &pool,
        target: &target,
        journal: journal.existing().map(|j| j.entries()).unwrap_or_default(),
        from: a.from.as_deref(),
    };
    let pacing = Pacing::new(rps, drive::READ_RPS);
    let run = pacing.run(&journal, drive::IN_FLIGHT);
    let stdin = a.from.as_deref().is_some_and(|f| f.as_os_str() == "-");
    let sink = g.printer(&a.change, stdin);
    drive::users(&fix, names, many, &run, &sink).await
}
