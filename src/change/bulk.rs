//! Running one change for many targets, for every bulk command (`reverify --from`, `undo`): the
//! list of users from an audit (or one per line), a driver that runs a per-target job a few at a
//! time, stops cleanly on SIGINT/SIGTERM or at a journal that cannot be written (the jobs in
//! flight finish; no new one starts), and the [`Runner`]: each change settled through the
//! journal under the run's one pacer, its outcome turned into a line in one place, and counted.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use futures_util::{stream, StreamExt};

use super::journal::Journal;
use super::settle::{write_and_check, Check, Settle, Settled};
use crate::aws::pace::{paced, paced_write, Pacer};
use crate::error::{AwsError, Error, Result};

/// The usernames in `text`: `audit -o json` output (the users with a finding in `codes`; the pool
/// and summary lines are passed over) or one username per line (blank lines and `#` comments
/// skipped). Each username once, in the order first seen. A line of JSON of any other shape (an
/// array, an object without `username` and `findings`, a quoted string, `null`) is refused with
/// the sentence why, never read as a username.
pub fn usernames(text: &str, codes: &[&str]) -> Result<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let refuse = |what: String| {
            Error::usage(format!(
                "line {} is {what}: expected a line of `audit -o json` (an object with \"username\" and \"findings\") or one username per line",
                i + 1
            ))
        };
        let name = match audit_line(line, codes).map_err(refuse)? {
            Listed::Name(name) => name,
            Listed::Passed => continue,
            Listed::Plain => line.to_owned(),
        };
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    Ok(out)
}

/// What one line of a `--from` list gives.
enum Listed {
    /// The username of an audit line whose findings the command fixes.
    Name(String),
    /// An audit line passed over: the pool's or the summary's, or a user the command does not fix.
    Passed,
    /// Not JSON: the line is a username.
    Plain,
}

/// Reads one line as an audit JSON line when it looks like JSON; the error says what it is
/// instead.
fn audit_line(line: &str, codes: &[&str]) -> std::result::Result<Listed, String> {
    let start = line.trim_start();
    if !start.starts_with(['{', '[', '"']) && start.trim_end() != "null" {
        return Ok(Listed::Plain);
    }
    let v: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| format!("neither a username nor valid JSON ({e})"))?;
    let object = match &v {
        serde_json::Value::Object(o) => o,
        serde_json::Value::Array(_) => return Err("a JSON array".into()),
        serde_json::Value::String(_) => {
            return Err(
                "a quoted JSON string (give usernames without quotes: jq -r prints them so)".into(),
            )
        }
        _ => return Err("JSON null".into()),
    };
    if object.contains_key("pool") || object.contains_key("summary") {
        return Ok(Listed::Passed);
    }
    let name = match object.get("username") {
        Some(serde_json::Value::String(n)) => n,
        Some(_) => return Err("a JSON object whose \"username\" is not a string".into()),
        None => return Err("a JSON object without \"username\"".into()),
    };
    let Some(findings) = object.get("findings").and_then(|f| f.as_array()) else {
        return Err("a JSON object without a \"findings\" list".into());
    };
    let wanted = findings.iter().any(|f| {
        f.get("code")
            .and_then(|c| c.as_str())
            .is_some_and(|c| codes.contains(&c))
    });
    Ok(if wanted {
        Listed::Name(name.clone())
    } else {
        Listed::Passed
    })
}

/// The usernames of a `--from` input (see [`usernames`]); a refusal names the input.
pub fn usernames_from(from: &std::path::Path, codes: &[&str]) -> Result<Vec<String>> {
    usernames(&read_input(from)?, codes).map_err(|e| match e {
        Error::Usage(why) => Error::usage(format!("{}, {why}", from.display())),
        other => other,
    })
}

/// Why a survey leaves out a user it did not find: the plan and the line name it so, never as a
/// user to change.
pub const NOT_IN_POOL: &str = "not in the pool (AdminGetUser: UserNotFoundException)";

