//! `diagnose` against moto: one scenario per documented cause, the lookups, and the errors.

use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, IdentityProviderTypeType, VerifiedAttributeType,
};

use crate::harness::*;

struct PoolSpec {
    alias_email: bool,
    auto_verify_email: bool,
}

async fn pool(spec: PoolSpec) -> String {
    let c = client();
    let mut req = focused(c.create_user_pool().pool_name("e2e"));
    if spec.alias_email {
        req = req.alias_attributes(AliasAttributeType::Email);
    }
    if spec.auto_verify_email {
        req = req.auto_verified_attributes(VerifiedAttributeType::Email);
    }
    let out = req.send().await.expect("CreateUserPool");
    out.user_pool()
        .and_then(|p| p.id())
        .expect("pool id")
        .to_owned()
}

fn diagnose_json(pool: &str, by: &[&str]) -> (i32, serde_json::Value, String) {
    let out = doctor()
        .args(["diagnose", "--output", "json", "--user-pool-id", pool])
        .args(by)
        .output()
        .expect("run");
    (out.status.code().unwrap_or(-1), json(&out), stderr(&out))
}

#[tokio::test]
async fn email_changed_unverified_with_admin_and_code_fixes() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    // A confirmed user changed its email: Cognito set email_verified to false.
    let c = client();
    create_user(
        &c,
        &p,
        "alice",
        &[("email", "alice@example.com"), ("email_verified", "true")],
    )
    .await;
    confirm_user(&c, &p, "alice").await;
    change_email(&c, &p, "alice", "alice.new@example.com").await;
    let (code, v, _) = diagnose_json(&p, &["--username", "alice"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["email-changed-unverified"]);
    assert_eq!(v["user_pool_id"], p.as_str());
    assert_eq!(v["username"], "alice");
    assert_eq!(v["email"], "alice.new@example.com");
    assert_eq!(v["email_verified"], false);
    assert_eq!(gaps_besides_empty_history(&v), serde_json::json!([]));
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    let admin = f["fix"][0]["aws_cli"].as_str().unwrap();
    // The smallest write, as the AdminUpdateUserAttributes reference documents it: the address
    // is not sent again.
    assert!(admin.starts_with(&format!("aws cognito-idp admin-update-user-attributes --user-pool-id {p} --username alice --user-attributes Name=email_verified,Value=true --region us-east-1 --endpoint-url http://127.0.0.1:")), "{admin}");
    assert!(f["fix"][1]["aws_cli"]
        .as_str()
        .unwrap()
        .contains("get-user-attribute-verification-code"));
    assert!(f["fix"][2]["aws_cli"]
        .as_str()
        .unwrap()
        .contains("verify-user-attribute"));
}

#[tokio::test]
async fn absent_email_verified_is_false_and_string_true_is_healthy() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    create_user(&client(), &p, "noflag", &[("email", "noflag@example.com")]).await;
    create_user(
        &client(),
        &p,
        "capital",
        &[("email", "capital@example.com"), ("email_verified", "True")],
    )
    .await;
    let (code, v, _) = diagnose_json(&p, &["--username", "noflag"]);
    assert_eq!(code, 1);
    // Created without email_verified and never modified: never verified, not changed.
    assert_eq!(codes(&v), ["email-never-verified"]);
    let ev = v["findings"][0]["evidence"].to_string();
    assert!(ev.contains("absent"), "{ev}");
    assert!(ev.contains("AdminCreateUser"), "{ev}");
    assert!(!ev.contains("email most likely changed"), "{ev}");
    // "True" is verified to Cognito, but not in the form apps compare.
    let (code, v, _) = diagnose_json(&p, &["--username", "capital"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["email-verified-not-canonical"]);
    assert_eq!(v["email_verified"], true);
}

#[tokio::test]
async fn pool_without_auto_verify_gets_a_lossless_update_command() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: false,
    })
    .await;
    create_user(
        &client(),
        &p,
        "bob",
        &[("email", "bob@example.com"), ("email_verified", "false")],
    )
    .await;
    let (code, v, _) = diagnose_json(&p, &["--username", "bob"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&v),
        ["email-never-verified", "verification-not-configured"]
    );
    let f = &v["findings"][1];
    assert_eq!(f["severity"], "warning");
    let cli = f["fix"][0]["aws_cli"].as_str().unwrap();
    assert!(
        cli.starts_with("aws cognito-idp update-user-pool --cli-input-json '"),
        "{cli}"
    );
    let json_arg = cli.split('\'').nth(1).unwrap();
    let input: serde_json::Value = serde_json::from_str(json_arg).unwrap();
    assert_eq!(input["UserPoolId"], p.as_str());
    assert_eq!(
        input["AutoVerifiedAttributes"],
        serde_json::json!(["email"])
    );
    assert!(
        input.get("Policies").is_some(),
        "the password policy is carried: {input}"
    );
    assert_eq!(
        f["fix"][0]["doctor"]
            .as_str()
            .unwrap()
            .split(' ')
            .take(4)
            .collect::<Vec<_>>(),
        [
            "cognito-email-doctor",
            "enable-verification",
            "--user-pool-id",
            p.as_str()
        ]
    );
}

