//! `reverify --admin --from FILE`: the administrator's reverify for many users. Each user is
//! surveyed for the plan, read again just before its change (the pool may have moved since the
//! audit), changed with the same write-and-check as one user, journaled, and reported as it
//! finishes; paced under the UserUpdate quota. Running it again does only what is left: users
//! already verified are skipped.

use super::change::{self, verified_text, Decision, Settle};
use crate::aws::pace::{Pacer, Quota};
use crate::aws::{self, apply, fetch};
use crate::change::admin_verify::{
    assess, check_user_cli, read_verified, verified_record, Fallback, Survey, Verdict,
};
use crate::change::bulk::{self, Ended, Line, LineState, Runner, Tally};
use crate::cli::ReverifyArgs;
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Redactor, Style};
use crate::rules::{codes_fixed_by, Fixer};
use crate::settings::UserPoolId;

/// Users in flight at once: each is a read, a write and a read-back, about 0.6 s through a
/// 150 ms network, so 25 a second needs 15 of them; the pacer holds the rate.
const IN_FLIGHT: usize = 24;
/// The survey's and the run's reads per second. A change reads three times: AdminGetUser before
/// and after (UserRead, 120 a second) and ListUsers for alias holders where email is an alias
/// (ListUsers, 30 a second): 75 a second at 25 changes a second, so this keeps the reads from
/// setting the pace while each quota keeps room for the application.
const READ_RPS: f64 = 100.0;

pub async fn run(g: &super::Context, a: &ReverifyArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(a.user_pool_id.as_deref().unwrap_or_default())?;
    let rps = Quota::UserUpdate.check(a.max_rps).map_err(Error::usage)?;
    crate::change::journal::check_path(a.change.journal.as_deref())?;
    let from = a
        .from
        .as_deref()
        .ok_or_else(|| Error::usage("--from needs a file (`-` for stdin)"))?;
    let names = bulk::usernames_from(from, &codes_fixed_by(Fixer::AdminReverify))?;
    // With --redact, every name of the list is masked wherever it appears: plan, lines, notes.
    for n in &names {
        crate::redact::remember_user(n);
    }
    if names.is_empty() {
        return Err(Error::usage(format!(
            "{} names no user to reverify (audit lines whose findings an administrator's reverify fixes, or one username per line)",
            from.display()
        )));
    }
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::paced()).await?;
    let (pool, providers) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::all_providers(&client, pool_id.as_str())
    );
    let pool = pool?.pool;
    let reads = Pacer::new(READ_RPS);
    let survey = Survey {
        client: &client,
        pool: &pool,
        providers: &providers,
        anyway: a.anyway,
        take_alias: a.take_alias,
        target: &target,
        reads: &reads,
    };

    // The survey, for the plan. A user whose reads fail stays in the run: it is read again just
    // before its change, and a read that fails then is a failed line, never a skip.
    let mut to_change: Vec<(String, String)> = Vec::new();
    let mut unread = 0u64;
    let mut skipped = bulk::Skips::default();
    let surveyed = bulk::drive(
        names.clone(),
        IN_FLIGHT,
        || None,
        change::stopping,
        |name| {
            let survey = &survey;
            async move {
                let v = assess(survey, &name).await;
                (name, v)
            }
        },
        |(name, v)| match v {
            Verdict::Change { user, .. } => to_change.push((name, verified_text(&user))),
            Verdict::Skip(why) => skipped.add(why, name),
            Verdict::Unread(_) => {
                unread += 1;
                to_change.push((name, "(could not be read)".into()));
            }
        },
    )
    .await;
    if let Ended::Signal(code) = surveyed {
        render::note("stopped before anything was changed");
        return Ok(if code == 143 {
            ExitCode::Terminated
        } else {
            ExitCode::Interrupted
        });
    }
    // The input's order, for a plan that reads like the file.
    let order: std::collections::HashMap<&String, usize> =
        names.iter().enumerate().map(|(i, n)| (n, i)).collect();
    to_change.sort_by_key(|(n, _)| order.get(n).copied().unwrap_or(usize::MAX));
    skipped.sort_as(&names);
    let mut plan =
        crate::change::admin_verify::bulk_plan(&pool, names.len(), from, &to_change, &skipped, rps);
    if unread > 0 {
        plan.notes.push(format!(
            "{unread} of them could not be read for this plan: each is read again just before its change, and one that still cannot be read is reported as failed"
        ));
    }
    if to_change.is_empty() {
        return change::nothing_to_do(g, plan, "no user needs the change; nothing changed");
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
        targets: to_change.len() as u64,
        skipped: skipped.counts(),
        ..Tally::default()
    };
    let (ended, tally) = runner
        .run(
            to_change.into_iter().map(|(n, _)| n).collect(),
            tally,
            change::stopping,
            |name| reverify_one(&runner, &survey, name),
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
        format!("journal: {at} (undo --journal F puts these changes back)"),
        |n| {
            format!(
                "{n} of {} changes failed or did not read back as planned; see the lines above and the journal {at}",
                tally.targets
            )
        },
    )
}

/// One user of the run: read again (the pool may have moved since the survey or the audit),
/// changed, and read back with every alias holder.
async fn reverify_one(runner: &Runner<'_>, s: &Survey<'_>, name: String) -> Vec<Line> {
    let (user, holders) = match assess(s, &name).await {
        Verdict::Skip(why) => {
            return vec![Line {
                target: name,
                state: LineState::Skipped,
                detail: why,
            }]
        }
        Verdict::Unread(why) => {
            return vec![Line {
                target: name,
                state: LineState::Failed,
                detail: format!("nothing was changed: {why}"),
            }]
        }
        Verdict::Change { user, holders } => (user, holders),
    };
    // The address that would be sent again, should the service want it, is the one just read.
    let read_at = format!("at {}", crate::aws::now_rfc3339());
    let (client, id) = (s.client, s.pool.id.as_str());
    let get =
        |n: String| async move { runner.read(|| fetch::admin_get_user(client, id, &n)).await };
    let email = user.email.as_deref().unwrap_or_default();
    let read_back = || read_verified(get, &user.username, email, &holders);
    let how = Settle {
        operation: "AdminUpdateUserAttributes",
        repeat_answers: &[],
        check_cli: check_user_cli(id, &user.username, s.target),
        record: Some(verified_record(id, &user, &holders)),
    };
    let fallback = Fallback::default();
    let (fb, who, when) = (&fallback, &user.username, &read_at);
    let write = || async move {
        fb.record(apply::admin_verify_email(client, id, who, email).await?);
        Ok(())
    };
    let read = || async move {
        let mut check = read_back().await?;
        fb.annotate(&mut check, email, when);
        Ok(check)
    };
    vec![runner.change(name, &how, write, read).await]
}
