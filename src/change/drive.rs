//! The one driver of every change, for one target or many (cargo's job queue, git-branchless's
//! one executor): survey each target, plan, confirm, then for each change the journal, the pace,
//! the write, the read-back, and the line or outcome it leaves; a tally and the exit. Every kind
//! of change is a [`Fix`] (one file each under `fixes/`); the driver never prints: what happens
//! goes to a [`Sink`], which `render` implements, and signals (INT, TERM, HUP) close the run's
//! [`Gate`] so that no write leaves after them.

use std::future::Future;

use futures_util::{stream, StreamExt};

use super::bulk::{Line, LineState, Skips, Tally, NOT_IN_POOL};
use super::journal::Slot;
use super::settle::{write_and_check, Check, Gate, Settle, Settled, Signal};
use super::{Outcome, Plan, State};
use crate::aws::pace::Pacer;
use crate::error::{AwsError, AwsErrorKind, Error, ExitCode, Result};

/// What a survey found for one target.
pub enum Verdict<S> {
    /// Make the change.
    Change(S),
    /// Nothing to change: one target ends with the plan and `why` (exit 0); a bulk run skips it
    /// for `short`.
    Unchanged {
        subject: S,
        why: String,
        short: String,
    },
    /// It must not be changed: one target ends with the plan (when there is a subject) and `why`
    /// (exit 4); a bulk run skips it for `short`.
    Refused {
        subject: Option<S>,
        why: String,
        short: String,
    },
    /// It is not there: one target ends with the error (exit 3); a bulk run skips it as not in
    /// the pool.
    Missing(Error),
    /// A read failed: one target ends with the error; a bulk run keeps it, reads it again at its
    /// turn, and fails it there if the read still fails (never a skip: nothing says it is fine).
    Unread(Error),
}

impl<S> Verdict<S> {
    /// Nothing to change, for one reason said the same way in a plan and on a bulk run's line.
    pub fn unchanged(why: String, subject: S) -> Self {
        Verdict::Unchanged {
            short: why.clone(),
            why,
            subject,
        }
    }
}

/// What a bulk run's survey found, for its plan.
pub struct Surveyed<'a, S> {
    /// How many targets were read.
    pub read: usize,
    /// The targets to change, by name, in the input's order, with what was read of each (None:
    /// it could not be read, and is read again at its turn).
    pub to_change: Vec<(String, Option<&'a S>)>,
    pub skipped: &'a Skips,
    /// The targets the survey could not read.
    pub unread: u64,
    /// For a run whose refusals are failures (`undo`), the targets refused, and those needing
    /// nothing, each as its line.
    pub refused: &'a [Line],
    pub unchanged: &'a [Line],
    /// Writes a second.
    pub rps: f64,
}

/// One kind of change: how it reads a target, plans, settles its write (the journal record, the
/// operation, the command that shows the state by hand), writes and reads back. The driver does
/// the rest, the same way for every kind.
pub trait Fix {
    /// What a run is given: a username, a provider, a pool, a journal's change.
    type Target: Clone;
    /// What was read of a target: all its plan, write and read-back need.
    type Subject;

    /// How a target is named in a line.
    fn name(&self, t: &Self::Target) -> String;
    /// Reads the target now and says what to do (reads go at the run's `reads` pace).
    fn survey(
        &self,
        t: &Self::Target,
        reads: &Pacer,
    ) -> impl Future<Output = Verdict<Self::Subject>>;
    /// The plan of one change: every field its call sends.
    fn plan(&self, s: &Self::Subject) -> Plan;
    /// The plan of a bulk run.
    fn plan_many(&self, _survey: &Surveyed<'_, Self::Subject>) -> Plan {
        Plan {
            command: String::new(),
            call: String::new(),
            subject: Vec::new(),
            changes: Vec::new(),
            notes: Vec::new(),
            aws_cli: None,
        }
    }
    /// The operation, the journal record and the check line of the change.
    fn settle(&self, s: &Self::Subject) -> Settle;
    /// The write.
    fn write(&self, s: &Self::Subject) -> impl Future<Output = Result<(), AwsError>>;
    /// The read-back.
    fn read_back(&self, s: &Self::Subject, reads: &Pacer) -> impl Future<Output = Result<Check>>;
    /// The error a run of one change ends with, explained where the kind knows more (a client
    /// secret that was needed, an alias that another user holds).
    fn explain(&self, _s: &Self::Subject, e: Error) -> Error {
        e
    }
    /// The words of a bulk run's end.
    fn words(&self) -> Words {
        Words::default()
    }
}

