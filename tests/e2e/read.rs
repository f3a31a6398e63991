//! Verdicts from what was read (issue 26, SPEC "Verdicts from what was read"): an answer without
//! a field is unknown, never false; a failed read is named for what happened in every service;
//! only the email's triggers are read, and a custom sender's KMS key is never read as a function;
//! lookups by email follow the pool's letter case.

use aws_sdk_cognitoidentityprovider::types::{
    LambdaConfigType, UsernameAttributeType, UsernameConfigurationType, VerifiedAttributeType,
};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

fn through(proxy: &Proxy) -> Doctor {
    let mut d = doctor();
    d.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    d
}

fn diagnose(mut d: Doctor, p: &str, username: &str) -> (i32, serde_json::Value) {
    d.args([
        "-o",
        "json",
        "diagnose",
        "--user-pool-id",
        p,
        "--username",
        username,
    ]);
    let out = d.output().unwrap();
    (out.status.code().unwrap_or(-1), json(&out))
}

fn unavailable(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["unavailable"].as_array().cloned().unwrap_or_default()
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

/// A focused pool (through SES, verified identity) with one user, `email_verified` as given.
async fn pool_with_user(name: &str, verified: &str) -> String {
    let p = pool_with(name, |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    create_user(
        &client(),
        &p,
        "rue",
        &[("email", "rue@example.com"), ("email_verified", verified)],
    )
    .await;
    p
}

/// An AdminGetUser answer without `Enabled` and `UserStatus` (an endpoint that answers with
/// less than the API reference's shape): no `user-disabled`, and the missing fields are named.
#[tokio::test]
async fn a_user_answer_without_enabled_is_unknown_never_disabled() {
    let p = pool_with_user("absent-enabled", "false").await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.answer("AdminGetUser", |_| {
        (
            200,
            None,
            r#"{"Username":"rue","UserAttributes":[{"Name":"email","Value":"rue@example.com"},{"Name":"email_verified","Value":"false"}]}"#.into(),
        )
    });
    let (code, v) = diagnose(through(&proxy), &p, "rue");
    assert_eq!(code, 1, "{v}");
    let codes = codes(&v);
    assert!(!codes.contains(&"user-disabled".to_owned()), "{v}");
    // The status is unknown too: no cause that needs it is named.
    assert!(!codes.contains(&"email-never-verified".to_owned()), "{v}");
    assert!(codes.contains(&"evidence-unavailable".to_owned()), "{v}");
    let errors: Vec<String> = unavailable(&v)
        .iter()
        .map(|u| format!("{} {}", u["operation"], u["error"]))
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("AdminGetUser")
            && e.contains("the answer had no Enabled: whether the user is enabled is unknown")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("the answer had no UserStatus")),
        "{errors:?}"
    );
}

/// An endpoint that answers every REST read (SES, Lambda) with an unrelated 200 body: version
/// 3 gave seven error findings on a healthy, verified user. Now nothing is concluded from it,
/// the user is healthy, and each missing field is named.
#[tokio::test]
async fn unrelated_answers_give_no_verdict_and_are_named() {
    let p = pool_with_user("unrelated", "true").await;
    let proxy = Proxy::start(&moto().endpoint);
    for op in [
        "GET /v2/email/account",
        "GET /v2/email/suppression/addresses/",
        "GET /v2/email/identities/",
    ] {
        proxy.answer(op, |_| (200, None, r#"{"Unrelated":true}"#.into()));
    }
    let (code, v) = diagnose(through(&proxy), &p, "rue");
    assert_eq!(code, 0, "{v}");
    assert_eq!(codes(&v), Vec::<String>::new(), "{v}");
    let errors: Vec<String> = unavailable(&v)
        .iter()
        .map(|u| {
            format!(
                "{} {}",
                u["operation"].as_str().unwrap(),
                u["error"].as_str().unwrap()
            )
        })
        .collect();
    for needle in [
        "sesv2:GetAccount the answer had no ProductionAccessEnabled",
        "sesv2:GetAccount the answer had no SendingEnabled",
        "sesv2:GetSuppressedDestination the answer had no SuppressedDestination",
        "sesv2:GetEmailIdentity the answer had no VerifiedForSendingStatus",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(needle)),
            "{needle}: {errors:?}"
        );
    }
    // The same for an unverified user: the verdicts past Cognito are not given either way.
    let q = pool_with_user("unrelated-unverified", "false").await;
    let (code, v) = diagnose(through(&proxy), &q, "rue");
    assert_eq!(code, 1, "{v}");
    for c in [
        "ses-sandbox",
        "ses-sending-paused",
        "recipient-suppressed",
        "ses-identity-not-verified",
        "ses-quota-exhausted",
    ] {
        assert!(!codes(&v).contains(&c.to_owned()), "{c}: {v}");
    }
}

