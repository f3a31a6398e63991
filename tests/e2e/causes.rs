//! The causes beyond the article, each built through the API on moto: recovery, delivery, link
//! mode, app clients, case duplicates, unreadable evidence, the pool-level diagnosis, and the
//! reverify guard for fixes that a sign-in would undo.

use aws_sdk_cognitoidentityprovider::types::{
    AccountRecoverySettingType, DefaultEmailOptionType, IdentityProviderTypeType, LambdaConfigType,
    RecoveryOptionNameType, RecoveryOptionType, UsernameConfigurationType,
    VerificationMessageTemplateType, VerifiedAttributeType,
};

use crate::harness::*;

fn id(
    out: aws_sdk_cognitoidentityprovider::operation::create_user_pool::CreateUserPoolOutput,
) -> String {
    out.user_pool()
        .and_then(|p| p.id())
        .expect("pool id")
        .to_owned()
}

fn diagnose(args: &[&str]) -> (i32, serde_json::Value) {
    let out = doctor()
        .args(["diagnose", "-o", "json"])
        .args(args)
        .output()
        .expect("run");
    (out.status.code().unwrap_or(-1), json(&out))
}

#[tokio::test]
async fn password_reset_blocked_when_recovery_needs_a_verified_email() {
    let c = client();
    let p = id(c
        .create_user_pool()
        .pool_name("recovery")
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .account_recovery_setting(
            AccountRecoverySettingType::builder()
                .recovery_mechanisms(
                    RecoveryOptionType::builder()
                        .name(RecoveryOptionNameType::VerifiedEmail)
                        .priority(1)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap());
    create_user(
        &c,
        &p,
        "rita",
        &[("email", "rita@example.com"), ("email_verified", "true")],
    )
    .await;
    confirm_user(&c, &p, "rita").await;
    change_email(&c, &p, "rita", "rita.new@example.com").await;
    let (code, v) = diagnose(&["--user-pool-id", &p, "--username", "rita"]);
    assert_eq!(code, 1);
    let f = finding(&v, "password-reset-blocked");
    assert_eq!(f["severity"], "error");
    let ev = f["evidence"].to_string();
    assert!(
        ev.contains("AccountRecoverySetting lists [verified_email]"),
        "{ev}"
    );
    assert!(ev.contains("Cannot reset password for the user"), "{ev}");
    // The cause of the unverified email is named beside it, and the user can still get a code.
    let changed = finding(&v, "email-changed-unverified");
    assert!(changed["fix"]
        .to_string()
        .contains("get-user-attribute-verification-code"));
    // The default sender's note comes with a pool that was not given SES.
    assert_eq!(
        finding(&v, "default-email-sender-limit")["severity"],
        "info"
    );
}

#[tokio::test]
async fn pool_level_diagnosis_without_a_user() {
    let c = client();
    let p = id(c
        .create_user_pool()
        .pool_name("poolwide")
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::PhoneNumber)
        .verification_message_template(
            VerificationMessageTemplateType::builder()
                .default_email_option(DefaultEmailOptionType::ConfirmWithLink)
                .build(),
        )
        .lambda_config(
            LambdaConfigType::builder()
                .custom_message("arn:aws:lambda:us-east-1:123456789012:function:custom-msg")
                .build(),
        )
        .send()
        .await
        .unwrap());
    let web = c
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .read_attributes("email")
        .read_attributes("name")
        .callback_urls("https://app.example.com/callback")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned();
    provider(
        &p,
        "Okta",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[("email", "email")],
    )
    .await;
    let (code, v) = diagnose(&["--user-pool-id", &p]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["username"], serde_json::Value::Null);
    assert_eq!(v["email_verified"], serde_json::Value::Null);
    assert_eq!(
        codes(&v),
        [
            "link-verification-without-domain",
            // The trigger's function was never created in moto: Lambda says so.
            "trigger-not-invocable",
            // Warnings by stage: the pool's settings, who holds the address, what it leads to.
            "phone-verified-instead",
            "federated-email-verified-unmapped",
            "app-client-cannot-read-email-verified",
            "default-email-sender-limit",
            "email-sent-by-trigger",
        ]
    );
    assert!(finding(&v, "email-sent-by-trigger")["evidence"]
        .to_string()
        .contains("custom-msg"));
    assert!(!v.to_string().contains("provider-secret-value"));

    // The printed client fix, run as printed, adds email_verified and keeps the callback URL.
    let cli = finding(&v, "app-client-cannot-read-email-verified")["fix"][0]["aws_cli"]
        .as_str()
        .unwrap()
        .to_owned();
    let ran = run_printed_aws_cli(&cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));
    let after = c
        .describe_user_pool_client()
        .user_pool_id(&p)
        .client_id(&web)
        .send()
        .await
        .unwrap();
    let after = after.user_pool_client().unwrap();
    assert_eq!(after.read_attributes(), ["email", "name", "email_verified"]);
    assert_eq!(after.callback_urls(), ["https://app.example.com/callback"]);

    // A domain makes the link work.
    c.create_user_pool_domain()
        .user_pool_id(&p)
        .domain("doctor-e2e-link")
        .send()
        .await
        .unwrap();
    let (_, v) = diagnose(&["--user-pool-id", &p]);
    let got = codes(&v);
    assert!(
        !got.contains(&"link-verification-without-domain".to_owned()),
        "{got:?}"
    );
    assert!(
        !got.contains(&"app-client-cannot-read-email-verified".to_owned()),
        "{got:?}"
    );

    // The table says it is about the pool.
    let out = doctor()
        .args(["diagnose", "--user-pool-id", &p])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no user"), "{text}");
    assert!(text.contains("[warning] phone-verified-instead"), "{text}");
}