/// What a bulk run says at its end.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// When no target needs the change.
    pub nothing: String,
    /// What the journal is for, after its path.
    pub journal: String,
    /// Changes of this kind, counted ("changes", "invitations").
    pub changes: String,
    /// True when a change the survey refused is a failure of the run (`undo`: a change it
    /// refused is a change not put back); its refusals and the targets needing nothing are then
    /// lines of their own.
    pub refusals_fail: bool,
    /// With `refusals_fail`, when every target is refused.
    pub all_refused: String,
    /// Before the error of a target that could not be read at its turn.
    pub unread: String,
}

/// What to do after the plan.
pub enum Decision {
    Apply,
    DryRun,
}

/// Where the driver's events go: `render` prints them; the driver never prints.
pub trait Sink {
    /// Shows the plan and decides: `--dry-run`, `--yes`, or a question on the terminal (an
    /// error when there is none to ask on).
    fn confirm(&self, plan: &Plan) -> Result<Decision>;
    /// Shows a plan that is refused, with why.
    fn refused(&self, plan: &Plan, why: &str) -> Result<()>;
    /// How one change ended.
    fn outcome(&self, outcome: &Outcome) -> Result<()>;
    /// One target of a bulk run, as it finishes.
    fn line(&self, line: &Line);
    /// The tally of a bulk run, and the note naming its journal.
    fn summary(&self, tally: &Tally, journal: &str) -> Result<()>;
    /// A note for the person at the terminal (stderr).
    fn note(&self, text: &str);
}

/// Changes in flight at once in a bulk run: each is a read, a write and a read-back, about 0.6 s
/// through a 150 ms network, so 25 a second needs 15 of them; the pacer holds the rate.
pub const IN_FLIGHT: usize = 24;
/// A bulk run's reads a second (its survey, each target read again, its read-backs): AdminGetUser
/// (UserRead) allows 120, and ListUsers (30) serves alias lookups; this keeps the reads from
/// setting the pace while each quota keeps room for the application.
pub const READ_RPS: f64 = 100.0;
/// One change is one call: no rate to hold, but a throttle is handled as in a bulk run (the
/// call is sent again after a jittered wait, at a pace lowered from one a second).
pub const ONE_CHANGE_RPS: f64 = 1.0;

/// The write pace and client options of a change command: a bulk run (`many`) keeps to
/// `max_rps`, checked against the quota its write spends, through a client that leaves throttles
/// to the pacer; one change is one call at [`ONE_CHANGE_RPS`] through the default client.
pub fn pace_of(
    many: bool,
    quota: crate::aws::pace::Quota,
    max_rps: f64,
) -> Result<(f64, crate::aws::ClientOptions)> {
    match many {
        true => Ok((
            quota.check(max_rps).map_err(Error::usage)?,
            crate::aws::ClientOptions::paced(),
        )),
        false => Ok((ONE_CHANGE_RPS, crate::aws::ClientOptions::default())),
    }
}

/// A run's paces and gate, owned for it.
pub struct Pacing {
    pub writes: Pacer,
    pub reads: Pacer,
    pub gate: Gate,
}

impl Pacing {
    pub fn new(writes: f64, reads: f64) -> Self {
        Pacing {
            writes: Pacer::new(writes),
            reads: Pacer::new(reads),
            gate: Gate::default(),
        }
    }

