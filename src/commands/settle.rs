//! Making one change and ending a bulk run, as every change command does: the journal opened
//! and named, the write settled and its outcome printed, signals waited out, the exit code.

use super::change::{finish, outcome, rejected};
use crate::aws::pace::{paced_write, Pacer};
use crate::change::journal::Journal;
use crate::change::settle::{shielded, write_and_check, Check, Settle, Settled, Stop};
use crate::change::{Plan, State};
use crate::cli::{ChangeArgs, OutputFormat};
use crate::error::{AwsError, Error, ExitCode, Result};
use crate::render;

/// One change is one call: no rate to hold, but a throttle is handled as in a bulk run, by the
/// one pacer (the call is sent again after a jittered wait, at a pace lowered from one a second).
const SINGLE_CHANGE_RPS: f64 = 1.0;

/// Sends one change (see [`write_and_check`]) through the pacer and prints what is true
/// afterwards. The outcome is always printed (JSON with `-o json`); SIGINT and SIGTERM wait for
/// it, then exit 130 and 143.
pub async fn settle<W, WF, R, F>(
    g: &super::Context,
    c: &ChangeArgs,
    plan: Plan,
    how: Settle<'_>,
    write: W,
    read: R,
) -> Result<ExitCode>
where
    W: FnMut() -> WF,
    WF: std::future::Future<Output = Result<(), AwsError>>,
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    let journal = match how.record {
        Some(_) => Some(open_journal(c.journal.as_deref())?),
        None => None,
    };
    let pacer = Pacer::new(SINGLE_CHANGE_RPS);
    let write = paced_write(&pacer, write);
    let (settled, stop) = shielded(write_and_check(&how, journal.as_ref(), write, read), |s| {
        render::note(match s {
            Stop::Interrupt => {
                "interrupted: finishing the change in flight and reading it back first"
            }
            Stop::Terminate => {
                "terminated: finishing the change in flight and reading it back first"
            }
        })
    })
    .await;
    if let Some(why) = journal.as_ref().and_then(Journal::broken) {
        render::note(&format!(
            "warning: the journal holds only this change's planned line: {why}"
        ));
    }
    let op = how.operation;
    let o = match settled? {
        Settled::Took { check, answer } => {
            let mut o = outcome(plan, State::Applied, true, check.result, check.read_back);
            if let Some(e) = answer {
                o.result = format!(
                    "{}; {op} answered {} (its first reply was lost, and an earlier attempt had applied it), and the read-back shows the change",
                    o.result,
                    e.short()
                );
            }
            o
        }
        Settled::Differs(check) => outcome(
            plan,
            State::NotVerified,
            false,
            check.result,
            check.read_back,
        ),
        Settled::Unknown { why, .. } => {
            let mut o = outcome(
                plan,
                State::Unknown,
                false,
                format!("{why}; check it with: {}", how.check_cli),
                Vec::new(),
            );
            o.check_cli = Some(how.check_cli.clone());
            o
        }
        Settled::NotApplied { check, error } => {
            let o = outcome(
                plan,
                State::NotApplied,
                false,
                format!(
                    "{op} failed ({}) and the read-back shows nothing changed",
                    error.short()
                ),
                check.read_back,
            );
            let _ = finish(g, o);
            return Err(if error.is_transient() {
                Error::Aws(error)
            } else {
                rejected(error)
            });
        }
        Settled::Rejected(error) => {
            let o = outcome(
                plan,
                State::NotApplied,
                false,
                format!("the service rejected the change: {}", error.short()),
                Vec::new(),
            );
            let _ = finish(g, o);
            return Err(rejected(error));
        }
    };
    let done = finish(g, o);
    match stop {
        Some(Stop::Interrupt) => Ok(ExitCode::Interrupted),
        Some(Stop::Terminate) => Ok(ExitCode::Terminated),
        None => done,
    }
}

/// Opens the journal of a change run and says where it is (stderr).
pub fn open_journal(path: Option<&std::path::Path>) -> Result<Journal> {
    let j = Journal::open(path)?;
    render::note(&format!("journal: {}", j.path.display()));
    Ok(j)
}

/// What a bulk run prints when a signal arrives.
pub fn stopping() {
    render::note("stopping: the changes in flight finish and are recorded; no new one starts");
}

/// The end of a bulk run (`reverify --from`, `undo`): the summary line, where the journal is,
/// and the exit: the signal that stopped it, a journal that could not be written (exit 4, the
/// sentence naming it), a refusal naming how many changes failed (`failed` says it), or 0.
pub fn bulk_finish(
    g: &super::Context,
    ended: crate::change::bulk::Ended,
    tally: &crate::change::bulk::Tally,
    journal_note: String,
    failed: impl FnOnce(u64) -> String,
) -> Result<ExitCode> {
    use crate::change::bulk::Ended;
    render::emit(&render::bulk::summary(tally, g.output)).map_err(crate::error::io_error)?;
    if g.output == OutputFormat::Table {
        render::note(&journal_note);
    }
    match ended {
        Ended::Signal(143) => Ok(ExitCode::Terminated),
        Ended::Signal(_) => Ok(ExitCode::Interrupted),
        Ended::JournalFailed(why) => Err(Error::refused(why)),
        Ended::Done if tally.failures() > 0 => Err(Error::refused(failed(tally.failures()))),
        Ended::Done => Ok(ExitCode::Ok),
    }
}
