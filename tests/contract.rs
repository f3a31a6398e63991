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
use cognito_email_doctor::aws::session::Session;
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
const IMPORT_JOBS: &str = include_str!("contract/list-user-import-jobs.json");

/// list-user-import-jobs: the third job failed one row. Its jobs are of January 2019: seen from
/// 2019-01-25 (a day after the failed one) it is a recent rejection; seen from today it is not.
#[tokio::test]
async fn an_import_job_that_rejected_rows_is_named_while_recent() {
    let jobs = mock!(Client::list_user_import_jobs).then_http_response(ok(IMPORT_JOBS));
    let client = mock_client!(aws_sdk_cognitoidentityprovider, [&jobs]);
    let jobs = fetch::import_jobs(&client, "us-west-1_111111111")
        .await
        .expect("parses");
    assert_eq!(jobs.len(), 3);
    assert_eq!((jobs[2].failed, jobs[2].at), (1, Some(1548277248)));
    let mut s = Snapshot::default();
    s.pool.id = "us-west-1_111111111".into();
    s.pool.auto_verified_attributes = vec!["email".into()];
    s.pool.import_jobs = Some(jobs);
    s.now = Some(1548364000);
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        ["import-rejected-users", "default-email-sender-limit"],
        "{r:?}"
    );
    let ev = evidence(&r, "import-rejected-users");
    assert!(
        ev.contains("import job import-Test1 (import-TZqNQvDRnW, Failed): 0 imported, 0 skipped, 1 failed: \"Too many users have failed or been skipped during the import.\""),
        "{ev}"
    );
    assert!(
        ev.contains("/aws/cognito/userpools/us-west-1_111111111/"),
        "{ev}"
    );
    s.now = Some(fetch::now());
    assert!(!codes(&Report::new(&s)).contains(&"import-rejected-users"));
}

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

const GET_EMAIL_IDENTITY: &str = include_str!("contract/get-email-identity.json");
const IDENTITY_POLICIES: &str = include_str!("contract/get-email-identity-policies.json");

/// SES as it shows the FROM identity of describe-user-pool.json (Cognito's default email with a
/// custom FROM address): verified, with `policies` as GetEmailIdentityPolicies' answer.
fn ses_from_identity(policies: &'static str) -> aws_sdk_sesv2::Client {
    let get =
        mock!(aws_sdk_sesv2::Client::get_email_identity).then_http_response(ok(GET_EMAIL_IDENTITY));
    let read =
        mock!(aws_sdk_sesv2::Client::get_email_identity_policies).then_http_response(ok(policies));
    // A pool that sends through SES also reads the account (the GetAccount response syntax of the
    // SES v2 API reference, with a production account's values) and the address (not listed:
    // NotFoundException, HTTP 404).
    let account = mock!(aws_sdk_sesv2::Client::get_account).then_http_response(ok(
        r#"{"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendQuota":{"Max24HourSend":50000.0,"MaxSendRate":14.0,"SentLast24Hours":0.0},"SendingEnabled":true}"#,
    ));
    let address =
        mock!(aws_sdk_sesv2::Client::get_suppressed_destination).then_http_response(|| {
            let mut r = response(
                404,
                r#"{"message":"Email address is not on the suppression list."}"#.to_owned(),
            );
            r.headers_mut()
                .insert("x-amzn-ErrorType", "NotFoundException".to_owned());
            r
        });
    mock_client!(
        aws_sdk_sesv2,
        RuleMode::MatchAny,
        [&get, &read, &account, &address]
    )
}