    /// The run, with its journal.
    pub fn run<'a>(&'a self, journal: &'a Slot, in_flight: usize) -> Run<'a> {
        Run {
            journal,
            writes: &self.writes,
            reads: &self.reads,
            in_flight,
            gate: &self.gate,
        }
    }
}

/// Everything a run changes with: where its journal is, its paces, how many changes are in
/// flight at once, and its gate.
pub struct Run<'a> {
    pub journal: &'a Slot,
    pub writes: &'a Pacer,
    pub reads: &'a Pacer,
    pub in_flight: usize,
    pub gate: &'a Gate,
}

/// Waits for INT, TERM or HUP and closes the gate at the first, telling `on_signal`; never
/// returns (run it beside the work).
async fn watch(gate: &Gate, on_signal: impl Fn(Signal)) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut int), Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        return std::future::pending().await;
    };
    let s = tokio::select! {
        _ = int.recv() => Signal::Interrupt,
        _ = term.recv() => Signal::Terminate,
        _ = hup.recv() => Signal::HangUp,
    };
    gate.signal(s);
    on_signal(s);
    std::future::pending().await
}

/// Runs `work` to its end with the signals watched: a signal closes the gate (no write leaves
/// after it) and the work finishes what is in flight.
pub async fn watched<T>(
    gate: &Gate,
    on_signal: impl Fn(Signal),
    work: impl Future<Output = T>,
) -> T {
    tokio::pin!(work);
    tokio::select! {
        out = &mut work => out,
        () = watch(gate, on_signal) => unreachable!("the watcher never returns"),
    }
}

/// The outcome of a run that changed nothing, or before it changed anything.
fn outcome(plan: Plan, state: State, ok: bool, result: String) -> Outcome {
    Outcome {
        plan,
        dry_run: state == State::DryRun,
        applied: state == State::Applied || state == State::NotVerified,
        ok,
        state,
        result,
        read_back: Vec::new(),
        check_cli: None,
    }
}

/// Prints how one change ended and maps it to the exit code: 0 when it took (or was a dry run
/// or needed nothing), else an error naming what the read-back showed (4), or that it could not be
/// read (3).
fn finish(sink: &dyn Sink, o: Outcome) -> Result<ExitCode> {
    sink.outcome(&o)?;
    match (o.ok, o.state) {
        (true, _) => Ok(ExitCode::Ok),
        (false, State::Unknown) => Err(Error::Unsettled(o.result)),
        (false, _) => Err(Error::refused(o.result)),
    }
}

/// A service error on the change itself: a rejection (bad code, alias taken, invalid value) is
/// exit 4; anything else (denied, throttled, unreachable) stays an AWS error, exit 3.
pub fn rejected(e: AwsError) -> Error {
    use AwsErrorKind as K;
    match e.kind {
        K::AliasExists | K::CodeMismatch | K::ExpiredCode | K::InvalidParameter => {
            Error::refused(format!("the service rejected the change: {e}"))
        }
        _ => Error::Aws(e),
    }
}

/// The outcome of a plan shown and not carried out (`--dry-run`).
fn dry_run(plan: Plan) -> Outcome {
    outcome(
        plan,
        State::DryRun,
        true,
        "dry run: nothing was changed".into(),
    )
}

