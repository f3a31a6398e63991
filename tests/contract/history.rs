//! Contract tests of issue 30 on real documented bodies (sources in SOURCES.md, "History and the
//! causes past the first ones"): CloudTrail's LookupEvents with the Cognito developer guide's
//! example events, KMS DescribeKey, Cognito DescribeRiskConfiguration, and a pool with a sign-in
//! policy and verification before update.

use aws_sdk_cognitoidentityprovider::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};

use cognito_email_doctor::aws::{fetch, kms, trail};
use cognito_email_doctor::engine::Report;
use cognito_email_doctor::fix::Action;
use cognito_email_doctor::model::{Actor, Pool, Snapshot, User};
use cognito_email_doctor::settings::UserSelector;

use super::{codes, evidence, ok, pool_id, response, ses_from_identity, IDENTITY_POLICIES};

const LOOKUP_EVENTS: &str = include_str!("lookup-events-cognito.json");
const DESCRIBE_KEY: &str = include_str!("describe-key.json");
const DESCRIBE_KEY_DISABLED: &str = include_str!("describe-key-disabled.json");
const RISK: &str = include_str!("describe-risk-configuration.json");
const SIGN_IN_POLICY_POOL: &str = include_str!("describe-user-pool-sign-in-policy.json");
const POOL: &str = include_str!("describe-user-pool.json");
const CLIENT: &str = include_str!("describe-user-pool-client.json");
const ADMIN_CREATE_USER: &str = include_str!("admin-create-user.json");

/// The sub of the developer guide's `Confirm_POST` example event.
const GUIDE_SUB: &str = "704b1e47-34fe-40e9-8c41-504997494531";

fn search(pool: &str, sub: &str) -> trail::Search {
    trail::Search {
        subject: cognito_email_doctor::trail::Subject {
            pool_id: pool.into(),
            username: "ann".into(),
            sub: Some(sub.into()),
        },
        since_ms: 1_651_000_000_000,
        now_ms: 1_653_000_000_000,
    }
}

fn cloudtrail() -> aws_sdk_cloudtrail::Client {
    let lookup =
        mock!(aws_sdk_cloudtrail::Client::lookup_events).then_http_response(ok(LOOKUP_EVENTS));
    mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&lookup])
}

/// The guide's managed login events and the AWS CLI example's console sign-in, in one
/// LookupEvents answer: only the confirmation that carries the user's sub is the user's; the
/// sign-up whose username CloudTrail hides, the token refresh and the console sign-in name no
/// one; another sub, or the same sub in another pool, is not this user.
#[tokio::test]
async fn lookup_events_attribute_only_what_the_events_show() {
    let h = trail::lookup(&cloudtrail(), &search("us-west-2_EXAMPLE", GUIDE_SUB))
        .await
        .expect("parses");
    assert_eq!((h.read, h.pages, h.capped), (4, 1, false));
    assert_eq!(h.events.len(), 1, "{h:?}");
    let e = &h.events[0];
    assert_eq!(e.event, "Confirm_POST");
    assert_eq!(e.time, "2022-05-05T23:23:32Z");
    assert_eq!(e.actor, Actor::ManagedLogin);
    assert_eq!(e.client_id.as_deref(), Some("1example23456789"));
    assert_eq!(e.named_by, "sub");
    assert!(e.succeeded());
    let other = trail::lookup(
        &cloudtrail(),
        &search("us-west-2_EXAMPLE", "00000000-0000-0000-0000-000000000000"),
    )
    .await
    .expect("parses");
    assert!(other.events.is_empty(), "{other:?}");
    let elsewhere = trail::lookup(&cloudtrail(), &search("us-west-2_OTHER", GUIDE_SUB))
        .await
        .expect("parses");
    assert!(elsewhere.events.is_empty(), "{elsewhere:?}");
    // A confirmation is no code left unused, nor a refusal: no finding from it.
    let s = Snapshot {
        pool: Pool {
            id: "us-west-2_EXAMPLE".into(),
            ..Pool::default()
        },
        user: User {
            username: "ann".into(),
            sub: Some(GUIDE_SUB.into()),
            status: "CONFIRMED".into(),
            enabled: Some(true),
            email: Some("ann@example.com".into()),
            email_verified_raw: Some("true".into()),
            ..User::default()
        },
        history: Some(h),
        now: Some(1_651_800_000),
        ..Snapshot::default()
    };
    let r = Report::new(&s);
    assert!(
        !codes(&r).contains(&"codes-requested-not-used")
            && !codes(&r).contains(&"attempt-limit-exceeded"),
        "{r:?}"
    );
}

