//! Settling one change: the write sent in its paced slot, the `planned` journal line written as
//! the call leaves (never while it waits its turn), the read-back (with retries), and what is
//! true afterwards, established without printing anything. One change and every change of a bulk
//! run go through [`write_and_check`]; a signal or a journal that cannot be written stops a write
//! that has not left yet (the [`Gate`]).

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Mutex;

use super::journal::{Journal, Record, Status as JournalStatus};
use super::Change;
use crate::aws::pace::Pacer;
use crate::error::{AwsError, AwsErrorKind, Error, ExitCode, Result};

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

/// The signal that stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
    HangUp,
}

impl Signal {
    /// The exit code, as shells report a process the signal ended (128 + its number).
    pub fn exit_code(self) -> ExitCode {
        match self {
            Signal::Interrupt => ExitCode::Interrupted,
            Signal::Terminate => ExitCode::Terminated,
            Signal::HangUp => ExitCode::HungUp,
        }
    }

    /// What the run says it was.
    pub fn word(self) -> &'static str {
        match self {
            Signal::Interrupt => "interrupted",
            Signal::Terminate => "terminated",
            Signal::HangUp => "hung up",
        }
    }

    fn code(self) -> u8 {
        match self {
            Signal::Interrupt => 1,
            Signal::Terminate => 2,
            Signal::HangUp => 3,
        }
    }

    fn from_code(c: u8) -> Option<Signal> {
        match c {
            1 => Some(Signal::Interrupt),
            2 => Some(Signal::Terminate),
            3 => Some(Signal::HangUp),
            _ => None,
        }
    }
}

/// Calls in a row that got no answer in time after which a run stops: the endpoint is not
/// answering, and each more would cost twice the read timeout.
pub const TIMEOUTS_IN_A_ROW: u32 = 5;

/// Whether a run may still send writes: no signal has come, and nothing halted it (a journal that
/// cannot be written, an endpoint that stopped answering). Shared by every change of a run, and
/// asked as each write is about to leave: a write waiting its turn when a signal comes is never
/// sent.
#[derive(Debug, Default)]
pub struct Gate {
    signal: AtomicU8,
    halt: Mutex<Option<(String, ExitCode)>>,
    timeouts: AtomicU32,
    /// Wakes the writes waiting their turn when the gate closes.
    closing: tokio::sync::Notify,
}

impl Gate {
    /// A signal came: no write leaves after this.
    pub fn signal(&self, s: Signal) {
        let _ = self
            .signal
            .compare_exchange(0, s.code(), Ordering::SeqCst, Ordering::SeqCst);
        self.closing.notify_waiters();
    }

    /// The signal that came, if one has.
    pub fn signalled(&self) -> Option<Signal> {
        Signal::from_code(self.signal.load(Ordering::SeqCst))
    }

    /// Stops the run for `why`, to exit with `code` (the first reason stands).
    fn halt(&self, why: String, code: ExitCode) {
        let mut h = self.halt.lock().unwrap_or_else(|p| p.into_inner());
        h.get_or_insert((why, code));
        drop(h);
        self.closing.notify_waiters();
    }

    /// The journal could not be written: no change is made that it cannot record (exit 4).
    pub fn halt_journal(&self, why: String) {
        self.halt(why, ExitCode::Refused);
    }

    /// Why the run was halted and the exit that says so, if it was.
    pub fn halt_reason(&self) -> Option<(String, ExitCode)> {
        self.halt.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn halted(&self) -> Option<String> {
        self.halt_reason().map(|(why, _)| why)
    }

    /// Why no more writes may leave, if none may.
    pub fn closed(&self) -> Option<String> {
        match self.signalled() {
            Some(s) => Some(format!("{} before it was sent", s.word())),
            None => self.halted(),
        }
    }

    /// Resolves once no more writes may leave: a write waiting its turn (the pacer, a throttle's
    /// backoff) stops waiting then, so that a run exits within moments of a signal.
    pub async fn shut(&self) {
        loop {
            let woken = self.closing.notified();
            if self.closed().is_some() {
                return;
            }
            woken.await;
        }
    }

    /// Counts a call's outcome: calls that got no answer in time, [`TIMEOUTS_IN_A_ROW`] in a
    /// row, halt the run.
    pub fn count(&self, outcome: &Result<(), AwsError>) {
        match outcome {
            Err(e) if e.kind == AwsErrorKind::Timeout => {
                let n = self.timeouts.fetch_add(1, Ordering::SeqCst) + 1;
                if n >= TIMEOUTS_IN_A_ROW {
                    self.halt(
                        format!(
                            "{n} calls in a row got no answer in time ({}): the endpoint is not answering, so the run stopped; run it again later (it does what is left)",
                            e.short()
                        ),
                        ExitCode::Aws,
                    );
                }
            }
            _ => self.timeouts.store(0, Ordering::SeqCst),
        }
    }
}

/// How one write is settled: the answers that mean an earlier attempt of ours already did it
/// (for calls that are not idempotent), the command that shows the state by hand, and what the
/// journal records.
pub struct Settle {
    pub operation: &'static str,
    /// Service error codes that a repeat of an applied call gets (UsernameExistsException for
    /// AdminCreateUser): with a read-back that matches the plan, they mean "applied".
    pub repeat_answers: &'static [&'static str],
    pub check_cli: String,
    /// The journal line of this change (every change that alters the pool journals).
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
    /// Never sent: a signal came, or the run was halted, while it waited its turn.
    NotSent(String),
}