/// One change: survey, plan, confirm, then the write settled (journaled, paced, read back) and
/// its outcome printed. A signal waits for the change in flight, then exits 130, 143 or 129.
pub async fn one<F: Fix>(
    fix: &F,
    target: F::Target,
    run: &Run<'_>,
    sink: &dyn Sink,
) -> Result<ExitCode> {
    let subject = match fix.survey(&target, run.reads).await {
        Verdict::Change(s) => s,
        Verdict::Unchanged { subject, why, .. } => {
            return finish(
                sink,
                outcome(fix.plan(&subject), State::Unchanged, true, why),
            )
        }
        Verdict::Refused {
            subject: Some(s),
            why,
            ..
        } => {
            sink.refused(&fix.plan(&s), &why)?;
            return Err(Error::refused(why));
        }
        Verdict::Refused { why, .. } => return Err(Error::refused(why)),
        Verdict::Missing(e) | Verdict::Unread(e) => return Err(e),
    };
    let plan = fix.plan(&subject);
    if let Decision::DryRun = sink.confirm(&plan)? {
        return finish(sink, dry_run(plan));
    }
    let how = fix.settle(&subject);
    let journal = match how.record {
        Some(_) => Some(run.journal.ensure(|t| sink.note(t))?),
        None => None,
    };
    let settled = watched(
        run.gate,
        |s| {
            sink.note(&format!(
                "{}: finishing the change in flight and reading it back first",
                s.word()
            ))
        },
        write_and_check(
            &how,
            journal,
            run.writes,
            run.gate,
            || fix.write(&subject),
            || fix.read_back(&subject, run.reads),
        ),
    )
    .await;
    if let Some(why) = journal.and_then(|j| j.broken()) {
        sink.note(&format!(
            "warning: the journal holds only this change's planned line: {why}"
        ));
    }
    let settled = settled.map_err(|e| fix.explain(&subject, e))?;
    let done = settled_outcome(sink, plan, &how, settled).map_err(|e| fix.explain(&subject, e));
    match run.gate.signalled() {
        Some(s) => Ok(s.exit_code()),
        None => done,
    }
}

/// What one change's settling means for its outcome and exit.
fn settled_outcome(
    sink: &dyn Sink,
    plan: Plan,
    how: &Settle,
    settled: Settled,
) -> Result<ExitCode> {
    let op = how.operation;
    let o = match settled {
        Settled::Took { check, answer } => {
            let mut o = outcome(plan, State::Applied, true, check.result);
            o.read_back = check.read_back;
            if let Some(e) = answer {
                o.result = format!(
                    "{}; {op} answered {} (its first reply was lost, and an earlier attempt had applied it), and the read-back shows the change",
                    o.result,
                    e.short()
                );
            }
            o
        }
        Settled::Differs(check) => {
            let mut o = outcome(plan, State::NotVerified, false, check.result);
            o.read_back = check.read_back;
            o
        }
        Settled::Unknown { why, .. } => {
            let mut o = outcome(
                plan,
                State::Unknown,
                false,
                format!("{why}; check it with: {}", how.check_cli),
            );
            o.check_cli = Some(how.check_cli.clone());
            o
        }
        Settled::NotApplied { check, error } => {
            let mut o = outcome(
                plan,
                State::NotApplied,
                false,
                format!(
                    "{op} failed ({}) and the read-back shows nothing changed",
                    error.short()
                ),
            );
            o.read_back = check.read_back;
            let _ = finish(sink, o);
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
            );
            let _ = finish(sink, o);
            return Err(rejected(error));
        }
        Settled::NotSent(why) => {
            let o = outcome(plan, State::NotApplied, false, format!("not sent: {why}"));
            let _ = sink.outcome(&o);
            return Err(Error::refused(format!("nothing was changed: {why}")));
        }
    };
    finish(sink, o)
}

/// The line one settled change leaves in a bulk run.
fn line_of(
    target: String,
    how: &Settle,
    settled: Result<Settled>,
    journal_broken: Option<String>,
) -> Line {
    let (state, detail) = match settled {
        Ok(Settled::Took { check, .. }) => (LineState::Applied, check.result),
        Ok(Settled::Differs(check)) => (LineState::NotVerified, check.result),
        Ok(Settled::Unknown { why, .. }) => (
            LineState::NotVerified,
            format!("{why}; check with: {}", how.check_cli),
        ),
        Ok(Settled::NotApplied { error, .. }) | Ok(Settled::Rejected(error)) => {
            (LineState::Failed, error.to_string())
        }
        Ok(Settled::NotSent(why)) => (LineState::Skipped, format!("not sent: {why}")),
        Err(e) => (LineState::Failed, e.to_string()),
    };
    let detail = match (state, journal_broken) {
        (LineState::Applied | LineState::NotVerified, Some(why)) => {
            format!("{detail}; the journal holds only its planned line ({why})")
        }
        _ => detail,
    };
    Line {
        target,
        state,
        detail,
    }
}