/// describe-key (the AWS CLI reference's examples): an enabled symmetric key is usable; the
/// disabled one is named; a key KMS does not have (NotFoundException) is gone.
#[tokio::test]
async fn describe_key_shows_an_unusable_custom_sender_key() {
    let id = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let read = |body: &'static str| async move {
        let d = mock!(aws_sdk_kms::Client::describe_key).then_http_response(ok(body));
        let client = mock_client!(aws_sdk_kms, [&d]);
        kms::describe(&client, id).await
    };
    let with_key = |key| Snapshot {
        pool: Pool {
            id: "us-west-2_aaaaaaaaa".into(),
            custom_email_sender: Some(
                "arn:aws:lambda:us-west-2:111122223333:function:sender".into(),
            ),
            kms_key_id: Some(id.into()),
            kms_key: key,
            ..Pool::default()
        },
        ..Snapshot::default()
    };
    let (key, gaps) = read(DESCRIBE_KEY).await;
    assert!(gaps.is_empty(), "{gaps:?}");
    let key = key.expect("read");
    assert_eq!(
        (key.state.as_deref(), key.enabled),
        (Some("Enabled"), Some(true))
    );
    assert!(!codes(&Report::new(&with_key(Some(key)))).contains(&"custom-sender-key-unusable"));
    let (key, _) = read(DESCRIBE_KEY_DISABLED).await;
    let r = Report::new(&with_key(key));
    assert!(
        evidence(&r, "custom-sender-key-unusable").contains("KeyState Disabled"),
        "{r:?}"
    );
    let gone = mock!(aws_sdk_kms::Client::describe_key).then_http_response(|| {
        response(
            400,
            r#"{"__type":"NotFoundException","message":"Key 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist"}"#.to_owned(),
        )
    });
    let client = mock_client!(aws_sdk_kms, [&gone]);
    let (key, gaps) = kms::describe(&client, id).await;
    assert!(gaps.is_empty(), "{gaps:?}");
    assert_eq!(key.as_ref().and_then(|k| k.exists), Some(false));
    assert!(
        evidence(&Report::new(&with_key(key)), "custom-sender-key-unusable")
            .contains("the key does not exist")
    );
}

/// describe-risk-configuration (the AWS CLI reference's example): compromised credentials are
/// blocked on sign-in, sign-up and password change; read only where threat protection is
/// enforced.
#[tokio::test]
async fn a_risk_configuration_that_blocks_is_read_where_threat_protection_is_enforced() {
    let risk = mock!(Client::describe_risk_configuration).then_http_response(ok(RISK));
    let client = mock_client!(aws_sdk_cognitoidentityprovider, [&risk]);
    let mut pool = Pool {
        id: "us-west-2_aaaaaaaaa".into(),
        advanced_security_mode: Some("AUDIT".into()),
        ..Pool::default()
    };
    assert_eq!(fetch::risk_configuration(&client, &pool).await, Ok(None));
    pool.advanced_security_mode = Some("ENFORCED".into());
    let r = fetch::risk_configuration(&client, &pool)
        .await
        .expect("parses")
        .expect("read");
    assert_eq!(
        r.blocks(),
        ["compromised credentials: EventAction BLOCK on SIGN_IN, SIGN_UP, PASSWORD_CHANGE"]
    );
    pool.risk = Some(r);
    let user: serde_json::Value = serde_json::from_str(ADMIN_CREATE_USER).expect("json");
    let (diego, _) = cognito_email_doctor::wire::user(&user["User"]);
    let s = Snapshot {
        pool,
        user: diego,
        ..Snapshot::default()
    };
    let ev = evidence(&Report::new(&s), "threat-protection-blocks");
    assert!(ev.contains("AdvancedSecurityMode is ENFORCED"), "{ev}");
}

