//! Past Cognito: the SES identity a pool sends through (EmailSendingAccount DEVELOPER,
//! SourceArn), read from moto's SES v2 in the identity's region: missing, not authorizing
//! Cognito (the printed policy command, run as printed, clears it), and a read that fails.

use aws_sdk_cognitoidentityprovider::types::{EmailConfigurationType, EmailSendingAccountType};

use crate::harness::*;

/// A pool that sends through `identity` and has one unverified user.
async fn pool_sending_as(identity: &str) -> String {
    pool_emailing(identity, EmailSendingAccountType::Developer).await
}

/// A pool whose email goes out as `sending` with `identity` as its FROM address (SourceArn), and
/// one unverified user.
async fn pool_emailing(identity: &str, sending: EmailSendingAccountType) -> String {
    let c = client();
    let p = pool_with("delivery", |r| {
        r.email_configuration(
            EmailConfigurationType::builder()
                .email_sending_account(sending)
                .source_arn(ses_arn(identity))
                .build(),
        )
    })
    .await;
    create_user(
        &c,
        &p,
        "wren",
        &[("email", "wren@example.com"), ("email_verified", "false")],
    )
    .await;
    p
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}@example.com",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// An endpoint where nothing listens: a read sent there fails.
fn closed_endpoint() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
}

/// The operations listed under `unavailable`, past the empty history every user's diagnosis
/// names (moto has no CloudTrail; a pool's diagnosis reads none).
fn unavailable_ops(v: &serde_json::Value) -> Vec<String> {
    v["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["operation"] != "cloudtrail:LookupEvents")
        .map(|u| u["operation"].as_str().unwrap().to_owned())
        .collect()
}

/// `diagnose` of the unverified user of a `pool_sending_as` pool, as JSON.
fn diagnose_wren(mut cmd: Doctor, p: &str) -> std::process::Output {
    cmd.args([
        "diagnose",
        "--user-pool-id",
        p,
        "--username",
        "wren",
        "-o",
        "json",
    ])
    .output()
    .unwrap()
}

fn diagnose_pool(p: &str) -> serde_json::Value {
    let out = doctor()
        .args(["diagnose", "--user-pool-id", p, "-o", "json"])
        .output()
        .unwrap();
    json(&out)
}

#[tokio::test]
async fn a_missing_ses_identity_is_named_with_its_region() {
    let identity = unique("missing");
    let p = pool_sending_as(&identity).await;
    let out = diagnose_wren(doctor(), &p);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    let f = finding(&v, "ses-identity-not-verified");
    assert_eq!(f["severity"], "error");
    let evidence = f["evidence"].to_string();
    assert!(evidence.contains(&identity), "{f}");
    assert!(evidence.contains("NotFoundException"), "{f}");
    assert!(evidence.contains("us-east-1 (account 123456789012)"), "{f}");
    // Without the identity there is nothing to authorize: one finding, not two.
    assert!(
        !codes(&v).contains(&"ses-sending-not-authorized".to_owned()),
        "{v}"
    );
    assert_eq!(gaps_besides_empty_history(&v), serde_json::json!([]), "{v}");
}

/// The correction of version 4 (SPEC "Corrections"): a pool that sends through SES needs no
/// sending authorization policy (the service-linked role grants it), so an identity without one
/// is no finding; a pool on Cognito's default email with a custom FROM address needs one for
/// email.cognito-idp.amazonaws.com, and the printed policy, run as printed, clears it.
#[tokio::test]
async fn a_pool_sending_through_ses_needs_no_policy() {
    let identity = unique("developer-no-policy");
    ses_identity(&ses(), &identity, false).await;
    let p = pool_sending_as(&identity).await;
    let v = diagnose_pool(&p);
    assert!(
        !codes(&v).contains(&"ses-sending-not-authorized".to_owned()),
        "{v}"
    );
    assert_eq!(v["unavailable"], serde_json::json!([]), "{v}");
}

#[tokio::test]
async fn a_custom_from_address_without_authorization_is_fixed_by_the_printed_policy() {
    let identity = unique("unauthorized");
    ses_identity(&ses(), &identity, false).await;
    let p = pool_emailing(&identity, EmailSendingAccountType::CognitoDefault).await;
    let v = diagnose_pool(&p);
    let f = finding(&v, "ses-sending-not-authorized");
    assert!(
        f["evidence"].to_string().contains("no policy at all"),
        "{f}"
    );
    assert!(
        !codes(&v).contains(&"ses-identity-not-verified".to_owned()),
        "{v}"
    );
    let cli = f["fix"][0]["aws_cli"].as_str().unwrap().to_owned();
    assert!(
        cli.starts_with("aws sesv2 create-email-identity-policy --email-identity"),
        "{cli}"
    );
    assert!(cli.contains("--region us-east-1"), "{cli}");
    let ran = run_printed_aws_cli(&cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));
    let after = diagnose_pool(&p);
    assert!(
        !codes(&after).contains(&"ses-sending-not-authorized".to_owned()),
        "{after}"
    );
    // The policy it added names this pool's account and ARN.
    let policies = ses()
        .get_email_identity_policies()
        .email_identity(&identity)
        .send()
        .await
        .unwrap();
    let doc = &policies.policies().unwrap()["AllowCognitoToSendEmail"];
    assert!(doc.contains("123456789012") && doc.contains(&p), "{doc}");
    assert!(doc.contains("email.cognito-idp.amazonaws.com"), "{doc}");
}

