//! Contract tests: real AWS response bodies (the AWS CLI reference examples in tests/contract/,
//! sources and edits in tests/contract/SOURCES.md) go through the SDK into the tool's reads, and
//! the verdict is the one the AWS documentation gives. No emulator produces these shapes: epoch
//! dates with milliseconds, a pool with no AccountRecoverySetting or EmailSendingAccount, a
//! Facebook provider that maps no email, a client secret in DescribeUserPoolClient.

use aws_sdk_cognitoidentityprovider::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use cognito_email_doctor::audit::Auditor;
use cognito_email_doctor::aws::fetch;
use cognito_email_doctor::engine::Report;
use cognito_email_doctor::model::Snapshot;
use cognito_email_doctor::rules::Severity;
use cognito_email_doctor::settings::{AwsTarget, UserPoolId, UserSelector};

const DESCRIBE_USER_POOL: &str = include_str!("contract/describe-user-pool.json");
const MINIMAL_POOL: &str = include_str!("contract/create-user-pool-minimal.json");
const ADMIN_GET_USER: &str = include_str!("contract/admin-get-user.json");
const FACEBOOK_USER: &str = include_str!("contract/admin-get-user-facebook.json");
const ADMIN_CREATE_USER: &str = include_str!("contract/admin-create-user.json");
const LIST_USERS: &str = include_str!("contract/list-users.json");
const FACEBOOK_PROVIDER: &str = include_str!("contract/describe-identity-provider.json");
const CLIENT: &str = include_str!("contract/describe-user-pool-client.json");
const CLIENT_NO_READ: &str = include_str!("contract/update-user-pool-client.json");

fn response(status: u16, body: String) -> HttpResponse {
    HttpResponse::new(
        StatusCode::try_from(status).expect("status"),
        SdkBody::from(body),
    )
}

fn ok(body: &'static str) -> impl Fn() -> HttpResponse + Send + Sync + 'static {
    move || response(200, body.to_owned())
}

fn pool_id() -> UserPoolId {
    UserPoolId::parse("us-west-2_aaaaaaaaa").expect("pool id")
}

fn target() -> AwsTarget {
    AwsTarget {
        region: "us-west-2".into(),
        profile: None,
        endpoint_url: None,
    }
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

fn evidence(r: &Report, code: &str) -> String {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .map(|f| f.evidence.join("\n"))
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(r)))
}

/// Every body parses into the model with the values it holds.
#[tokio::test]
async fn every_body_parses() {
    for (body, id) in [
        (DESCRIBE_USER_POOL, "us-west-2_aaaaaaaaa"),
        (MINIMAL_POOL, "us-west-2_aaaaaaaaa"),
    ] {
        let describe = mock!(Client::describe_user_pool).then_http_response(ok(body));
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&describe]);
        let d = fetch::describe_pool(&client, &pool_id())
            .await
            .expect("parses");
        assert_eq!(d.pool.id, id);
        assert_eq!(
            d.pool.recovery_mechanisms, None,
            "no AccountRecoverySetting"
        );
        assert_eq!(d.pool.email_sending_account, None);
        // The lossless update input never carries the refused pair.
        assert!(d.pool.update_input["AdminCreateUserConfig"]
            .get("UnusedAccountValidityDays")
            .is_some());
    }
    let get = mock!(Client::admin_get_user).then_http_response(ok(ADMIN_GET_USER));
    let client = mock_client!(aws_sdk_cognitoidentityprovider, [&get]);
    let u = fetch::admin_get_user(&client, "us-west-2_aaaaaaaaa", "jane@example.com")
        .await
        .expect("parses");
    assert_eq!(u.username, "4320de44-2322-4620-999b-5e2e1c8df013");
    assert_eq!(u.created.as_deref(), Some("2019-01-21T22:08:29.537Z"));
    assert!(u.phone_verified());
    let list = mock!(Client::list_users).then_http_response(ok(LIST_USERS));
    let client = mock_client!(aws_sdk_cognitoidentityprovider, [&list]);
    let (users, next) = fetch::list_users_page(&client, "us-west-2_aaaaaaaaa", None, None, 60)
        .await
        .expect("parses");
    assert_eq!(users.len(), 3);
    assert_eq!(next.as_deref(), Some("efgh5678EXAMPLE"));
    assert_eq!(
        users[0].last_modified.as_deref(),
        Some("2023-07-10T23:03:01.63Z")
    );
}

