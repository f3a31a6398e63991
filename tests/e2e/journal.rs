//! The journal fails closed, on moto: a journal that cannot be written stops the run at the last
//! change it recorded; undo reads a journal in bounded memory, skips a last line cut short and
//! restores the rest; devices and oversized files are refused with a sentence; undo through
//! throttles restores every user.

use std::process::{Command, Stdio};

use crate::bulk::verified as values;
use crate::harness::*;
use crate::proxy::{Fault, Proxy};

fn names(n: usize) -> String {
    (0..n).map(|i| format!("j{i:03}\n")).collect()
}

/// Every line of a journal, each of which must be a whole JSON object.
fn lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "a half line stayed behind"
    );
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The binary run by `sh` under a file-size limit of `blocks` 512-byte blocks, with SIGXFSZ
/// ignored (inherited across exec), so that a journal write past the limit fails as a full disk
/// does: EFBIG instead of ENOSPC, the same short write.
fn under_file_limit(blocks: u32, args: &[&std::ffi::OsStr], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_cognito-email-doctor"))
        .args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("COGNITO_") {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn a_journal_that_cannot_be_written_stops_the_run_at_the_last_change_it_recorded() {
    const USERS: usize = 60;
    let p = unverified_pool("full-journal", USERS).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let args: Vec<std::ffi::OsString> = [
        "-o",
        "json",
        "reverify",
        "--admin",
        "--user-pool-id",
        &p,
        "--max-rps",
        "25",
        "--yes",
        "--from",
        "-",
        "--journal",
    ]
    .iter()
    .map(Into::into)
    .chain([journal.clone().into_os_string()])
    .collect();
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    // 24 blocks of 512 bytes hold some changes' lines (about 550 bytes a change, up to 24 in
    // flight), not 60.
    let out = under_file_limit(24, &args, &names(USERS));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not write the journal")
            && stderr(&out).contains("no change is made that the journal cannot record"),
        "{}",
        stderr(&out)
    );
    let recorded = lines(&journal);
    let planned: std::collections::BTreeSet<String> = recorded
        .iter()
        .filter(|e| e["status"] == "planned")
        .map(|e| e["target"].as_str().unwrap().to_owned())
        .collect();
    let now = values(&p).await;
    let changed: std::collections::BTreeSet<String> = now
        .iter()
        .filter(|(_, v)| v.as_deref() == Some("true"))
        .map(|(n, _)| n.clone())
        .collect();
    assert!(!changed.is_empty() && changed.len() < USERS, "{changed:?}");
    assert!(
        changed.is_subset(&planned),
        "a user was changed whose change the journal does not hold: {:?}",
        changed.difference(&planned).collect::<Vec<_>>()
    );
    // No line says "failed" for a user that was changed.
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines().filter(|l| l.contains(r#""target""#)) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let user = v["target"].as_str().unwrap();
        if changed.contains(user) {
            assert_ne!(v["state"], "failed", "{line}");
        }
    }
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["complete"], false, "{last}");

    // Undo (no file limit now) puts back every change the journal shows applied.
    let applied: Vec<String> = recorded
        .iter()
        .filter(|e| e["status"] == "applied")
        .map(|e| e["target"].as_str().unwrap().to_owned())
        .collect();
    assert!(!applied.is_empty());
    let out = doctor()
        .args(["undo", "--yes", "--max-rps", "25", "--journal"])
        .arg(&journal)
        .arg("--record")
        .arg(dir.path().join("undo.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = values(&p).await;
    for name in &applied {
        assert_eq!(after[name].as_deref(), Some("false"), "{name} not put back");
    }
}

#[tokio::test]
async fn undo_skips_a_last_line_cut_short_and_restores_the_rest_through_throttles() {
    const USERS: usize = 30;
    let p = unverified_pool("truncated-journal", USERS).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--max-rps",
            "25",
            "--yes",
            "--from",
            "-",
            "--journal",
        ])
        .arg(&journal)
        .write_stdin(names(USERS))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(values(&p)
        .await
        .values()
        .all(|v| v.as_deref() == Some("true")));
    // A run stopped while writing its last line.
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str(r#"{"change":99,"time":"2026-12-02T00:00:00Z","user_pool_id":"#);
    std::fs::write(&journal, text).unwrap();

    // Undo through a proxy that throttles one AdminUpdateUserAttributes in 7, and three in a row
    // once: every user is restored, and the throttles were met.
    let proxy = Proxy::start(&moto().endpoint);
    for k in 0..5 {
        proxy.fault(
            "AdminUpdateUserAttributes",
            if k == 0 { 2 } else { 6 },
            1,
            Fault::Throttle,
        );
    }
    proxy.fault("AdminUpdateUserAttributes", 3, 3, Fault::Throttle);
    let out = doctor()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args([
            "-o",
            "json",
            "undo",
            "--yes",
            "--max-rps",
            "25",
            "--journal",
        ])
        .arg(&journal)
        .arg("--record")
        .arg(dir.path().join("undo.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("cut short"), "{}", stderr(&out));
    assert!(proxy.faults_applied() >= 6, "{}", proxy.faults_applied());
    let after = values(&p).await;
    assert_eq!(after.len(), USERS);
    for (name, v) in &after {
        assert_eq!(v.as_deref(), Some("false"), "{name} not put back");
    }
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["applied"], USERS as u64, "{last}");
}

#[test]
fn devices_and_oversized_journals_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.jsonl");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let long = dir.path().join("long.jsonl");
    std::fs::write(&long, vec![b'{'; 2 * 1024 * 1024]).unwrap();
    for (journal, why) in [
        ("/dev/zero", "not a regular file"),
        ("/dev/full", "not a regular file"),
        (huge.to_str().unwrap(), "over the 256 MiB"),
        (long.to_str().unwrap(), "over 1 MiB"),
    ] {
        let started = std::time::Instant::now();
        let out = doctor()
            .args(["undo", "--dry-run", "--journal", journal])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{journal}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{journal}: {}", stderr(&out));
        assert!(started.elapsed().as_secs() < 10, "{journal} took long");
    }
    // The undo's own journal on a device: refused before anything is read or changed.
    let ok = dir.path().join("ok.jsonl");
    std::fs::write(
        &ok,
        r#"{"change":0,"time":"t","user_pool_id":"us-east-1_x","operation":"AdminUpdateUserAttributes","target":"a","before":{"a":null},"after":{"a":"true"},"status":"applied"}
"#,
    )
    .unwrap();
    let out = doctor()
        .args(["undo", "--yes", "--record", "/dev/full", "--journal"])
        .arg(&ok)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

/// SIGKILL in the middle of a bulk run leaves changes journaled as planned only (the call went
/// out, the outcome line never did); the rerun skips those users as already verified, and undo
/// settles each planned line by reading the user: every user is restored.
#[tokio::test]
async fn sigkill_then_a_rerun_then_undo_restores_every_user() {
    let p = unverified_pool("sigkill", 40).await;
    let before = values(&p).await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("users.txt");
    std::fs::write(&list, names(40)).unwrap();
    let journal = dir.path().join("j.jsonl");
    // Every write takes 300 ms at the proxy: a kill lands with several in flight.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminUpdateUserAttributes", 0, 10_000, Fault::Delay(300));
    let mut args: Vec<std::ffi::OsString> = [
        "reverify",
        "--admin",
        "--user-pool-id",
        &p,
        "--max-rps",
        "20",
        "--yes",
        "--from",
    ]
    .iter()
    .map(Into::into)
    .collect();
    args.extend([
        list.clone().into_os_string(),
        "--journal".into(),
        journal.clone().into_os_string(),
    ]);
    let child = spawn_doctor(&proxy.endpoint, args);
    let start = std::time::Instant::now();
    while !journal.exists()
        || lines(&journal)
            .iter()
            .filter(|l| l["status"] == "applied")
            .count()
            < 10
    {
        assert!(start.elapsed().as_secs() < 60, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    signal(&child, "-KILL");
    let _ = child.wait_with_output();
    let planned_only = planned_only(&journal);
    assert!(planned_only > 0, "the kill left no change in flight");
    // Let the writes the kill left in flight reach moto.
    std::thread::sleep(std::time::Duration::from_millis(800));

    let out = doctor()
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
        .arg(&list)
        .arg("--journal")
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(values(&p)
        .await
        .values()
        .all(|v| v.as_deref() == Some("true")));

    let out = doctor()
        .args(["undo", "--yes", "--max-rps", "25", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{} planned only: {planned_only}",
        stderr(&out)
    );
    assert_eq!(
        values(&p).await,
        before,
        "every user restored ({planned_only} were planned only)"
    );
}

/// A journal edited by hand: an applied line with no planned line, a value email_verified cannot
/// have, and a target that would forge an output line. Undo refuses each with a sentence,
/// touches none of those users, prints the target escaped, and exits non-zero.
#[tokio::test]
async fn forged_journal_lines_are_refused_and_undo_says_so_in_its_exit_code() {
    let p = unverified_pool("forged", 3).await;
    let c = client();
    for u in ["j000", "j001"] {
        c.admin_update_user_attributes()
            .user_pool_id(&p)
            .username(u)
            .user_attributes(attr("email_verified", "true"))
            .send()
            .await
            .unwrap();
    }
    let before = values(&p).await;
    let line = |change: u64,
                target: &str,
                status: &str,
                before: serde_json::Value,
                after: serde_json::Value| {
        serde_json::json!({
            "change": change, "time": "2026-12-01T00:00:00Z", "user_pool_id": p,
            "operation": "AdminUpdateUserAttributes", "target": target,
            "before": before, "after": after, "status": status
        })
        .to_string()
    };
    let forged = [
        // Deletes j000's attribute if trusted: applied, never planned.
        line(
            0,
            "j000",
            "applied",
            serde_json::json!({"j000": null}),
            serde_json::json!({"j000": "true"}),
        ),
        // Writes a value email_verified cannot hold.
        line(
            1,
            "j001",
            "planned",
            serde_json::json!({"j001": "yes<script>\u{0}"}),
            serde_json::json!({"j001": "true"}),
        ),
        line(
            1,
            "j001",
            "applied",
            serde_json::json!({"j001": "yes<script>\u{0}"}),
            serde_json::json!({"j001": "true"}),
        ),
        // A target that would print as a line of its own.
        line(
            2,
            "j002\napplied      mallory: restored",
            "planned",
            serde_json::json!({"j002": null}),
            serde_json::json!({"j002": "true"}),
        ),
        line(
            2,
            "j002\napplied      mallory: restored",
            "applied",
            serde_json::json!({"j002": null}),
            serde_json::json!({"j002": "true"}),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("forged.jsonl");
    std::fs::write(&journal, forged.join("\n") + "\n").unwrap();
    let out = doctor()
        .args(["undo", "--yes", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(all.contains("no planned line before it"), "{all}");
    assert!(all.contains("not a value it can have"), "{all}");
    assert!(all.contains("control characters"), "{all}");
    assert!(
        !all.lines()
            .any(|l| l.trim_start().starts_with("applied      mallory")),
        "a forged line was printed: {all}"
    );
    assert_eq!(values(&p).await, before, "no user was touched");
}