#[tokio::test]
async fn audit_prints_the_ses_findings_once_for_the_pool() {
    let identity = unique("audited");
    let p = pool_sending_as(&identity).await;
    let out = doctor()
        .args(["audit", "--user-pool-id", &p, "-o", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(codes(&lines[0]["pool"]).contains(&"ses-identity-not-verified".to_owned()));
    assert_eq!(
        text.matches("ses-identity-not-verified").count(),
        1,
        "once at the head, never per user: {text}"
    );
}

#[tokio::test]
async fn an_ses_read_that_fails_is_unavailable_and_never_healthy() {
    let p = pool_sending_as(FOCUSED_IDENTITY).await;
    // Nothing listens there: AWS_ENDPOINT_URL_SESV2 overrides the endpoint for SES alone.
    let mut at_closed = doctor();
    at_closed.env("AWS_ENDPOINT_URL_SESV2", closed_endpoint());
    let out = diagnose_wren(at_closed, &p);
    let v = json(&out);
    assert_eq!(
        unavailable_ops(&v),
        [
            "sesv2:GetEmailIdentity",
            "sesv2:GetAccount",
            "sesv2:GetSuppressedDestination"
        ],
        "{v}"
    );
    // Nothing listens: the reads are unreachable, named with the endpoint, and no permission
    // is blamed.
    for u in gaps_besides_empty_history(&v).as_array().unwrap() {
        assert_eq!(u["kind"], "unreachable", "{u}");
        assert_eq!(u["service"], "ses", "{u}");
        assert!(u.get("permission").is_none(), "{u}");
        assert!(
            u["endpoint"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:"),
            "{u}"
        );
    }
    let advice = finding(&v, "evidence-unavailable")["fix"].to_string();
    assert!(
        advice.contains("Could not reach ses at http://127.0.0.1:"),
        "{advice}"
    );
    assert!(!advice.contains("Grant"), "{advice}");
    // The Cognito side was read as before; SES's verdict is not guessed either way.
    assert!(
        codes(&v).contains(&"email-never-verified".to_owned()),
        "{v}"
    );
    assert!(!codes(&v).iter().any(|c| c.starts_with("ses-")), "{v}");
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn explain_error_names_the_ses_causes_from_their_messages() {
    for (message, code) in [
        (
            "CodeDeliveryFailureException: Email address is not verified. The following identities failed the check in region US-EAST-1: no-reply@example.com",
            "ses-identity-not-verified",
        ),
        (
            "InvalidEmailRoleAccessPolicyException: Cognito is not allowed to use your email identity",
            "ses-sending-not-authorized",
        ),
    ] {
        let out = doctor()
            .args(["explain", "--error", message, "-o", "json"])
            .output()
            .unwrap();
        let v = json(&out);
        assert_eq!(v["matches"][0]["code"], code, "{message}: {v}");
    }
}

/// The messages Lambda and SES write themselves, as an app or a log shows them, lead to the
/// cause that produces them, first; the match names the declared message's source.
#[test]
fn explain_error_knows_the_services_own_messages() {
    for (message, code, source) in [
        (
            "An error occurred (UnexpectedLambdaException) when calling the SignUp operation: CustomMessage invocation failed due to error AccessDeniedException.",
            "trigger-not-invocable",
            "service-workbench-on-aws",
        ),
        (
            "arn:aws:lambda:us-east-1:061240556736:function:dev-portal-jm13-dev-authEmailTrigger invocation failed with error User: arn:aws:sts::745623467555:assumed-role/awscognitoidentityproviderservice-ec2-InstanceRole-QACF32J6RTZ3/i-081606d9e9943df60 is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:061240556736:function:dev-portal-jm13-dev-authEmailTrigger (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: b8d009ff-9b66-11e6-b7e6-eb8cd4c4168f)",
            "trigger-not-invocable",
            "aws/aws-cli issue #2256",
        ),
        (
            "MessageRejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
            "ses-sending-paused",
            "GoodDollar/GoodServer",
        ),
        (
            "Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html",
            "recipient-suppressed",
            "OnAccountSuppressionList",
        ),
    ] {
        let out = doctor()
            .args(["explain", "--error", "-", "-o", "json"])
            .write_stdin(message)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v = json(&out);
        assert_eq!(v["matches"][0]["code"], code, "{message}: {v}");
        let why = v["matches"][0]["why"].as_str().unwrap();
        assert!(why.contains(source), "{why}");
    }
}

/// A Lambda function in moto (its role first), without any resource policy; its ARN.
pub(crate) fn function(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("f.zip");
    let made = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').writestr('index.py', 'def handler(e, c):\\n    return e\\n')",
        ])
        .arg(&zip)
        .status()
        .unwrap();
    assert!(made.success());
    let role = format!("role-{name}");
    aws(&format!(
        "aws iam create-role --role-name {role} --assume-role-policy-document '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"lambda.amazonaws.com\"}},\"Action\":\"sts:AssumeRole\"}}]}}'"
    ));
    let out = aws(&format!(
        "aws lambda create-function --function-name {name} --runtime python3.12 --handler index.handler --role arn:aws:iam::123456789012:role/{role} --zip-file fileb://{}",
        zip.display()
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["FunctionArn"].as_str().unwrap().to_owned()
}

/// A focused pool whose CustomMessage trigger is `arn`.
async fn pool_with_trigger(arn: &str) -> String {
    use aws_sdk_cognitoidentityprovider::types::LambdaConfigType;
    pool_with("triggered", |r| {
        r.lambda_config(LambdaConfigType::builder().custom_message(arn).build())
    })
    .await
}

#[tokio::test]
async fn a_trigger_cognito_may_not_invoke_is_fixed_by_the_printed_add_permission() {
    let name = format!("custom-message-{}", std::process::id());
    let arn = function(&name);
    let p = pool_with_trigger(&arn).await;
    let v = diagnose_pool(&p);
    let f = finding(&v, "trigger-not-invocable");
    assert!(f["evidence"].to_string().contains(&arn), "{f}");
    let cli = f["fix"][0]["aws_cli"].as_str().unwrap().to_owned();
    assert!(
        cli.starts_with("aws lambda add-permission --function-name"),
        "{cli}"
    );
    assert!(cli.contains("--source-arn") && cli.contains(&p), "{cli}");
    assert!(cli.contains("--source-account 123456789012"), "{cli}");
    let ran = run_printed_aws_cli(&cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));
    let after = diagnose_pool(&p);
    assert!(
        !codes(&after).contains(&"trigger-not-invocable".to_owned()),
        "{after}"
    );
}

/// The pool as DescribeUserPool shows it, without what an update always changes: its date, and
/// the legacy `UnusedAccountValidityDays`, which mirrors
/// `PasswordPolicy.TemporaryPasswordValidityDays` (compared) and cannot be sent beside it.
fn described(p: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&aws(&format!(
        "aws cognito-idp describe-user-pool --user-pool-id {p}"
    )))
    .unwrap();
    let pool = v["UserPool"].as_object_mut().unwrap();
    pool.remove("LastModifiedDate");
    if let Some(c) = pool
        .get_mut("AdminCreateUserConfig")
        .and_then(|c| c.as_object_mut())
    {
        c.remove("UnusedAccountValidityDays");
    }
    v
}

/// A trigger whose function is gone: named, with the advice to deploy it again and, beside it,
/// the printed UpdateUserPool that removes the trigger. Run as printed, the finding is gone and
/// every other setting of the pool is as it was.
#[tokio::test]
async fn a_trigger_whose_function_is_gone_is_named_and_the_printed_update_removes_only_it() {
    use aws_sdk_cognitoidentityprovider::types::{
        LambdaConfigType, VerificationMessageTemplateType,
    };
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:deleted-long-ago";
    let p = pool_with("trigger-gone", |r| {
        r.lambda_config(LambdaConfigType::builder().custom_message(arn).build())
            .verification_message_template(
                VerificationMessageTemplateType::builder()
                    .email_subject("Your code for Example Corp")
                    .email_message("Your Example Corp code is {####}")
                    .build(),
            )
            .user_pool_tags("team", "identity")
    })
    .await;
    let before = described(&p);
    let v = diagnose_pool(&p);
    let f = finding(&v, "trigger-not-invocable");
    let evidence = f["evidence"].to_string();
    assert!(evidence.contains("CustomMessage trigger"), "{f}");
    assert!(evidence.contains("does not exist"), "{f}");
    assert!(
        f["fix"][0]["aws_cli"].is_null(),
        "nothing to add a permission to: {f}"
    );
    assert!(
        f["fix"][0]["description"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Deploy {arn} again")),
        "{f}"
    );
    let cli = f["fix"][1]["aws_cli"].as_str().unwrap().to_owned();
    assert!(
        cli.starts_with("aws cognito-idp update-user-pool --cli-input-json '"),
        "{cli}"
    );
    let ran = run_printed_aws_cli(&cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));

    let after = diagnose_pool(&p);
    assert!(
        !codes(&after).contains(&"trigger-not-invocable".to_owned()),
        "{after}"
    );
    let mut want = before;
    want["UserPool"]["LambdaConfig"]
        .as_object_mut()
        .unwrap()
        .remove("CustomMessage");
    assert_eq!(described(&p), want);
}

#[tokio::test]
async fn a_lambda_read_that_fails_is_unavailable() {
    let p = pool_with_trigger("arn:aws:lambda:us-east-1:123456789012:function:unread").await;
    let out = doctor()
        .env("AWS_ENDPOINT_URL_LAMBDA", closed_endpoint())
        .args(["diagnose", "--user-pool-id", &p, "-o", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(
        unavailable_ops(&v),
        ["lambda:GetFunctionConfiguration", "lambda:GetPolicy"],
        "{v}"
    );
    assert!(
        !codes(&v).contains(&"trigger-not-invocable".to_owned()),
        "{v}"
    );
}
