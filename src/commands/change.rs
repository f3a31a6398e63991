//! What every command that changes a pool shares: the plan, the confirmation, the outcome.

use std::io::{BufRead, IsTerminal, Write};

pub use crate::change::{Change, Outcome, Plan, State};
use crate::cli::{ChangeArgs, GlobalArgs, OutputFormat};
use crate::error::AwsError;
use crate::error::{Error, ExitCode, Result};
use crate::journal::{Journal, Record, Status as JournalStatus};
use crate::render::{self, Style};

/// Whether to act.
pub enum Decision {
    Apply,
    DryRun,
}

/// Shows the plan (table mode) and decides: `--dry-run`, `--yes`, an interactive yes, or a
/// refusal (exit 4) when there is no terminal to ask on. `stdin_busy` is true when a secret was
/// read from stdin, which then cannot answer a question.
pub fn confirm(g: &GlobalArgs, c: &ChangeArgs, plan: &Plan, stdin_busy: bool) -> Result<Decision> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let r = plan.redactor(g.redact);
    if g.output == OutputFormat::Table {
        render::emit(&render::change::plan_text(&plan.redacted(&r), style.color))
            .map_err(crate::error::io_error)?;
    }
    if c.dry_run {
        return Ok(Decision::DryRun);
    }
    if c.yes {
        return Ok(Decision::Apply);
    }
    // The answer comes from stdin on a terminal; when stdin carried a secret (a pasted token),
    // from the terminal itself (/dev/tty), which is still there.
    let terminal: Option<Box<dyn BufRead>> = if !std::io::stderr().is_terminal() {
        None
    } else if !stdin_busy && std::io::stdin().is_terminal() {
        Some(Box::new(std::io::stdin().lock()))
    } else if stdin_busy {
        std::fs::File::open("/dev/tty")
            .ok()
            .filter(|f| f.is_terminal())
            .map(|f| Box::new(std::io::BufReader::new(f)) as Box<dyn BufRead>)
    } else {
        None
    };
    let Some(mut terminal) = terminal else {
        if g.output == OutputFormat::Json {
            let refused = outcome(
                plan.clone(),
                State::NotApplied,
                false,
                "refused: no --yes".into(),
                Vec::new(),
            );
            render::emit(&render::to_json(&refused.redacted(&r)))
                .map_err(crate::error::io_error)?;
        }
        return Err(Error::refused(
            "nothing was changed: not on a terminal to ask, so rerun with --yes to apply (or --dry-run to only see the plan)",
        ));
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "Apply this change? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    terminal
        .read_line(&mut answer)
        .map_err(|e| Error::usage(format!("could not read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(Decision::Apply)
    } else {
        Err(Error::refused(
            "nothing was changed: the change was not confirmed",
        ))
    }
}

/// Prints the outcome and maps it to the exit code: 0 when it took (or was a dry run or needed
/// nothing), else an error naming what the read-back showed (4), or that it could not be read (3).
pub fn finish(g: &GlobalArgs, outcome: Outcome) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let outcome = outcome.redacted(&outcome.plan.redactor(g.redact));
    let text = match g.output {
        OutputFormat::Json => render::to_json(&outcome),
        OutputFormat::Table | OutputFormat::Csv => {
            render::change::outcome_text(&outcome, style.color)
        }
    };
    render::emit(&text).map_err(crate::error::io_error)?;
    match (outcome.ok, outcome.state) {
        (true, _) => Ok(ExitCode::Ok),
        (false, State::Unknown) => Err(Error::Unsettled(outcome.result)),
        (false, _) => Err(Error::refused(outcome.result)),
    }
}

fn outcome(plan: Plan, state: State, ok: bool, result: String, read_back: Vec<Change>) -> Outcome {
    Outcome {
        plan,
        dry_run: state == State::DryRun,
        applied: state == State::Applied || state == State::NotVerified,
        ok,
        state,
        result,
        read_back,
        check_cli: None,
    }
}

/// A run with nothing to change: the plan says so and the exit code is 0.
pub fn nothing_to_do(g: &GlobalArgs, plan: Plan, why: impl Into<String>) -> Result<ExitCode> {
    finish(
        g,
        outcome(plan, State::Unchanged, true, why.into(), Vec::new()),
    )
}

/// A call that failed before changing anything: prints the outcome (the JSON object with `-o
/// json`, always) and returns the error.
pub fn failed(g: &GlobalArgs, plan: Plan, e: Error) -> Result<ExitCode> {
    let _ = finish(
        g,
        outcome(plan, State::NotApplied, false, e.to_string(), Vec::new()),
    );
    Err(e)
}

/// A change that was sent: `ok` is what the read-back showed.
pub fn applied(
    g: &GlobalArgs,
    plan: Plan,
    ok: bool,
    result: String,
    read_back: Vec<Change>,
) -> Result<ExitCode> {
    let state = if ok {
        State::Applied
    } else {
        State::NotVerified
    };
    finish(g, outcome(plan, state, ok, result, read_back))
}

pub fn dry_run(g: &GlobalArgs, plan: Plan) -> Result<ExitCode> {
    finish(
        g,
        outcome(
            plan,
            State::DryRun,
            true,
            "dry run: nothing was changed".into(),
            Vec::new(),
        ),
    )
}

/// Refuses before acting: shows the plan (and the JSON outcome) and exits 4 with `why`.
pub fn refuse(g: &GlobalArgs, plan: Plan, why: String) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let r = plan.redactor(g.redact);
    let (plan, why) = (plan.redacted(&r), r.text(&why));
    match g.output {
        OutputFormat::Table | OutputFormat::Csv => {
            render::emit(&render::change::plan_text(&plan, style.color))
                .map_err(crate::error::io_error)?
        }
        OutputFormat::Json => {
            let o = outcome(
                plan,
                State::NotApplied,
                false,
                format!("refused: {why}"),
                Vec::new(),
            );
            render::emit(&render::to_json(&o)).map_err(crate::error::io_error)?
        }
    }
    Err(Error::refused(why))
}

