//! More of the account path on moto: an invitation never used (and `reinvite` for one user and
//! from an audit, a rerun on the same journal doing only what is left, undo refusing it), reset
//! codes that go to the phone, and an address that belongs to no user behind an app client that
//! masks it.

use aws_sdk_cognitoidentityprovider::types::{
    AccountRecoverySettingType, PreventUserExistenceErrorTypes, RecoveryOptionNameType,
    RecoveryOptionType, VerifiedAttributeType,
};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

fn diagnose(p: &str, user: &str) -> (i32, serde_json::Value) {
    let out = doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            p,
            "--username",
            user,
        ])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), json(&out))
}

async fn status(p: &str, user: &str) -> String {
    client()
        .admin_get_user()
        .user_pool_id(p)
        .username(user)
        .send()
        .await
        .unwrap()
        .user_status()
        .unwrap()
        .as_str()
        .to_owned()
}

#[tokio::test]
async fn an_invitation_never_used_is_sent_again_by_reinvite_which_undo_refuses() {
    let c = client();
    let p = pool_with("invited", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    invite_user(
        &c,
        &p,
        "ivy",
        &[("email", "ivy@example.com"), ("email_verified", "true")],
    )
    .await;
    let (code, v) = diagnose(&p, "ivy");
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["invite-not-accepted"], "{v}");
    let fix = &finding(&v, "invite-not-accepted")["fix"][0];
    let doctor_line = fix["doctor"].as_str().unwrap();
    assert!(
        doctor_line.starts_with(&format!(
            "cognito-email-doctor reinvite --user-pool-id {p} --username ivy --region us-east-1"
        )),
        "{doctor_line}"
    );
    assert!(
        fix["aws_cli"]
            .as_str()
            .unwrap()
            .contains("admin-create-user --user-pool-id")
            && fix["aws_cli"]
                .as_str()
                .unwrap()
                .contains("--message-action RESEND --desired-delivery-mediums EMAIL"),
        "{fix}"
    );

    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let reinvite = |extra: &[&str]| {
        doctor()
            .args(["reinvite", "--user-pool-id", &p, "--username", "ivy"])
            .args(extra)
            .arg("--journal")
            .arg(&journal)
            .output()
            .unwrap()
    };
    // The plan names every field the call sends; a dry run sends nothing.
    let out = reinvite(&["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        plan.contains("MessageAction=RESEND, DesiredDeliveryMediums=EMAIL"),
        "{plan}"
    );
    assert!(!journal.exists(), "a dry run journals nothing");
    // Not on a terminal, without --yes: refused.
    let out = reinvite(&[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    // With --yes: sent, read back, journaled.
    let out = reinvite(&["--yes", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    assert!(
        v["result"]
            .as_str()
            .unwrap()
            .contains("status FORCE_CHANGE_PASSWORD"),
        "{v}"
    );
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert!(
        lines.contains(r#""operation":"AdminCreateUser""#)
            && lines.contains(r#""MessageAction":"RESEND""#),
        "{lines}"
    );
    assert_eq!(status(&p, "ivy").await, "FORCE_CHANGE_PASSWORD");

    // Undo refuses it, with the reason.
    let out = doctor()
        .args(["undo", "--journal"])
        .arg(&journal)
        .arg("--yes")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(text.contains("cannot be taken back"), "{text}");

    // A confirmed user is not invited: refused with the reason, nothing sent.
    create_user(
        &c,
        &p,
        "cora",
        &[("email", "cora@example.com"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "reinvite",
            "--user-pool-id",
            &p,
            "--username",
            "cora",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 4, "status CONFIRMED");
}

#[tokio::test]
async fn reinvite_from_an_audit_is_paced_and_a_rerun_on_its_journal_does_what_is_left() {
    let c = client();
    let p = pool_with("reinvite-many", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    for i in 0..6 {
        let name = format!("inv{i}");
        invite_user(
            &c,
            &p,
            &name,
            &[
                ("email", &format!("{name}@example.com")),
                ("email_verified", "true"),
            ],
        )
        .await;
    }
    create_user(
        &c,
        &p,
        "done",
        &[("email", "done@example.com"), ("email_verified", "true")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let journal = dir.path().join("journal.jsonl");
    let out = doctor()
        .args(["audit", "-o", "json", "--user-pool-id", &p])
        .output()
        .unwrap();
    std::fs::write(&audit, &out.stdout).unwrap();

    // The first run: the third invitation meets a server error, and the run goes on.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminCreateUser", 2, 1, Fault::ServerError);
    let run = |endpoint: &str| {
        doctor()
            .env("AWS_ENDPOINT_URL", endpoint)
            .args([
                "-o",
                "json",
                "reinvite",
                "--user-pool-id",
                &p,
                "--max-rps",
                "5",
                "--yes",
                "--from",
            ])
            .arg(&audit)
            .arg("--journal")
            .arg(&journal)
            .output()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let out = run(&proxy.endpoint);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        (
            summary["summary"]["applied"].as_u64(),
            summary["summary"]["failed"].as_u64()
        ),
        (Some(5), Some(1)),
        "{text}"
    );
    // Six calls at 5 a second: at least a second of pacing.
    assert!(took >= std::time::Duration::from_millis(1000), "{took:?}");
    assert_eq!(
        proxy
            .seen()
            .iter()
            .filter(|op| *op == "AdminCreateUser")
            .count(),
        6
    );

    // The rerun on the same journal sends only the one that failed.
    let proxy = Proxy::start(&moto().endpoint);
    let out = run(&proxy.endpoint);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        proxy
            .seen()
            .iter()
            .filter(|op| *op == "AdminCreateUser")
            .count(),
        1,
        "{:?}",
        proxy.seen()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("invited again already (this journal records it)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_reset_code_that_goes_to_the_phone_is_named_and_the_printed_reorder_clears_it() {
    let c = client();
    let p = pool_with("phone-first", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
            .account_recovery_setting(
                AccountRecoverySettingType::builder()
                    .recovery_mechanisms(
                        RecoveryOptionType::builder()
                            .name(RecoveryOptionNameType::VerifiedPhoneNumber)
                            .priority(1)
                            .build()
                            .unwrap(),
                    )
                    .recovery_mechanisms(
                        RecoveryOptionType::builder()
                            .name(RecoveryOptionNameType::VerifiedEmail)
                            .priority(2)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
    })
    .await;
    create_user(
        &c,
        &p,
        "pia",
        &[
            ("email", "pia@example.com"),
            ("email_verified", "true"),
            ("phone_number", "+15555550100"),
            ("phone_number_verified", "true"),
        ],
    )
    .await;
    let (code, v) = diagnose(&p, "pia");
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["recovery-goes-to-phone"], "{v}");
    let f = finding(&v, "recovery-goes-to-phone");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("verified_phone_number, then verified_email"),
        "{f}"
    );
    let cli = f["fix"][1]["aws_cli"].as_str().unwrap();
    let ran = run_printed_aws_cli(cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));
    let (code, v) = diagnose(&p, "pia");
    assert_eq!(code, 0, "{v}");
}

#[tokio::test]
async fn an_address_of_no_user_behind_a_masking_client_names_the_clients_and_the_nearest_users() {
    let c = client();
    let p = pool_with("masked", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    create_user(
        &c,
        &p,
        "ann",
        &[("email", "ann@Example.com"), ("email_verified", "true")],
    )
    .await;
    let ask = || {
        doctor()
            .args([
                "-o",
                "json",
                "diagnose",
                "--user-pool-id",
                &p,
                "--email",
                "ann@example.org",
            ])
            .output()
            .unwrap()
    };
    // No client masks existence errors: the plain AWS error, nothing on stdout.
    let out = ask();
    assert_exit(&out, 3, "found no such user");
    assert!(out.stdout.is_empty());

    c.create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .send()
        .await
        .unwrap();
    let out = ask();
    assert_exit(&out, 3, "found no such user");
    let v = json(&out);
    let f = finding(&v, "existence-errors-masked");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains("no user has email `ann@example.org`"),
        "{evidence}"
    );
    assert!(
        evidence.contains("web (") && evidence.contains("PreventUserExistenceErrors ENABLED"),
        "{evidence}"
    );
    assert!(
        evidence.contains("nearest user read: ann (ann@Example.com"),
        "{evidence}"
    );
    assert!(
        v["lookups"]
            .to_string()
            .contains("ListUsers email ^= \\\"ann@\\\""),
        "{v}"
    );
}