/// Users named in a plan for each reason they are skipped; the rest are counted.
const NAMED: usize = 10;

/// The users a survey leaves out, by reason: a plan names them (the first few of each reason,
/// in the input's order), the tally counts them.
#[derive(Debug, Clone, Default)]
pub struct Skips(std::collections::BTreeMap<String, Vec<String>>);

impl Skips {
    pub fn add(&mut self, why: String, name: String) {
        self.0.entry(why).or_default().push(name);
    }

    /// Puts each reason's users in the order of `names` (the input's).
    pub fn sort_as(&mut self, names: &[String]) {
        let order: std::collections::HashMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (n, i)).collect();
        for users in self.0.values_mut() {
            users.sort_by_key(|n| order.get(n).copied().unwrap_or(usize::MAX));
        }
    }

    pub fn total(&self) -> u64 {
        self.0.values().map(|u| u.len() as u64).sum()
    }

    /// How many users each reason left out, for the run's tally.
    pub fn counts(&self) -> std::collections::BTreeMap<String, u64> {
        self.0
            .iter()
            .map(|(why, users)| (why.clone(), users.len() as u64))
            .collect()
    }

    /// The plan's notes: `skipped N: why: alice, bob (and M more)`.
    pub fn notes(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(why, users)| {
                let more = users.len().saturating_sub(NAMED);
                format!(
                    "skipped {}: {why}: {}{}",
                    users.len(),
                    users[..users.len() - more].join(", "),
                    if more > 0 {
                        format!(" (and {more} more)")
                    } else {
                        String::new()
                    }
                )
            })
            .collect()
    }
}

/// An input list is text; more than this is not a list of usernames.
const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// The text of a `--from` input: a file, or stdin for `-`; refused over 256 MiB or when it is not
/// text.
pub fn read_input(from: &std::path::Path) -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let place = from.display().to_string();
    let read = if from.as_os_str() == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(from).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::usage(format!("could not read {place}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Error::usage(format!(
            "{place} is over 256 MiB: not a list of users"
        )));
    }
    String::from_utf8(bytes).map_err(|_| Error::usage(format!("{place} is not text")))
}

/// How a driven run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Every target was run.
    Done,
    /// SIGINT (130) or SIGTERM (143) stopped it; the jobs in flight finished.
    Signal(i32),
    /// The journal could not be written: the run stopped there (the sentence says why).
    JournalFailed(String),
}

/// Runs `job` for each target, at most `in_flight` at once, and passes each result to `done` as
/// it finishes. A signal stops new jobs from starting (`on_signal` is told at once); so does
/// `halt` once it names a reason. The jobs in flight finish.
pub async fn drive<T, R, J, Fut>(
    targets: Vec<T>,
    in_flight: usize,
    halt: impl Fn() -> Option<String>,
    on_signal: impl Fn(),
    job: J,
    mut done: impl FnMut(R),
) -> Ended
where
    J: Fn(T) -> Fut,
    Fut: Future<Output = R>,
{
    use tokio::signal::unix::{signal, SignalKind};
    let stop = Arc::new(AtomicU8::new(0));
    let watcher = {
        let stop = stop.clone();
        async move {
            let (Ok(mut int), Ok(mut term)) = (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) else {
                return std::future::pending::<()>().await;
            };
            let code = tokio::select! {
                _ = int.recv() => 130,
                _ = term.recv() => 143,
            };
            on_signal();
            stop.store(code, Ordering::SeqCst);
            std::future::pending::<()>().await
        }
    };
    let running = {
        let stop = stop.clone();
        let halt = &halt;
        stream::iter(targets)
            .take_while(move |_| {
                std::future::ready(stop.load(Ordering::SeqCst) == 0 && halt().is_none())
            })
            .map(job)
            .buffer_unordered(in_flight.max(1))
            .for_each(|r| {
                done(r);
                std::future::ready(())
            })
    };
    tokio::select! {
        _ = running => {}
        _ = watcher => {}
    }
    match (stop.load(Ordering::SeqCst), halt()) {
        (0, None) => Ended::Done,
        (0, Some(why)) => Ended::JournalFailed(why),
        (code, _) => Ended::Signal(i32::from(code)),
    }
}