/// A service error on the change itself: a rejection (bad code, alias taken, invalid value)
/// is exit 4; anything else (denied, throttled, unreachable) stays an AWS error, exit 3.
pub fn rejected(e: crate::error::AwsError) -> Error {
    use crate::error::AwsErrorKind as K;
    match e.kind {
        K::AliasExists | K::CodeMismatch | K::ExpiredCode | K::InvalidParameter => {
            Error::refused(format!("the service rejected the change: {e}"))
        }
        _ => Error::Aws(e),
    }
}

/// What a read-back found: whether the planned change is there, the values, and a sentence.
pub struct Check {
    pub took: bool,
    pub read_back: Vec<Change>,
    pub result: String,
    /// The values read back, in the shape of the journal record's `after`: the journal's result
    /// line records these, so that it says what is true rather than what was planned.
    pub observed: Option<serde_json::Value>,
}

/// How many times a read-back is tried, and the wait before each retry: a read-back that fails
/// once (a throttle, a reset) must not turn a change that took into "did not take".
const READ_BACK_TRIES: u32 = 3;
const READ_BACK_WAIT: std::time::Duration = std::time::Duration::from_millis(700);

async fn read_back<R, F>(read: &R) -> Result<Check, Error>
where
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    let mut last = None;
    for attempt in 0..READ_BACK_TRIES {
        if attempt > 0 {
            tokio::time::sleep(READ_BACK_WAIT * attempt).await;
        }
        match read().await {
            Ok(c) => return Ok(c),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::usage("no read-back was tried")))
}

/// The signal that stopped the run, as its exit code, once the change in flight is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Interrupt,
    Terminate,
}

/// Runs `work` to the end even when SIGINT or SIGTERM arrives (a change in flight is finished,
/// read back and reported, never cut off between the call and its report); returns the signal
/// seen, if any.
pub async fn shielded<T>(work: impl std::future::Future<Output = T>) -> (T, Option<Stop>) {
    use tokio::signal::unix::{signal, SignalKind};
    let (mut int, mut term) = match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(i), Ok(t)) => (i, t),
        _ => return (work.await, None),
    };
    tokio::pin!(work);
    let mut stop = None;
    loop {
        tokio::select! {
            out = &mut work => return (out, stop),
            _ = int.recv(), if stop.is_none() => {
                render::note("interrupted: finishing the change in flight and reading it back first");
                stop = Some(Stop::Interrupt);
            }
            _ = term.recv(), if stop.is_none() => {
                render::note("terminated: finishing the change in flight and reading it back first");
                stop = Some(Stop::Terminate);
            }
        }
    }
}

/// How one write is settled: the answers that mean an earlier attempt of ours already did it
/// (for calls that are not idempotent), the command that shows the state by hand, and what the
/// journal records.
pub struct Settle<'a> {
    pub operation: &'static str,
    /// Service error codes that a repeat of an applied call gets (UsernameExistsException for
    /// AdminCreateUser): with a read-back that matches the plan, they mean "applied".
    pub repeat_answers: &'a [&'a str],
    pub check_cli: String,
    /// The journal line of this change (every change command journals; see `--journal`).
    pub record: Option<Record>,
}

/// What is true after one write, established without printing anything.
pub enum Settled {
    /// The read-back shows the change; `answer` is the error a repeat of our own lost attempt
    /// got, when that is how it went.
    Took {
        check: Check,
        answer: Option<AwsError>,
    },
    /// The service accepted it and the read-back differs.
    Differs(Check),
    /// The read-back shows nothing changed after a call that failed.
    NotApplied { check: Check, error: AwsError },
    /// The service refused it: nothing changed, nothing to read.
    Rejected(AwsError),
    /// What is true could not be read: `accepted` when the service had said yes.
    Unknown { accepted: bool, why: String },
}

