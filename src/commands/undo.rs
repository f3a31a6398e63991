//! `undo --journal F`: puts back the `before` values of every change the journal shows applied,
//! newest first, each only where the current value is still the journal's `after` (someone may
//! have changed it since: then that change is refused with a sentence). Plan, `--yes`,
//! `--dry-run`, read-back and its own journal, as every change; a bulk journal is undone in bulk,
//! on the same runner and pace as every bulk change.

use super::change::{self, Change, Decision, Plan};
use crate::aws::pace::{Pacer, Quota};
use crate::aws::{self};
use crate::change::bulk::{Line, LineState, Runner, Tally};
use crate::change::journal::{self, Entry, Status};
use crate::change::restore::{
    by_target, describe, line_target, restore_group, survey, Surveyed, Undoable,
};
use crate::cli::{ChangeArgs, UndoArgs};
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Redactor, Style};
use crate::settings::UserPoolId;

/// Changes in flight at once: the pacer holds the rate, these keep it through network latency.
const IN_FLIGHT: usize = 24;
const SHOWN: usize = 10;
/// The survey's and the run's reads (AdminGetUser) per second, inside UserRead (120).
const READ_RPS: f64 = 60.0;

/// Changes undo refuses, each with its sentence.
type Refused = Vec<(Entry, String)>;