/// One bulk run's way of making changes: its journal, the pace of its writes and of its reads
/// (each within its quota), and how many users are in flight at once.
pub struct Runner<'a> {
    pub journal: &'a Journal,
    pub writes: &'a Pacer,
    pub reads: &'a Pacer,
    pub in_flight: usize,
}

impl Runner<'_> {
    /// A read for the run, paced within its quota, throttles and passing failures absorbed.
    pub async fn read<T, F, Fut>(&self, call: F) -> Result<T, AwsError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, AwsError>>,
    {
        paced(self.reads, call).await
    }

    /// Makes one change and turns what is true afterwards into its line: the write goes out in
    /// a paced slot (a throttle slows the run and the write is sent again), the journal records
    /// it before and after, and the read-back decides the line. The one place where an outcome
    /// becomes a line.
    pub async fn change<W, WF, R, F>(
        &self,
        target: String,
        how: &Settle<'_>,
        write: W,
        read: R,
    ) -> Line
    where
        W: FnMut() -> WF,
        WF: Future<Output = Result<(), AwsError>>,
        R: Fn() -> F,
        F: Future<Output = Result<Check>>,
    {
        let sent = paced_write(self.writes, write);
        let (state, detail) = match write_and_check(how, Some(self.journal), sent, read).await {
            Ok(Settled::Took { check, .. }) => (LineState::Applied, check.result),
            Ok(Settled::Differs(check)) => (LineState::NotVerified, check.result),
            Ok(Settled::Unknown { why, .. }) => (
                LineState::NotVerified,
                format!("{why}; check with: {}", how.check_cli),
            ),
            Ok(Settled::NotApplied { error, .. }) | Ok(Settled::Rejected(error)) => {
                (LineState::Failed, error.to_string())
            }
            Err(e) => (LineState::Failed, e.to_string()),
        };
        let detail = match (state, self.journal.broken()) {
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

    /// Runs `job` for each target, a few at a time, counting each line into `tally` and handing
    /// it to `on_line` as it finishes. Stops at a signal (`on_signal` is told) or once the
    /// journal cannot be written.
    pub async fn run<T, J, Fut>(
        &self,
        targets: Vec<T>,
        mut tally: Tally,
        on_signal: impl Fn(),
        job: J,
        mut on_line: impl FnMut(&Line),
    ) -> (Ended, Tally)
    where
        J: Fn(T) -> Fut,
        Fut: Future<Output = Vec<Line>>,
    {
        let started = std::time::Instant::now();
        let ended = drive(
            targets,
            self.in_flight,
            || self.journal.broken(),
            on_signal,
            job,
            |lines| {
                for line in lines {
                    tally.count(&line);
                    on_line(&line);
                }
            },
        )
        .await;
        tally.close(started, &ended);
        (ended, tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Vec<&'static str> {
        crate::rules::codes_fixed_by(crate::rules::Fixer::AdminReverify)
    }

    #[test]
    fn audit_lines_give_the_users_an_admin_reverify_fixes() {
        let text = r#"{"pool":{"user_pool_id":"p","findings":[]}}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"username":"bob","findings":[{"code":"email-missing"}]}
{"username":"carol","findings":[{"code":"sign-up-not-confirmed"},{"code":"email-never-verified"}]}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"summary":{"users_scanned":3}}"#;
        assert_eq!(usernames(text, &admin()).unwrap(), ["alice", "carol"]);
    }

    #[test]
    fn plain_lines_are_usernames() {
        let text = "# to fix\nalice\n\n -dash\no'brien\r\nalice\n";
        assert_eq!(
            usernames(text, &admin()).unwrap(),
            ["alice", " -dash", "o'brien"]
        );
        assert!(usernames("{not json", &admin()).is_err());
    }

    /// JSON of any other shape is refused with the line and what was expected, never read as a
    /// username.
    #[test]
    fn json_of_another_shape_is_refused() {
        for (text, what) in [
            ("[1,2,3]", "a JSON array"),
            ("{\"a\":1}", "without \"username\""),
            (
                "alice\n{\"user\":\"bob\",\"findings\":[]}",
                "without \"username\"",
            ),
            ("{\"username\":7,\"findings\":[]}", "not a string"),
            ("{\"username\":\"bob\"}", "without a \"findings\" list"),
            ("\"alice\"", "quoted JSON string"),
            ("null", "JSON null"),
        ] {
            let Err(Error::Usage(why)) = usernames(text, &admin()) else {
                panic!("{text} was read as usernames");
            };
            let line = text.lines().count();
            assert!(why.starts_with(&format!("line {line} is ")), "{why}");
            assert!(
                why.contains(what) && why.contains("one username per line"),
                "{why}"
            );
        }
        // Numbers and names with brackets inside stay usernames.
        assert_eq!(
            usernames("12345\nbob[1]\n", &admin()).unwrap(),
            ["12345", "bob[1]"]
        );
    }

    #[test]
    fn skips_name_their_users_in_the_input_order() {
        let names: Vec<String> = (0..14).map(|i| format!("u{i}")).collect();
        let mut s = Skips::default();
        for n in names.iter().rev() {
            s.add(NOT_IN_POOL.into(), n.clone());
        }
        s.add("already verified".into(), "v".into());
        s.sort_as(&names);
        assert_eq!(s.total(), 15);
        assert_eq!(s.counts()[NOT_IN_POOL], 14);
        assert_eq!(
            s.notes(),
            [
                "skipped 1: already verified: v".to_owned(),
                format!(
                    "skipped 14: {NOT_IN_POOL}: u0, u1, u2, u3, u4, u5, u6, u7, u8, u9 (and 4 more)"
                ),
            ]
        );
    }

    #[tokio::test]
    async fn drives_every_target_a_few_at_a_time() {
        let mut got = Vec::new();
        let ended = drive(
            (0..10).collect(),
            3,
            || None,
            || {},
            |i| async move { i * 2 },
            |r| got.push(r),
        )
        .await;
        assert_eq!(ended, Ended::Done);
        got.sort_unstable();
        assert_eq!(got, (0..10).map(|i| i * 2).collect::<Vec<_>>());
    }
}

/// What happened to one target of a bulk run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineState {
    Applied,
    Skipped,
    Failed,
    NotVerified,
}