/// A pool whose CustomMessage trigger is the given function, sending through SES.
async fn pool_with_trigger(name: &str) -> (String, String) {
    let function = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        unique(name)
    );
    let f = function.clone();
    let p = pool_with(name, move |r| {
        r.lambda_config(LambdaConfigType::builder().custom_message(f).build())
    })
    .await;
    create_user(
        &client(),
        &p,
        "rue",
        &[("email", "rue@example.com"), ("email_verified", "false")],
    )
    .await;
    (p, function)
}

/// One entry of `unavailable` for the operation.
fn entry<'a>(v: &'a serde_json::Value, operation: &str) -> &'a serde_json::Value {
    v["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["operation"] == operation)
        .unwrap_or_else(|| panic!("no {operation} under unavailable: {v}"))
}

/// Each kind of failed read in each service: denied (with the permission in the service's own
/// name), not served (an HTML 404, as moto answers what it lacks; the endpoint named, no
/// permission blamed), throttled, and unreachable (nothing listening at the service's endpoint).
#[tokio::test]
async fn each_failure_kind_in_each_service_is_named_for_what_happened() {
    let (p, _) = pool_with_trigger("kinds").await;
    let html =
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n";
    // (the operation as the proxy names it, as unavailable names it, service, IAM permission)
    let reads: &[(&str, &str, &str, &str)] = &[
        (
            "ListUserPoolClients",
            "ListUserPoolClients",
            "cognito-idp",
            "cognito-idp:ListUserPoolClients",
        ),
        (
            "GET /v2/email/account",
            "sesv2:GetAccount",
            "ses",
            "ses:GetAccount",
        ),
        (
            "GET /2015-03-31/functions/",
            "lambda:GetFunctionConfiguration",
            "lambda",
            "lambda:GetFunctionConfiguration",
        ),
        (
            "GetLogDeliveryConfiguration",
            "GetLogDeliveryConfiguration",
            "cognito-idp",
            "cognito-idp:GetLogDeliveryConfiguration",
        ),
        (
            "FilterLogEvents",
            "logs:FilterLogEvents",
            "logs",
            "logs:FilterLogEvents",
        ),
    ];
    for (op, named, service, permission) in reads.iter().copied() {
        let rest = op.starts_with("GET ");
        for kind in ["denied", "not-served", "throttled"] {
            let proxy = Proxy::start(&moto().endpoint);
            if op == "FilterLogEvents" {
                // The pool exports its delivery errors to a group of its account.
                proxy.answer("GetLogDeliveryConfiguration", |body| {
                    let pool = serde_json::from_slice::<serde_json::Value>(body).unwrap()["UserPoolId"].clone();
                    let v = serde_json::json!({"LogDeliveryConfiguration": {"UserPoolId": pool, "LogConfigurations": [
                        {"EventSource": "userNotification", "LogLevel": "ERROR", "CloudWatchLogsConfiguration": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/cognito/kinds:*"}}
                    ]}});
                    (200, None, v.to_string())
                });
            }
            match (kind, rest) {
                ("denied", true) => proxy.answer(op, |_| {
                    (403, Some("AccessDeniedException"), r#"{"message":"User: arn:aws:iam::123456789012:user/support is not authorized to perform this action"}"#.into())
                }),
                ("denied", false) => proxy.fault(op, 0, 9, Fault::Denied),
                ("not-served", _) => proxy.answer(op, move |_| (404, None, html.into())),
                ("throttled", true) => proxy.answer(op, |_| {
                    (429, Some("TooManyRequestsException"), r#"{"message":"Rate exceeded"}"#.into())
                }),
                _ => proxy.fault(op, 0, 99, Fault::Throttle),
            }
            let (code, v) = diagnose(through(&proxy), &p, "rue");
            assert_eq!(code, 1, "{op} {kind}: {v}");
            let u = entry(&v, named);
            assert_eq!(u["kind"], kind, "{op}: {u}");
            assert_eq!(u["service"], service, "{op}: {u}");
            assert!(!u["error"].as_str().unwrap().is_empty(), "{u}");
            match kind {
                "denied" => assert_eq!(u["permission"], permission, "{u}"),
                _ => assert!(u.get("permission").is_none(), "{op} {kind}: {u}"),
            }
            if kind == "not-served" {
                assert_eq!(u["endpoint"], proxy.endpoint.as_str(), "{u}");
                let fix = finding(&v, "evidence-unavailable")["fix"].to_string();
                assert!(!fix.contains("Grant"), "{op}: {fix}");
                assert!(fix.contains("does not serve"), "{op}: {fix}");
            }
        }
    }
    // Unreachable: nothing listens at the service's own endpoint.
    for (var, named, service) in [
        ("AWS_ENDPOINT_URL_SESV2", "sesv2:GetAccount", "ses"),
        ("AWS_ENDPOINT_URL_LAMBDA", "lambda:GetPolicy", "lambda"),
    ] {
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
        };
        let mut d = doctor();
        d.env(var, &closed);
        let (code, v) = diagnose(d, &p, "rue");
        assert_eq!(code, 1, "{v}");
        let u = entry(&v, named);
        assert_eq!(
            (u["kind"].as_str(), u["service"].as_str()),
            (Some("unreachable"), Some(service)),
            "{u}"
        );
        assert_eq!(u["endpoint"], closed.as_str(), "{u}");
    }
}

/// The table says what happened once per service and kind, and `-v` lists each read.
#[tokio::test]
async fn could_not_read_is_one_line_per_service_and_kind() {
    let (p, _) = pool_with_trigger("could-not-read").await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.answer("GET /2015-03-31/functions/", |_| {
        (
            404,
            None,
            "<!doctype html>\n<title>404 Not Found</title>".into(),
        )
    });
    let mut d = through(&proxy);
    d.args(["diagnose", "--user-pool-id", &p, "--username", "rue"]);
    let out = d.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("- lambda "))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains(
            "lambda GetFunctionConfiguration, GetPolicy: not served by http://127.0.0.1:"
        ),
        "{text}"
    );
    assert!(lines[0].contains("AWS_ENDPOINT_URL_LAMBDA"), "{text}");
    let mut d = through(&proxy);
    d.args(["-v", "diagnose", "--user-pool-id", &p, "--username", "rue"]);
    let out = d.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("- lambda:GetFunctionConfiguration not-served:"),
        "{text}"
    );
    assert!(text.contains("- lambda:GetPolicy not-served:"), "{text}");
}

