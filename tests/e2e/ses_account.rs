//! Past Cognito, the SES account and the delivery log: GetAccount (sandbox, paused sending,
//! quota), the account-level suppression list, and the delivery errors a pool exports to
//! CloudWatch Logs. moto has none of GetAccount, the suppression list or Cognito's log delivery;
//! the proxy answers them with the shapes of the AWS API reference (`proxy::supplement`), and
//! each test answers the one it is about. The log events themselves are written to moto's
//! CloudWatch Logs and read back by the tool.

use aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder;
use aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType;

use crate::harness::*;
use crate::proxy::{Fault, Proxy, PRODUCTION_ACCOUNT};

/// `GET /v2/email/account` answered with PRODUCTION_ACCOUNT edited by `edit`.
fn account(proxy: &Proxy, edit: impl Fn(&mut serde_json::Value) + Send + Sync + 'static) {
    proxy.answer("GET /v2/email/account", move |_| {
        let mut v: serde_json::Value = serde_json::from_str(PRODUCTION_ACCOUNT).unwrap();
        edit(&mut v);
        (200, None, v.to_string())
    });
}

/// A pool request that sends email verification codes (so that a verified user is healthy).
fn verifies(r: CreateUserPoolFluentBuilder) -> CreateUserPoolFluentBuilder {
    r.auto_verified_attributes(VerifiedAttributeType::Email)
}

fn through(proxy: &Proxy) -> Doctor {
    let mut d = doctor();
    d.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    d
}

fn diagnose(mut d: Doctor, p: &str, username: Option<&str>) -> (i32, serde_json::Value) {
    d.args(["-o", "json", "diagnose", "--user-pool-id", p]);
    if let Some(u) = username {
        d.args(["--username", u]);
    }
    let out = d.output().unwrap();
    (out.status.code().unwrap_or(-1), json(&out))
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

#[tokio::test]
async fn the_sandbox_is_an_error_for_an_unverified_recipient_a_warning_for_a_verified_one() {
    let c = client();
    let p = pool_with("sandbox", |r| r).await;
    // An address SES does not know, and one that is itself a verified identity (moto reports
    // the identities it creates as VerificationStatus SUCCESS).
    create_user(
        &c,
        &p,
        "una",
        &[("email", "una@example.org"), ("email_verified", "true")],
    )
    .await;
    let inbox = format!("{}@example.com", unique("inbox"));
    ses_identity(&ses(), &inbox, false).await;
    create_user(
        &c,
        &p,
        "vera",
        &[("email", &inbox), ("email_verified", "true")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    account(&proxy, |v| {
        v["ProductionAccessEnabled"] = false.into();
        v["SendQuota"]["Max24HourSend"] = 200.0.into();
    });

    let (code, v) = diagnose(through(&proxy), &p, Some("una"));
    assert_eq!(code, 1, "{v}");
    let f = finding(&v, "ses-sandbox");
    assert_eq!(f["severity"], "error", "{v}");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains("ProductionAccessEnabled false"),
        "{evidence}"
    );
    assert!(
        evidence.contains("una@example.org is not a verified SES identity"),
        "{evidence}"
    );

    let (_, v) = diagnose(through(&proxy), &p, Some("vera"));
    assert_eq!(finding(&v, "ses-sandbox")["severity"], "warning", "{v}");
    // GetEmailIdentity of the address was the read that said so.
    let looked = proxy.seen();
    assert!(
        looked
            .iter()
            .any(|op| op.starts_with("GET /v2/email/identities/inbox")),
        "{looked:?}"
    );

    // With production access, no finding.
    let (code, v) = diagnose(doctor(), &p, Some("una"));
    assert_eq!(code, 0, "{v}");
}

/// In the sandbox, a user whose changed email is unverified: the sandbox keeps the code from
/// arriving, so it is the first cause (first in the JSON, `first_cause`, and the verdict line
/// that opens the table), and the unverified email follows from it.
#[tokio::test]
async fn in_the_sandbox_the_sandbox_is_the_first_cause_of_a_changed_unverified_email() {
    let c = client();
    let p = pool_with("sandbox-changed", verifies).await;
    create_user(
        &c,
        &p,
        "cleo",
        &[("email", "cleo@example.org"), ("email_verified", "true")],
    )
    .await;
    change_email(&c, &p, "cleo", "cleo.new@example.org").await;
    let proxy = Proxy::start(&moto().endpoint);
    account(&proxy, |v| v["ProductionAccessEnabled"] = false.into());

    let (code, v) = diagnose(through(&proxy), &p, Some("cleo"));
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        codes(&v),
        ["ses-sandbox", "email-changed-unverified"],
        "{v}"
    );
    assert_eq!(v["first_cause"], "ses-sandbox", "{v}");
    assert_eq!(v["findings"][0]["severity"], "error", "{v}");

    let out = through(&proxy)
        .args(["diagnose", "--user-pool-id", &p, "--username", "cleo"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Verdict: ses-sandbox — The SES account the pool sends from is in the sandbox: only verified addresses get mail"),
        "{text}"
    );
    assert_eq!(
        lines.next(),
        Some("  Following from it: email-changed-unverified"),
        "{text}"
    );

    // With production access the unverified email is the first cause itself.
    let (_, v) = diagnose(doctor(), &p, Some("cleo"));
    assert_eq!(v["first_cause"], "email-changed-unverified", "{v}");
}

#[tokio::test]
async fn paused_sending_prints_the_resume_and_a_spent_quota_is_a_warning() {
    let p = pool_with("paused", |r| r).await;
    let proxy = Proxy::start(&moto().endpoint);
    account(&proxy, |v| v["SendingEnabled"] = false.into());
    let (code, v) = diagnose(through(&proxy), &p, None);
    assert_eq!(code, 1, "{v}");
    let f = finding(&v, "ses-sending-paused");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("SendingEnabled false, EnforcementStatus HEALTHY"),
        "{f}"
    );
    let cli = f["fix"][0]["aws_cli"].as_str().unwrap();
    assert!(
        cli.starts_with("aws sesv2 put-account-sending-attributes --sending-enabled --region us-east-1 --endpoint-url "),
        "{cli}"
    );

    // Put under review by SES: advice, no command.
    account(&proxy, |v| v["EnforcementStatus"] = "SHUTDOWN".into());
    let (_, v) = diagnose(through(&proxy), &p, None);
    let f = finding(&v, "ses-sending-paused");
    assert!(f["fix"][0]["aws_cli"].is_null(), "{f}");

    account(&proxy, |v| {
        v["SendQuota"]["SentLast24Hours"] = 47500.0.into()
    });
    let (_, v) = diagnose(through(&proxy), &p, None);
    let f = finding(&v, "ses-quota-exhausted");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("SentLast24Hours 47500 of Max24HourSend 50000 (95%)"),
        "{f}"
    );
    assert!(!codes(&v).contains(&"ses-sending-paused".to_owned()), "{v}");
}

