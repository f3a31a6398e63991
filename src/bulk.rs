//! Running one change for many targets: the list of users from an audit (or one per line), and
//! a driver that runs a per-target job a few at a time under one shared pace, stops cleanly on
//! SIGINT/SIGTERM (the jobs in flight finish; no new one starts) and hands each result back in
//! the order it finishes. The job itself is the same code as for one target.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use futures_util::{stream, StreamExt};

use crate::error::{Error, Result};

/// The finding codes whose fix is an administrator's `reverify`: the users `--from` takes from
/// an audit. (An alias held by another user is taken too, and skipped unless `--take-alias`.)
pub const ADMIN_REVERIFY_CODES: &[&str] = &[
    "email-changed-unverified",
    "email-never-verified",
    "password-reset-blocked",
    "email-verified-not-canonical",
    "alias-held-by-other-user",
];

/// The usernames in `text`: `audit -o json` output (the users with a finding in `codes`; the pool
/// and summary lines are passed over) or one username per line (blank lines and `#` comments
/// skipped). Each username once, in the order first seen.
pub fn usernames(text: &str, codes: &[&str]) -> Result<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let name = if line.trim_start().starts_with('{') {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                Error::usage(format!(
                    "line {} is neither a username nor an audit JSON line ({e})",
                    i + 1
                ))
            })?;
            let Some(name) = v.get("username").and_then(|u| u.as_str()) else {
                continue;
            };
            let wanted = v
                .get("findings")
                .and_then(|f| f.as_array())
                .is_some_and(|fs| {
                    fs.iter().any(|f| {
                        f.get("code")
                            .and_then(|c| c.as_str())
                            .is_some_and(|c| codes.contains(&c))
                    })
                });
            if !wanted {
                continue;
            }
            name.to_owned()
        } else {
            line.to_owned()
        };
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    Ok(out)
}

/// How a driven run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every target was run.
    Done,
    /// SIGINT (130) or SIGTERM (143) stopped it; the jobs in flight finished.
    Signal(i32),
}

/// Runs `job` for each target, at most `in_flight` at once, and passes each result to `done` as
/// it finishes. A signal stops new jobs from starting; the ones in flight finish.
pub async fn drive<T, R, J, Fut>(
    targets: Vec<T>,
    in_flight: usize,
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
            crate::render::note(
                "stopping: the changes in flight finish and are recorded; no new one starts",
            );
            stop.store(code, Ordering::SeqCst);
            std::future::pending::<()>().await
        }
    };
    let running = {
        let stop = stop.clone();
        stream::iter(targets)
            .take_while(move |_| std::future::ready(stop.load(Ordering::SeqCst) == 0))
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
    match stop.load(Ordering::SeqCst) {
        0 => Ended::Done,
        code => Ended::Signal(i32::from(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_lines_give_the_users_an_admin_reverify_fixes() {
        let text = r#"{"pool":{"user_pool_id":"p","findings":[]}}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"username":"bob","findings":[{"code":"email-missing"}]}
{"username":"carol","findings":[{"code":"sign-up-not-confirmed"},{"code":"email-never-verified"}]}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"summary":{"users_scanned":3}}"#;
        assert_eq!(
            usernames(text, ADMIN_REVERIFY_CODES).unwrap(),
            ["alice", "carol"]
        );
    }

    #[test]
    fn plain_lines_are_usernames() {
        let text = "# to fix\nalice\n\n -dash\no'brien\r\nalice\n";
        assert_eq!(
            usernames(text, ADMIN_REVERIFY_CODES).unwrap(),
            ["alice", " -dash", "o'brien"]
        );
        assert!(usernames("{not json", ADMIN_REVERIFY_CODES).is_err());
    }

    #[tokio::test]
    async fn drives_every_target_a_few_at_a_time() {
        let mut got = Vec::new();
        let ended = drive(
            (0..10).collect(),
            3,
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
    pub fn close(&mut self, started: std::time::Instant, ended: Ended) {
        self.seconds = started.elapsed().as_secs_f64();
        self.rate =
            (self.applied + self.failed + self.not_verified) as f64 / self.seconds.max(0.001);
        self.complete = ended == Ended::Done;
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