/// A CustomEmailSender pool with its KMS key and triggers off the email's path: only the
/// email's triggers are read (CustomEmailSender, PreSignUp, ...), never the key as a function,
/// and the others not at all.
#[tokio::test]
async fn a_custom_sender_pool_reads_its_functions_never_its_key() {
    // A key moto holds, enabled: read with DescribeKey, as a key.
    let created: serde_json::Value =
        serde_json::from_str(&aws("aws kms create-key --description custom-sender")).unwrap();
    let key = created["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
    let sender = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        unique("sender")
    );
    let define = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        unique("define")
    );
    let (s, d, k) = (sender.clone(), define.clone(), key.clone());
    let p = pool_with("custom-sender", move |r| {
        r.lambda_config(
            LambdaConfigType::builder()
                .custom_email_sender(
                    aws_sdk_cognitoidentityprovider::types::CustomEmailLambdaVersionConfigType::builder()
                        .lambda_arn(s)
                        .lambda_version(aws_sdk_cognitoidentityprovider::types::CustomEmailSenderLambdaVersionType::V10)
                        .build()
                        .unwrap(),
                )
                .kms_key_id(k)
                .define_auth_challenge(d)
                .build(),
        )
    })
    .await;
    create_user(
        &client(),
        &p,
        "rue",
        &[("email", "rue@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose(through(&proxy), &p, "rue");
    let read: Vec<String> = proxy
        .seen()
        .into_iter()
        .filter(|op| op.contains("/functions/"))
        .collect();
    assert!(!read.is_empty(), "the sender's function is read");
    assert!(read.iter().all(|op| op.contains("sender")), "{read:?}");
    assert!(
        !v["unavailable"].to_string().contains(&key),
        "the key is not read as a function: {v}"
    );
    for f in v["findings"].as_array().unwrap() {
        assert!(!f["evidence"].to_string().contains(&key), "{f}");
    }
    // It is read as what it is: a KMS key, with DescribeKey, once.
    let described: Vec<serde_json::Value> = proxy.bodies("DescribeKey");
    assert_eq!(described.len(), 1, "{:?}", proxy.seen());
    assert_eq!(described[0]["KeyId"], key.as_str());
    // The sender's function does not exist in moto: that, and nothing about the key or the
    // authentication trigger.
    let f = finding(&v, "trigger-not-invocable");
    assert!(
        f["evidence"]
            .to_string()
            .contains("CustomEmailSender trigger"),
        "{f}"
    );
    assert!(!f["evidence"].to_string().contains(&define), "{f}");
}

/// A case-sensitive pool whose username is the email: the address in capitals, which no user
/// has, is not the lowercase user; the run names the other spelling and exits 3, never healthy.
#[tokio::test]
async fn a_case_sensitive_pool_names_the_other_spelling_and_never_calls_it_healthy() {
    let p = pool_with("case-sensitive", |r| {
        r.username_attributes(UsernameAttributeType::Email)
            .username_configuration(
                UsernameConfigurationType::builder()
                    .case_sensitive(true)
                    .build()
                    .unwrap(),
            )
    })
    .await;
    create_user(
        &client(),
        &p,
        "june@example.com",
        &[("email", "june@example.com"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "JUNE@Example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("case-sensitive"), "{err}");
    assert!(err.contains("june@example.com"), "{err}");
    assert!(err.contains("--email june@example.com"), "{err}");
    assert!(!err.contains("…"), "the sentence is whole: {err}");
    assert!(out.stdout.is_empty(), "no report, so nothing reads healthy");
}

/// A case-insensitive pool whose username is the email: Cognito finds a user who signed up in
/// mixed case by any spelling (AdminGetUser compares as the pool does). moto compares exactly,
/// so the proxy answers AdminGetUser as Cognito documents it ("case insensitivity for all
/// username input"), from the user moto holds.
#[tokio::test]
async fn a_case_insensitive_pool_asks_cognito_the_way_it_compares() {
    let p = pool_with("case-insensitive", |r| {
        r.username_attributes(UsernameAttributeType::Email)
            .username_configuration(
                UsernameConfigurationType::builder()
                    .case_sensitive(false)
                    .build()
                    .unwrap(),
            )
            .auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "Kay.Lee@Example.com",
        &[("email", "Kay.Lee@Example.com"), ("email_verified", "true")],
    )
    .await;
    let stored = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("Kay.Lee@Example.com")
        .send()
        .await
        .unwrap();
    let name = stored.username().to_owned();
    let body = serde_json::json!({
        "Username": name,
        "UserStatus": "CONFIRMED",
        "Enabled": true,
        "UserCreateDate": 1.7e9,
        "UserLastModifiedDate": 1.7e9,
        "UserAttributes": [
            {"Name": "email", "Value": "Kay.Lee@Example.com"},
            {"Name": "email_verified", "Value": "true"}
        ]
    })
    .to_string();
    let proxy = Proxy::start(&moto().endpoint);
    let pool = p.clone();
    let n = name.clone();
    proxy.answer("AdminGetUser", move |req| {
        let v: serde_json::Value = serde_json::from_slice(req).unwrap_or_default();
        let asked = v["Username"].as_str().unwrap_or_default().to_lowercase();
        if v["UserPoolId"] == pool.as_str()
            && (asked == "kay.lee@example.com" || asked == n.to_lowercase())
        {
            (200, None, body.clone())
        } else {
            (
                400,
                None,
                r#"{"__type":"UserNotFoundException","message":"User does not exist."}"#.into(),
            )
        }
    });
    let mut d = through(&proxy);
    d.args([
        "-o",
        "json",
        "diagnose",
        "--user-pool-id",
        &p,
        "--email",
        "KAY.LEE@EXAMPLE.COM",
    ]);
    let out = d.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["username"], name.as_str());
    let lookups = v["lookups"].to_string();
    assert!(
        lookups.contains("AdminGetUser KAY.LEE@EXAMPLE.COM"),
        "{lookups}"
    );
    assert!(lookups.contains("case-insensitive"), "{lookups}");
}

/// A user the pool does not have, behind a client that masks existence errors: the nearest
/// users the fix speaks of are listed, in the evidence and the table.
#[tokio::test]
async fn masked_existence_lists_the_nearest_users_it_promises() {
    let p = pool_with("masked", |r| r).await;
    let c = client();
    c.create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .prevent_user_existence_errors(
            aws_sdk_cognitoidentityprovider::types::PreventUserExistenceErrorTypes::Enabled,
        )
        .send()
        .await
        .unwrap();
    create_user(
        &c,
        &p,
        "mona",
        &[("email", "mona@example.net"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "mona@example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("existence-errors-masked"), "{text}");
    assert!(
        text.contains("nearest user read: mona (mona@example.net"),
        "the nearest user is listed: {text}"
    );
    // Without a near spelling, the fix promises no list.
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "nobody@example.com",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("existence-errors-masked"), "{text}");
    assert!(!text.contains("listed above"), "{text}");
}