#[tokio::test]
async fn an_unconfirmed_user_in_a_link_pool_is_told_about_the_link() {
    let c = client();
    let p = id(focused(c.create_user_pool().pool_name("link"))
        .verification_message_template(
            VerificationMessageTemplateType::builder()
                .default_email_option(DefaultEmailOptionType::ConfirmWithLink)
                .build(),
        )
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap());
    let client_id = c
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned();
    c.sign_up()
        .client_id(&client_id)
        .username("lena")
        .password("E2e-Passw0rd!")
        .user_attributes(attr("email", "lena@example.com"))
        .send()
        .await
        .unwrap();
    let (code, v) = diagnose(&["--user-pool-id", &p, "--username", "lena"]);
    assert_eq!(code, 1);
    let f = finding(&v, "sign-up-not-confirmed");
    // First a new code (ResendConfirmationCode), then the plain confirmation, which is no alias
    // decision: no force-alias command.
    assert!(
        f["fix"][0]["aws_cli"]
            .as_str()
            .unwrap()
            .starts_with("aws cognito-idp resend-confirmation-code"),
        "{f}"
    );
    assert!(f["fix"][1]["doctor"].is_null(), "{f}");
    assert!(
        f["fix"][1]["description"]
            .as_str()
            .unwrap()
            .contains("link"),
        "{f}"
    );
    assert_eq!(
        finding(&v, "link-verification-without-domain")["severity"],
        "error"
    );
}