impl Settled {
    pub fn status(&self) -> JournalStatus {
        match self {
            Settled::Took { .. } => JournalStatus::Applied,
            Settled::Differs(_) | Settled::Unknown { .. } => JournalStatus::NotVerified,
            Settled::NotApplied { .. } | Settled::Rejected(_) | Settled::NotSent(_) => {
                JournalStatus::Failed
            }
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
            Settled::Unknown { why, .. } | Settled::NotSent(why) => Some(why.clone()),
        }
    }
}

/// Sends the write in a paced slot: as the slot opens, the gate is asked (a write that has not
/// left when a signal comes is never sent), the `planned` line is written (the first time only),
/// and the call goes out. A throttle was not applied: the pace slows and the call is sent again
/// after a jittered wait. Returns what the call answered (None: never sent, with why) and the
/// change's number in the journal.
async fn send<W, WF>(
    how: &Settle,
    journal: Option<&Journal>,
    pacer: &Pacer,
    gate: &Gate,
    mut write: W,
) -> Result<(
    std::result::Result<Result<(), AwsError>, String>,
    Option<u64>,
)>
where
    W: FnMut() -> WF,
    WF: std::future::Future<Output = Result<(), AwsError>>,
{
    let mut change = None;
    let mut throttles = 0;
    loop {
        tokio::select! {
            biased;
            () = gate.shut() => {}
            () = pacer.wait() => {}
        }
        if let Some(why) = gate.closed() {
            return Ok((Err(why), change));
        }
        if change.is_none() {
            if let (Some(j), Some(r)) = (journal, &how.record) {
                change = Some(j.planned(r)?);
            }
        }
        let sent = write().await;
        gate.count(&sent);
        match sent {
            Err(e)
                if e.kind == AwsErrorKind::Throttled
                    && throttles < crate::aws::pace::MAX_THROTTLES =>
            {
                throttles += 1;
                pacer.throttled();
                tokio::select! {
                    biased;
                    () = gate.shut() => {}
                    () = tokio::time::sleep(crate::aws::pace::throttle_backoff(throttles)) => {}
                }
            }
            other => return Ok((Ok(other), change)),
        }
    }
}

/// Sends one change and establishes what is true: a write the service accepted is read back
/// (with retries); a write whose reply was lost (reset, timeout, 5xx, throttled to the end) is read
/// back to learn whether it happened; an answer that only a repeat of an applied call gets is
/// checked the same way. The journal gets the `planned` line as the call leaves and the result
/// after. Used by one change and by every change of a bulk run.
pub async fn write_and_check<W, WF, R, F>(
    how: &Settle,
    journal: Option<&Journal>,
    pacer: &Pacer,
    gate: &Gate,
    write: W,
    read: R,
) -> Result<Settled>
where
    W: FnMut() -> WF,
    WF: std::future::Future<Output = Result<(), AwsError>>,
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    let (sent, change) = send(how, journal, pacer, gate, write).await?;
    let settled = match sent {
        Err(why) => Settled::NotSent(why),
        Ok(sent) => settle(how, sent, &read).await,
    };
    if let (Some(j), Some(r), Some(n)) = (journal, &how.record, change) {
        let observed = match &settled {
            Settled::Took { check, .. } | Settled::Differs(check) => check.observed.clone(),
            Settled::NotApplied { check, .. } => check.observed.clone(),
            _ => None,
        };
        let seen = match observed {
            Some(after) => Record { after, ..r.clone() },
            None => r.clone(),
        };
        // A result line that cannot be written closes the journal (its `planned` line stands);
        // what is true is still returned, and the run stops before the next change.
        let _ = j.result(&seen, n, settled.status(), settled.detail());
    }
    Ok(settled)
}

