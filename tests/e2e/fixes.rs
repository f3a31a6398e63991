//! The fixing commands against moto: plan, refusal without --yes, dry run, apply, read-back, and
//! nothing lost. Also the `aws_cli` fixes diagnose prints, run as printed with the AWS CLI.

use std::collections::HashMap;
use std::io::Write;

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AuthFlowType, IdentityProviderTypeType, LambdaConfigType,
    PasswordPolicyType, UserPoolPolicyType, VerificationMessageTemplateType,
};

use crate::harness::*;

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";

/// A pool with settings UpdateUserPool would reset if they were not carried over.
async fn rich_pool() -> String {
    rich_pool_with(false).await
}

async fn rich_pool_with(alias_email: bool) -> String {
    let mut req = focused(client().create_user_pool().pool_name("rich"));
    if alias_email {
        req = req.alias_attributes(AliasAttributeType::Email);
    }
    let out = req
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(
                    PasswordPolicyType::builder()
                        .minimum_length(14)
                        .require_uppercase(true)
                        .require_lowercase(true)
                        .require_numbers(true)
                        .require_symbols(false)
                        .temporary_password_validity_days(3)
                        .build(),
                )
                .build(),
        )
        .lambda_config(LambdaConfigType::builder().pre_sign_up(LAMBDA).build())
        .verification_message_template(
            VerificationMessageTemplateType::builder()
                .email_subject("Confirm your address for Example Corp")
                .email_message("Your Example Corp code is {####}")
                .build(),
        )
        .user_pool_tags("team", "identity")
        .send()
        .await
        .expect("CreateUserPool");
    out.user_pool().and_then(|p| p.id()).unwrap().to_owned()
}

async fn assert_rich_settings_kept(pool: &str) {
    let p = client()
        .describe_user_pool()
        .user_pool_id(pool)
        .send()
        .await
        .unwrap();
    let p = p.user_pool().unwrap();
    let pp = p.policies().unwrap().password_policy().unwrap();
    assert_eq!(pp.minimum_length(), Some(14));
    assert!(!pp.require_symbols());
    assert_eq!(pp.temporary_password_validity_days(), 3);
    assert_eq!(
        p.lambda_config().and_then(|l| l.pre_sign_up()),
        Some(LAMBDA)
    );
    let t = p.verification_message_template().unwrap();
    assert_eq!(
        t.email_subject(),
        Some("Confirm your address for Example Corp")
    );
    assert_eq!(t.email_message(), Some("Your Example Corp code is {####}"));
    assert_eq!(
        p.user_pool_tags()
            .and_then(|t| t.get("team"))
            .map(String::as_str),
        Some("identity")
    );
}

