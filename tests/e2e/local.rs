//! On a second Cognito, cognito-local with its default configuration: the user-side code flow
//! moto lacks (sign up, confirm, sign in, change the email, diagnose, send a code, a wrong code, the
//! right code, read back, healthy), the keep-original pool, and the rest of the suite where
//! cognito-local implements the calls. Its token issuer is `http://localhost:PORT/POOL`: the tool
//! goes where --endpoint-url and --region say.

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, UserAttributeUpdateSettingsType, VerifiedAttributeType,
};
use aws_sdk_cognitoidentityprovider::Client;

use crate::harness::*;

const PASSWORD: &str = "Local-Passw0rd!";

/// A pool that sends email codes (optionally keeping the old address until the new one is
/// verified), an app client, and a signed-up, confirmed, signed-in user. Returns the pool, the
/// user's sub (its username here: the pool uses email as the username) and an access token.
async fn signed_in(c: &Client, email: &str, keep_original: bool) -> (String, String, String) {
    let mut req = c
        .create_user_pool()
        .pool_name("local")
        .auto_verified_attributes(VerifiedAttributeType::Email);
    if keep_original {
        req = req.user_attribute_update_settings(
            UserAttributeUpdateSettingsType::builder()
                .attributes_require_verification_before_update(VerifiedAttributeType::Email)
                .build(),
        );
    }
    let pool = req.made().await;
    assert!(pool.starts_with("local_"), "{pool}");
    let client_id = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned();
    let sub = c
        .sign_up()
        .client_id(&client_id)
        .username(email)
        .password(PASSWORD)
        .user_attributes(attr("email", email))
        .send()
        .await
        .unwrap()
        .user_sub()
        .to_owned();
    let local = cognito_local();
    c.confirm_sign_up()
        .client_id(&client_id)
        .username(email)
        .confirmation_code(local.code(&pool, email, "ConfirmationCode"))
        .send()
        .await
        .unwrap();
    let token = c
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", email)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap()
        .authentication_result()
        .and_then(|r| r.access_token())
        .unwrap()
        .to_owned();
    (pool, sub, token)
}

fn email_verified(v: &serde_json::Value) -> bool {
    v["email_verified"].as_bool().unwrap_or(false)
}