#[tokio::test]
async fn email_case_duplicates_in_a_case_sensitive_pool() {
    let c = client();
    let p = id(focused(c.create_user_pool().pool_name("case"))
        .send()
        .await
        .unwrap());
    create_user(
        &c,
        &p,
        "ann1",
        &[("email", "Ann@Example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "ann2",
        &[("email", "ann@example.com"), ("email_verified", "true")],
    )
    .await;
    let (_, v) = diagnose(&["--user-pool-id", &p, "--username", "ann1"]);
    let f = finding(&v, "email-case-duplicate");
    assert!(
        f["evidence"]
            .to_string()
            .contains("user ann2 has email ann@example.com"),
        "{f}"
    );
    // audit reports both users of the pair, whatever the order it reads users in: sequential,
    // partitioned, and stopped after the first page then resumed.
    let flagged = |text: &str| -> std::collections::BTreeSet<String> {
        text.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|l| codes(l).contains(&"email-case-duplicate".to_owned()))
            .filter_map(|l| l["username"].as_str().map(str::to_owned))
            .collect()
    };
    let both: std::collections::BTreeSet<String> = ["ann1".to_owned(), "ann2".to_owned()].into();
    for parallel in ["1", "8"] {
        let out = doctor()
            .args([
                "audit",
                "-o",
                "json",
                "--parallel",
                parallel,
                "--user-pool-id",
                &p,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(flagged(&text), both, "--parallel {parallel}: {text}");
    }
    let proxy = crate::proxy::Proxy::start(&moto().endpoint);
    proxy.fault("ListUsers", 1, 1000, crate::proxy::Fault::ServerError);
    let first = doctor()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args([
            "audit",
            "-o",
            "json",
            "--parallel",
            "1",
            "--page-size",
            "1",
            "--user-pool-id",
            &p,
        ])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));
    let text = String::from_utf8_lossy(&first.stdout).into_owned();
    let summary: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let token = summary["summary"]["next_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let rest = doctor()
        .args([
            "audit",
            "-o",
            "json",
            "--page-size",
            "1",
            "--user-pool-id",
            &p,
            "--starting-token",
            &token,
        ])
        .output()
        .unwrap();
    assert_eq!(rest.status.code(), Some(1), "{}", stderr(&rest));
    let mut resumed = flagged(&text);
    resumed.extend(flagged(&String::from_utf8_lossy(&rest.stdout)));
    assert_eq!(
        resumed,
        both,
        "{text}\n{}",
        String::from_utf8_lossy(&rest.stdout)
    );

    let insensitive = id(focused(c.create_user_pool().pool_name("nocase"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(false)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap());
    create_user(
        &c,
        &insensitive,
        "ann1",
        &[("email", "Ann@Example.com"), ("email_verified", "true")],
    )
    .await;
    create_user(
        &c,
        &insensitive,
        "ann2",
        &[("email", "ann@example.com"), ("email_verified", "true")],
    )
    .await;
    let (code, v) = diagnose(&["--user-pool-id", &insensitive, "--username", "ann1"]);
    assert_eq!((code, codes(&v)), (0, Vec::<String>::new()), "{v}");
}

#[tokio::test]
async fn federated_users_whose_provider_is_gone_or_maps_no_email() {
    let c = client();
    let p = id(focused(c.create_user_pool().pool_name("fedgaps"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap());
    // The user's provider cannot be described: never healthy.
    create_user(
        &c,
        &p,
        "Gone_1",
        &[
            ("email", "gone@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Gone", "OIDC")),
        ],
    )
    .await;
    let (code, v) = diagnose(&["--user-pool-id", &p, "--username", "Gone_1"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["evidence-unavailable"]);
    assert_eq!(v["unavailable"][0]["operation"], "DescribeIdentityProvider");
    // Nor in the audit: the user is listed with what could not be read.
    let out = doctor()
        .args(["audit", "-o", "json", "--user-pool-id", &p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r#""username":"Gone_1""#) && text.contains("evidence-unavailable"),
        "{text}"
    );

    // A Facebook provider that maps no email: the admin fix holds, so it is offered.
    provider(
        &p,
        "Facebook",
        IdentityProviderTypeType::Facebook,
        &[
            ("client_id", "1"),
            ("client_secret", "s"),
            ("authorize_scopes", "email"),
        ],
        &[("username", "id")],
    )
    .await;
    create_user(
        &c,
        &p,
        "Facebook_1",
        &[
            ("email", "fb@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Facebook", "Facebook")),
        ],
    )
    .await;
    let (code, v) = diagnose(&["--user-pool-id", &p, "--username", "Facebook_1"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["email-never-verified"]);
    let f = finding(&v, "email-never-verified");
    assert!(
        f["evidence"].to_string().contains("does not map email"),
        "{f}"
    );
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "Facebook_1",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[tokio::test]
async fn reverify_refuses_a_fix_the_next_sign_in_would_undo() {
    let c = client();
    let p = id(focused(c.create_user_pool().pool_name("revert"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap());
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
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "Okta_1",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 4, "--anyway");
    let err = stderr(&out);
    assert!(err.contains("maps email but not email_verified"), "{err}");
    assert!(
        err.contains(&format!("map-idp --user-pool-id {p} --provider-name Okta")),
        "{err}"
    );
    let still = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("Okta_1")
        .send()
        .await
        .unwrap();
    assert!(still
        .user_attributes()
        .iter()
        .any(|a| a.name() == "email_verified" && a.value() == Some("false")));
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "Okta_1",
            "--yes",
            "--anyway",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("undoes this fix"),
        "the plan says it will revert: {text}"
    );
}

#[tokio::test]
async fn a_capitalised_true_is_rewritten_by_reverify() {
    let c = client();
    let p = id(focused(c.create_user_pool().pool_name("canon"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap());
    create_user(
        &c,
        &p,
        "cap",
        &[("email", "cap@example.com"), ("email_verified", "True")],
    )
    .await;
    let (_, v) = diagnose(&["--user-pool-id", &p, "--username", "cap"]);
    let doctor_cmd = finding(&v, "email-verified-not-canonical")["fix"][0]["doctor"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        doctor_cmd.contains("reverify") && doctor_cmd.contains("--admin"),
        "{doctor_cmd}"
    );
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "cap",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (code, v) = diagnose(&["--user-pool-id", &p, "--username", "cap"]);
    assert_eq!((code, codes(&v)), (0, Vec::<String>::new()), "{v}");
}

#[test]
fn explain_error_starts_from_the_message() {
    // Stdin, with Amplify's noise around the service's message.
    let out = doctor()
        .args(["explain", "--error", "-", "-o", "json"])
        .write_stdin(
            "Error: InvalidParameterException: Cannot reset password for the user as there is no registered/verified email or phone_number\n    at forgotPassword (Auth.js:1:1)\n",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert!(v["error"]
        .as_str()
        .unwrap()
        .contains("Cannot reset password"));
    let codes: Vec<&str> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes[0], "password-reset-blocked", "{codes:?}");
    assert!(codes.contains(&"email-changed-unverified"), "{codes:?}");
    for key in ["title", "why", "confirm"] {
        assert!(
            v["matches"][0][key].as_str().is_some_and(|s| !s.is_empty()),
            "{key}"
        );
    }
    // A table for people, an exception name as the argument.
    let out = doctor()
        .args(["explain", "--error", "AliasExistsException"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1. alias-conflict-blocks-confirmation"),
        "{text}"
    );
    assert!(
        text.contains("confirm: cognito-email-doctor diagnose"),
        "{text}"
    );
    // Nothing matches: exit 1, with what to try instead.
    let out = doctor()
        .args(["explain", "--error", "Incorrect username or password."])
        .output()
        .unwrap();
    assert_exit(&out, 1, "diagnose the user directly");
    // A code and --error together are a usage error.
    let out = doctor()
        .args(["explain", "email-missing", "--error", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