#[tokio::test]
async fn alias_held_by_a_newer_user() {
    let p = pool(PoolSpec {
        alias_email: true,
        auto_verify_email: true,
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "older",
        &[("email", "shared@example.com"), ("email_verified", "false")],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    create_user(
        &c,
        &p,
        "newer",
        &[("email", "shared@example.com"), ("email_verified", "true")],
    )
    .await;
    let (code, v, _) = diagnose_json(&p, &["--username", "older"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["alias-held-by-other-user"]);
    let ev = v["findings"][0]["evidence"].to_string();
    assert!(ev.contains("user newer has the same email"), "{ev}");
    assert!(ev.contains("ForceAliasCreation=true"), "{ev}");
    let fixes = v["findings"][0]["fix"].to_string();
    assert!(fixes.contains("--take-alias"), "{fixes}");
    // The holder itself is healthy.
    let (code, v, _) = diagnose_json(&p, &["--username", "newer"]);
    assert_eq!((code, codes(&v)), (0, Vec::<String>::new()));
    // By email, the affected user is the unverified one.
    let (code, v, _) = diagnose_json(&p, &["--email", "shared@example.com"]);
    assert_eq!(code, 1);
    assert_eq!(v["username"], "older");
}

#[tokio::test]
async fn unconfirmed_sign_up_blocked_by_alias() {
    let p = pool(PoolSpec {
        alias_email: true,
        auto_verify_email: true,
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "holder",
        &[("email", "taken@example.com"), ("email_verified", "true")],
    )
    .await;
    let app = c
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .send()
        .await
        .expect("CreateUserPoolClient");
    let client_id = app
        .user_pool_client()
        .and_then(|x| x.client_id())
        .unwrap()
        .to_owned();
    c.sign_up()
        .client_id(&client_id)
        .username("latecomer")
        .password("Corr3ct-Horse-Battery!")
        .user_attributes(attr("email", "taken@example.com"))
        .send()
        .await
        .expect("SignUp");
    let (code, v, _) = diagnose_json(&p, &["--username", "latecomer"]);
    assert_eq!(code, 1);
    assert_eq!(v["user_status"], "UNCONFIRMED");
    // The pool lets a new address sign in before it is verified: a pool-level warning beside.
    assert_eq!(
        codes(&v),
        [
            "alias-conflict-blocks-confirmation",
            "unverified-email-signs-in"
        ]
    );
    let allow = v["findings"][0]["fix"][0]["aws_cli"].as_str().unwrap();
    // The code goes to the AWS CLI in a private file, never in its argv.
    assert!(allow.contains(&format!(r#""ClientId":"{client_id}","Username":"latecomer","ConfirmationCode":"'"$CODE"'","ForceAliasCreation":true"#)), "{allow}");
    assert!(
        allow.contains(r#"{ aws cognito-idp confirm-sign-up --cli-input-json "file://$f" "#),
        "{allow}"
    );
    let deny = v["findings"][0]["fix"][1]["aws_cli"].as_str().unwrap();
    assert!(deny.contains(r#""ForceAliasCreation":false"#), "{deny}");
    // Pasted without CODE, the shell refuses it; with CODE set, the AWS CLI confirms the user.
    let refused = run_printed_aws_cli(allow);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("set CODE to the code the user received"),
        "{}",
        stderr(&refused)
    );
    let ran = run_printed_aws_cli(&format!("CODE=123456; {allow}"));
    assert!(ran.status.success(), "{}", stderr(&ran));
    let after = client()
        .admin_get_user()
        .user_pool_id(&p)
        .username("latecomer")
        .send()
        .await
        .unwrap();
    assert_eq!(after.user_status().map(|s| s.as_str()), Some("CONFIRMED"));
}

#[tokio::test]
async fn federated_user_with_and_without_the_mapping() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    provider(
        &p,
        "Okta",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[
            ("email", "email"),
            ("name", "name"),
            ("family_name", "family_name"),
        ],
    )
    .await;
    provider(
        &p,
        "Auth0",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[("email", "email"), ("email_verified", "email_verified")],
    )
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "Okta_1234567890",
        &[
            ("email", "fed@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Okta", "OIDC")),
        ],
    )
    .await;
    create_user(
        &c,
        &p,
        "Auth0_1234567890",
        &[
            ("email", "fed2@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Auth0", "OIDC")),
        ],
    )
    .await;
    create_user(
        &c,
        &p,
        "Auth0_999",
        &[
            ("email", "fed3@example.com"),
            ("email_verified", "true"),
            ("identities", &identities("Auth0", "OIDC")),
        ],
    )
    .await;

    let (code, v, _) = diagnose_json(&p, &["--username", "Okta_1234567890"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&v),
        [
            "federated-email-verified-unmapped",
            "federated-fix-will-revert"
        ]
    );
    let cli = v["findings"][0]["fix"][0]["aws_cli"].as_str().unwrap();
    assert!(cli.contains(r#"--attribute-mapping '{"email":"email","email_verified":"email_verified","family_name":"family_name","name":"name"}'"#), "{cli}");
    assert!(
        !v.to_string().contains("provider-secret-value"),
        "provider secrets never appear"
    );

    let (code, v, _) = diagnose_json(&p, &["--username", "Auth0_1234567890"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["provider-reports-unverified"]);

    let (code, v, _) = diagnose_json(&p, &["--username", "Auth0_999"]);
    assert_eq!((code, codes(&v)), (0, Vec::<String>::new()));
}

#[tokio::test]
async fn user_without_email_and_lookup_by_sub() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    let c = client();
    create_user(&c, &p, "ghost", &[("name", "Ghost")]).await;
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("ghost")
        .send()
        .await
        .unwrap();
    let sub = got
        .user_attributes()
        .iter()
        .find(|a| a.name() == "sub")
        .and_then(|a| a.value())
        .unwrap()
        .to_owned();
    let (code, v, _) = diagnose_json(&p, &["--sub", &sub]);
    assert_eq!(code, 1);
    assert_eq!(v["username"], "ghost");
    assert_eq!(codes(&v), ["email-missing"]);
    assert_eq!(v["email"], serde_json::Value::Null);
}

#[tokio::test]
async fn table_output_names_the_cause_and_the_commands() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    create_user(
        &client(),
        &p,
        "carol",
        &[("email", "carol@example.com"), ("email_verified", "false")],
    )
    .await;
    let out = doctor()
        .args(["diagnose", "--user-pool-id", &p, "--username", "carol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[error] email-never-verified"), "{text}");
    assert!(
        text.contains("$ aws cognito-idp admin-update-user-attributes"),
        "{text}"
    );
    assert!(!text.contains("\u{1b}["), "no colour when piped");
}

#[tokio::test]
async fn missing_pool_and_user_are_aws_errors() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    let out = doctor()
        .args(["diagnose", "--user-pool-id", &p, "--username", "nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: AdminGetUser found no such user"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");

    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            "us-east-1_doesnotexist",
            "--email",
            "x@example.com",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "DescribeUserPool found no such resource");
}

#[test]
fn bad_input_is_a_usage_error() {
    for (args, needle) in [
        (
            vec![
                "diagnose",
                "--user-pool-id",
                "not-a-pool",
                "--username",
                "a",
            ],
            "is not a user pool id",
        ),
        (
            vec![
                "diagnose",
                "--user-pool-id",
                "us-east-1_abc",
                "--username",
                "a",
                "--email",
                "b@c",
            ],
            "cannot be used with",
        ),
        (
            vec![
                "diagnose",
                "--user-pool-id",
                "us-east-1_abc",
                "--email",
                "nope",
            ],
            "is not an email address",
        ),
        (
            vec!["diagnose", "--user-pool-id", "local_abc", "--username", "a"],
            "give --region",
        ),
        (
            vec![
                "diagnose",
                "--user-pool-id",
                "us-east-1_abc",
                "--username",
                "a",
                "--endpoint-url",
                "ftp://x",
            ],
            "not an endpoint URL",
        ),
        (
            vec!["explain", "email-changed-unverifed"],
            "did you mean `email-changed-unverified`",
        ),
    ] {
        let out = doctor().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

#[test]
fn unreachable_endpoint_fails_fast_with_exit_3() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
            "--username",
            "a",
        ])
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_exit(&out, 3, "could not reach the Cognito endpoint");
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn no_credentials_fail_fast_with_exit_3() {
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    let start = Instant::now();
    let out = cmd
        .args([
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
            "--username",
            "a",
            "--endpoint-url",
            &moto().endpoint,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: no AWS credentials were found"),
        "{}",
        stderr(&out)
    );
    assert!(start.elapsed() < Duration::from_secs(15));
}

#[tokio::test]
async fn ambiguous_email_lists_the_users_and_asks_for_a_username() {
    let p = pool(PoolSpec {
        alias_email: false,
        auto_verify_email: true,
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "twin-a",
        &[("email", "twin@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(&c, &p, "twin-b", &[("email", "twin@example.com")]).await;
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "twin@example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2 users have email twin@example.com")
            && err.contains("twin-a")
            && err.contains("twin-b"),
        "{err}"
    );
    assert!(err.contains("choose one with --username"), "{err}");
}

#[test]
fn explain_prints_a_code_the_list_and_json() {
    let out = doctor()
        .args(["explain", "federated-email-verified-unmapped"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "What:",
        "Why:",
        "Fix:",
        "Documentation: https://docs.aws.amazon.com/",
    ] {
        assert!(text.contains(part), "{text}");
    }
    let out = doctor()
        .args(["explain", "--list", "-o", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 46);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["explanation"].as_str().is_some()));
    let out = doctor()
        .args(["explain", "nonsense-code-xyz"])
        .output()
        .unwrap();
    assert_exit(&out, 2, "explain --list");
}