/// One target of a bulk run at its turn: read again (it may have moved since the survey),
/// changed if it still needs it, and read back.
async fn change_one<F: Fix>(
    fix: &F,
    t: F::Target,
    run: &Run<'_>,
    journal: &super::journal::Journal,
) -> Line {
    let name = fix.name(&t);
    let subject = match fix.survey(&t, run.reads).await {
        Verdict::Change(s) => s,
        Verdict::Unchanged { short, .. } | Verdict::Refused { short, .. } => {
            return Line {
                target: name,
                state: LineState::Skipped,
                detail: short,
            }
        }
        Verdict::Missing(_) => {
            return Line {
                target: name,
                state: LineState::Skipped,
                detail: NOT_IN_POOL.into(),
            }
        }
        Verdict::Unread(e) => {
            return Line {
                target: name,
                state: LineState::Failed,
                detail: format!("{}: {e}", fix.words().unread),
            }
        }
    };
    let how = fix.settle(&subject);
    let settled = write_and_check(
        &how,
        Some(journal),
        run.writes,
        run.gate,
        || fix.write(&subject),
        || fix.read_back(&subject, run.reads),
    )
    .await;
    if journal.broken().is_some() {
        run.gate.halt_journal(journal.broken().unwrap_or_default());
    }
    line_of(name, &how, settled, journal.broken())
}

/// The users of a `--username` or `--from` change: a bulk run when `bulk` (each user its own
/// chain), else the one user.
pub async fn users<F: Fix<Target = String>>(
    fix: &F,
    names: Vec<String>,
    bulk: bool,
    run: &Run<'_>,
    sink: &dyn Sink,
) -> Result<ExitCode> {
    match (bulk, names.first()) {
        (false, Some(name)) => one(fix, name.clone(), run, sink).await,
        _ => many(fix, names.into_iter().map(|n| vec![n]).collect(), run, sink).await,
    }
}

