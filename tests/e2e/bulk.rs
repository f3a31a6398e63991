//! Fix at scale and undo, on moto: audit -> `reverify --admin --from` -> undo, with hundreds of
//! affected users among healthy ones, alias holders and federated users.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, IdentityProviderTypeType, VerifiedAttributeType,
};
use futures_util::{stream, StreamExt};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

const AFFECTED: usize = 200;

async fn scenario() -> String {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("bulk"))
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .made()
        .await;
    stream::iter(0..AFFECTED)
        .for_each_concurrent(16, |i| {
            let (c, p) = (c.clone(), p.clone());
            async move {
                let email = format!("u{i}@example.com");
                // Half never verified (absent), half changed to "false".
                let attrs: Vec<(&str, &str)> = if i % 2 == 0 {
                    vec![("email", &email)]
                } else {
                    vec![("email", &email), ("email_verified", "false")]
                };
                create_user(&c, &p, &format!("fix{i:03}"), &attrs).await;
            }
        })
        .await;
    for i in 0..20 {
        create_user(
            &c,
            &p,
            &format!("ok{i:02}"),
            &[
                ("email", &format!("ok{i}@example.com")),
                ("email_verified", "true"),
            ],
        )
        .await;
    }
    // An alias held by another user: the victim is skipped, the holder keeps it.
    create_user(
        &c,
        &p,
        "victim",
        &[("email", "shared@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "holder",
        &[("email", "shared@example.com"), ("email_verified", "true")],
    )
    .await;
    // A federated user whose provider maps email but not email_verified: skipped.
    provider(
        &p,
        "Okta",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[("email", "email")],
    )
    .await;
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

/// Every user of the pool and its email_verified as read (None: absent).
pub(crate) async fn verified(p: &str) -> BTreeMap<String, Option<String>> {
    let c = client();
    let mut out = BTreeMap::new();
    let mut token = None;
    loop {
        let page = c
            .list_users()
            .user_pool_id(p)
            .set_pagination_token(token)
            .send()
            .await
            .unwrap();
        for u in page.users() {
            let v = u
                .attributes()
                .iter()
                .find(|a| a.name() == "email_verified")
                .and_then(|a| a.value())
                .map(str::to_owned);
            out.insert(u.username().unwrap().to_owned(), v);
        }
        match page.pagination_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    out
}

fn journal_applied(path: &std::path::Path) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["status"] == "applied" {
            *n.entry(v["target"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    n
}

#[tokio::test]
async fn audit_then_bulk_fix_then_undo() {
    let p = scenario().await;
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let journal = dir.path().join("journal.jsonl");
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
    std::fs::write(&audit, &out.stdout).unwrap();
    let before = verified(&p).await;

    // Dry run: the plan, nothing changed.
    let out = doctor()
        .args(["reverify", "--admin", "--user-pool-id", &p, "--from"])
        .arg(&audit)
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = String::from_utf8_lossy(&out.stdout);
    // The audit proposes no admin fix for the federated user; the alias victim is skipped.
    assert!(
        plan.contains(&format!("{} to change, 1 skipped", AFFECTED)),
        "{plan}"
    );
    assert!(
        plan.contains("another user holds the email as a verified alias"),
        "{plan}"
    );
    // A plain list of usernames: the federated user is skipped (its fix would revert), and so
    // are an unknown name and a verified one.
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--from",
            "-",
            "--dry-run",
        ])
        .write_stdin("Okta_1\nnobody\nok01\nfix001\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(plan.contains("1 to change, 3 skipped"), "{plan}");
    for why in [
        "maps email but not email_verified",
        "not in the pool (AdminGetUser: UserNotFoundException)",
        "already verified",
    ] {
        assert!(plan.contains(why), "{why}: {plan}");
    }
    assert_eq!(verified(&p).await, before);

    // Interrupted half way (slow pace), then run again: every user done exactly once.
    let mut args: Vec<std::ffi::OsString> = [
        "-o",
        "json",
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
        audit.clone().into_os_string(),
        "--journal".into(),
        journal.clone().into_os_string(),
    ]);
    let child = spawn_doctor(&moto().endpoint, args);
    let start = std::time::Instant::now();
    while journal_applied(&journal).len() < 40 {
        assert!(start.elapsed().as_secs() < 60, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // A second run on the same journal while this one writes it: refused before it reads
    // anything, so the journal holds one run's changes (undo would otherwise see half of them).
    let second = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--yes",
            "--from",
        ])
        .arg(&audit)
        .arg("--journal")
        .arg(&journal)
        .output()
        .unwrap();
    assert_exit(&second, 4, "is being written by another run");
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["complete"], false, "{last}");
    let first_run = journal_applied(&journal).len();
    assert!(first_run < AFFECTED, "stopped early: {first_run}");

    let out = doctor()
        .args([
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
        ])
        .arg(&audit)
        .arg("--journal")
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(
        last["summary"]["applied"],
        (AFFECTED - first_run) as u64,
        "{last}"
    );
    let applied = journal_applied(&journal);
    assert_eq!(applied.len(), AFFECTED);
    assert!(applied.values().all(|n| *n == 1), "a user changed twice");

    // Exactly the right users changed; the alias holder keeps its alias; the rest untouched.
    let after = verified(&p).await;
    for (name, value) in &after {
        if name.starts_with("fix") {
            assert_eq!(value.as_deref(), Some("true"), "{name}");
        } else {
            assert_eq!(value, &before[name], "{name} was touched");
        }
    }
    assert_eq!(after["holder"].as_deref(), Some("true"));

    // Someone changes one user since: undo refuses that one and puts back the rest exactly.
    client()
        .admin_update_user_attributes()
        .user_pool_id(&p)
        .username("fix007")
        .user_attributes(attr("email_verified", "false"))
        .send()
        .await
        .unwrap();
    let out = doctor()
        .args(["undo", "--journal"])
        .arg(&journal)
        .args(["--max-rps", "25", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        verified(&p).await["fix010"].as_deref(),
        Some("true"),
        "dry run changed nothing"
    );
    let out = doctor()
        .args(["-o", "json", "undo", "--journal"])
        .arg(&journal)
        .args(["--max-rps", "25", "--yes", "--record"])
        .arg(dir.path().join("undo.jsonl"))
        .output()
        .unwrap();
    // It refused one change: the exit code says so (4), after putting back the rest.
    assert_exit(&out, 4, "1 of the journal's changes were refused");
    let text = String::from_utf8_lossy(&out.stdout);
    let refusal = text
        .lines()
        .find(|l| l.contains("AdminUpdateUserAttributes fix007"))
        .unwrap();
    assert!(
        refusal.contains(r#""state":"skipped""#) && refusal.contains("changed since"),
        "{refusal}"
    );
    let restored = verified(&p).await;
    for (name, value) in &restored {
        if name == "fix007" {
            assert_eq!(value.as_deref(), Some("false"), "the later change stands");
        } else {
            assert_eq!(value, &before[name], "{name} not put back exactly");
        }
    }
}

/// Reads that fail are failures, never skips: users whose AdminGetUser fails in the survey stay
/// in the run, fail again before their change, and the run says so (exit 4); the survey's own
/// skips are in the JSON summary with their reasons.
#[tokio::test]
async fn a_read_that_fails_in_the_survey_or_before_a_change_is_a_failure() {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("bulk-unread"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .made()
        .await;
    for i in 0..4 {
        let name = format!("u{i}");
        create_user(
            &c,
            &p,
            &name,
            &[
                ("email", &format!("{name}@example.com")),
                ("email_verified", "false"),
            ],
        )
        .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("users.txt");
    std::fs::write(&list, "u0\nu1\nu2\nu3\nnobody\n").unwrap();
    // The first two reads pass; every AdminGetUser after them fails for good.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminGetUser", 2, 10_000, Fault::ServerError);
    let out = doctor()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args([
            "-o",
            "json",
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--yes",
            "--from",
        ])
        .arg(&list)
        .arg("--journal")
        .arg(dir.path().join("j.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let s = &summary["summary"];
    assert_eq!(s["applied"], 0, "{text}");
    let skipped: u64 = s["skipped"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    // Five names: none applied; those the survey read are skipped with a reason (or were read
    // again and failed), the rest failed; none of them counted as fine.
    assert_eq!(s["failed"].as_u64().unwrap() + skipped, 5, "{text}");
    assert!(s["failed"].as_u64().unwrap() >= 3, "{text}");
    assert!(
        text.contains("nothing was changed: could not be read"),
        "{text}"
    );
    assert!(
        !proxy
            .seen()
            .iter()
            .any(|op| op == "AdminUpdateUserAttributes"),
        "no write without a read"
    );
}
