//! Settling one change: the `planned` journal line, the call, the read-back (with retries), and
//! what is true afterwards, established without printing anything. One change and every bulk
//! run go through [`write_and_check`].

use super::journal::{Journal, Record, Status as JournalStatus};
use super::Change;
use crate::error::{AwsError, Error, Result};

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
pub async fn shielded<T>(
    work: impl std::future::Future<Output = T>,
    on_signal: impl Fn(Stop),
) -> (T, Option<Stop>) {
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
                on_signal(Stop::Interrupt);
                stop = Some(Stop::Interrupt);
            }
            _ = term.recv(), if stop.is_none() => {
                on_signal(Stop::Terminate);
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
                // A result line that cannot be written closes the journal (its `planned` line
                // stands); what is true is still returned, and the run stops at the next change.
                let _ = j.result(&seen, n, settled.status(), settled.detail());
            }
            None => {
                let _ = j.result(r, n, settled.status(), settled.detail());
            }
        }
    }
    Ok(settled)
}