/// A SuppressedDestination of the SES v2 API reference's GetSuppressedDestination response
/// syntax, for `email` (LastUpdateTime 1764489600: 2025-11-30T08:00:00Z).
fn suppressed(email: &str) -> String {
    serde_json::json!({"SuppressedDestination": {
        "EmailAddress": email,
        "Reason": "BOUNCE",
        "LastUpdateTime": 1764489600,
        "Attributes": {"MessageId": "010001234567890a-12345678-1234-1234-1234-123456789012-000000", "FeedbackId": "010001234567890b-12345678-1234-1234-1234-123456789012-000000"}
    }})
    .to_string()
}

#[tokio::test]
async fn a_suppressed_address_is_an_error_with_its_reason_date_and_the_delete() {
    let c = client();
    let p = pool_with("suppressed", verifies).await;
    create_user(
        &c,
        &p,
        "bo",
        &[("email", "bo@example.com"), ("email_verified", "true")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.answer("GET /v2/email/suppression/addresses/", |_| {
        (200, None, suppressed("bo@example.com"))
    });
    let (code, v) = diagnose(through(&proxy), &p, Some("bo"));
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["recipient-suppressed"], "{v}");
    let f = finding(&v, "recipient-suppressed");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("reason BOUNCE, listed 2025-11-30T08:00:00Z"),
        "{f}"
    );
    let cli = f["fix"][0]["aws_cli"].as_str().unwrap();
    assert!(
        cli.starts_with("aws sesv2 delete-suppressed-destination --email-address bo@example.com --region us-east-1"),
        "{cli}"
    );
    let asked: Vec<String> = proxy
        .seen()
        .into_iter()
        .filter(|op| op.starts_with("GET /v2/email/suppression/"))
        .collect();
    assert_eq!(
        asked,
        ["GET /v2/email/suppression/addresses/bo%40example.com"]
    );
}