/// A bulk run: every target surveyed a few at a time (a signal then stops it before anything
/// changes), the plan, the confirmation, then each chain of targets (one target, or an undo's
/// changes of one target, newest first) run a few at a time, each change at its turn, each line
/// handed to the sink as it finishes; the tally, and the exit.
pub async fn many<F: Fix>(
    fix: &F,
    chains: Vec<Vec<F::Target>>,
    run: &Run<'_>,
    sink: &dyn Sink,
) -> Result<ExitCode> {
    let words = fix.words();
    let targets: Vec<F::Target> = chains.iter().flatten().cloned().collect();
    let read = targets.len();
    let mut verdicts: Vec<(usize, String, Verdict<F::Subject>)> = Vec::new();
    let stopping = |_: Signal| {
        sink.note("stopping: the changes in flight finish and are recorded; no new one starts")
    };
    watched(
        run.gate,
        &stopping,
        stream::iter(targets.into_iter().enumerate())
            .take_while(|_| std::future::ready(run.gate.signalled().is_none()))
            .map(|(i, t)| async move { (i, fix.name(&t), fix.survey(&t, run.reads).await) })
            .buffer_unordered(run.in_flight.max(1))
            .for_each(|v| {
                verdicts.push(v);
                std::future::ready(())
            }),
    )
    .await;
    if let Some(s) = run.gate.signalled() {
        sink.note("stopped before anything was changed");
        return Ok(s.exit_code());
    }
    verdicts.sort_by_key(|(i, _, _)| *i);
    let mut skipped = Skips::default();
    let (mut refused, mut unchanged) = (Vec::new(), Vec::new());
    let mut unread = 0;
    let mut change = std::collections::HashSet::new();
    let mut to_change = Vec::new();
    for (_, name, v) in &verdicts {
        match v {
            Verdict::Change(s) => {
                change.insert(name.clone());
                to_change.push((name.clone(), Some(s)));
            }
            Verdict::Unread(_) => {
                unread += 1;
                change.insert(name.clone());
                to_change.push((name.clone(), None));
            }
            Verdict::Missing(_) => skipped.add(NOT_IN_POOL.into(), name.clone()),
            Verdict::Unchanged { short, .. } | Verdict::Refused { short, .. }
                if words.refusals_fail =>
            {
                let line = Line {
                    target: name.clone(),
                    state: LineState::Skipped,
                    detail: short.clone(),
                };
                match v {
                    Verdict::Refused { .. } => refused.push(line),
                    _ => unchanged.push(line),
                }
            }
            Verdict::Unchanged { short, .. } | Verdict::Refused { short, .. } => {
                skipped.add(short.clone(), name.clone())
            }
        }
    }
    let plan = fix.plan_many(&Surveyed {
        read,
        to_change,
        skipped: &skipped,
        unread,
        rps: run.writes.rate(),
        refused: &refused,
        unchanged: &unchanged,
    });
    let refusals = refused.len();
    if change.is_empty() {
        return if refusals > 0 {
            sink.refused(&plan, &words.all_refused)?;
            Err(Error::refused(words.all_refused.clone()))
        } else {
            finish(
                sink,
                outcome(plan, State::Unchanged, true, words.nothing.clone()),
            )
        };
    }
    if let Decision::DryRun = sink.confirm(&plan)? {
        return finish(sink, dry_run(plan));
    }
    let journal = run.journal.ensure(|t| sink.note(t))?;
    let mut tally = Tally {
        targets: read as u64,
        skipped: skipped.counts(),
        ..Tally::default()
    };
    for l in refused.iter().chain(&unchanged) {
        tally.count(l);
        sink.line(l);
    }
    let started = std::time::Instant::now();
    let chains: Vec<Vec<F::Target>> = chains
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter(|t| change.contains(&fix.name(t)))
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    watched(
        run.gate,
        &stopping,
        stream::iter(chains)
            .take_while(|_| std::future::ready(run.gate.closed().is_none()))
            .map(|chain| async move {
                let mut lines = Vec::new();
                for t in chain {
                    if run.gate.closed().is_some() {
                        break;
                    }
                    lines.push(change_one(fix, t, run, journal).await);
                }
                lines
            })
            .buffer_unordered(run.in_flight.max(1))
            .for_each(|lines| {
                for l in lines {
                    tally.count(&l);
                    sink.line(&l);
                }
                std::future::ready(())
            }),
    )
    .await;
    tally.close(started, run.gate.closed().is_none());
    sink.summary(
        &tally,
        &format!("journal: {} {}", journal.path.display(), words.journal),
    )?;
    end(run.gate, &tally, &words, journal, refusals)
}

/// The exit of a bulk run: the signal that stopped it, what halted it (a journal that could not
/// be written: exit 4; an endpoint that stopped answering: exit 3), the changes that failed or
/// were refused (exit 4), or 0.
fn end(
    gate: &Gate,
    tally: &Tally,
    words: &Words,
    journal: &super::journal::Journal,
    refusals: usize,
) -> Result<ExitCode> {
    if let Some(s) = gate.signalled() {
        return Ok(s.exit_code());
    }
    if let Some((why, code)) = gate.halt_reason() {
        return Err(match code {
            ExitCode::Aws => Error::Unsettled(why),
            _ => Error::refused(why),
        });
    }
    if tally.failures() > 0 {
        return Err(Error::refused(format!(
            "{} of {} {} failed or did not read back as planned; see the lines above and the journal {}",
            tally.failures(),
            tally.targets,
            words.changes,
            journal.path.display()
        )));
    }
    if refusals > 0 {
        return Err(Error::refused(format!(
            "{refusals} of the journal's changes were refused (the lines above say why); the rest were put back"
        )));
    }
    Ok(ExitCode::Ok)
}