/// A pool without identity providers (ListIdentityProviders, read with the pool).
fn no_providers() -> aws_smithy_mocks::Rule {
    mock!(Client::list_identity_providers).then_http_response(ok(r#"{"Providers":[]}"#))
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

/// jane (admin-get-user): verified email and phone, but FORCE_CHANGE_PASSWORD since 2019: the
/// invitation expired long ago (TemporaryPasswordValidityDays 7), and with no
/// AccountRecoverySetting a reset code would go to the verified phone first. The pool sends with
/// the default sender (EmailConfiguration has a SourceArn but no EmailSendingAccount, which
/// defaults to COGNITO_DEFAULT), which is a note.
#[tokio::test]
async fn a_verified_user_invited_in_2019_has_an_expired_invitation() {
    let describe = mock!(Client::describe_user_pool).then_http_response(ok(DESCRIBE_USER_POOL));
    let get = mock!(Client::admin_get_user).then_http_response(ok(ADMIN_GET_USER));
    let same = mock!(Client::list_users).then_http_response(ok(r#"{"Users":[]}"#));
    let clients =
        mock!(Client::list_user_pool_clients).then_http_response(ok(r#"{"UserPoolClients":[]}"#));
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        [&describe, &get, &same, &clients, &no_providers()]
    );
    let s = fetch::snapshot(
        &Session::from_client(client).with_ses(ses_from_identity(IDENTITY_POLICIES)),
        &pool_id(),
        &UserSelector::Username("jane@example.com".into()),
        None,
    )
    .await
    .expect("snapshot");
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        [
            "invite-expired",
            "recovery-goes-to-phone",
            "default-email-sender-limit"
        ]
    );
    assert_eq!(r.findings[0].severity, Severity::Error);
    assert!(evidence(&r, "invite-expired").contains("TemporaryPasswordValidityDays of 7"));
    assert!(evidence(&r, "recovery-goes-to-phone").contains("no AccountRecoverySetting"));
    assert_eq!(r.findings[2].severity, Severity::Info);
    assert!(r.fails());
}

/// The corrected SES rule (SPEC "Corrections") on the documented pool, whose EmailConfiguration
/// has a SourceArn and no EmailSendingAccount (Cognito's default email with a custom FROM
/// address): with the developer guide's sending authorization policy on the identity, nothing;
/// without a policy, `ses-sending-not-authorized` naming email.cognito-idp.amazonaws.com; and the
/// same pool sending through SES (DEVELOPER) needs no policy at all.
#[tokio::test]
async fn a_custom_from_address_needs_the_email_principal_a_pool_sending_through_ses_does_not() {
    let read = |pool: String, policies: &'static str| async move {
        let describe = mock!(Client::describe_user_pool)
            .then_http_response(move || response(200, pool.clone()));
        let get = mock!(Client::admin_get_user).then_http_response(ok(ADMIN_GET_USER));
        let same = mock!(Client::list_users).then_http_response(ok(r#"{"Users":[]}"#));
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(ok(r#"{"UserPoolClients":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &get, &same, &clients, &no_providers()]
        );
        let s = fetch::snapshot(
            &Session::from_client(client).with_ses(ses_from_identity(policies)),
            &pool_id(),
            &UserSelector::Username("jane@example.com".into()),
            None,
        )
        .await
        .expect("snapshot");
        Report::new(&s)
    };
    let r = read(DESCRIBE_USER_POOL.to_owned(), IDENTITY_POLICIES).await;
    assert!(!codes(&r).contains(&"ses-sending-not-authorized"), "{r:?}");
    let r = read(DESCRIBE_USER_POOL.to_owned(), r#"{"Policies":{}}"#).await;
    let ev = evidence(&r, "ses-sending-not-authorized");
    assert!(
        ev.contains("Cognito sends as email.cognito-idp.amazonaws.com"),
        "{ev}"
    );
    let fix = r
        .findings
        .iter()
        .find(|f| f.code == "ses-sending-not-authorized")
        .and_then(|f| f.fix[0].action.as_ref())
        .map(|a| a.aws_cli(&target()))
        .expect("a printed policy");
    assert!(fix.contains("email.cognito-idp.amazonaws.com"), "{fix}");
    let developer = DESCRIBE_USER_POOL.replace(
        r#""ReplyToEmailAddress": "myemail@mydomain.com","#,
        r#""ReplyToEmailAddress": "myemail@mydomain.com", "EmailSendingAccount": "DEVELOPER","#,
    );
    assert!(developer.contains("DEVELOPER"));
    let r = read(developer, r#"{"Policies":{}}"#).await;
    assert!(!codes(&r).contains(&"ses-sending-not-authorized"), "{r:?}");
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
        [&describe, &list, &clients, &no_providers()]
    );
    let s = fetch::snapshot(
        &Session::from_client(client).with_ses(ses_from_identity(IDENTITY_POLICIES)),
        &pool_id(),
        &UserSelector::Email("diego@example.com".into()),
        None,
    )
    .await
    .expect("snapshot");
    let r = Report::new(&s);
    assert_eq!(
        codes(&r),
        // The expired invitation (who the user is) before the state it leaves (severity, stage,
        // code).
        [
            "invite-expired",
            "email-never-verified",
            "password-reset-blocked",
            "default-email-sender-limit"
        ]
    );
    // Invited 2019-01-21 (UserCreateDate 1548099495.428, unchanged): past its 7 days.
    assert!(evidence(&r, "invite-expired")
        .contains("invited (or last modified) 2019-01-21T19:38:15.428Z"));
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
                    "verification-not-configured",
                    "sign-up-code-expired",
                    "sign-up-not-confirmed"
                ]
            ),
            (
                "testuser3@example.com".to_owned(),
                vec![
                    "verification-not-configured",
                    "sign-up-code-expired",
                    "sign-up-not-confirmed"
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
        [&describe, &get, &same, &clients, &provider, &no_providers()]
    );
    fetch::snapshot(
        &Session::from_client(client).with_ses(ses_from_identity(IDENTITY_POLICIES)),
        &pool_id(),
        &UserSelector::Username("Facebook_11111".into()),
        None,
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
        let jobs = mock!(Client::list_user_import_jobs).then_http_response(ok(IMPORT_JOBS));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &list, &client_read, &providers, &jobs]
        );
        let s = fetch::pool_snapshot(&Session::from_client(client), &pool_id())
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

/// Past Cognito: SES v2 GetAccount and the suppression list, Cognito's log delivery and
/// CloudWatch Logs (tests/contract/SOURCES.md, "Past Cognito"), through each service's SDK into
/// the tool's reads and on to the verdict.
mod past_cognito {
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use cognito_email_doctor::audit::Auditor;
    use cognito_email_doctor::aws::{logs, ses};
    use cognito_email_doctor::engine::Report;
    use cognito_email_doctor::model::{Pool, SesIdentity, Snapshot, Suppression, User};
    use cognito_email_doctor::rules::Severity;

    use super::{codes, evidence, ok};

    const GET_ACCOUNT: &str = include_str!("contract/get-account-sandbox.json");
    const SUPPRESSED: &str = include_str!("contract/get-suppressed-destination.json");
    const SUPPRESSION_LIST: &str = include_str!("contract/list-suppressed-destinations.json");
    const LOG_DELIVERY: &str = include_str!("contract/get-log-delivery-configuration.json");
    const LOG_EVENTS: &str = include_str!("contract/filter-log-events.json");

    /// A pool sending through a verified identity of its own account in us-west-2.
    fn pool() -> Pool {
        let mut id =
            SesIdentity::parse_arn("arn:aws:ses:us-west-2:123456789012:identity/example.com")
                .expect("identity ARN");
        id.exists = Some(true);
        id.verified_for_sending = Some(true);
        id.verification_status = Some("SUCCESS".into());
        // The statement the Cognito console adds (the developer guide, "Email settings").
        id.policies = Some(vec![(
            "cognito".into(),
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"arn:aws:ses:us-west-2:123456789012:identity/example.com"}]}"#.into(),
        )]);
        Pool {
            id: "us-west-2_aaaaaaaaa".into(),
            arn: Some(
                "arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_aaaaaaaaa".into(),
            ),
            email_sending_account: Some("DEVELOPER".into()),
            auto_verified_attributes: vec!["email".into()],
            ses: Some(id),
            ..Pool::default()
        }
    }

    fn jane(email: &str) -> User {
        User {
            username: "jane".into(),
            status: "CONFIRMED".into(),
            enabled: Some(true),
            email: Some(email.into()),
            email_verified_raw: Some("true".into()),
            ..User::default()
        }
    }

    #[tokio::test]
    async fn get_account_of_a_sandboxed_account_is_the_sandbox_and_a_spent_quota() {
        let get = mock!(aws_sdk_sesv2::Client::get_account).then_http_response(ok(GET_ACCOUNT));
        let client = mock_client!(aws_sdk_sesv2, [&get]);
        let (account, absent) = ses::read_account(&client).await.expect("parses");
        assert!(absent.is_empty(), "{absent:?}");
        assert_eq!(
            (account.production_access, account.sending_enabled),
            (Some(false), Some(true))
        );
        assert_eq!(account.enforcement_status.as_deref(), Some("HEALTHY"));
        assert_eq!(account.quota, Some((200.0, 190.0)));

        let mut p = pool();
        p.ses.as_mut().expect("identity").sending_account = Some(account);
        let mut s = Snapshot {
            pool: p,
            ..Snapshot::default()
        };
        let r = Report::new(&s);
        assert_eq!(codes(&r), ["ses-quota-exhausted", "ses-sandbox"], "{r:?}");
        assert!(evidence(&r, "ses-quota-exhausted")
            .contains("SentLast24Hours 190 of Max24HourSend 200 (95%)"));
        // For a user whose address is no verified identity, the sandbox is an error.
        s.user = jane("jane@example.org");
        s.recipient.verified_identity = Some(false);
        let r = Report::new(&s);
        let sandbox = r
            .findings
            .iter()
            .find(|f| f.code == "ses-sandbox")
            .expect("ses-sandbox");
        assert_eq!(sandbox.severity, Severity::Error);

        // The same body with sending paused by SES (SendingEnabled false, SHUTDOWN).
        let paused = GET_ACCOUNT
            .replace(r#""SendingEnabled": true"#, r#""SendingEnabled": false"#)
            .replace(
                r#""EnforcementStatus": "HEALTHY""#,
                r#""EnforcementStatus": "SHUTDOWN""#,
            );
        let get = mock!(aws_sdk_sesv2::Client::get_account)
            .then_http_response(move || super::response(200, paused.clone()));
        let client = mock_client!(aws_sdk_sesv2, [&get]);
        let (account, _) = ses::read_account(&client).await.expect("parses");
        assert!(account.paused());
        s.pool.ses.as_mut().expect("identity").sending_account = Some(account);
        let r = Report::new(&s);
        assert!(
            evidence(&r, "ses-sending-paused")
                .contains("SendingEnabled false, EnforcementStatus SHUTDOWN"),
            "{r:?}"
        );
    }

    #[tokio::test]
    async fn get_suppressed_destination_is_the_suppression_with_its_reason_and_date() {
        let get = mock!(aws_sdk_sesv2::Client::get_suppressed_destination)
            .then_http_response(ok(SUPPRESSED));
        let client = mock_client!(aws_sdk_sesv2, [&get]);
        let state = ses::read_suppression(&client, "jane@example.com")
            .await
            .expect("parses");
        assert_eq!(
            state,
            Suppression::Listed {
                reason: "BOUNCE".into(),
                since: "2025-11-30T08:00:00Z".into()
            }
        );
        let mut s = Snapshot {
            pool: pool(),
            user: jane("jane@example.com"),
            ..Snapshot::default()
        };
        s.recipient.suppression = state;
        let r = Report::new(&s);
        assert_eq!(codes(&r), ["recipient-suppressed"], "{r:?}");
        assert!(evidence(&r, "recipient-suppressed")
            .contains("reason BOUNCE, listed 2025-11-30T08:00:00Z"));
    }

    #[tokio::test]
    async fn the_suppression_list_is_matched_without_case_in_an_audit() {
        let list = mock!(aws_sdk_sesv2::Client::list_suppressed_destinations)
            .then_http_response(ok(SUPPRESSION_LIST));
        let client = mock_client!(aws_sdk_sesv2, [&list]);
        let mut pages = 0;
        let listed = ses::list_suppressed(&client, &mut pages)
            .await
            .expect("parses");
        assert_eq!(pages, 1);
        assert_eq!(listed.len(), 2);
        // Jane@Example.com was listed: SES compares addresses without case.
        assert_eq!(
            listed.get("jane@example.com"),
            Suppression::Listed {
                reason: "COMPLAINT".into(),
                since: "2025-11-30T08:00:00Z".into()
            }
        );
        assert_eq!(listed.get("kim@example.com"), Suppression::NotListed);

        let mut a = Auditor::new(pool(), Vec::new(), Vec::new(), Vec::new(), None)
            .with_suppression_list(listed);
        let mut out = Vec::new();
        for (name, email) in [("jane", "jane@example.com"), ("kim", "kim@example.com")] {
            let mut u = jane(email);
            u.username = name.into();
            a.push(u, &mut out).expect("push");
        }
        let flagged: Vec<&str> = out
            .iter()
            .filter(|e| e.findings.iter().any(|f| f.code == "recipient-suppressed"))
            .map(|e| e.user.username.as_str())
            .collect();
        assert_eq!(flagged, ["jane"]);
    }

    #[tokio::test]
    async fn the_exported_delivery_log_is_found_and_its_entries_quoted() {
        let config = mock!(aws_sdk_cognitoidentityprovider::Client::get_log_delivery_configuration)
            .then_http_response(ok(LOG_DELIVERY));
        let cognito = mock_client!(aws_sdk_cognitoidentityprovider, [&config]);
        let group =
            cognito_email_doctor::aws::fetch::delivery_log_group(&cognito, "us-west-2_EXAMPLE")
                .await
                .expect("parses")
                .expect("a userNotification group");
        assert_eq!(
            group,
            "arn:aws:logs:us-west-2:123456789012:log-group:my-message-delivery-logs"
        );

        let filter = mock!(aws_sdk_cloudwatchlogs::Client::filter_log_events)
            .then_http_response(ok(LOG_EVENTS));
        let client = mock_client!(aws_sdk_cloudwatchlogs, RuleMode::MatchAny, [&filter]);
        let q = logs::Search {
            group,
            terms: vec!["jane".into(), "jane@example.com".into()],
            since_ms: 1_712_000_000_000,
            now_ms: 1_713_000_000_000,
        };
        let log = logs::search(&client, &q).await.expect("parses");
        // The second entry names neither term: not this user's.
        assert_eq!(log.events.len(), 1, "{log:?}");
        assert_eq!(log.events[0].at, "2024-04-08T09:17:23.827Z");
        assert!(log.events[0]
            .details
            .starts_with("SES Exception: Email address is not verified."));

        let s = Snapshot {
            pool: pool(),
            user: jane("jane@example.com"),
            delivery_log: Some(log),
            ..Snapshot::default()
        };
        let r = Report::new(&s);
        assert_eq!(codes(&r), ["delivery-error-logged"], "{r:?}");
        assert!(
            evidence(&r, "delivery-error-logged").contains("(points to ses-identity-not-verified)")
        );
    }
}

/// Issue 30: the history, the custom sender's key, threat protection and the sign-in policy.
#[path = "contract/history.rs"]
mod history;