/// What the call's answer and the read-back say together.
async fn settle<R, F>(how: &Settle, sent: Result<(), AwsError>, read: &R) -> Settled
where
    R: Fn() -> F,
    F: std::future::Future<Output = Result<Check, Error>>,
{
    // A definite rejection changed nothing: no read-back. Anything else is read back.
    let rejection = sent.as_ref().err().is_some_and(|e| {
        !e.is_transient()
            && !how
                .repeat_answers
                .contains(&e.code.as_deref().unwrap_or_default())
    });
    if let (Err(e), true) = (&sent, rejection) {
        return Settled::Rejected(e.clone());
    }
    match (sent, read_back(read).await) {
        (Ok(()), Ok(c)) if c.took => Settled::Took {
            check: c,
            answer: None,
        },
        (Ok(()), Ok(c)) => Settled::Differs(c),
        (Ok(()), Err(e)) => Settled::Unknown {
            accepted: true,
            why: format!(
                "{} was accepted, but reading the result back failed ({e})",
                how.operation
            ),
        },
        (Err(e), Ok(c)) if c.took => Settled::Took {
            check: c,
            answer: Some(e),
        },
        (Err(e), Ok(c)) => Settled::NotApplied { check: c, error: e },
        (Err(e), Err(read_err)) => Settled::Unknown {
            accepted: false,
            why: format!(
                "{} got no answer ({}) and reading the state back failed too ({read_err}): it may or may not have been applied",
                how.operation,
                e.short()
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            user_pool_id: "us-east-1_x".into(),
            operation: "Op",
            target: "t".into(),
            ..Record::default()
        }
    }

    /// A write waiting its turn when the signal comes is never sent, and nothing is journaled.
    #[tokio::test]
    async fn no_write_leaves_after_a_signal_and_none_is_journaled_while_it_waits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let journal = Journal::open(Some(&path), dir.path(), Some("us-east-1_x"), true)
            .unwrap()
            .unwrap();
        let pacer = Pacer::new(0.5);
        let gate = Gate::default();
        let how = Settle {
            operation: "Op",
            repeat_answers: &[],
            check_cli: String::new(),
            record: Some(record()),
        };
        let sent = std::cell::Cell::new(0);
        let write = || {
            sent.set(sent.get() + 1);
            async { Ok(()) }
        };
        let read = || async {
            Ok(Check {
                took: true,
                read_back: Vec::new(),
                result: String::new(),
                observed: None,
            })
        };
        // The first slot is free now; the second waits two seconds, and the signal comes first.
        let first = write_and_check(&how, Some(&journal), &pacer, &gate, write, read).await;
        assert!(matches!(first, Ok(Settled::Took { .. })));
        let second =
            async { write_and_check(&how, Some(&journal), &pacer, &gate, write, read).await };
        let signal = async {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            gate.signal(Signal::Interrupt);
        };
        let (second, ()) = tokio::join!(second, signal);
        assert!(matches!(second, Ok(Settled::NotSent(_))));
        assert_eq!(sent.get(), 1);
        let planned = crate::change::journal::read(&path)
            .unwrap()
            .entries
            .iter()
            .filter(|e| e.status == JournalStatus::Planned)
            .count();
        assert_eq!(planned, 1, "only the write that left was journaled");
    }

    /// A throttled write was not applied: it is sent again, and the pace slows.
    #[tokio::test(start_paused = true)]
    async fn a_throttled_write_is_sent_again_and_slows_the_pace() {
        let pacer = Pacer::new(10.0);
        let gate = Gate::default();
        let how = Settle {
            operation: "AdminUpdateUserAttributes",
            repeat_answers: &[],
            check_cli: String::new(),
            record: None,
        };
        let tries = std::cell::Cell::new(0);
        let write = || {
            tries.set(tries.get() + 1);
            let n = tries.get();
            async move {
                if n < 3 {
                    Err(AwsError {
                        operation: "AdminUpdateUserAttributes",
                        kind: AwsErrorKind::Throttled,
                        code: Some("TooManyRequestsException".into()),
                        ..AwsError::default()
                    })
                } else {
                    Ok(())
                }
            }
        };
        let read = || async {
            Ok(Check {
                took: true,
                read_back: Vec::new(),
                result: String::new(),
                observed: None,
            })
        };
        let settled = write_and_check(&how, None, &pacer, &gate, write, read).await;
        assert!(matches!(settled, Ok(Settled::Took { answer: None, .. })));
        assert_eq!(tries.get(), 3);
        assert!(pacer.rps() < 10.0, "{}", pacer.rps());
    }

    #[test]
    fn timeouts_in_a_row_halt_the_run_and_an_answer_resets_the_count() {
        let gate = Gate::default();
        let timeout = || {
            Err(AwsError {
                operation: "AdminCreateUser",
                kind: AwsErrorKind::Timeout,
                ..AwsError::default()
            })
        };
        for _ in 0..TIMEOUTS_IN_A_ROW - 1 {
            gate.count(&timeout());
        }
        gate.count(&Ok(()));
        for _ in 0..TIMEOUTS_IN_A_ROW - 1 {
            gate.count(&timeout());
        }
        assert_eq!(gate.closed(), None);
        gate.count(&timeout());
        assert!(gate.closed().unwrap().contains("5 calls in a row"));
    }
}
