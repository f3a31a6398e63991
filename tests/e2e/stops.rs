//! The journal stays true through stops and races, on moto behind a counting proxy: a hard stop
//! (SIGKILL) or a hang-up (SIGHUP) during `reinvite --from`, then a rerun, invites every user
//! exactly once (counted at the server); a second run on a journal in use is refused before it
//! reads a user, and so is an undo beside a running write; a torn last line is repaired before a
//! rerun appends, and the journal still undoes; a second pool on a journal is refused before
//! anything is sent; undo twice puts nothing back twice; Ctrl-C under a slow pace sends no write
//! after it and exits within seconds; journals are private (0600 in 0700).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::bulk::verified as values;
use crate::harness::*;
use crate::proxy::{Fault, Proxy};

fn list(dir: &Path, prefix: &str, range: std::ops::Range<usize>) -> std::path::PathBuf {
    let path = dir.join(format!("{prefix}-{}-{}.txt", range.start, range.end));
    let names: String = range.map(|i| format!("{prefix}{i:03}\n")).collect();
    std::fs::write(&path, names).unwrap();
    path
}

/// The journal's lines (a torn last line left out).
fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn count(path: &Path, status: &str) -> usize {
    lines(path).iter().filter(|l| l["status"] == status).count()
}

/// Waits until the journal holds `n` lines of `status`.
fn wait_for(path: &Path, status: &str, n: usize) {
    let start = Instant::now();
    while count(path, status) < n {
        assert!(
            start.elapsed().as_secs() < 60,
            "no progress in {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The usernames of the invitations a proxy forwarded.
fn invited(proxy: &Proxy) -> Vec<String> {
    proxy
        .bodies("AdminCreateUser")
        .iter()
        .filter(|b| b["MessageAction"] == "RESEND")
        .map(|b| b["Username"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn args(words: &[&str], rest: &[&Path]) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
    out.extend(rest.iter().map(|p| p.as_os_str().to_owned()));
    out
}

/// A stop (`sig`) while invitations are in flight, then a rerun on the same journal: every user
/// is invited exactly once in all, counted at the server; returns the stopped run's exit code.
async fn stop_then_rerun_invites_everyone_once(sig: &str, users: usize) -> Option<i32> {
    let p = invited_pool(&format!("stop{}", sig.trim_start_matches('-')), users).await;
    let dir = tempfile::tempdir().unwrap();
    let names = list(dir.path(), "inv", 0..users);
    let journal = dir.path().join("j.jsonl");
    // Every invitation takes 300 ms at the proxy: the stop lands with several in flight.
    let first = Proxy::start(&moto().endpoint);
    first.fault("AdminCreateUser", 0, 100_000, Fault::Delay(300));
    let run = |endpoint: &str| {
        spawn_doctor(
            endpoint,
            args(
                &[
                    "reinvite",
                    "--user-pool-id",
                    &p,
                    "--max-rps",
                    "20",
                    "--yes",
                    "--from",
                ],
                &[&names, Path::new("--journal"), &journal],
            ),
        )
    };
    let child = run(&first.endpoint);
    wait_for(&journal, "applied", 10);
    signal(&child, sig);
    let stopped = child.wait_with_output().unwrap();
    // Let the invitations the stop left in flight reach moto.
    std::thread::sleep(Duration::from_millis(800));
    let planned_only = planned_only(&journal);
    // No user is journaled as planned while it waits its turn: a planned line is written as its
    // call leaves, so every planned line is a call that reached the server, but for the one or
    // two whose line was written and whose bytes had not left when SIGKILL came (the pacer lets
    // one call go every 50 ms at 20 a second; a journal that planned while waiting would be up to
    // 24 ahead). The rerun settles those by reading the user, and every user is counted below.
    let sent_first = invited(&first);
    assert!(
        count(&journal, "planned") <= sent_first.len() + 2,
        "{} planned, {} sent",
        count(&journal, "planned"),
        sent_first.len()
    );

    let second = Proxy::start(&moto().endpoint);
    let rerun = run(&second.endpoint).wait_with_output().unwrap();
    assert_eq!(
        rerun.status.code(),
        Some(0),
        "{sig}, {planned_only} planned only: {}",
        stderr(&rerun)
    );
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for u in sent_first.iter().chain(invited(&second).iter()) {
        *times.entry(u.clone()).or_default() += 1;
    }
    assert_eq!(times.len(), users, "{sig}: every user invited: {times:?}");
    assert!(
        times.values().all(|n| *n == 1),
        "{sig}: each user invited once ({planned_only} planned only): {times:?}"
    );
    stopped.status.code()
}

#[tokio::test]
async fn sigkill_during_reinvite_then_a_rerun_invites_every_user_exactly_once() {
    let code = stop_then_rerun_invites_everyone_once("-KILL", 60).await;
    assert_eq!(code, None, "killed");
}

#[tokio::test]
async fn sighup_during_reinvite_finishes_what_is_in_flight_exits_129_and_a_rerun_invites_the_rest_once(
) {
    let code = stop_then_rerun_invites_everyone_once("-HUP", 60).await;
    assert_eq!(code, Some(129));
}

/// A run writing a journal holds it: a second run on it, or an undo of it, is refused before
/// it reads a user, and sends nothing.
#[tokio::test]
async fn a_journal_in_use_refuses_a_second_run_and_an_undo_before_they_read_a_user() {
    let p = invited_pool("two-runs", 30).await;
    let dir = tempfile::tempdir().unwrap();
    let names = list(dir.path(), "inv", 0..30);
    let journal = dir.path().join("j.jsonl");
    let slow = Proxy::start(&moto().endpoint);
    slow.fault("AdminCreateUser", 0, 100_000, Fault::Delay(200));
    let words = [
        "reinvite",
        "--user-pool-id",
        &p,
        "--max-rps",
        "2",
        "--yes",
        "--from",
    ];
    let first = spawn_doctor(
        &slow.endpoint,
        args(&words, &[&names, Path::new("--journal"), &journal]),
    );
    wait_for(&journal, "applied", 1);
    let watching = Proxy::start(&moto().endpoint);
    let second = doctor()
        .env("AWS_ENDPOINT_URL", &watching.endpoint)
        .args(words)
        .arg(&names)
        .arg("--journal")
        .arg(&journal)
        .output()
        .unwrap();
    assert_exit(&second, 4, "is being written by another run");
    let undo = doctor()
        .env("AWS_ENDPOINT_URL", &watching.endpoint)
        .args(["undo", "--yes", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_exit(&undo, 4, "is being written by another run");
    assert!(
        watching.seen().is_empty(),
        "nothing read or sent: {:?}",
        watching.seen()
    );
    signal(&first, "-INT");
    let out = first.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    // Each invitation sent once: the refused runs sent none.
    let sent = invited(&slow);
    let unique: std::collections::BTreeSet<&String> = sent.iter().collect();
    assert_eq!(unique.len(), sent.len(), "{sent:?}");
}

/// A run killed while writing a line leaves it cut short; the next run on the journal cuts it
/// off (saying so) before it appends, and the whole journal still undoes.
#[tokio::test]
async fn a_torn_line_is_repaired_before_a_rerun_appends_and_the_journal_still_undoes() {
    let p = unverified_pool("torn-rerun", 10).await;
    let before = values(&p).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let run = |names: &Path| {
        doctor()
            .args([
                "reverify",
                "--admin",
                "--user-pool-id",
                &p,
                "--max-rps",
                "25",
                "--yes",
                "--from",
            ])
            .arg(names)
            .arg("--journal")
            .arg(&journal)
            .output()
            .unwrap()
    };
    let out = run(&list(dir.path(), "j", 0..5));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // What a kill in the middle of a write leaves.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .unwrap();
    std::io::Write::write_all(&mut f, br#"{"change":99,"time":"2026-12-0"#).unwrap();
    drop(f);
    let out = run(&list(dir.path(), "j", 5..10));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("cut short"), "{}", stderr(&out));
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        text.lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "every line whole:\n{text}"
    );
    assert_eq!(count(&journal, "applied"), 10);
    let out = doctor()
        .args(["undo", "--yes", "--max-rps", "25", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(values(&p).await, before, "all ten restored");
}

/// One journal, one pool: a run on another pool is refused before anything is sent to it.
#[tokio::test]
async fn a_second_pool_on_a_journal_is_refused_before_anything_is_sent() {
    let first = unverified_pool("pool-one", 2).await;
    let other = unverified_pool("pool-two", 2).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let names = list(dir.path(), "j", 0..2);
    let run = |pool: &str, endpoint: &str| {
        doctor()
            .env("AWS_ENDPOINT_URL", endpoint)
            .args([
                "reverify",
                "--admin",
                "--user-pool-id",
                pool,
                "--yes",
                "--from",
            ])
            .arg(&names)
            .arg("--journal")
            .arg(&journal)
            .output()
            .unwrap()
    };
    let out = run(&first, &moto().endpoint);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let watching = Proxy::start(&moto().endpoint);
    let out = run(&other, &watching.endpoint);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&first),
        "names the journal's pool: {}",
        stderr(&out)
    );
    assert!(watching.seen().is_empty(), "{:?}", watching.seen());
    assert!(values(&other)
        .await
        .values()
        .all(|v| v.as_deref() == Some("false")));
    // The journal still undoes its own pool.
    let out = doctor()
        .args(["undo", "--yes", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// An undo run twice puts nothing back twice, whether it records into its own journal or into
/// the journal it undoes: the second finds every change put back already and sends nothing.
#[tokio::test]
async fn undo_twice_puts_nothing_back_twice() {
    for same in [false, true] {
        let p = unverified_pool(&format!("undo-twice-{same}"), 5).await;
        let before = values(&p).await;
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("j.jsonl");
        let record = match same {
            true => journal.clone(),
            false => dir.path().join("undo.jsonl"),
        };
        let out = doctor()
            .args([
                "reverify",
                "--admin",
                "--user-pool-id",
                &p,
                "--yes",
                "--from",
            ])
            .arg(list(dir.path(), "j", 0..5))
            .arg("--journal")
            .arg(&journal)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let undo = |endpoint: &str| {
            doctor()
                .env("AWS_ENDPOINT_URL", endpoint)
                .args(["undo", "--yes", "--journal"])
                .arg(&journal)
                .arg("--record")
                .arg(&record)
                .output()
                .unwrap()
        };
        let out = undo(&moto().endpoint);
        assert_eq!(out.status.code(), Some(0), "{same}: {}", stderr(&out));
        assert_eq!(values(&p).await, before, "{same}: restored");
        let watching = Proxy::start(&moto().endpoint);
        let out = undo(&watching.endpoint);
        assert_eq!(out.status.code(), Some(0), "{same}: {}", stderr(&out));
        assert!(
            !watching
                .seen()
                .iter()
                .any(|op| op == "AdminUpdateUserAttributes"),
            "{same}: {:?}",
            watching.seen()
        );
        assert_eq!(values(&p).await, before, "{same}: nothing verified again");
    }
}

/// Ctrl-C while the pacer holds writes back: no write leaves after the signal, and the run exits
/// 130 within seconds (not after the queue).
#[tokio::test]
async fn ctrl_c_under_a_slow_pace_sends_no_write_after_it_and_exits_at_once() {
    let p = unverified_pool("slow-int", 30).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let proxy = Proxy::start(&moto().endpoint);
    let child = spawn_doctor(
        &proxy.endpoint,
        args(
            &[
                "reverify",
                "--admin",
                "--user-pool-id",
                &p,
                "--max-rps",
                "0.5",
                "--yes",
                "--from",
            ],
            &[
                &list(dir.path(), "j", 0..30),
                Path::new("--journal"),
                &journal,
            ],
        ),
    );
    wait_for(&journal, "applied", 1);
    let writes = || {
        proxy
            .seen()
            .iter()
            .filter(|op| *op == "AdminUpdateUserAttributes")
            .count()
    };
    let at_signal = writes();
    let sent = Instant::now();
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    let took = sent.elapsed();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(writes(), at_signal, "a write left after the signal");
    let planned = count(&journal, "planned");
    assert_eq!(
        planned, at_signal,
        "only the writes that left are journaled"
    );
}

/// A journal holds usernames and addresses: it is created 0600, in directories made 0700.
#[tokio::test]
async fn journals_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let p = unverified_pool("private", 2).await;
    let state = tempfile::tempdir().unwrap();
    let out = doctor()
        .env("XDG_STATE_HOME", state.path())
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "j000",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = state.path().join("cognito-email-doctor/journal");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    assert_eq!(mode(&state.path().join("cognito-email-doctor")), 0o700);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());
    // A journal named on the command line in a directory that does not exist yet: the same.
    let named = state.path().join("new/dir/j.jsonl");
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "j001",
            "--yes",
        ])
        .arg("--journal")
        .arg(&named)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&named), 0o600);
    assert_eq!(mode(named.parent().unwrap()), 0o700);
}