/// The documented pool (describe-user-pool) with the developer guide's sign-in policy
/// (PASSWORD, EMAIL_OTP, WEB_AUTHN) and verification before update: diego (admin-create-user),
/// whose address is unverified, cannot sign in with an email code; a new address never signs in
/// unverified there. The same pool without the setting, with the documented app client (which
/// writes email), is told to require it, losslessly.
#[tokio::test]
async fn a_pool_with_a_sign_in_policy_and_verification_before_update() {
    let snapshot = |pool: &'static str| async move {
        let user: serde_json::Value = serde_json::from_str(ADMIN_CREATE_USER).expect("json");
        let page = serde_json::json!({ "Users": [user["User"]] }).to_string();
        let describe = mock!(Client::describe_user_pool).then_http_response(ok(pool));
        let list =
            mock!(Client::list_users).then_http_response(move || response(200, page.clone()));
        let clients = mock!(Client::list_user_pool_clients).then_http_response(ok(
            r#"{"UserPoolClients":[{"ClientId":"38fjsnc484p94kpqsnet7mpld0","ClientName":"MyApp","UserPoolId":"us-west-2_aaaaaaaaa"}]}"#,
        ));
        let client = mock!(Client::describe_user_pool_client).then_http_response(ok(CLIENT));
        let providers =
            mock!(Client::list_identity_providers).then_http_response(ok(r#"{"Providers":[]}"#));
        let cognito = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &list, &clients, &client, &providers]
        );
        fetch::snapshot(
            &cognito_email_doctor::aws::session::Session::from_client(cognito)
                .with_ses(ses_from_identity(IDENTITY_POLICIES)),
            &pool_id(),
            &UserSelector::Email("diego@example.com".into()),
            None,
        )
        .await
        .expect("snapshot")
    };
    let s = snapshot(SIGN_IN_POLICY_POOL).await;
    assert_eq!(
        s.pool.first_auth_factors,
        Some(vec![
            "PASSWORD".to_owned(),
            "EMAIL_OTP".to_owned(),
            "WEB_AUTHN".to_owned()
        ])
    );
    assert_eq!(s.pool.require_verification_before_update, ["email"]);
    // Both settings travel in the lossless UpdateUserPool input.
    assert_eq!(
        s.pool.update_input["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"][1],
        "EMAIL_OTP"
    );
    assert_eq!(
        s.pool.update_input["UserAttributeUpdateSettings"]
            ["AttributesRequireVerificationBeforeUpdate"][0],
        "email"
    );
    let r = Report::new(&s);
    assert!(
        evidence(&r, "email-otp-needs-verified-email").contains("PASSWORD, EMAIL_OTP, WEB_AUTHN"),
        "{r:?}"
    );
    assert!(!codes(&r).contains(&"unverified-email-signs-in"), "{r:?}");

    let s = snapshot(POOL).await;
    let r = Report::new(&s);
    assert!(
        !codes(&r).contains(&"email-otp-needs-verified-email"),
        "{r:?}"
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "unverified-email-signs-in")
        .unwrap_or_else(|| panic!("{r:?}"));
    assert!(f
        .evidence
        .join("\n")
        .contains("app client 38fjsnc484p94kpqsnet7mpld0 (MyApp) may write email"));
    let Some(Action::UpdatePool { update_input, .. }) = &f.fix[0].action else {
        panic!("{f:?}")
    };
    assert_eq!(
        update_input["UserAttributeUpdateSettings"]["AttributesRequireVerificationBeforeUpdate"],
        serde_json::json!(["email"])
    );
    // Every other setting carried over as read.
    assert_eq!(
        update_input["EmailConfiguration"]["SourceArn"],
        "arn:aws:ses:us-east-1:000000000000:identity/myemail@mydomain.com"
    );
    assert_eq!(
        update_input["Policies"]["PasswordPolicy"]["MinimumLength"],
        8
    );
}