/// jane (admin-get-user): verified email and phone. Healthy; the pool sends with the default
/// sender (EmailConfiguration has a SourceArn but no EmailSendingAccount, which defaults to
/// COGNITO_DEFAULT), which is a note, not a failure.
#[tokio::test]
async fn a_verified_user_is_healthy_with_a_note_on_the_default_sender() {
    let describe = mock!(Client::describe_user_pool).then_http_response(ok(DESCRIBE_USER_POOL));
    let get = mock!(Client::admin_get_user).then_http_response(ok(ADMIN_GET_USER));
    let same = mock!(Client::list_users).then_http_response(ok(r#"{"Users":[]}"#));
    let clients =
        mock!(Client::list_user_pool_clients).then_http_response(ok(r#"{"UserPoolClients":[]}"#));
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &get, &same, &clients]
    );
    let s = fetch::snapshot(
        &client,
        &pool_id(),
        &UserSelector::Username("jane@example.com".into()),
    )
    .await
    .expect("snapshot");
    let r = Report::new(&s);
    assert_eq!(codes(&r), ["default-email-sender-limit"]);
    assert_eq!(r.findings[0].severity, Severity::Info);
    assert!(!r.fails());
}

/// diego (admin-create-user): created by an administrator with an email and no email_verified,
/// never modified. AWS: AdminCreateUser does not verify an address unless email_verified is sent,
/// and ForgotPassword (no AccountRecoverySetting: a verified phone first, then a verified email)
/// has neither. The dates keep their milliseconds (1548099495.428).
#[tokio::test]
async fn an_admin_created_user_was_never_verified_and_cannot_reset_its_password() {
    let user: serde_json::Value = serde_json::from_str(ADMIN_CREATE_USER).expect("json");
    let page = serde_json::json!({ "Users": [user["User"]] }).to_string();
    let describe = mock!(Client::describe_user_pool).then_http_response(ok(DESCRIBE_USER_POOL));
    let list = mock!(Client::list_users).then_http_response(move || response(200, page.clone()));
    let clients =
        mock!(Client::list_user_pool_clients).then_http_response(ok(r#"{"UserPoolClients":[]}"#));
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &list, &clients]
    );
    let s = fetch::snapshot(
        &client,
        &pool_id(),
        &UserSelector::Email("diego@example.com".into()),
    )
    .await
    .expect("snapshot");
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        [
            "email-never-verified",
            "password-reset-blocked",
            "default-email-sender-limit"
        ]
    );
    let ev = evidence(&r, "email-never-verified");
    assert!(ev.contains("2019-01-21T19:38:15.428Z"), "{ev}");
    assert!(ev.contains("AdminCreateUser"), "{ev}");
    assert!(!ev.contains("most likely the email"), "{ev}");
    let ev = evidence(&r, "password-reset-blocked");
    assert!(ev.contains("legacy") && ev.contains("not verified"), "{ev}");
    // No access token before the first sign-in: no code flow is offered.
    let fixes: Vec<String> = r.findings[0]
        .fix
        .iter()
        .filter_map(|f| f.action.as_ref().map(|a| a.aws_cli(&target())))
        .collect();
    assert!(
        fixes.iter().all(|c| !c.contains("verification-code")),
        "{fixes:?}"
    );
}

/// The list-users page in the minimal pool of create-user-pool (no AutoVerifiedAttributes, an
/// empty EmailConfiguration): the pool-level findings come once; testuser was modified after
/// creation (a change, worded as a guess); testuser2 and testuser3 signed up in 2023 and are
/// still UNCONFIRMED: their 24-hour codes have expired.
#[tokio::test]
async fn a_list_users_page_in_a_minimal_pool() {
    let describe = mock!(Client::describe_user_pool).then_http_response(ok(MINIMAL_POOL));
    let list = mock!(Client::list_users).then_http_response(ok(LIST_USERS));
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &list]
    );
    let pool = fetch::describe_pool(&client, &pool_id())
        .await
        .expect("pool")
        .pool;
    let (users, _) = fetch::list_users_page(&client, "us-west-2_aaaaaaaaa", None, None, 60)
        .await
        .expect("page");
    let mut a = Auditor::new(pool, Vec::new(), Vec::new(), Vec::new(), Some(fetch::now()));
    let head: Vec<&str> = a.pool_findings(None).iter().map(|f| f.code).collect();
    assert_eq!(
        head,
        ["verification-not-configured", "default-email-sender-limit"]
    );
    let mut out = Vec::new();
    for u in users {
        a.push(u, &mut out).expect("push");
    }
    let got: Vec<(String, Vec<&str>)> = out
        .iter()
        .map(|e| {
            (
                e.user.username.clone(),
                e.findings.iter().map(|f| f.code).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "testuser".to_owned(),
                vec![
                    "email-changed-unverified",
                    "password-reset-blocked",
                    "verification-not-configured"
                ]
            ),
            (
                "testuser2".to_owned(),
                vec![
                    "sign-up-code-expired",
                    "sign-up-not-confirmed",
                    "verification-not-configured"
                ]
            ),
            (
                "testuser3@example.com".to_owned(),
                vec![
                    "sign-up-code-expired",
                    "sign-up-not-confirmed",
                    "verification-not-configured"
                ]
            ),
        ]
    );
    let changed = out[0].findings[0].evidence.join("\n");
    assert!(
        changed
            .contains("created 2023-05-01T15:43:49.578Z and last modified 2023-07-10T23:03:01.63Z"),
        "{changed}"
    );
    assert!(
        changed.contains("does not say which attribute"),
        "{changed}"
    );
}

