//! `reinvite`: send the invitation again (AdminCreateUser, MessageAction RESEND) to a user who
//! never used it, or, with `--from`, to every such user of an audit, paced under the UserCreation
//! quota. A rerun given the same `--journal` does only what is left.

use crate::aws::{self, fetch};
use crate::change::bulk;
use crate::change::drive::{self, Pacing};
use crate::cli::ReinviteArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fixes::reinvite::Reinvite;
use crate::rules::{codes_fixed_by, Fixer};
use crate::settings::UserPoolId;

/// The users to invite: one (`--username`), or the list of `--from` (of a fleet's audit, the
/// lines of `pool`).
fn users(a: &ReinviteArgs, pool: &str) -> Result<Vec<String>> {
    match (&a.username, &a.from) {
        (Some(u), None) if !u.trim().is_empty() => Ok(vec![u.clone()]),
        (None, Some(from)) => {
            let names = bulk::usernames_from(from, &codes_fixed_by(Fixer::Reinvite), pool)?;
            // With --redact, every name of the list is masked wherever it appears.
            names.iter().for_each(|n| crate::redact::remember_user(n));
            if names.is_empty() {
                return Err(Error::usage(format!(
                    "{} names no user to invite again (audit lines with invite-not-accepted or invite-expired, or one username per line)",
                    from.display()
                )));
            }
            Ok(names)
        }
        _ => Err(Error::usage(
            "give --username U (one user) or --from FILE (many)",
        )),
    }
}

pub async fn run(g: &Context, a: &ReinviteArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let many = a.from.is_some();
    let rps = match many {
        true => aws::pace::Quota::UserCreation
            .check(a.max_rps)
            .map_err(Error::usage)?,
        false => drive::ONE_CHANGE_RPS,
    };
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let names = users(a, pool_id.as_str())?;
    let target = g.target(Some(&pool_id))?;
    let opts = if many {
        aws::ClientOptions::paced()
    } else {
        aws::ClientOptions::default()
    };
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
    match many {
        true => {
            drive::many(
                &fix,
                names.into_iter().map(|n| vec![n]).collect(),
                &run,
                &sink,
            )
            .await
        }
        false => drive::one(&fix, names[0].clone(), &run, &sink).await,
    }
}