async fn auto_verified(pool: &str) -> Vec<String> {
    let p = client()
        .describe_user_pool()
        .user_pool_id(pool)
        .send()
        .await
        .unwrap();
    p.user_pool()
        .unwrap()
        .auto_verified_attributes()
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn enable_verification_refuses_without_yes_and_keeps_every_setting() {
    let p = rich_pool().await;
    let out = doctor()
        .args(["enable-verification", "--user-pool-id", &p])
        .output()
        .unwrap();
    assert_exit(&out, 4, "rerun with --yes");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Plan: enable-verification"));
    assert!(
        auto_verified(&p).await.is_empty(),
        "nothing changed without --yes"
    );

    let out = doctor()
        .args([
            "enable-verification",
            "--user-pool-id",
            &p,
            "--dry-run",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(
        (v["dry_run"].as_bool(), v["applied"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(v["plan"]["changes"][0]["after"], "[email]");
    assert!(
        auto_verified(&p).await.is_empty(),
        "nothing changed on a dry run"
    );

    let out = doctor()
        .args([
            "enable-verification",
            "--user-pool-id",
            &p,
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        (v["applied"].as_bool(), v["ok"].as_bool()),
        (Some(true), Some(true)),
        "{v}"
    );
    assert_eq!(auto_verified(&p).await, ["email"]);
    assert_rich_settings_kept(&p).await;

    // Again: nothing to do, exit 0.
    let out = doctor()
        .args(["enable-verification", "--user-pool-id", &p, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already sends email verification codes"));
}

/// moto's UpdateUserPool drops AliasAttributes (the real service cannot change them): the
/// read-back catches a setting lost on the way and exits 4 naming it.
#[tokio::test]
async fn enable_verification_read_back_catches_a_lost_setting() {
    let p = rich_pool_with(true).await;
    let out = doctor()
        .args(["enable-verification", "--user-pool-id", &p, "--yes"])
        .output()
        .unwrap();
    assert_exit(
        &out,
        4,
        "these settings read back different from before: AliasAttributes",
    );
    // It took (codes are sent now) but lost a setting: said as such, not "not applied".
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("APPLIED, NOT AS PLANNED: applied: the pool sends email verification codes"),
        "{text}"
    );
}

#[tokio::test]
async fn diagnose_update_user_pool_command_runs_as_printed_and_loses_nothing() {
    let p = rich_pool().await;
    create_user(
        &client(),
        &p,
        "dora",
        &[("email", "dora@example.com"), ("email_verified", "false")],
    )
    .await;
    let out = doctor()
        .args([
            "diagnose",
            "-o",
            "json",
            "--user-pool-id",
            &p,
            "--username",
            "dora",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "verification-not-configured")
        .expect("finding");
    let line = f["fix"][0]["aws_cli"].as_str().unwrap();
    let ran = run_printed_aws_cli(line);
    assert!(
        ran.status.success(),
        "{line}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert_eq!(auto_verified(&p).await, ["email"]);
    assert_rich_settings_kept(&p).await;
}

async fn mapping_and_details(
    pool: &str,
    name: &str,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let out = client()
        .describe_identity_provider()
        .user_pool_id(pool)
        .provider_name(name)
        .send()
        .await
        .unwrap();
    let p = out.identity_provider().unwrap();
    (
        p.attribute_mapping().cloned().unwrap_or_default(),
        p.provider_details().cloned().unwrap_or_default(),
    )
}

#[tokio::test]
async fn map_idp_keeps_three_mappings_and_the_provider_details() {
    let p = rich_pool().await;
    provider(
        &p,
        "Okta",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[
            ("email", "email"),
            ("name", "name"),
            ("family_name", "last_name"),
        ],
    )
    .await;
    let out = doctor()
        .args([
            "map-idp",
            "--user-pool-id",
            &p,
            "--provider-name",
            "Okta",
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["ok"], true, "{v}");
    assert!(
        !v.to_string().contains("provider-secret-value"),
        "the client secret is never printed"
    );
    let (mapping, details) = mapping_and_details(&p, "Okta").await;
    assert_eq!(mapping.len(), 4, "{mapping:?}");
    assert_eq!(mapping["email_verified"], "email_verified");
    assert_eq!(mapping["family_name"], "last_name");
    assert_eq!(mapping["name"], "name");
    assert_eq!(mapping["email"], "email");
    assert_eq!(
        details.get("client_secret").map(String::as_str),
        Some("provider-secret-value")
    );

    // Mapped already: nothing to do.
    let out = doctor()
        .args([
            "map-idp",
            "--user-pool-id",
            &p,
            "--provider-name",
            "Okta",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already maps"));
}

#[tokio::test]
async fn map_idp_needs_a_claim_for_saml_and_the_printed_command_works() {
    let p = rich_pool().await;
    provider(
        &p,
        "Corp",
        IdentityProviderTypeType::Saml,
        &[("MetadataURL", "https://idp.example.com/metadata")],
        &[
            (
                "email",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            ),
            ("name", "name"),
        ],
    )
    .await;
    let out = doctor()
        .args([
            "map-idp",
            "--user-pool-id",
            &p,
            "--provider-name",
            "Corp",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2, "no standard email-verified claim; give --claim");

    let out = doctor()
        .args([
            "map-idp",
            "--user-pool-id",
            &p,
            "--provider-name",
            "Corp",
            "--claim",
            "emailVerified",
            "--dry-run",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let line = json(&out)["plan"]["aws_cli"].as_str().unwrap().to_owned();
    let ran = run_printed_aws_cli(&line);
    assert!(
        ran.status.success(),
        "{line}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let (mapping, _) = mapping_and_details(&p, "Corp").await;
    assert_eq!(mapping.len(), 3);
    assert_eq!(mapping["email_verified"], "emailVerified");
}

#[tokio::test]
async fn reverify_admin_refuses_to_take_an_alias_silently() {
    let p = rich_pool_with(true).await;
    let c = client();
    create_user(
        &c,
        &p,
        "first",
        &[("email", "same@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "second",
        &[("email", "same@example.com"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "first",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 4, "second holds same@example.com as a verified alias");
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("first")
        .send()
        .await
        .unwrap();
    assert!(
        got.user_attributes()
            .iter()
            .any(|a| a.name() == "email_verified" && a.value() == Some("false")),
        "unchanged"
    );

    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--take-alias",
            "--user-pool-id",
            &p,
            "--username",
            "first",
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    // moto ignores alias uniqueness: "second" keeps email_verified "true", and the read-back
    // says the alias did not move (take_alias_whose_holder_does_not_move_is_not_applied).
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "not-verified");
    assert!(
        v["plan"]["changes"]
            .to_string()
            .contains("second email_verified"),
        "the plan names who loses the alias: {v}"
    );
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("first")
        .send()
        .await
        .unwrap();
    assert!(got
        .user_attributes()
        .iter()
        .any(|a| a.name() == "email_verified" && a.value() == Some("true")));
}

#[tokio::test]
async fn reverify_admin_plain_user_and_no_email() {
    let p = rich_pool().await;
    create_user(&client(), &p, "plain", &[("email", "plain@example.com")]).await;
    create_user(&client(), &p, "noemail", &[("name", "N")]).await;
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "plain",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("OK: plain's email plain@example.com is verified"));
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "noemail",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("has no email to verify"));
}

async fn app_client(pool: &str) -> String {
    let out = client()
        .create_user_pool_client()
        .user_pool_id(pool)
        .client_name("web")
        .send()
        .await
        .unwrap();
    out.user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned()
}

fn code_file(code: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "{code}").unwrap();
    f
}

#[tokio::test]
async fn force_alias_confirm_moves_the_alias_with_a_plan_that_names_the_loser() {
    let p = rich_pool_with(true).await;
    let c = client();
    create_user(
        &c,
        &p,
        "keeper",
        &[
            ("email", "contested@example.com"),
            ("email_verified", "true"),
        ],
    )
    .await;
    let cid = app_client(&p).await;
    c.sign_up()
        .client_id(&cid)
        .username("taker")
        .password("Sandbox-Passw0rd-1")
        .user_attributes(attr("email", "contested@example.com"))
        .send()
        .await
        .unwrap();
    let code = code_file("123456");
    let path = code.path().to_str().unwrap();

    let out = doctor()
        .args([
            "force-alias",
            "confirm",
            "--user-pool-id",
            &p,
            "--client-id",
            &cid,
            "--username",
            "taker",
            "--code-file",
            path,
            "--deny",
            "--dry-run",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert!(
        v["plan"]["notes"]
            .to_string()
            .contains("AliasExistsException"),
        "{v}"
    );
    assert!(v["plan"]["call"]
        .as_str()
        .unwrap()
        .contains("ForceAliasCreation=false"));

    let out = doctor()
        .args([
            "force-alias",
            "confirm",
            "--user-pool-id",
            &p,
            "--client-id",
            &cid,
            "--username",
            "taker",
            "--code-file",
            path,
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    // moto confirms but applies no alias rule: keeper keeps its email verified. The read-back
    // compares the plan and says so instead of claiming the alias moved.
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "not-verified", "{v}");
    assert!(
        v["result"]
            .as_str()
            .unwrap()
            .contains("keeper still reads back with its email verified"),
        "{v}"
    );
    assert!(
        v["plan"]["changes"]
            .to_string()
            .contains("keeper email_verified"),
        "{v}"
    );
    assert!(v["plan"]["call"]
        .as_str()
        .unwrap()
        .contains("ForceAliasCreation=true"));
    assert!(
        !v.to_string().contains("123456"),
        "the code is never printed"
    );
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("taker")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_status().map(|s| s.as_str()), Some("CONFIRMED"));
}

#[tokio::test]
async fn force_alias_create_makes_a_verified_duplicate() {
    let p = rich_pool_with(true).await;
    create_user(
        &client(),
        &p,
        "orig",
        &[("email", "dup@example.com"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "force-alias",
            "create",
            "--user-pool-id",
            &p,
            "--username",
            "dupe",
            "--email",
            "dup@example.com",
            "--message-action",
            "suppress",
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["ok"], true, "{v}");
    assert!(
        v["plan"]["aws_cli"]
            .as_str()
            .unwrap()
            .contains(r#""ForceAliasCreation":true,"MessageAction":"SUPPRESS"}'"#),
        "{v}"
    );
    let got = client()
        .admin_get_user()
        .user_pool_id(&p)
        .username("dupe")
        .send()
        .await
        .unwrap();
    assert!(got
        .user_attributes()
        .iter()
        .any(|a| a.name() == "email_verified"
            && a.value().is_some_and(|x| x.eq_ignore_ascii_case("true"))));
    // The same name again: refused, nothing created.
    let out = doctor()
        .args([
            "force-alias",
            "create",
            "--user-pool-id",
            &p,
            "--username",
            "dupe",
            "--email",
            "dup@example.com",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 4, "a user named dupe already exists (status");
}

/// A federated user with a real access token from moto: a code cannot fix a mapped email.
#[tokio::test]
async fn send_code_refuses_a_federated_user_and_never_prints_the_token() {
    let p = rich_pool().await;
    let c = client();
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
        "Okta_42",
        &[
            ("email", "f@example.com"),
            ("email_verified", "false"),
            ("identities", &identities("Okta", "OIDC")),
        ],
    )
    .await;
    c.admin_set_user_password()
        .user_pool_id(&p)
        .username("Okta_42")
        .password("Sandbox-Passw0rd-1")
        .permanent(true)
        .send()
        .await
        .unwrap();
    let cid = app_client(&p).await;
    let auth = c
        .admin_initiate_auth()
        .user_pool_id(&p)
        .client_id(&cid)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "Okta_42")
        .auth_parameters("PASSWORD", "Sandbox-Passw0rd-1")
        .send()
        .await
        .unwrap();
    let token = auth
        .authentication_result()
        .and_then(|r| r.access_token())
        .unwrap()
        .to_owned();
    let out = doctor()
        .args([
            "-vv",
            "reverify",
            "--send-code",
            "--access-token-file",
            "-",
            "--yes",
        ])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    assert_exit(&out, 4, "is federated through Okta");
    assert!(stderr(&out).contains("map-idp"));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(all.contains("GetUser"), "-vv logs the calls: {all}");
    assert!(
        !all.contains(&token[..40]),
        "the token never appears in output or logs"
    );

    // The same from the environment variable.
    let out = doctor()
        .args(["reverify", "--send-code", "--yes"])
        .env("COGNITO_ACCESS_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));

    // No token at all: a usage error that says where to put it.
    let out = doctor()
        .args(["reverify", "--send-code", "--yes"])
        .output()
        .unwrap();
    assert_exit(&out, 2, "COGNITO_ACCESS_TOKEN");
}

/// moto writes out the PasswordPolicy fields it was not given at an update, with their defaults:
/// the pool means the same, so the read-back reports the change as applied.
#[tokio::test]
async fn enable_verification_reads_defaults_written_out_as_unchanged() {
    let p = client()
        .create_user_pool()
        .pool_name("partial-policy")
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(PasswordPolicyType::builder().minimum_length(8).build())
                .build(),
        )
        .made()
        .await;
    let out = doctor()
        .args([
            "enable-verification",
            "--user-pool-id",
            &p,
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
}
