//! `audit` against a moto pool of thousands of users that includes every cause.

use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, IdentityProviderTypeType, VerifiedAttributeType,
};
use futures_util::stream::{self, StreamExt};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

const HEALTHY: usize = 2000;

/// The big pool, seeded once for every test here (none of them changes it).
fn shared_big_pool() -> String {
    static POOL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Runtime::new()
                .expect("runtime")
                .block_on(big_pool())
        })
        .join()
        .expect("seeding the big pool")
    })
    .clone()
}

/// A pool with `HEALTHY` verified users and one user per cause, the holder of an alias listed
/// both before and after the user it took the alias from.
async fn big_pool() -> String {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("big"))
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .made()
        .await;
    // Affected users first and last, so the holder appears on another page than its victim.
    create_user(
        &c,
        &p,
        "victim-early",
        &[("email", "early@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "holder-late-owner",
        &[("email", "late@example.com"), ("email_verified", "true")],
    )
    .await;
    stream::iter(0..HEALTHY)
        .for_each_concurrent(16, |i| {
            let c = c.clone();
            let p = p.clone();
            async move {
                create_user(
                    &c,
                    &p,
                    &format!("user{i:05}"),
                    &[
                        ("email", &format!("user{i}@example.com")),
                        ("email_verified", "true"),
                    ],
                )
                .await;
            }
        })
        .await;
    create_user(
        &c,
        &p,
        "holder-early-taker",
        &[("email", "early@example.com"), ("email_verified", "true")],
    )
    .await;
    create_user(
        &c,
        &p,
        "victim-late",
        &[("email", "late@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "changed",
        &[("email", "before@example.com"), ("email_verified", "true")],
    )
    .await;
    change_email(&c, &p, "changed", "changed@example.com").await;
    create_user(&c, &p, "noemail", &[("name", "No Email")]).await;
    c.create_identity_provider()
        .user_pool_id(&p)
        .provider_name("Okta")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "x")
        .provider_details("client_secret", "y")
        .provider_details("oidc_issuer", "https://issuer.example.com")
        .provider_details("authorize_scopes", "openid email")
        .provider_details("attributes_request_method", "GET")
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
    create_user(
        &c,
        &p,
        "Okta_1",
        &[
            ("email", "okta@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Okta", "OIDC")),
        ],
    )
    .await;
    p
}

fn lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

fn by_user(ls: &[serde_json::Value]) -> std::collections::BTreeMap<String, Vec<String>> {
    ls.iter()
        .filter(|l| l.get("username").is_some())
        .map(|l| (l["username"].as_str().unwrap().to_owned(), codes(l)))
        .collect()
}

#[tokio::test]
async fn audit_streams_every_cause_in_a_pool_of_thousands() {
    let p = shared_big_pool();
    let out = doctor()
        .args([
            "audit",
            "-o",
            "json",
            "--max-rps",
            "30",
            "--user-pool-id",
            &p,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ls = lines(&out);
    let users = by_user(&ls);
    assert_eq!(
        users["victim-early"],
        ["alias-held-by-other-user"],
        "holder listed after its victim"
    );
    assert_eq!(
        users["victim-late"],
        ["alias-held-by-other-user"],
        "holder listed before its victim"
    );
    assert_eq!(users["changed"], ["email-changed-unverified"]);
    assert_eq!(users["noemail"], ["email-missing"]);
    assert_eq!(
        users["Okta_1"],
        [
            "federated-email-verified-unmapped",
            "federated-fix-will-revert"
        ]
    );
    // The pool-level findings come once, first, before any user.
    assert_eq!(
        codes(&ls[0]["pool"]),
        ["federated-email-verified-unmapped"],
        "{}",
        ls[0]
    );
    assert_eq!(users.len(), 5, "healthy users are not listed: {users:?}");
    let summary = &ls.last().unwrap()["summary"];
    assert_eq!(summary["users_scanned"], (HEALTHY + 7) as u64);
    assert_eq!(summary["users_with_findings"], 5);
    assert_eq!(summary["by_code"]["alias-held-by-other-user"], 2);
    assert_eq!(summary["complete"], true);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains('\r'),
        "no progress bar when stderr is not a terminal"
    );

    // The same in CSV: a header, then a row per finding.
    let out = doctor()
        .args([
            "audit",
            "-o",
            "csv",
            "--max-rps",
            "30",
            "--user-pool-id",
            &p,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("username,user_status,email,email_verified,code,severity"));
    // Header, the pool's row, then one row per finding (the federated user has two).
    assert_eq!(rows.len(), 8, "{text}");
    assert!(rows[1].starts_with(",(pool),"), "{text}");

    // The table groups by code with counts.
    let out = doctor()
        .args(["audit", "--max-rps", "30", "--user-pool-id", &p])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("Scanned {} users: 5 with findings.", HEALTHY + 7)),
        "{text}"
    );
    assert!(
        text.contains("alias-held-by-other-user") && text.contains("┆ 2 "),
        "{text}"
    );
}

#[tokio::test]
async fn audit_keeps_to_the_request_rate() {
    let p = shared_big_pool();
    // 2,007 users are 34 pages: at 10 calls a second that takes at least 3.3 s.
    let start = Instant::now();
    let out = doctor()
        .args([
            "audit",
            "-o",
            "json",
            "--max-rps",
            "10",
            "--user-pool-id",
            &p,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        start.elapsed() >= Duration::from_millis(3300),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn interrupted_audit_exits_130_with_valid_output_and_a_resume_token() {
    let p = shared_big_pool();
    let child = spawn_doctor(
        &moto().endpoint,
        [
            "audit",
            "-o",
            "json",
            "--max-rps",
            "4",
            "--page-size",
            "20",
            "--user-pool-id",
            &p,
        ],
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let ls = lines(&out);
    let summary = &ls.last().unwrap()["summary"];
    assert_eq!(summary["complete"], false);
    let token = summary["next_token"]
        .as_str()
        .expect("a resume token")
        .to_owned();
    assert!(
        stderr(&out).contains("resume with: cognito-email-doctor audit --user-pool-id"),
        "{}",
        stderr(&out)
    );
    let first = by_user(&ls);
    let scanned = summary["users_scanned"].as_u64().unwrap();
    assert!(scanned > 0 && scanned < (HEALTHY + 7) as u64, "{scanned}");

    // Resuming scans the rest.
    let out = doctor()
        .args([
            "audit",
            "-o",
            "json",
            "--max-rps",
            "30",
            "--page-size",
            "20",
            "--user-pool-id",
            &p,
            "--starting-token",
            &token,
        ])
        .output()
        .unwrap();
    let ls = lines(&out);
    let rest = ls.last().unwrap()["summary"]["users_scanned"]
        .as_u64()
        .unwrap();
    assert_eq!(scanned + rest, (HEALTHY + 7) as u64);

    // The two runs together are one clean run: every user once, with the same codes, whichever
    // run read the holder of an alias and whichever its victim.
    let second = by_user(&ls);
    assert!(
        first.keys().all(|k| !second.contains_key(k)),
        "a user printed twice: {first:?} {second:?}"
    );
    let mut union = first;
    union.extend(second);
    let out = doctor()
        .args([
            "audit",
            "-o",
            "json",
            "--max-rps",
            "30",
            "--user-pool-id",
            &p,
        ])
        .output()
        .unwrap();
    assert_eq!(union, by_user(&lines(&out)));
}

fn audit_json(endpoint: &str, p: &str, extra: &[&str]) -> std::process::Output {
    doctor()
        .env("AWS_ENDPOINT_URL", endpoint)
        .args(["audit", "-o", "json", "--user-pool-id", p])
        .args(extra)
        .output()
        .unwrap()
}

fn summary_of(out: &std::process::Output) -> serde_json::Value {
    lines(out).last().unwrap()["summary"].clone()
}

#[tokio::test]
async fn a_partitioned_audit_equals_a_sequential_one() {
    let p = shared_big_pool();
    let seq = audit_json(
        &moto().endpoint,
        &p,
        &["--parallel", "1", "--max-rps", "30"],
    );
    let par = audit_json(
        &moto().endpoint,
        &p,
        &["--parallel", "8", "--max-rps", "30"],
    );
    assert_eq!(seq.status.code(), Some(1), "{}", stderr(&seq));
    assert_eq!(par.status.code(), Some(1), "{}", stderr(&par));
    // Same users, same codes (same-email conflicts across partitions included), same counts.
    assert_eq!(by_user(&lines(&seq)), by_user(&lines(&par)));
    let (s, q) = (summary_of(&seq), summary_of(&par));
    for key in [
        "users_scanned",
        "users_with_findings",
        "by_code",
        "complete",
    ] {
        assert_eq!(s[key], q[key], "{key}");
    }
    assert_eq!(q["users_scanned"], (HEALTHY + 7) as u64);
}

#[tokio::test]
async fn throttles_are_absorbed_with_exact_counts() {
    let p = shared_big_pool();
    let clean = audit_json(&moto().endpoint, &p, &["--max-rps", "30"]);
    let proxy = Proxy::start(&moto().endpoint);
    // Every 7th ListUsers is throttled, and once three in a row.
    proxy.fault("ListUsers", 3, 3, Fault::Throttle);
    for _ in 0..60 {
        proxy.fault("ListUsers", 6, 1, Fault::Throttle);
    }
    let started = std::time::Instant::now();
    let out = audit_json(&proxy.endpoint, &p, &["--max-rps", "30"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(by_user(&lines(&out)), by_user(&lines(&clean)));
    assert_eq!(summary_of(&out)["by_code"], summary_of(&clean)["by_code"]);
    assert_eq!(summary_of(&out)["complete"], true);
    let throttled = proxy.faults_applied();
    let calls = proxy.seen().iter().filter(|o| *o == "ListUsers").count();
    assert!(
        throttled >= 3 + calls / 8,
        "{throttled} throttles in {calls} calls"
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[tokio::test]
async fn an_error_half_way_keeps_every_printed_user_final_and_the_token_resumes_exactly() {
    let p = shared_big_pool();
    let clean = audit_json(&moto().endpoint, &p, &["--max-rps", "30"]);
    let proxy = Proxy::start(&moto().endpoint);
    // After 20 pages, ListUsers fails for good (a 500 each time, past every retry).
    proxy.fault("ListUsers", 20, 1000, Fault::ServerError);
    let out = audit_json(
        &proxy.endpoint,
        &p,
        &["--max-rps", "30", "--page-size", "20"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("InternalErrorException"),
        "{}",
        stderr(&out)
    );
    let first = lines(&out);
    let token = summary_of(&out)["next_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert!(
        stderr(&out).contains("--starting-token"),
        "{}",
        stderr(&out)
    );
    // The printed resume line carries every option the run had: where it reads (region and
    // the endpoint it was given), how fast, and how it prints.
    let err = stderr(&out);
    let line = err
        .split("resume with: ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_else(|| panic!("no resume line: {err}"));
    for part in [
        format!("--starting-token {token}"),
        "--max-rps 30".to_owned(),
        "--page-size 20".to_owned(),
        "--region us-east-1".to_owned(),
        format!("--endpoint-url {}", proxy.endpoint),
        "--output json".to_owned(),
    ] {
        assert!(line.contains(&part), "{part} missing from: {line}");
    }
    let rest = audit_json(
        &moto().endpoint,
        &p,
        &[
            "--max-rps",
            "30",
            "--page-size",
            "20",
            "--starting-token",
            &token,
        ],
    );
    assert_eq!(summary_of(&rest)["complete"], true);
    let (a, b) = (by_user(&first), by_user(&lines(&rest)));
    assert!(a.keys().all(|k| !b.contains_key(k)), "a user printed twice");
    let mut union = a;
    union.extend(b);
    assert_eq!(union, by_user(&lines(&clean)));
    let scanned = summary_of(&out)["users_scanned"].as_u64().unwrap()
        + summary_of(&rest)["users_scanned"].as_u64().unwrap();
    assert_eq!(scanned, (HEALTHY + 7) as u64);
}

#[tokio::test]
async fn sigterm_and_sighup_stop_with_a_summary_and_a_token() {
    let p = shared_big_pool();
    for (sig, code) in [("-TERM", 143), ("-HUP", 129)] {
        let child = spawn_doctor(
            &moto().endpoint,
            [
                "audit",
                "-o",
                "json",
                "--max-rps",
                "4",
                "--page-size",
                "20",
                "--user-pool-id",
                &p,
            ],
        );
        tokio::time::sleep(Duration::from_millis(2000)).await;
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{sig}: {}", stderr(&out));
        let s = summary_of(&out);
        assert_eq!(s["complete"], false);
        let token = s["next_token"].as_str().expect("a token").to_owned();
        assert!(token.starts_with("ced1."), "{s}");
        // Resumed, the two runs are one clean run.
        let rest = audit_json(
            &moto().endpoint,
            &p,
            &[
                "--max-rps",
                "30",
                "--page-size",
                "20",
                "--starting-token",
                &token,
            ],
        );
        let (a, b) = (by_user(&lines(&out)), by_user(&lines(&rest)));
        assert!(
            a.keys().all(|k| !b.contains_key(k)),
            "{sig}: a user printed twice"
        );
        let mut union = a;
        union.extend(b);
        let clean = audit_json(&moto().endpoint, &p, &["--max-rps", "30"]);
        assert_eq!(union, by_user(&lines(&clean)), "{sig}");
    }
}

/// A resumed run reads its token's users again while its first pages are read; a signal then
/// stops it at once, before any user is printed, with the token it started from.
#[tokio::test]
async fn sigint_while_a_resumed_audit_reads_its_tokens_users_hands_back_the_same_token() {
    use base64::Engine;
    let p = shared_big_pool();
    let recheck: Vec<String> = (0..20).map(|i| format!("user{i:05}")).collect();
    let position = serde_json::json!({
        "parts": [{"prefix": "", "next": null, "done": false}],
        "recheck": recheck,
    });
    let token = format!(
        "ced1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(position.to_string())
    );
    // At 1 call a second the 20 users take 20 s to read.
    let child = spawn_doctor(
        &moto().endpoint,
        [
            "audit",
            "-o",
            "json",
            "--max-rps",
            "1",
            "--user-pool-id",
            &p,
            "--starting-token",
            &token,
        ],
    );
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let sent = Instant::now();
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "{:?} after SIGINT",
        sent.elapsed()
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(by_user(&lines(&out)).is_empty(), "no user printed");
    let s = summary_of(&out);
    assert_eq!(s["users_scanned"], 0);
    let back = s["next_token"].as_str().expect("a token");
    let back = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(back.strip_prefix("ced1.").unwrap())
        .unwrap();
    let back: serde_json::Value = serde_json::from_slice(&back).unwrap();
    assert_eq!(back, position);
}

#[tokio::test]
async fn a_refused_prefix_filter_falls_back_to_one_sequential_scan() {
    let p = shared_big_pool();
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("ListUsers", 0, 1, Fault::Invalid);
    let out = audit_json(&proxy.endpoint, &p, &["--max-rps", "30"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("one sequential scan"),
        "{}",
        stderr(&out)
    );
    assert_eq!(summary_of(&out)["users_scanned"], (HEALTHY + 7) as u64);
    // A token that audit did not print is a usage error.
    let out = audit_json(&moto().endpoint, &p, &["--starting-token", "not-a-token"]);
    assert_exit(&out, 2, "is not a resume token");
}

/// An alias pool where 40 users wait for the rest of the pool (unverified, their addresses shown
/// verified by nobody): a run that starts from a token looks each one up after its pages.
#[tokio::test]
async fn sigint_during_a_resumed_audits_lookups_stops_it_at_once_and_the_rest_resumes() {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("waiting"))
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .made()
        .await;
    stream::iter(0..40)
        .for_each_concurrent(8, |i| {
            let (c, p) = (&c, &p);
            async move {
                let name = format!("wait{i:02}");
                create_user(
                    c,
                    p,
                    &name,
                    &[
                        ("email", &format!("{name}@example.com")),
                        ("email_verified", "false"),
                    ],
                )
                .await;
            }
        })
        .await;
    // A token: the first page read, then ListUsers fails for good.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("ListUsers", 1, 10_000, Fault::ServerError);
    let first = audit_json(
        &proxy.endpoint,
        &p,
        &["--page-size", "5", "--max-rps", "30"],
    );
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));
    let token = summary_of(&first)["next_token"]
        .as_str()
        .expect("a token")
        .to_owned();

    // Resumed at 2 calls a second: its pages take a second or two, then 40 lookups would take
    // 20 s. SIGINT while they run stops it within a second or two.
    let child = spawn_doctor(
        &moto().endpoint,
        [
            "audit",
            "-o",
            "json",
            "--max-rps",
            "2",
            "--user-pool-id",
            &p,
            "--starting-token",
            &token,
        ],
    );
    tokio::time::sleep(Duration::from_millis(5000)).await;
    let sent = Instant::now();
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(4),
        "{:?} after SIGINT",
        sent.elapsed()
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let token2 = summary_of(&out)["next_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert!(
        stderr(&out).contains("resume with: cognito-email-doctor audit"),
        "{}",
        stderr(&out)
    );

    // The users it had not made final are read again by the next resume: every user once.
    let rest = audit_json(
        &moto().endpoint,
        &p,
        &["--max-rps", "30", "--starting-token", &token2],
    );
    assert_eq!(summary_of(&rest)["complete"], true, "{}", stderr(&rest));
    let mut seen: Vec<String> = [&first, &out, &rest]
        .iter()
        .flat_map(|o| by_user(&lines(o)).into_keys())
        .collect();
    seen.sort();
    let mut all: Vec<String> = (0..40).map(|i| format!("wait{i:02}")).collect();
    all.sort();
    assert_eq!(seen, all);
}

/// In a pool that compares aliases without case, an unverified `U7@Example.com` beside a
/// verified `u7@example.com` holder: one verdict whichever the scan reads first, sequential or
/// partitioned.
#[tokio::test]
async fn the_alias_holder_verdict_does_not_depend_on_the_order_of_the_scan() {
    use aws_sdk_cognitoidentityprovider::types::UsernameConfigurationType;
    let c = client();
    let mut verdicts = Vec::new();
    for holder_first in [true, false] {
        let p = focused(c.create_user_pool().pool_name("order"))
            .alias_attributes(AliasAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::Email)
            .username_configuration(
                UsernameConfigurationType::builder()
                    .case_sensitive(false)
                    .build()
                    .unwrap(),
            )
            .made()
            .await;
        let holder = ("u7-holder", "u7@example.com", "true");
        let other = ("u7-other", "U7@Example.com", "false");
        let order = if holder_first {
            [holder, other]
        } else {
            [other, holder]
        };
        for (name, email, verified) in order {
            create_user(
                &c,
                &p,
                name,
                &[("email", email), ("email_verified", verified)],
            )
            .await;
        }
        for parallel in ["1", "8"] {
            let out = audit_json(
                &moto().endpoint,
                &p,
                &["--parallel", parallel, "--max-rps", "30"],
            );
            let got = by_user(&lines(&out));
            verdicts.push((holder_first, parallel, got.get("u7-other").cloned()));
        }
    }
    for (holder_first, parallel, got) in &verdicts {
        let codes = got
            .as_ref()
            .unwrap_or_else(|| panic!("u7-other not reported: {verdicts:?}"));
        assert!(
            codes.contains(&"alias-held-by-other-user".to_owned()),
            "holder first {holder_first}, --parallel {parallel}: {verdicts:?}"
        );
    }
    assert!(
        verdicts.windows(2).all(|w| w[0].2 == w[1].2),
        "{verdicts:?}"
    );
}