#[tokio::test]
async fn the_user_side_code_flow_on_cognito_local() {
    let local = cognito_local();
    let c = local.client();
    let (pool, sub, token) = signed_in(&c, "carla@example.com", false).await;
    // The user changes its email: cognito-local records a code for the new address.
    c.update_user_attributes()
        .access_token(&token)
        .user_attributes(attr("email", "carla.new@example.com"))
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, &token).unwrap();

    // Diagnose by sub: the email is unverified, and the fix offers the user-side pair.
    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &pool,
            "--sub",
            &sub,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["email"], "carla.new@example.com");
    assert!(!email_verified(&v));
    let fixes = v["findings"].to_string();
    assert!(fixes.contains("reverify --send-code"), "{v}");

    // Send a code: dry run, refused without --yes, then sent.
    let send = |extra: &[&str]| {
        local
            .doctor()
            .args(["reverify", "--send-code", "--access-token-file"])
            .arg(&token_file)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = send(&["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("GetUserAttributeVerificationCode"));
    let out = send(&[]);
    assert_exit(&out, 4, "rerun with --yes");
    let out = send(&["--yes", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["state"], "applied");
    let code = local.code(&pool, "carla.new@example.com", "AttributeVerificationCode");

    // A wrong code: the service's error is named, nothing changes.
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, if code == "000000" { "111111" } else { "000000" }).unwrap();
    let out = local
        .doctor()
        .args(["-o", "json", "reverify", "--code-file"])
        .arg(&wrong)
        .arg("--access-token-file")
        .arg(&token_file)
        .arg("--yes")
        .output()
        .unwrap();
    assert_exit(&out, 4, "CodeMismatchException");
    assert_eq!(
        json(&out)["state"],
        "not-applied",
        "the JSON outcome is printed on a rejection"
    );

    // The right code, at -vv: applied and read back; no token or code in any output.
    let right = dir.path().join("right");
    std::fs::write(&right, &code).unwrap();
    let out = local
        .doctor()
        .args(["-vv", "-o", "json", "reverify", "--code-file"])
        .arg(&right)
        .arg("--access-token-file")
        .arg(&token_file)
        .arg("--yes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["state"], "applied");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(
        !all.contains(&token) && !all.contains(&token[..40]),
        "the token leaked"
    );
    assert!(!all.contains(&code), "the code leaked");

    // Healthy now.
    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &pool,
            "--sub",
            &sub,
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert!(email_verified(&v), "{v}");
    // The user is healthy; the pool itself lets a new address sign in before it is verified (no
    // AttributesRequireVerificationBeforeUpdate), a pool-level warning.
    assert_eq!(
        codes(&v),
        ["unverified-email-signs-in", "default-email-sender-limit"],
        "{v}"
    );
    assert_eq!(out.status.code(), Some(1), "{v}");
}

#[tokio::test]
async fn a_keep_original_pool_gets_the_code_for_the_pending_address_submitted() {
    let local = cognito_local();
    let c = local.client();
    let (pool, sub, token) = signed_in(&c, "kim@example.com", true).await;
    c.update_user_attributes()
        .access_token(&token)
        .user_attributes(attr("email", "kim.new@example.com"))
        .send()
        .await
        .unwrap();
    // The old address stays until the new one is verified; the code went to the new one.
    let got = c.get_user().access_token(&token).send().await.unwrap();
    let email = got
        .user_attributes()
        .iter()
        .find(|a| a.name() == "email")
        .and_then(|a| a.value());
    assert_eq!(email, Some("kim@example.com"));
    let code = local.code(&pool, "kim@example.com", "AttributeVerificationCode");
    let dir = tempfile::tempdir().unwrap();
    let (token_file, code_file) = (dir.path().join("t"), dir.path().join("c"));
    std::fs::write(&token_file, &token).unwrap();
    std::fs::write(&code_file, &code).unwrap();
    let out = local
        .doctor()
        .args(["-o", "json", "reverify", "--code-file"])
        .arg(&code_file)
        .arg("--access-token-file")
        .arg(&token_file)
        .arg("--yes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &pool,
            "--sub",
            &sub,
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["email"], "kim.new@example.com", "{v}");
    assert!(email_verified(&v), "{v}");
}

#[tokio::test]
async fn tokens_that_are_not_the_access_token_or_point_nowhere_are_named() {
    let local = cognito_local();
    let c = local.client();
    let (pool, _, token) = signed_in(&c, "tina@example.com", false).await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("t");
    std::fs::write(&token_file, &token).unwrap();
    // An emulator's issuer without --endpoint-url: the sentence says what to give.
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    let out = cmd
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .args([
            "reverify",
            "--send-code",
            "--dry-run",
            "--access-token-file",
        ])
        .arg(&token_file)
        .output()
        .unwrap();
    assert_exit(&out, 2, "not by AWS");
    // --user-pool-id that is not the token's pool.
    let out = local
        .doctor()
        .args([
            "reverify",
            "--send-code",
            "--dry-run",
            "--user-pool-id",
            "local_Other1",
            "--access-token-file",
        ])
        .arg(&token_file)
        .output()
        .unwrap();
    assert_exit(&out, 2, "is not the pool of the access token");
    let out = local
        .doctor()
        .args([
            "reverify",
            "--send-code",
            "--dry-run",
            "--user-pool-id",
            &pool,
            "--access-token-file",
        ])
        .arg(&token_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The rest of the suite where cognito-local implements the calls: diagnose, audit, the admin
/// reverify and enable-verification. A call it lacks (ListIdentityProviders) gives up fast and is
/// named, never "timed out".
#[tokio::test]
async fn diagnose_audit_admin_reverify_and_enable_verification_on_cognito_local() {
    let local = cognito_local();
    let c = local.client();
    let pool = c.create_user_pool().pool_name("local-admin").made().await;
    // cognito-local refuses email_verified without email in one call: both, as its users are.
    c.admin_create_user()
        .user_pool_id(&pool)
        .username("dora@example.com")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .user_attributes(attr("email", "dora@example.com"))
        .user_attributes(attr("email_verified", "false"))
        .send()
        .await
        .unwrap();
    let sub = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username("dora@example.com")
        .send()
        .await
        .unwrap()
        .username()
        .to_owned();
    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &pool,
            "--username",
            &sub,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    let got = codes(&v);
    assert!(got.contains(&"email-never-verified".to_owned()), "{got:?}");
    assert!(
        got.contains(&"verification-not-configured".to_owned()),
        "{got:?}"
    );

    let started = std::time::Instant::now();
    let out = local
        .doctor()
        .args(["-o", "json", "audit", "--user-pool-id", &pool])
        .output()
        .unwrap();
    assert!(
        started.elapsed().as_secs() < 15,
        "audit stalled on an unsupported call"
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ListIdentityProviders failed") && err.contains("Unsupported"),
        "{err}"
    );
    assert!(!err.contains("timed out"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("email-never-verified"), "{text}");

    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "reverify",
            "--admin",
            "--user-pool-id",
            &pool,
            "--username",
            &sub,
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["state"], "applied");

    let out = local
        .doctor()
        .args([
            "-o",
            "json",
            "enable-verification",
            "--user-pool-id",
            &pool,
            "--yes",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    // Whatever cognito-local keeps of the pool, the outcome says precisely what it read back.
    assert!(
        matches!(v["state"].as_str(), Some("applied" | "not-verified")),
        "{v}"
    );
    let after = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.user_pool().unwrap().auto_verified_attributes(),
        [VerifiedAttributeType::Email]
    );
}

/// cognito-local refuses `email_verified` alone ("Email is required to verify/un-verify an
/// email"): the administrator's verification, which sends it alone first, is sent once more with
/// the address read before, as the plan said it would be, and the outcome says it was; the user
/// then reads verified. A proxy in front of cognito-local sees both requests.
#[tokio::test]
async fn the_admin_verify_sends_the_address_only_after_cognito_local_asks_for_it() {
    let local = cognito_local();
    let c = local.client();
    let pool = c
        .create_user_pool()
        .pool_name("local-fallback")
        .made()
        .await;
    c.admin_create_user()
        .user_pool_id(&pool)
        .username("fern@example.com")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .user_attributes(attr("email", "fern@example.com"))
        .user_attributes(attr("email_verified", "false"))
        .send()
        .await
        .unwrap();
    // Its default pool takes emails as usernames and names the user by its sub.
    let sub = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username("fern@example.com")
        .send()
        .await
        .unwrap()
        .username()
        .to_owned();
    let proxy = crate::proxy::Proxy::start(&local.endpoint);
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .args(["--endpoint-url", &proxy.endpoint, "--region", "us-east-1"]);
    let dir = tempfile::tempdir().unwrap();
    let out = Doctor::of(cmd)
        .args(["-o", "json", "reverify", "--admin", "--user-pool-id", &pool])
        .args(["--username", &sub, "--yes", "--journal"])
        .arg(dir.path().join("j.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    let notes = v["plan"]["notes"].to_string();
    assert!(
        notes.contains("Email is required to verify/un-verify an email")
            && notes.contains("email=fern@example.com, the address read at "),
        "the plan named the fallback: {notes}"
    );
    let sent: Vec<serde_json::Value> = proxy
        .bodies("AdminUpdateUserAttributes")
        .iter()
        .map(|b| b["UserAttributes"].clone())
        .collect();
    assert_eq!(
        sent,
        [
            serde_json::json!([{"Name": "email_verified", "Value": "true"}]),
            serde_json::json!([
                {"Name": "email", "Value": "fern@example.com"},
                {"Name": "email_verified", "Value": "true"}
            ]),
        ]
    );
    let result = v["result"].as_str().unwrap();
    assert!(
        result.contains("refused email_verified alone")
            && result.contains("sent again with email=fern@example.com"),
        "{result}"
    );
    let user = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username(&sub)
        .send()
        .await
        .unwrap();
    let verified = user
        .user_attributes()
        .iter()
        .find(|a| a.name() == "email_verified")
        .and_then(|a| a.value());
    assert_eq!(verified, Some("true"));
}