#[tokio::test]
async fn audit_reads_the_suppression_list_once_paged_and_matches_every_user() {
    let c = client();
    let p = pool_with("suppression-audit", verifies).await;
    for (name, email) in [
        ("s1", "s1@example.com"),
        ("s2", "S2@Example.com"),
        ("s3", "s3@example.com"),
    ] {
        create_user(
            &c,
            &p,
            name,
            &[("email", email), ("email_verified", "true")],
        )
        .await;
    }
    let proxy = Proxy::start(&moto().endpoint);
    // Two pages: the first names s1 and hands a NextToken, the second names s2 in lowercase.
    proxy.answer("GET /v2/email/suppression/addresses", |_| {
        (200, None, String::new())
    });
    let pages = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let n = pages.clone();
    proxy.answer("GET /v2/email/suppression/addresses", move |_| {
        let page = n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (email, token) = if page == 0 {
            ("s1@example.com", serde_json::json!("page-2"))
        } else {
            ("s2@example.com", serde_json::Value::Null)
        };
        let body = serde_json::json!({
            "SuppressedDestinationSummaries": [{"EmailAddress": email, "Reason": "COMPLAINT", "LastUpdateTime": 1764489600}],
            "NextToken": token
        });
        (200, None, body.to_string())
    });
    let out = through(&proxy)
        .args(["audit", "-o", "json", "--user-pool-id", &p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut flagged: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| codes(l).contains(&"recipient-suppressed".to_owned()))
        .map(|l| l["username"].as_str().unwrap_or_default().to_owned())
        .collect();
    flagged.sort();
    assert_eq!(flagged, ["s1", "s2"], "{text}");
    let seen = proxy.seen();
    let lists = seen
        .iter()
        .filter(|op| *op == "GET /v2/email/suppression/addresses")
        .count();
    let singles = seen
        .iter()
        .filter(|op| op.starts_with("GET /v2/email/suppression/addresses/"))
        .count();
    assert_eq!(
        (lists, singles),
        (2, 0),
        "one call a page, none a user: {seen:?}"
    );
}

/// A log group in moto's CloudWatch Logs holding `entries` (messages), as Cognito writes its
/// delivery errors; the group's ARN.
fn log_group(entries: &[String]) -> String {
    let name = format!("/cognito/notifications/{}", unique("g"));
    aws(&format!(
        "aws logs create-log-group --log-group-name {name}"
    ));
    aws(&format!(
        "aws logs create-log-stream --log-group-name {name} --log-stream-name s"
    ));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let events: Vec<serde_json::Value> = entries
        .iter()
        .enumerate()
        .map(|(i, m)| serde_json::json!({"timestamp": now - 60_000 + i as i64, "message": m}))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.json");
    std::fs::write(&file, serde_json::to_string(&events).unwrap()).unwrap();
    aws(&format!(
        "aws logs put-log-events --log-group-name {name} --log-stream-name s --log-events file://{}",
        file.display()
    ));
    format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}:*")
}

/// A delivery error as Cognito logs it: the example event of the Cognito developer guide
/// ("Exporting user pool logs"), its `details` filled in with SES's rejection of `email`.
fn logged(pool: &str, details: &str) -> String {
    serde_json::json!({
        "eventTimestamp": "1687297330677",
        "eventSource": "USER_NOTIFICATION",
        "logLevel": "ERROR",
        "message": {"details": details},
        "logSourceId": {"userPoolId": pool}
    })
    .to_string()
}

fn exports_to(proxy: &Proxy, group: String) {
    proxy.answer("GetLogDeliveryConfiguration", move |body| {
        let pool = serde_json::from_slice::<serde_json::Value>(body).unwrap()["UserPoolId"].clone();
        let v = serde_json::json!({"LogDeliveryConfiguration": {"UserPoolId": pool, "LogConfigurations": [
            {"EventSource": "userNotification", "LogLevel": "ERROR", "CloudWatchLogsConfiguration": {"LogGroupArn": group}}
        ]}});
        (200, None, v.to_string())
    });
}

