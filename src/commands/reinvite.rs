//! `reinvite`: send the invitation again (AdminCreateUser, MessageAction RESEND) to a user who
//! never used it, or, with `--from`, to every such user of an audit, on the one bulk runner,
//! paced under the UserCreation quota. Each user is read just before its invitation. A rerun
//! given the same `--journal` does only what is left: the users that journal shows invited are
//! skipped.

use super::change::{self, Decision, Settle};
use crate::aws::pace::{Pacer, Quota};
use crate::aws::{self, apply, fetch};
use crate::change::admin_verify::check_user_cli;
use crate::change::bulk::{self, Ended, Runner, Tally};
use crate::change::reinvite::{self as invite, Verdict};
use crate::cli::ReinviteArgs;
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Redactor, Style};
use crate::rules::{codes_fixed_by, Fixer};
use crate::settings::{AwsTarget, UserPoolId};

/// Users in flight at once in a bulk run; the pacer holds the rate.
const IN_FLIGHT: usize = 24;
/// The survey's and the run's AdminGetUser calls a second (UserRead allows 120).
const READ_RPS: f64 = 100.0;

pub async fn run(g: &super::Context, a: &ReinviteArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    crate::change::journal::check_path(a.change.journal.as_deref())?;
    let target = g.target(Some(&pool_id))?;
    match (&a.username, &a.from) {
        (Some(u), None) if !u.trim().is_empty() => one(g, a, &pool_id, &target, u).await,
        (None, Some(from)) => many(g, a, &pool_id, &target, from).await,
        _ => Err(Error::usage(
            "give --username U (one user) or --from FILE (many)",
        )),
    }
}

async fn one(
    g: &super::Context,
    a: &ReinviteArgs,
    pool_id: &UserPoolId,
    target: &AwsTarget,
    username: &str,
) -> Result<ExitCode> {
    let client = aws::client(target, &aws::ClientOptions::default()).await?;
    let id = pool_id.as_str();
    let (described, user) = tokio::join!(
        fetch::describe_pool(&client, pool_id),
        fetch::admin_get_user(&client, id, username)
    );
    let (pool, user) = (
        described?.pool,
        user.map_err(|e| crate::change::not_in_pool(e, username, id))?,
    );
    let plan = invite::plan_one(id, &user, target, pool.temporary_password_days());
    let user = match invite::assess(user) {
        Verdict::Resend(u) => u,
        Verdict::Skip(why) => {
            return change::refuse(g, plan, format!("{username}: {why}; nothing was sent"))
        }
    };
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let get = |n: String| {
        let client = &client;
        async move { fetch::admin_get_user(client, id, &n).await }
    };
    change::settle(
        g,
        &a.change,
        plan,
        Settle {
            operation: "AdminCreateUser",
            repeat_answers: &[],
            check_cli: check_user_cli(id, &user.username, target),
            record: Some(invite::record(id, &user)),
        },
        || apply::resend_invitation(&client, id, &user.username),
        || invite::read_back(get, &user),
    )
    .await
}

async fn many(
    g: &super::Context,
    a: &ReinviteArgs,
    pool_id: &UserPoolId,
    target: &AwsTarget,
    from: &std::path::Path,
) -> Result<ExitCode> {
    let rps = Quota::UserCreation.check(a.max_rps).map_err(Error::usage)?;
    let names = bulk::usernames_from(from, &codes_fixed_by(Fixer::Reinvite))?;
    // With --redact, every name of the list is masked wherever it appears.
    for n in &names {
        crate::redact::remember_user(n);
    }
    if names.is_empty() {
        return Err(Error::usage(format!(
            "{} names no user to invite again (audit lines with invite-not-accepted or invite-expired, or one username per line)",
            from.display()
        )));
    }
    let client = aws::client(target, &aws::ClientOptions::paced()).await?;
    let id = pool_id.as_str();
    fetch::describe_pool(&client, pool_id).await?;
    let sent = match a.change.journal.as_deref() {
        Some(path) => invite::already_sent(&crate::change::journal::read(path)?.entries, id),
        None => Default::default(),
    };
    let reads = Pacer::new(READ_RPS);
    let read_user = |name: String| {
        let (client, reads) = (&client, &reads);
        async move { crate::aws::pace::paced(reads, || fetch::admin_get_user(client, id, &name)).await }
    };

    // The survey, for the plan.
    // A user whose read fails here stays in the run: it is read again before its invitation,
    // and a read that fails then is a failed line, never a skip.
    let mut to_send: Vec<String> = Vec::new();
    let mut unread = 0u64;
    let mut skipped = bulk::Skips::default();
    let surveyed = bulk::drive(
        names.clone(),
        IN_FLIGHT,
        || None,
        change::stopping,
        |name| {
            let done = sent.get(&name).cloned();
            async move {
                let v = match done {
                    Some(why) => Ok(Verdict::Skip(why)),
                    None => invite::surveyed(read_user(name.clone()).await),
                };
                (name, v)
            }
        },
        |(name, v)| match v {
            Ok(Verdict::Resend(_)) => to_send.push(name),
            Ok(Verdict::Skip(why)) => skipped.add(why, name),
            Err(_) => {
                unread += 1;
                to_send.push(name);
            }
        },
    )
    .await;
    if let Ended::Signal(code) = surveyed {
        render::note("stopped before anything was sent");
        return Ok(if code == 143 {
            ExitCode::Terminated
        } else {
            ExitCode::Interrupted
        });
    }
    let order: std::collections::HashMap<&String, usize> =
        names.iter().enumerate().map(|(i, n)| (n, i)).collect();
    to_send.sort_by_key(|n| order.get(n).copied().unwrap_or(usize::MAX));
    skipped.sort_as(&names);
    let mut plan = invite::bulk_plan(id, names.len(), from, &to_send, &skipped, rps);
    if unread > 0 {
        plan.notes.push(format!(
            "{unread} of them could not be read for this plan: each is read again just before its invitation, and one that still cannot be read is reported as failed"
        ));
    }
    if to_send.is_empty() {
        return change::nothing_to_do(g, plan, "no user needs an invitation; nothing was sent");
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, from.as_os_str() == "-")? {
        return change::dry_run(g, plan);
    }

    let journal = change::open_journal(a.change.journal.as_deref())?;
    let writes = Pacer::new(rps);
    let runner = Runner {
        journal: &journal,
        writes: &writes,
        reads: &reads,
        in_flight: IN_FLIGHT,
    };
    let style = Style::new(g.output, g.no_color, g.redact);
    let redactor = Redactor::new(g.redact);
    // The survey's skips are counted in the summary with their reasons, beside the run's own.
    let tally = Tally {
        targets: to_send.len() as u64,
        skipped: skipped.counts(),
        ..Tally::default()
    };
    let (ended, tally) = runner
        .run(
            to_send,
            tally,
            change::stopping,
            |name| invite::invite_one(&runner, &client, id, target, name),
            |line| {
                let _ = render::emit(&render::bulk::line(line, g.output, style.color, &redactor));
            },
        )
        .await;
    let at = journal.path.display();
    change::bulk_finish(
        g,
        ended,
        &tally,
        format!("journal: {at} (undo cannot take invitations back; the journal records them)"),
        |n| {
            format!(
                "{n} of {} invitations failed or did not read back as planned; see the lines above and the journal {at}",
                tally.targets
            )
        },
    )
}