/// The changes a journal shows applied (or planned with no outcome recorded: a run that stopped
/// during the call), newest first, the one pool they were made to, and the changes the journal's
/// own check refuses, with the reason.
fn applied_changes(a: &UndoArgs) -> Result<(Vec<Entry>, UserPoolId, Refused)> {
    let read = journal::read(&a.journal)?;
    if let Some(warning) = &read.truncated {
        render::note(warning);
    }
    if read.entries.is_empty() {
        return Err(Error::usage(format!(
            "{} holds no changes (or does not exist)",
            a.journal.display()
        )));
    }
    // With --redact, every user the journal names is masked wherever it appears.
    for e in &read.entries {
        if e.operation != "UpdateIdentityProvider" && e.operation != "UpdateUserPool" {
            crate::redact::remember_user(&e.target);
        }
        for v in [&e.before, &e.after] {
            if let (Some(map), "AdminUpdateUserAttributes" | "VerifyUserAttribute") =
                (v.as_object(), e.operation.as_str())
            {
                for name in map.keys() {
                    crate::redact::remember_user(name);
                }
            }
        }
    }
    let forged = crate::change::restore::validate(&read.entries);
    let mut refused = Vec::new();
    let mut done: Vec<Entry> = Vec::new();
    for e in journal::settled(&read.entries) {
        if let Some(why) = forged.get(&e.change) {
            refused.push((e, why.clone()));
        } else if matches!(
            e.status,
            Status::Applied | Status::NotVerified | Status::Planned
        ) {
            done.push(e);
        }
    }
    done.reverse(); // newest first
    let pools: std::collections::BTreeSet<&str> =
        done.iter().map(|e| e.user_pool_id.as_str()).collect();
    let pool = match pools.into_iter().collect::<Vec<_>>().as_slice() {
        [] if !refused.is_empty() => {
            return Err(Error::refused(format!(
                "{} holds no change undo can trust: {}",
                a.journal.display(),
                refused
                    .iter()
                    .map(|(e, why)| format!("{}: {why}", line_target(e)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )))
        }
        [] => {
            return Err(Error::usage(format!(
                "{} shows no applied change: nothing to undo",
                a.journal.display()
            )))
        }
        [one] => UserPoolId::parse(one)?,
        many => {
            return Err(Error::usage(format!(
                "{} holds changes to {} pools; undo one pool's journal at a time",
                a.journal.display(),
                many.len()
            )))
        }
    };
    Ok((done, pool, refused))
}

fn plan(
    a: &UndoArgs,
    pool: &UserPoolId,
    restorable: &[(Entry, Undoable)],
    refused: &[(Entry, String)],
) -> Plan {
    let mut changes: Vec<Change> = restorable
        .iter()
        .take(SHOWN)
        .flat_map(|(_, u)| describe(u))
        .collect();
    if restorable.len() > SHOWN {
        changes.push(Change::new(
            format!("... and {} more changes", restorable.len() - SHOWN),
            "",
            "",
        ));
    }
    let mut notes = vec![format!(
        "{} changes of {} to put back, newest first; {} refused",
        restorable.len(),
        a.journal.display(),
        refused.len()
    )];
    for (e, why) in refused.iter().take(SHOWN) {
        notes.push(format!("refused: {}: {why}", line_target(e)));
    }
    notes.push(format!(
        "pace: at most {} calls a second (the UserUpdate quota is 25 a second per account, shared with your application)",
        a.max_rps
    ));
    Plan {
        command: "undo".into(),
        call:
            "the inverse of each change: its before values, only where the after values still stand"
                .into(),
        subject: vec![("user pool".into(), pool.to_string())],
        changes,
        notes,
        aws_cli: None,
    }
}

pub async fn run(g: &super::Context, a: &UndoArgs) -> Result<ExitCode> {
    let rps = Quota::UserUpdate.check(a.max_rps).map_err(Error::usage)?;
    journal::check_path(a.record.as_deref())?;
    let (done, pool, forged) = applied_changes(a)?;
    let target = g.target(Some(&pool))?;
    let client = aws::client(&target, &aws::ClientOptions::paced()).await?;
    let reads = Pacer::new(READ_RPS);

    // Survey: which changes can be put back now, a few at a time, in the journal's order.
    let Surveyed {
        restorable,
        mut refused,
        never_made,
    } = match survey(&client, &reads, &pool, done, IN_FLIGHT, change::stopping).await? {
        Ok(s) => s,
        Err(code) => {
            render::note("stopped before anything was changed");
            return Ok(if code == 143 {
                ExitCode::Terminated
            } else {
                ExitCode::Interrupted
            });
        }
    };
    refused.extend(forged);
    let mut plan = plan(a, &pool, &restorable, &refused);
    for (e, why) in never_made.iter().take(SHOWN) {
        plan.notes
            .push(format!("nothing to put back: {}: {why}", line_target(e)));
    }
    let change_args = ChangeArgs {
        yes: a.yes,
        dry_run: a.dry_run,
        journal: a.record.clone(),
    };
    if restorable.is_empty() && refused.is_empty() && !never_made.is_empty() {
        return change::nothing_to_do(
            g,
            plan,
            "the journal's changes were planned but never made: nothing was changed, nothing to put back",
        );
    }
    if restorable.is_empty() {
        return change::refuse(
            g,
            plan,
            "no change of the journal can be put back: every one is refused above".into(),
        );
    }
    if let Decision::DryRun = change::confirm(g, &change_args, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let own = change::open_journal(a.record.as_deref())?;
    let writes = Pacer::new(rps);
    let runner = Runner {
        journal: &own,
        writes: &writes,
        reads: &reads,
        in_flight: IN_FLIGHT,
    };
    let style = Style::new(g.output, g.no_color, g.redact);
    let redactor = Redactor::new(g.redact);
    let emit = |line: &Line| {
        let _ = render::emit(&render::bulk::line(line, g.output, style.color, &redactor));
    };
    let mut tally = Tally {
        targets: (restorable.len() + refused.len() + never_made.len()) as u64,
        ..Tally::default()
    };
    for (e, why) in refused.iter().chain(&never_made) {
        let line = Line {
            target: line_target(e),
            state: LineState::Skipped,
            detail: why.clone(),
        };
        tally.count(&line);
        emit(&line);
    }
    let (client, pool, runner) = (&client, &pool, &runner);
    let (ended, tally) = runner
        .run(
            by_target(restorable),
            tally,
            change::stopping,
            |group| restore_group(runner, client, pool, group),
            emit,
        )
        .await;
    let code = change::bulk_finish(
        g,
        ended,
        &tally,
        format!("journal of this undo: {}", own.path.display()),
        |n| format!("{n} changes could not be put back; see the lines above"),
    )?;
    // A change it refused is a change not put back: the run says so in its exit code.
    if code == ExitCode::Ok && !refused.is_empty() {
        return Err(Error::refused(format!(
            "{} of the journal's changes were refused (the lines above say why); the rest were put back",
            refused.len()
        )));
    }
    Ok(code)
}