#[tokio::test]
async fn a_logged_delivery_error_is_quoted_with_the_code_it_points_to() {
    let c = client();
    let p = pool_with("logged", |r| r).await;
    create_user(
        &c,
        &p,
        "lou",
        &[("email", "lou@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "max",
        &[("email", "max@example.com"), ("email_verified", "false")],
    )
    .await;
    let group = log_group(&[
        logged(&p, "SES Exception: Email address is not verified. The following identities failed the check in region US-EAST-1: lou@example.com"),
        logged(&p, "SES Exception: Daily message quota exceeded. Recipient: someone-else@example.com"),
    ]);
    let proxy = Proxy::start(&moto().endpoint);
    exports_to(&proxy, group.clone());

    let (code, v) = diagnose(through(&proxy), &p, Some("lou"));
    assert_eq!(code, 1, "{v}");
    let f = finding(&v, "delivery-error-logged");
    let evidence: Vec<&str> = f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        evidence[0].contains(&group) && evidence[0].contains("1 entry name lou or lou@example.com"),
        "{evidence:?}"
    );
    assert!(
        evidence[1].contains("\"SES Exception: Email address is not verified."),
        "{evidence:?}"
    );
    assert!(
        evidence[1].ends_with("(points to ses-identity-not-verified)"),
        "{evidence:?}"
    );
    assert_eq!(
        evidence.len(),
        2,
        "the other user's entry is not this user's: {evidence:?}"
    );
    assert!(proxy.seen().iter().any(|op| op == "FilterLogEvents"));

    // The other user's address is in no entry: no finding.
    let (_, v) = diagnose(through(&proxy), &p, Some("max"));
    assert!(
        !codes(&v).contains(&"delivery-error-logged".to_owned()),
        "{v}"
    );
}

#[tokio::test]
async fn each_read_past_cognito_that_is_denied_is_unavailable() {
    let c = client();
    // A CustomMessage trigger whose function is not there: Lambda is read too.
    let p = pool_with("denied", |r| {
        r.lambda_config(
            aws_sdk_cognitoidentityprovider::types::LambdaConfigType::builder()
                .custom_message("arn:aws:lambda:us-east-1:123456789012:function:denied-custom")
                .build(),
        )
    })
    .await;
    create_user(
        &c,
        &p,
        "dee",
        &[("email", "dee@example.com"), ("email_verified", "false")],
    )
    .await;
    let group = log_group(&[logged(&p, "unrelated")]);
    let rows: &[(&str, &[&str], &str)] = &[
        (
            "GetLogDeliveryConfiguration",
            &["GetLogDeliveryConfiguration"],
            "cognito-idp:GetLogDeliveryConfiguration",
        ),
        (
            "FilterLogEvents",
            &["logs:FilterLogEvents"],
            "logs:FilterLogEvents",
        ),
        (
            "GET /v2/email/account",
            &["sesv2:GetAccount"],
            "ses:GetAccount",
        ),
        (
            "GET /v2/email/suppression/addresses/",
            &["sesv2:GetSuppressedDestination"],
            "ses:GetSuppressedDestination",
        ),
        // GetEmailIdentity (a pool sending through SES needs no sending authorization policy,
        // so GetEmailIdentityPolicies is not read).
        (
            "GET /v2/email/identities/",
            &["sesv2:GetEmailIdentity"],
            "ses:GetEmailIdentity",
        ),
        // GetFunctionConfiguration and GetPolicy of the trigger's function.
        (
            "GET /2015-03-31/functions/",
            &["lambda:GetFunctionConfiguration", "lambda:GetPolicy"],
            "lambda:GetFunctionConfiguration, lambda:GetPolicy",
        ),
    ];
    for (operation, named, permission) in rows.iter().copied() {
        let proxy = Proxy::start(&moto().endpoint);
        exports_to(&proxy, group.clone());
        if operation.starts_with("GET ") {
            proxy.answer(operation, |_| {
                (
                    403,
                    Some("AccessDeniedException"),
                    r#"{"message":"User is not authorized to perform this action"}"#.into(),
                )
            });
        } else {
            proxy.fault(operation, 0, 9, Fault::Denied);
        }
        let (code, v) = diagnose(through(&proxy), &p, Some("dee"));
        assert_eq!(code, 1, "{v}");
        let gaps = gaps_besides_empty_history(&v);
        let mut ops: Vec<&str> = gaps
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["operation"].as_str().unwrap())
            .collect();
        ops.sort_unstable();
        assert_eq!(ops, named, "{operation}: {v}");
        let grant = finding(&v, "evidence-unavailable")["fix"][0]["description"].to_string();
        assert!(grant.contains(permission), "{operation}: {grant}");
    }
}
