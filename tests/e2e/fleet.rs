//! `audit --all-pools` on moto: pools in two regions and two accounts, each audited as `audit`
//! audits it, every line naming its account, region and pool; the per-pool and fleet summaries;
//! the exit the worst pool's; scope items that fail listed and never stopping the others; a signal
//! or a pool that fails mid-run printing a resume line that, run as printed, finishes the fleet
//! with every user printed exactly once overall.
//!
//! Each test works in accounts of its own (moto places a call in the account of the role its
//! credentials were assumed from), so the pools other tests make in moto's default account are
//! never in scope.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::Client;
use futures_util::{stream, StreamExt};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

/// The role every test assumes: moto does not need it to exist.
const ROLE: &str = "fleet-auditor";

/// Credentials of `ROLE` assumed in `account`, through moto's STS.
async fn assumed(account: &str) -> Credentials {
    let conf = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .endpoint_url(&moto().endpoint)
        .build();
    let out = aws_sdk_sts::Client::from_conf(conf)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{ROLE}"))
        .role_session_name("e2e")
        .send()
        .await
        .expect("AssumeRole");
    let c = out.credentials().expect("credentials");
    Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_owned()),
        None,
        "assumed",
    )
}

/// A Cognito client of moto in `region`, as the holder of `creds`.
fn cognito(creds: &Credentials, region: &str) -> Client {
    let conf = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(creds.clone())
        .endpoint_url(&moto().endpoint)
        .build();
    Client::from_conf(conf)
}

/// A pool named `name` with `n` users made by `user(i)` (a username and its attributes); its id.
async fn pool(
    c: &Client,
    name: &str,
    n: usize,
    invited: bool,
    user: impl Fn(usize) -> (String, Vec<(String, String)>),
) -> String {
    let p = focused(c.create_user_pool().pool_name(name)).made().await;
    let users: Vec<_> = (0..n).map(user).collect();
    stream::iter(users)
        .for_each_concurrent(8, |(name, attrs)| {
            let (c, p) = (c.clone(), p.clone());
            async move {
                let attrs: Vec<(&str, &str)> = attrs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                match invited {
                    true => invite_user(&c, &p, &name, &attrs).await,
                    false => create_user(&c, &p, &name, &attrs).await,
                }
            }
        })
        .await;
    p
}

/// `n` users, verified or not (`j0@...`), named `prefix` and a number.
fn users(prefix: &str, verified: bool) -> impl Fn(usize) -> (String, Vec<(String, String)>) + '_ {
    move |i| {
        (
            format!("{prefix}{i:03}"),
            vec![
                ("email".into(), format!("{prefix}{i}@example.com")),
                ("email_verified".into(), verified.to_string()),
            ],
        )
    }
}

/// The binary as the holder of `creds`.
fn doctor_as(creds: &Credentials) -> Doctor {
    let mut d = doctor();
    d.env("AWS_ACCESS_KEY_ID", creds.access_key_id())
        .env("AWS_SECRET_ACCESS_KEY", creds.secret_access_key())
        .env(
            "AWS_SESSION_TOKEN",
            creds.session_token().unwrap_or_default(),
        );
    d
}

fn lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

/// The users of a run's entry lines: (pool, username) -> codes.
fn entries(ls: &[serde_json::Value]) -> BTreeMap<(String, String), Vec<String>> {
    ls.iter()
        .filter(|l| l.get("username").is_some())
        .map(|l| {
            (
                (
                    l["pool"].as_str().unwrap_or_default().to_owned(),
                    l["username"].as_str().unwrap().to_owned(),
                ),
                codes(l),
            )
        })
        .collect()
}

fn fleet_line(ls: &[serde_json::Value]) -> &serde_json::Value {
    let last = ls.last().expect("a fleet line");
    last.get("fleet")
        .unwrap_or_else(|| panic!("the last line is not the fleet's: {last}"))
}

/// One pool audited alone, as the holder of `creds`: its exit code and JSON lines.
fn audit_alone(creds: &Credentials, pool: &str) -> (i32, Vec<serde_json::Value>) {
    let out = doctor_as(creds)
        .args(["-o", "json", "audit", "--user-pool-id", pool])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), lines(&out.stdout))
}