impl Settled {
    pub fn status(&self) -> JournalStatus {
        match self {
            Settled::Took { .. } => JournalStatus::Applied,
            Settled::Differs(_) | Settled::Unknown { .. } => JournalStatus::NotVerified,
            Settled::NotApplied { .. } | Settled::Rejected(_) => JournalStatus::Failed,
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Settled::Took {
                answer: Some(e), ..
            } => Some(format!(
                "its reply was lost; a repeat answered {}",
                e.short()
            )),
            Settled::Took { .. } => None,
            Settled::Differs(c) => Some(c.result.clone()),
            Settled::NotApplied { error, .. } | Settled::Rejected(error) => Some(error.short()),
            Settled::Unknown { why, .. } => Some(why.clone()),
        }
    }
}

/// Sends one change and establishes what is true: a write the service accepted is read back
/// (with retries); a write whose reply was lost (reset, timeout, 5xx, throttled to the end) is read
/// back to learn whether it happened; an answer that only a repeat of an applied call gets is
/// checked the same way. The journal gets the `planned` line before the call and the result
/// after. Used by one change (through [`settle`]) and by the bulk runner for each user.
pub async fn write_and_check<W, R, F>(
    how: &Settle<'_>,
    journal: Option<&Journal>,
    write: W,
    read: R,
) -> Result<Settled>
where
    W: std::future::Future<Output = Result<(), AwsError>>,
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    let change = match (&journal, &how.record) {
        (Some(j), Some(r)) => Some(j.planned(r)?),
        _ => None,
    };
    let sent = write.await;
    // A definite rejection changed nothing: no read-back. Anything else is read back.
    let rejection = sent.as_ref().err().is_some_and(|e| {
        !e.is_transient()
            && !how
                .repeat_answers
                .contains(&e.code.as_deref().unwrap_or_default())
    });
    let settled = match (sent, rejection) {
        (Err(e), true) => Settled::Rejected(e),
        (sent, _) => match (sent, read_back(&read).await) {
            (Ok(()), Ok(c)) if c.took => Settled::Took { check: c, answer: None },
            (Ok(()), Ok(c)) => Settled::Differs(c),
            (Ok(()), Err(e)) => Settled::Unknown {
                accepted: true,
                why: format!("{} was accepted, but reading the result back failed ({e})", how.operation),
            },
            (Err(e), Ok(c)) if c.took => Settled::Took { check: c, answer: Some(e) },
            (Err(e), Ok(c)) => Settled::NotApplied { check: c, error: e },
            (Err(e), Err(read_err)) => Settled::Unknown {
                accepted: false,
                why: format!(
                    "{} got no answer ({}) and reading the state back failed too ({read_err}): it may or may not have been applied",
                    how.operation,
                    e.short()
                ),
            },
        },
    };
    if let (Some(j), Some(r), Some(n)) = (journal, &how.record, change) {
        let observed = match &settled {
            Settled::Took { check, .. } | Settled::Differs(check) => check.observed.clone(),
            Settled::NotApplied { check, .. } => check.observed.clone(),
            _ => None,
        };
        match observed {
            Some(after) => {
                let seen = Record { after, ..r.clone() };
                j.result(&seen, n, settled.status(), settled.detail())?;
            }
            None => j.result(r, n, settled.status(), settled.detail())?,
        }
    }
    Ok(settled)
}

/// Sends one change (see [`write_and_check`]) and prints what is true afterwards. The outcome is
/// always printed (JSON with `-o json`); SIGINT and SIGTERM wait for it, then exit 130 and 143.
pub async fn settle<W, R, F>(
    g: &GlobalArgs,
    c: &ChangeArgs,
    plan: Plan,
    how: Settle<'_>,
    write: W,
    read: R,
) -> Result<ExitCode>
where
    W: std::future::Future<Output = Result<(), AwsError>>,
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    let journal = match how.record {
        Some(_) => Some(Journal::open(c.journal.as_deref())?),
        None => None,
    };
    let (settled, stop) = shielded(write_and_check(&how, journal.as_ref(), write, read)).await;
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

/// The exit of a bulk run (`reverify --from`, `undo`): the signal that stopped it, a refusal
/// naming how many changes failed (`failed` says it), or 0.
pub fn bulk_exit(
    ended: crate::bulk::Ended,
    failures: u64,
    failed: impl FnOnce(u64) -> String,
) -> Result<ExitCode> {
    match ended {
        crate::bulk::Ended::Signal(143) => Ok(ExitCode::Terminated),
        crate::bulk::Ended::Signal(_) => Ok(ExitCode::Interrupted),
        crate::bulk::Ended::Done if failures > 0 => Err(Error::refused(failed(failures))),
        crate::bulk::Ended::Done => Ok(ExitCode::Ok),
    }
}

/// `"true"`, `"false"` or `(absent)`, as a user's email_verified reads in a plan.
pub fn verified_text(u: &crate::model::User) -> String {
    u.email_verified_raw
        .as_deref()
        .map(|v| format!("\"{v}\""))
        .unwrap_or_else(|| "(absent)".to_owned())
}