async fn facebook_snapshot(provider_denied: bool) -> Snapshot {
    let describe = mock!(Client::describe_user_pool).then_http_response(ok(DESCRIBE_USER_POOL));
    let get = mock!(Client::admin_get_user).then_http_response(ok(FACEBOOK_USER));
    let same = mock!(Client::list_users).then_http_response(ok(r#"{"Users":[]}"#));
    let clients =
        mock!(Client::list_user_pool_clients).then_http_response(ok(r#"{"UserPoolClients":[]}"#));
    let provider = if provider_denied {
        mock!(Client::describe_identity_provider).then_http_response(|| {
            response(400, r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: cognito-idp:DescribeIdentityProvider"}"#.to_owned())
        })
    } else {
        mock!(Client::describe_identity_provider).then_http_response(ok(FACEBOOK_PROVIDER))
    };
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &get, &same, &clients, &provider]
    );
    fetch::snapshot(
        &client,
        &pool_id(),
        &UserSelector::Username("Facebook_11111".into()),
    )
    .await
    .expect("snapshot")
}

/// A Facebook user whose provider maps only `username <- id` (describe-identity-provider): the
/// provider writes no email, so the unverified address was set at creation and an
/// administrator's fix holds. Never "healthy"; the provider's client_secret never printed.
#[tokio::test]
async fn a_federated_user_whose_provider_maps_no_email_is_diagnosed() {
    let s = facebook_snapshot(false).await;
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        ["email-never-verified", "default-email-sender-limit"],
        "{:?}",
        r.findings
    );
    let ev = evidence(&r, "email-never-verified");
    assert!(ev.contains("does not map email"), "{ev}");
    assert!(r.fails());
    assert!(
        !format!("{:?}", s.providers).contains("11111\""),
        "no provider details kept"
    );
}

/// The same user when DescribeIdentityProvider is denied: the diagnosis says what it could not
/// see and is not healthy.
#[tokio::test]
async fn a_federated_user_whose_provider_cannot_be_read_is_never_healthy() {
    let s = facebook_snapshot(true).await;
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        ["evidence-unavailable", "default-email-sender-limit"]
    );
    let ev = evidence(&r, "evidence-unavailable");
    assert!(
        ev.contains("Facebook") && ev.contains("AccessDeniedException"),
        "{ev}"
    );
    assert!(r.fails());
    assert_eq!(r.unavailable[0].operation, "DescribeIdentityProvider");
}

/// The app clients of describe-user-pool-client (reads email_verified) and
/// update-user-pool-client (no ReadAttributes: reads everything) hide nothing; the same client
/// without email_verified in ReadAttributes does, and the printed fix carries every other
/// setting but never the client secret.
#[tokio::test]
async fn app_clients_that_cannot_read_email_verified() {
    for (body, hidden) in [
        (CLIENT.to_owned(), false),
        (CLIENT_NO_READ.to_owned(), false),
        (CLIENT.replace(r#""email_verified", "#, ""), true),
    ] {
        let describe = mock!(Client::describe_user_pool).then_http_response(ok(DESCRIBE_USER_POOL));
        let list = mock!(Client::list_user_pool_clients).then_http_response(ok(
            r#"{"UserPoolClients":[{"ClientId":"38fjsnc484p94kpqsnet7mpld0","ClientName":"MyApp","UserPoolId":"us-west-2_aaaaaaaaa"}]}"#,
        ));
        let body2 = body.clone();
        let client_read = mock!(Client::describe_user_pool_client)
            .then_http_response(move || response(200, body2.clone()));
        let providers =
            mock!(Client::list_identity_providers).then_http_response(ok(r#"{"Providers":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &list, &client_read, &providers]
        );
        let s = fetch::pool_snapshot(&client, &pool_id())
            .await
            .expect("snapshot");
        let r = Report::new(&s);
        assert_eq!(r.username, None);
        let has = codes(&r).contains(&"app-client-cannot-read-email-verified");
        assert_eq!(has, hidden, "{:?}", codes(&r));
        if hidden {
            let f = r
                .findings
                .iter()
                .find(|f| f.code == "app-client-cannot-read-email-verified")
                .expect("finding");
            let cli = f.fix[0].action.as_ref().expect("action").aws_cli(&target());
            assert!(
                cli.starts_with("aws cognito-idp update-user-pool-client --cli-input-json '"),
                "{cli}"
            );
            assert!(
                cli.contains(r#""ExplicitAuthFlows":["ADMIN_NO_SRP_AUTH","USER_PASSWORD_AUTH"]"#),
                "{cli}"
            );
            assert!(cli.contains(r#""zoneinfo","email_verified"]"#), "{cli}");
            assert!(!cli.contains("CLIENT_SECRET"), "{cli}");
        }
    }
}