/// One target's line of a bulk run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub target: String,
    pub state: LineState,
    /// Why it was skipped or failed, or what it read back.
    pub detail: String,
}

/// The counts of a bulk run, for its last line.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub targets: u64,
    pub applied: u64,
    pub skipped: std::collections::BTreeMap<String, u64>,
    pub failed: u64,
    pub not_verified: u64,
    /// False when a signal stopped the run: run it again to do the rest.
    pub complete: bool,
    pub seconds: f64,
    /// Changes sent per second, over the run.
    pub rate: f64,
}

impl Tally {
    /// Closes the tally of a run that started at `started` and ended as `ended`.
    pub fn close(&mut self, started: std::time::Instant, ended: &Ended) {
        self.seconds = started.elapsed().as_secs_f64();
        self.rate =
            (self.applied + self.failed + self.not_verified) as f64 / self.seconds.max(0.001);
        self.complete = *ended == Ended::Done;
    }

    /// The changes that failed or did not read back as planned.
    pub fn failures(&self) -> u64 {
        self.failed + self.not_verified
    }

    pub fn count(&mut self, line: &Line) {
        match line.state {
            LineState::Applied => self.applied += 1,
            LineState::Skipped => *self.skipped.entry(line.detail.clone()).or_default() += 1,
            LineState::Failed => self.failed += 1,
            LineState::NotVerified => self.not_verified += 1,
        }
    }
}