#[tokio::test]
async fn two_regions_audited_at_once_each_line_naming_its_pool_the_exit_the_worst() {
    let a = "210000000011";
    let creds = assumed(a).await;
    let east = cognito(&creds, "us-east-1");
    let west = cognito(&creds, "eu-west-1");
    let clean = pool(&east, "fleet-clean", 5, false, users("ok", true)).await;
    let dirty = pool(&west, "fleet-dirty", 7, false, users("nv", false)).await;
    assert!(dirty.starts_with("eu-west-1_"), "{dirty}");

    let out = doctor_as(&creds)
        .args([
            "-o",
            "json",
            "audit",
            "--all-pools",
            "--regions",
            "us-east-1,eu-west-1",
        ])
        .output()
        .unwrap();
    let ls = lines(&out.stdout);
    // Each pool as `audit` audits it alone; the exit the worst of theirs.
    let (code_clean, alone_clean) = audit_alone(&creds, &clean);
    let (code_dirty, alone_dirty) = audit_alone(&creds, &dirty);
    assert_eq!(
        out.status.code(),
        Some(code_clean.max(code_dirty)),
        "{}",
        stderr(&out)
    );
    assert_eq!(code_dirty, 1);
    let mut alone = BTreeMap::new();
    for (p, ls) in [(&clean, &alone_clean), (&dirty, &alone_dirty)] {
        for l in ls.iter().filter(|l| l.get("username").is_some()) {
            alone.insert(
                (p.clone(), l["username"].as_str().unwrap().to_owned()),
                codes(l),
            );
        }
    }
    assert_eq!(entries(&ls), alone);
    assert_eq!(alone.len(), 12, "{alone:?}");

    // Every line but the fleet's names its account, region and pool, first.
    let mut summaries = BTreeMap::new();
    for l in &ls[..ls.len() - 1] {
        let keys: Vec<&String> = l.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["account", "region", "pool"], "{l}");
        assert_eq!(l["account"], a, "{l}");
        let (region, p) = (l["region"].as_str().unwrap(), l["pool"].as_str().unwrap());
        assert!(p.starts_with(&format!("{region}_")), "{l}");
        assert!(p == clean || p == dirty, "{l}");
        if let Some(s) = l.get("summary") {
            summaries.insert(p.to_owned(), s.clone());
        }
    }
    assert_eq!(summaries.len(), 2, "a summary per pool: {ls:?}");
    assert_eq!(summaries[&clean]["users_scanned"], 5);
    assert_eq!(summaries[&dirty]["users_scanned"], 7);
    assert!(summaries.values().all(|s| s["complete"] == true));

    let f = fleet_line(&ls);
    assert_eq!(
        (
            f["pools"].as_u64(),
            f["pools_audited"].as_u64(),
            f["regions"].as_u64(),
            f["accounts"].as_u64()
        ),
        (Some(2), Some(2), Some(2), Some(1)),
        "{f}"
    );
    assert_eq!(f["users_scanned"], 12, "{f}");
    let with_findings: u64 = summaries
        .values()
        .map(|s| s["users_with_findings"].as_u64().unwrap())
        .sum();
    assert_eq!(f["users_with_findings"], with_findings, "{f}");
    let mut by_code: BTreeMap<String, u64> = BTreeMap::new();
    for s in summaries.values() {
        for (k, v) in s["by_code"].as_object().unwrap() {
            *by_code.entry(k.clone()).or_default() += v.as_u64().unwrap();
        }
    }
    assert_eq!(f["by_code"], serde_json::to_value(&by_code).unwrap(), "{f}");
    assert_eq!(f["complete"], true, "{f}");
    assert!(f.get("next_token").is_none(), "{f}");
    assert_eq!(f["pools_failed"], serde_json::json!([]));
    assert_eq!(f["unavailable"], serde_json::json!([]));
    assert!(!stderr(&out).contains("resume with"), "{}", stderr(&out));

    // The table names each pool before its lines, then sums the fleet up.
    let out = doctor_as(&creds)
        .args(["audit", "--all-pools", "--regions", "us-east-1,eu-west-1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for (region, p) in [("us-east-1", &clean), ("eu-west-1", &dirty)] {
        assert!(
            text.contains(&format!("Account {a}, region {region}, pool {p}")),
            "{text}"
        );
    }
    assert!(
        text.contains("2 pools in 2 regions and 1 account: 2 audited whole; 12 users scanned"),
        "{text}"
    );
    // CSV: one header, the three columns first on every row.
    let out = doctor_as(&creds)
        .args([
            "-o",
            "csv",
            "audit",
            "--all-pools",
            "--regions",
            "us-east-1,eu-west-1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rows = text.lines();
    assert!(
        rows.next()
            .unwrap()
            .starts_with("account,region,pool,username,"),
        "{text}"
    );
    assert!(
        rows.all(|r| r.starts_with(&format!("{a},eu-west-1,{dirty},"))
            || r.starts_with(&format!("{a},us-east-1,{clean},"))),
        "{text}"
    );
}

#[tokio::test]
async fn a_second_account_is_reached_through_its_role() {
    let (a, b) = ("210000000021", "210000000022");
    let creds_a = assumed(a).await;
    let creds_b = assumed(b).await;
    let in_a = pool(
        &cognito(&creds_a, "us-east-1"),
        "fleet-a",
        3,
        false,
        users("a", false),
    )
    .await;
    let in_b = pool(
        &cognito(&creds_b, "us-east-1"),
        "fleet-b",
        4,
        false,
        users("b", false),
    )
    .await;
    let out = doctor_as(&creds_a)
        .args([
            "-o",
            "json",
            "audit",
            "--all-pools",
            "--regions",
            "us-east-1",
            "--accounts",
            &format!("{a},{b}"),
            "--role-name",
            ROLE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ls = lines(&out.stdout);
    let seen: BTreeSet<(String, String)> = ls
        .iter()
        .filter(|l| l.get("username").is_some())
        .map(|l| {
            (
                l["account"].as_str().unwrap().to_owned(),
                l["pool"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        BTreeSet::from([(a.to_owned(), in_a.clone()), (b.to_owned(), in_b.clone())])
    );
    let f = fleet_line(&ls);
    assert_eq!(
        (
            f["pools"].as_u64(),
            f["accounts"].as_u64(),
            f["users_scanned"].as_u64()
        ),
        (Some(2), Some(2), Some(7)),
        "{f}"
    );
}

#[tokio::test]
async fn a_scope_item_that_fails_is_listed_and_stops_nothing_exit_3_only_when_nothing_was_searched()
{
    let a = "210000000031";
    let creds = assumed(a).await;
    let p = pool(
        &cognito(&creds, "us-east-1"),
        "fleet-gap",
        2,
        false,
        users("g", false),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &config,
        "[profile auditor]\nregion = us-east-1\n[profile ghost]\nregion = us-east-1\n",
    )
    .unwrap();
    std::fs::write(
        &credentials,
        format!(
            "[auditor]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n",
            creds.access_key_id(),
            creds.secret_access_key(),
            creds.session_token().unwrap()
        ),
    )
    .unwrap();
    let run = |profiles: &str| {
        let mut d = doctor();
        d.cmd
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
        d.env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .args([
                "-o",
                "json",
                "audit",
                "--all-pools",
                "--regions",
                "us-east-1",
                "--profiles",
                profiles,
            ])
            .output()
            .unwrap()
    };
    let out = run("auditor,ghost");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: could not audit profile ghost (no-credentials"),
        "{}",
        stderr(&out)
    );
    let ls = lines(&out.stdout);
    assert_eq!(ls[0]["unavailable"]["scope"], "profile ghost", "{ls:?}");
    assert_eq!(entries(&ls).len(), 2, "{ls:?}");
    assert!(entries(&ls).keys().all(|(pool, _)| *pool == p));
    let f = fleet_line(&ls);
    assert_eq!(f["unavailable"][0]["kind"], "no-credentials", "{f}");
    assert_eq!(f["complete"], false, "{f}");

    // Nothing could be searched: 3, saying so.
    let out = run("ghost");
    assert_exit(&out, 3, "nothing could be audited");
    let ls = lines(&out.stdout);
    assert_eq!(fleet_line(&ls)["pools"], 0);
}

#[test]
fn a_token_is_refused_where_the_other_kind_belongs_and_scope_options_need_all_pools() {
    let pool = ["--user-pool-id", "us-east-1_abc"];
    let fleet = ["--all-pools", "--regions", "us-east-1"];
    for (words, needle) in [
        (
            [&fleet[..], &["--starting-token", "ced1.eyJwYXJ0cyI6W119"]].concat(),
            "resumes one pool's audit, not a fleet",
        ),
        (
            [&pool[..], &["--starting-token", "cedf1.e30"]].concat(),
            "resumes a fleet audit",
        ),
        (
            [&pool[..], &["--regions", "eu-west-1"]].concat(),
            "--regions chooses the pools of audit --all-pools",
        ),
        ([&pool[..], &["--all-pools"]].concat(), ""),
        (vec![], ""),
    ] {
        let out = doctor().arg("audit").args(&words).output().unwrap();
        assert_exit(&out, 2, needle);
    }
}

/// Three pools of invited users (each printed as soon as its page is read) in two regions of
/// `account`; the (pool, username) of every user.
async fn invited_fleet(account: &str, creds: &Credentials) -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for (region, name, n) in [
        ("us-east-1", "first", 18),
        ("us-east-1", "second", 14),
        ("eu-west-1", "third", 16),
    ] {
        let prefix = format!("{name}-");
        let p = pool(
            &cognito(creds, region),
            &format!("fleet-{account}-{name}"),
            n,
            true,
            users(&prefix, true),
        )
        .await;
        for i in 0..n {
            all.insert((p.clone(), format!("{prefix}{i:03}")));
        }
    }
    all
}

/// A run of the binary as a child, as the holder of `creds`: its stdout lines as they come (on a
/// thread), its stderr whole at the end.
struct Running {
    child: std::process::Child,
    out: Arc<Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
    err: std::thread::JoinHandle<String>,
}

fn start(creds: &Credentials, endpoint: &str, args: &[&str]) -> Running {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-email-doctor"));
    clean_env(&mut cmd, creds, endpoint);
    let mut child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    watch(child.stdout.take(), child.stderr.take(), child)
}

fn clean_env(cmd: &mut Command, creds: &Credentials, endpoint: &str) {
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("COGNITO_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_ACCESS_KEY_ID", creds.access_key_id())
        .env("AWS_SECRET_ACCESS_KEY", creds.secret_access_key())
        .env(
            "AWS_SESSION_TOKEN",
            creds.session_token().unwrap_or_default(),
        )
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", endpoint);
}

fn watch(
    stdout: Option<std::process::ChildStdout>,
    stderr: Option<std::process::ChildStderr>,
    child: std::process::Child,
) -> Running {
    let out = Arc::new(Mutex::new(Vec::new()));
    let shared = out.clone();
    let stdout = stdout.expect("stdout");
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            shared.lock().unwrap().push(line);
        }
    });
    let mut stderr = stderr.expect("stderr");
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    Running {
        child,
        out,
        reader,
        err,
    }
}

impl Running {
    /// Waits until `n` users are printed.
    fn wait_for_users(&self, n: usize) {
        let start = Instant::now();
        loop {
            let printed = self
                .out
                .lock()
                .unwrap()
                .iter()
                .filter(|l| l.contains("\"username\""))
                .count();
            if printed >= n {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{printed} users printed in 60 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn finish(mut self) -> (Option<i32>, Vec<serde_json::Value>, String) {
        let status = self.child.wait().unwrap();
        self.reader.join().unwrap();
        let err = self.err.join().unwrap();
        let out = self.out.lock().unwrap().join("\n");
        (status.code(), lines(out.as_bytes()), err)
    }
}

/// The resume line a stopped run printed, run as printed (the binary in the program's place),
/// as the holder of `creds`.
fn run_resume_line(err: &str, creds: &Credentials) -> std::process::Output {
    let line = err
        .lines()
        .find_map(|l| l.split_once("resume with: ").map(|(_, t)| t.to_owned()))
        .unwrap_or_else(|| panic!("no resume line: {err}"));
    assert!(
        line.starts_with("cognito-email-doctor audit --all-pools --starting-token cedf1."),
        "{line}"
    );
    let bin = env!("CARGO_BIN_EXE_cognito-email-doctor");
    let line = line.replacen("cognito-email-doctor", &format!("'{bin}'"), 1);
    let mut cmd = Command::new("bash");
    // The line carries the endpoint the run had.
    clean_env(&mut cmd, creds, "");
    cmd.env_remove("AWS_ENDPOINT_URL");
    let out = cmd.args(["-c", &line]).output().unwrap();
    check_printed_lines(&out);
    out
}

/// Every user of the fleet printed once in all, and the resumed run's fleet line complete.
fn once_in_all(
    all: &BTreeSet<(String, String)>,
    first: &[serde_json::Value],
    second: &[serde_json::Value],
) {
    let (one, two) = (entries(first), entries(second));
    let twice: Vec<_> = one.keys().filter(|k| two.contains_key(*k)).collect();
    assert!(twice.is_empty(), "printed twice: {twice:?}");
    let union: BTreeSet<(String, String)> = one.keys().chain(two.keys()).cloned().collect();
    assert_eq!(&union, all);
    let f = fleet_line(second);
    assert_eq!(f["complete"], true, "{f}");
    assert_eq!(
        f["pools_done_before"].as_u64().unwrap() + f["pools_audited"].as_u64().unwrap(),
        3,
        "{f}"
    );
}

#[tokio::test]
async fn a_signal_mid_run_prints_a_resume_line_that_finishes_the_fleet_every_user_once() {
    let a = "210000000041";
    let creds = assumed(a).await;
    let all = invited_fleet(a, &creds).await;
    // Two users a page, four pages a second in each scope: the signal lands mid-scan.
    let running = start(
        &creds,
        &moto().endpoint,
        &[
            "-o",
            "json",
            "audit",
            "--all-pools",
            "--regions",
            "us-east-1,eu-west-1",
            "--parallel",
            "1",
            "--page-size",
            "2",
            "--max-rps",
            "4",
        ],
    );
    running.wait_for_users(6);
    signal(&running.child, "-INT");
    let (code, first, err) = running.finish();
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted after"), "{err}");
    let f = fleet_line(&first);
    assert_eq!(f["complete"], false, "{f}");
    assert!(
        f["next_token"].as_str().unwrap().starts_with("cedf1."),
        "{f}"
    );
    assert!(
        entries(&first).len() < all.len(),
        "the signal came too late"
    );

    let out = run_resume_line(&err, &creds);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    once_in_all(&all, &first, &lines(&out.stdout));
}

#[tokio::test]
async fn a_pool_that_fails_mid_scan_stops_only_itself_exit_3_and_the_resume_line_finishes_it() {
    let a = "210000000051";
    let creds = assumed(a).await;
    let all = invited_fleet(a, &creds).await;
    let proxy = Proxy::start(&moto().endpoint);
    // The fourth page read anywhere is denied: one pool stops there, the others go on.
    proxy.fault("ListUsers", 3, 1, Fault::Denied);
    let out = {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-email-doctor"));
        clean_env(&mut cmd, &creds, &proxy.endpoint);
        cmd.args([
            "-o",
            "json",
            "audit",
            "--all-pools",
            "--regions",
            "us-east-1,eu-west-1",
            "--parallel",
            "1",
            "--page-size",
            "2",
        ])
        .output()
        .unwrap()
    };
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("1 pool could not be audited (above)"), "{err}");
    let first = lines(&out.stdout);
    let f = fleet_line(&first);
    assert_eq!(f["pools_failed"].as_array().unwrap().len(), 1, "{f}");
    assert_eq!(f["pools_failed"][0]["kind"], "denied", "{f}");
    assert!(
        first
            .iter()
            .any(|l| l["unavailable"]["operation"] == "ListUsers"),
        "{first:?}"
    );
    // The others were audited whole.
    assert_eq!(f["pools_audited"], 2, "{f}");

    let out = run_resume_line(&err, &creds);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    once_in_all(&all, &first, &lines(&out.stdout));
}
