//! Issue 30 end to end: the user's history (CloudTrail's LookupEvents, which moto lacks, answered
//! by the proxy with events of the shape the developer guide documents: the user's sub in
//! `additionalEventData.sub`, an administrator's username beside the pool id, values hidden as
//! `HIDDEN_DUE_TO_SECURITY_REASONS`), an ID token's stale claims, and the causes past the first
//! ones on moto pools (KMS keys, Lambda functions, schemas and clients moto keeps), with the
//! answers moto lacks (DescribeRiskConfiguration) given by the proxy as documented.

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AttributeDataType, IdentityProviderTypeType, LambdaConfigType,
    SchemaAttributeType, SignInPolicyType, UserAttributeUpdateSettingsType, UserPoolAddOnsType,
    UserPoolPolicyType, VerifiedAttributeType,
};
use serde_json::{json, Value};

use crate::harness::*;
use crate::proxy::Proxy;

const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id() % 10_000,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn rfc3339(epoch: i64) -> String {
    aws_smithy_types::DateTime::from_secs(epoch)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap()
}

/// One LookupEvents entry: a user pools API event at `at`, made by `identity`, with its request
/// parameters, its `additionalEventData` and, when refused, its error.
fn event(
    name: &str,
    at: i64,
    identity: Value,
    request: Value,
    additional: Value,
    error: Option<(&str, &str)>,
) -> Value {
    let id = unique("event");
    let mut doc = json!({
        "eventVersion": "1.08", "userIdentity": identity, "eventTime": rfc3339(at),
        "eventSource": "cognito-idp.amazonaws.com", "eventName": name, "awsRegion": "us-east-1",
        "sourceIPAddress": "192.0.2.1", "userAgent": "aws-cli/2.15.0",
        "requestParameters": request, "responseElements": null,
        "additionalEventData": additional, "requestID": id, "eventID": id, "readOnly": false,
        "eventType": "AwsApiCall", "managementEvent": true,
        "recipientAccountId": "123456789012", "eventCategory": "Management"
    });
    if let Some((code, message)) = error {
        doc["errorCode"] = json!(code);
        doc["errorMessage"] = json!(message);
    }
    json!({"EventId": id, "EventName": name, "ReadOnly": "false", "EventTime": at,
        "EventSource": "cognito-idp.amazonaws.com", "Resources": [],
        "CloudTrailEvent": doc.to_string()})
}

/// An event of the user's own access token: no IAM principal, the user's sub.
fn own(name: &str, at: i64, sub: &str, request: Value, error: Option<(&str, &str)>) -> Value {
    event(
        name,
        at,
        json!({"accountId": "123456789012"}),
        request,
        json!({"sub": sub}),
        error,
    )
}

/// The proxy answers LookupEvents with `events` (newest first, as CloudTrail lists them).
fn history(proxy: &Proxy, mut events: Vec<Value>) {
    events.reverse();
    let body = json!({"Events": events}).to_string();
    proxy.answer("LookupEvents", move |_| (200, None, body.clone()));
}

fn through(proxy: &Proxy) -> Doctor {
    let mut d = doctor();
    d.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    d
}

fn diagnose(proxy: &Proxy, p: &str, username: &str) -> (i32, Value) {
    let out = through(proxy)
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            p,
            "--username",
            username,
        ])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), json(&out))
}

fn diagnose_pool(proxy: &Proxy, p: &str) -> (i32, Value) {
    let out = through(proxy)
        .args(["-o", "json", "diagnose", "--user-pool-id", p])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), json(&out))
}

async fn sub_of(p: &str, username: &str) -> String {
    client()
        .admin_get_user()
        .user_pool_id(p)
        .username(username)
        .send()
        .await
        .unwrap()
        .user_attributes()
        .iter()
        .find(|a| a.name() == "sub")
        .and_then(|a| a.value())
        .unwrap()
        .to_owned()
}

/// A focused pool sending codes, with `name`, whose user `username` changed the address.
async fn changed_user(name: &str, username: &str) -> (String, String) {
    let p = pool_with(name, |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        username,
        &[("email", "old@example.com"), ("email_verified", "true")],
    )
    .await;
    change_email(&c, &p, username, &format!("{username}@example.com")).await;
    let sub = sub_of(&p, username).await;
    (p, sub)
}

fn evidence(v: &Value, code: &str) -> String {
    finding(v, code)["evidence"].to_string()
}

/// The user's own UpdateUserAttributes: who, when, which attribute the event shows, and that no
/// VerifyUserAttribute followed; `history[]` carries it. The window read is `--since`'s default,
/// 30 days, of the pool region's Cognito events.
#[tokio::test]
async fn a_users_own_attribute_update_is_named_with_its_time() {
    let (p, sub) = changed_user("own-update", "olga").await;
    let proxy = Proxy::start(&moto().endpoint);
    let at = now() - 7200;
    history(
        &proxy,
        vec![own(
            "UpdateUserAttributes",
            at,
            &sub,
            json!({"accessToken": HIDDEN, "userAttributes": [{"name": "email", "value": HIDDEN}]}),
            None,
        )],
    );
    let (code, v) = diagnose(&proxy, &p, "olga");
    assert_eq!(code, 1, "{v}");
    let ev = evidence(&v, "email-changed-unverified");
    assert!(
        ev.contains(&format!(
            "last updated at {} by the user, with their own access token (UpdateUserAttributes)",
            rfc3339(at)
        )),
        "{ev}"
    );
    assert!(ev.contains("names email among its attributes"), "{ev}");
    assert!(ev.contains("no VerifyUserAttribute followed it"), "{ev}");
    assert_eq!(
        v["history"],
        json!([{"time": rfc3339(at), "event": "UpdateUserAttributes",
            "actor": "the user (own access token)", "error": null}])
    );
    // A history that names the user is not named under `unavailable`.
    assert_eq!(v["unavailable"], json!([]), "{v}");
    let sent = proxy.bodies("LookupEvents");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["LookupAttributes"],
        json!([{"AttributeKey": "EventSource", "AttributeValue": "cognito-idp.amazonaws.com"}])
    );
    let window = sent[0]["EndTime"].as_f64().unwrap() - sent[0]["StartTime"].as_f64().unwrap();
    assert!((window - 30.0 * 86_400.0).abs() < 5.0, "{window}");
    // The table has its History section.
    let out = through(&proxy)
        .args(["diagnose", "--user-pool-id", &p, "--username", "olga"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "\n  - {} UpdateUserAttributes by the user (own access token), accepted\n",
            rfc3339(at)
        )),
        "{text}"
    );
}

/// An administrator's AdminUpdateUserAttributes, named by the username beside the pool id (no
/// sub in the event): the IAM principal is named; `--since` narrows the window.
#[tokio::test]
async fn an_administrators_change_is_named_by_its_principal() {
    let (p, _) = changed_user("admin-update", "abel").await;
    let proxy = Proxy::start(&moto().endpoint);
    let principal = "arn:aws:iam::123456789012:user/support-admin";
    history(
        &proxy,
        vec![event(
            "AdminUpdateUserAttributes",
            now() - 600,
            json!({"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": principal,
                "accountId": "123456789012", "userName": "support-admin"}),
            json!({"userPoolId": p, "username": "abel",
                "userAttributes": [{"name": "email", "value": HIDDEN}, {"name": "email_verified", "value": HIDDEN}]}),
            json!({}),
            None,
        )],
    );
    let out = through(&proxy)
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "abel",
            "--since",
            "2h",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let ev = evidence(&v, "email-changed-unverified");
    assert!(
        ev.contains(&format!(
            "by an administrator, the IAM principal {principal} (AdminUpdateUserAttributes)"
        )),
        "{ev}"
    );
    assert_eq!(v["history"][0]["actor"], principal);
    let sent = proxy.bodies("LookupEvents");
    let window = sent[0]["EndTime"].as_f64().unwrap() - sent[0]["StartTime"].as_f64().unwrap();
    assert!((window - 7200.0).abs() < 5.0, "{window}");
}

/// Cognito refused the user's code requests with LimitExceededException ten minutes ago: the
/// attempt limit is the first cause, an error; the same refusal two hours ago is only history.
#[tokio::test]
async fn a_refused_code_request_is_the_attempt_limit() {
    let (p, sub) = changed_user("attempt-limit", "tia").await;
    let proxy = Proxy::start(&moto().endpoint);
    let refused = |at| {
        own(
            "GetUserAttributeVerificationCode",
            at,
            &sub,
            json!({"accessToken": HIDDEN, "attributeName": "email"}),
            Some((
                "LimitExceededException",
                "Attempt limit exceeded, please try after some time.",
            )),
        )
    };
    history(&proxy, vec![refused(now() - 900), refused(now() - 600)]);
    let (code, v) = diagnose(&proxy, &p, "tia");
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["first_cause"], "attempt-limit-exceeded", "{v}");
    let f = finding(&v, "attempt-limit-exceeded");
    assert_eq!(f["severity"], "error");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("Cognito refused 2 of user tia's requests in the last hour"),
        "{f}"
    );
    assert_eq!(
        v["history"][1]["error"],
        "LimitExceededException: Attempt limit exceeded, please try after some time."
    );
    history(&proxy, vec![refused(now() - 7200)]);
    let (_, v) = diagnose(&proxy, &p, "tia");
    assert!(
        !codes(&v).contains(&"attempt-limit-exceeded".to_owned()),
        "{v}"
    );
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
}

/// Codes requested and never used after the last request, through the managed login and the
/// API: a warning naming them.
#[tokio::test]
async fn codes_requested_and_never_used_are_named() {
    let (p, sub) = changed_user("codes-unused", "ugo").await;
    let proxy = Proxy::start(&moto().endpoint);
    let code_request = |at| {
        own(
            "GetUserAttributeVerificationCode",
            at,
            &sub,
            json!({"accessToken": HIDDEN, "attributeName": "email"}),
            None,
        )
    };
    history(
        &proxy,
        vec![
            code_request(now() - 5000),
            own(
                "VerifyUserAttribute",
                now() - 4000,
                &sub,
                json!({"accessToken": HIDDEN, "attributeName": "email", "code": HIDDEN}),
                Some((
                    "CodeMismatchException",
                    "Invalid verification code provided, please try again.",
                )),
            ),
            code_request(now() - 3000),
        ],
    );
    let (_, v) = diagnose(&proxy, &p, "ugo");
    let f = finding(&v, "codes-requested-not-used");
    assert!(
        f["evidence"][0].as_str().unwrap().contains(
            "accepted 2 code requests for user ugo and no confirmation after the last one"
        ),
        "{f}"
    );
}

/// Events that name another user (another sub, another username, the same username in another
/// pool, a hidden username) are never this user's: the history is empty, named under
/// `unavailable`, and no verdict changes.
#[tokio::test]
async fn another_users_events_are_not_attributed() {
    let (p, sub) = changed_user("others", "otto").await;
    let plain = Proxy::start(&moto().endpoint);
    let (_, before) = diagnose(&plain, &p, "otto");
    let proxy = Proxy::start(&moto().endpoint);
    let admin = json!({"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/admin",
        "accountId": "123456789012"});
    let update = json!([{"name": "email", "value": HIDDEN}]);
    history(
        &proxy,
        vec![
            own(
                "GetUserAttributeVerificationCode",
                now() - 600,
                "00000000-0000-4000-8000-000000000000",
                json!({"accessToken": HIDDEN, "attributeName": "email"}),
                Some((
                    "LimitExceededException",
                    "Attempt limit exceeded, please try after some time.",
                )),
            ),
            event(
                "AdminUpdateUserAttributes",
                now() - 500,
                admin.clone(),
                json!({"userPoolId": p, "username": "someone-else", "userAttributes": update}),
                json!({}),
                None,
            ),
            event(
                "AdminUpdateUserAttributes",
                now() - 400,
                admin.clone(),
                json!({"userPoolId": "us-east-1_Elsewhere", "username": "otto", "userAttributes": update}),
                json!({}),
                None,
            ),
            event(
                "AdminUpdateUserAttributes",
                now() - 300,
                admin,
                json!({"userPoolId": p, "username": HIDDEN, "userAttributes": update}),
                json!({}),
                None,
            ),
            // The user's own sub, in an event of another pool.
            event(
                "ForgotPassword",
                now() - 200,
                json!({"accountId": "123456789012"}),
                json!({"clientId": "abc", "userPoolId": "us-east-1_Elsewhere"}),
                json!({"sub": sub}),
                None,
            ),
        ],
    );
    let (_, v) = diagnose(&proxy, &p, "otto");
    assert_eq!(v["history"], json!([]), "{v}");
    assert_eq!(codes(&v), codes(&before), "{v}");
    assert_eq!(gaps_besides_empty_history(&v), json!([]), "{v}");
    let gap = v["unavailable"][0]["error"].as_str().unwrap();
    assert!(
        gap.contains("(5 Cognito events of the region read in 1 LookupEvents call)"),
        "{gap}"
    );
}

/// LookupEvents denied: named under `unavailable` with the permission cloudtrail:LookupEvents,
/// and every other verdict as it was (no evidence-unavailable for the history).
#[tokio::test]
async fn a_denied_history_is_named_and_changes_no_verdict() {
    let (p, _) = changed_user("denied-history", "dora").await;
    let plain = Proxy::start(&moto().endpoint);
    let (code_before, before) = diagnose(&plain, &p, "dora");
    let proxy = Proxy::start(&moto().endpoint);
    proxy.answer("LookupEvents", |_| {
        (
            400,
            Some("AccessDeniedException"),
            r#"{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/support is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action"}"#.to_owned(),
        )
    });
    let (code, v) = diagnose(&proxy, &p, "dora");
    assert_eq!((code, codes(&v)), (code_before, codes(&before)), "{v}");
    assert!(!codes(&v).contains(&"evidence-unavailable".to_owned()));
    let gap = &v["unavailable"][0];
    assert_eq!(v["unavailable"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(gap["operation"], "cloudtrail:LookupEvents");
    assert_eq!(gap["service"], "cloudtrail");
    assert_eq!(gap["kind"], "denied");
    assert_eq!(gap["permission"], "cloudtrail:LookupEvents");
    assert_eq!(v["history"], json!([]));
    // One denied call, not a retry loop.
    assert_eq!(proxy.bodies("LookupEvents").len(), 1);
    let out = through(&proxy)
        .args(["diagnose", "--user-pool-id", &p, "--username", "dora"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cloudtrail LookupEvents: denied; grant cloudtrail:LookupEvents"),
        "{text}"
    );
}

/// A busy region: every page has a next one. The read stops at the page cap, says so, and
/// keeps to 2 calls a second.
#[tokio::test]
async fn the_history_is_paced_and_its_page_cap_reported() {
    let (p, _) = changed_user("busy-region", "bea").await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.answer("LookupEvents", |_| {
        (200, None, r#"{"Events":[],"NextToken":"more"}"#.to_owned())
    });
    let started = std::time::Instant::now();
    let (_, v) = diagnose(&proxy, &p, "bea");
    let pages = proxy.bodies("LookupEvents");
    assert_eq!(pages.len(), 10, "the page cap");
    assert_eq!(pages[1]["NextToken"], "more");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(4_500),
        "ten calls at 2 a second: {:?}",
        started.elapsed()
    );
    let gap = v["unavailable"][0]["error"].as_str().unwrap();
    assert!(
        gap.contains("the page cap was reached before the window's start"),
        "{gap}"
    );
}

/// A JWT with these claims (the signature is not checked: the tool decodes, never verifies).
fn id_token(claims: Value) -> String {
    use base64::Engine;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(&json!({"alg": "RS256", "kid": "k"})),
        b64(&claims)
    )
}

/// An ID token issued while the email was unverified, then an administrator's fix: the pool now
/// says verified, the token says false and predates the change. The token names the pool (no
/// --user-pool-id) and the user; it is never printed. A token issued after the fix is current.
#[tokio::test]
async fn a_stale_id_token_is_named_and_never_printed() {
    let (p, sub) = changed_user("stale-token", "ines").await;
    let issued = now() - 3600;
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    client()
        .admin_update_user_attributes()
        .user_pool_id(&p)
        .username("ines")
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .unwrap();
    let claims = |iat: i64| {
        json!({"sub": sub, "iss": format!("https://cognito-idp.us-east-1.amazonaws.com/{p}"),
            "token_use": "id", "cognito:username": "ines", "email": "ines@example.com",
            "email_verified": false, "iat": iat, "exp": iat + 3600, "aud": "client"})
    };
    let token = id_token(claims(issued));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("id-token");
    std::fs::write(&file, &token).unwrap();
    let proxy = Proxy::start(&moto().endpoint);
    let out = through(&proxy)
        .args(["-o", "json", "diagnose", "--id-token-file"])
        .arg(&file)
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["user_pool_id"], p.as_str(), "{v}");
    assert_eq!(v["username"], "ines");
    let f = finding(&v, "token-claims-stale");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["evidence"][1].as_str().unwrap().contains(
            "the token says email_verified false; the pool now says email_verified is \"true\""
        ),
        "{f}"
    );
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(!all.contains(&token[20..60]), "the token was printed");
    // From stdin, as a table: the same finding.
    let out = through(&proxy)
        .args(["diagnose", "--id-token-file", "-"])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("token-claims-stale"), "{text}");
    assert!(!text.contains(&token[20..60]));
    // --redact masks what the token names.
    let out = through(&proxy)
        .args(["--redact", "-o", "json", "diagnose", "--id-token-file", "-"])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("token-claims-stale"), "{text}");
    assert!(
        !text.contains(&sub) && !text.contains("ines@example.com") && !text.contains("\"ines\""),
        "{text}"
    );
    // A token issued after the change carries the pool's claims: nothing stale.
    let fresh = id_token(claims(now() + 60));
    let out = through(&proxy)
        .args(["-o", "json", "diagnose", "--id-token-file", "-"])
        .write_stdin(fresh)
        .output()
        .unwrap();
    assert!(!codes(&json(&out)).contains(&"token-claims-stale".to_owned()));
    // A token of another pool than the one named is a usage error.
    let out = through(&proxy)
        .args([
            "diagnose",
            "--user-pool-id",
            "us-east-1_Other",
            "--id-token-file",
            "-",
        ])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    assert_exit(&out, 2, "is not the pool of the ID token");
    assert!(!stderr(&out).contains(&token[20..60]));
}

/// email-change-pending: the pool keeps the old address until the new one is verified, and the
/// user's update of email has no verification after it.
#[tokio::test]
async fn a_pending_email_change_under_keep_original() {
    let p = pool_with("keep-original", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
            .user_attribute_update_settings(
                UserAttributeUpdateSettingsType::builder()
                    .attributes_require_verification_before_update(VerifiedAttributeType::Email)
                    .build(),
            )
    })
    .await;
    create_user(
        &client(),
        &p,
        "pia",
        &[("email", "pia@example.com"), ("email_verified", "true")],
    )
    .await;
    let sub = sub_of(&p, "pia").await;
    let proxy = Proxy::start(&moto().endpoint);
    history(
        &proxy,
        vec![own(
            "UpdateUserAttributes",
            now() - 300,
            &sub,
            json!({"accessToken": HIDDEN, "userAttributes": [{"name": "email", "value": HIDDEN}]}),
            None,
        )],
    );
    let (code, v) = diagnose(&proxy, &p, "pia");
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["email-change-pending"], "{v}");
    let ev = evidence(&v, "email-change-pending");
    assert!(ev.contains("the pool still holds pia@example.com"), "{ev}");
}

/// unverified-email-signs-in on a moto alias pool with an app client: the printed UpdateUserPool
/// runs as printed and requires verification before update, losing no setting UpdateUserPool
/// takes. (moto's UpdateUserPool drops AliasAttributes, which AWS keeps and the request cannot
/// carry: the pool is read back for the setting, not re-diagnosed.)
#[tokio::test]
async fn an_unverified_address_that_signs_in_is_fixed_by_the_printed_command() {
    let p = pool_with("signs-in-unverified", |r| {
        r.alias_attributes(AliasAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    client()
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .send()
        .await
        .unwrap();
    let proxy = Proxy::start(&moto().endpoint);
    let (code, v) = diagnose_pool(&proxy, &p);
    assert_eq!(code, 1, "{v}");
    let line = finding(&v, "unverified-email-signs-in")["fix"][0]["aws_cli"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = run_printed_aws_cli(&line);
    assert!(out.status.success(), "{line}: {}", stderr(&out));
    let pool = client()
        .describe_user_pool()
        .user_pool_id(&p)
        .send()
        .await
        .unwrap();
    let pool = pool.user_pool().unwrap();
    assert_eq!(
        pool.user_attribute_update_settings()
            .map(|s| s.attributes_require_verification_before_update()),
        Some(&[VerifiedAttributeType::Email][..])
    );
    assert_eq!(
        pool.auto_verified_attributes(),
        [VerifiedAttributeType::Email]
    );
    assert!(pool
        .email_configuration()
        .and_then(|e| e.source_arn())
        .is_some());
    assert!(pool.account_recovery_setting().is_some());
}

/// email-immutable-but-mapped: a moto pool whose schema's email is immutable and an OIDC
/// provider that maps email.
#[tokio::test]
async fn an_immutable_email_mapped_by_a_provider() {
    let p = pool_with("immutable-email", |r| {
        r.schema(
            SchemaAttributeType::builder()
                .name("email")
                .attribute_data_type(AttributeDataType::String)
                .mutable(false)
                .required(false)
                .build(),
        )
    })
    .await;
    provider(
        &p,
        "Corp",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[("email", "email"), ("email_verified", "email_verified")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let (code, v) = diagnose_pool(&proxy, &p);
    assert_eq!(code, 1, "{v}");
    let f = finding(&v, "email-immutable-but-mapped");
    assert_eq!(f["severity"], "error");
    assert!(
        f["evidence"]
            .to_string()
            .contains("provider Corp (OIDC) maps email"),
        "{f}"
    );
}

/// client-cannot-write-email: the pool's only client writes no email; the printed
/// UpdateUserPoolClient, run as printed, lets it, keeping its other settings.
#[tokio::test]
async fn a_client_that_cannot_write_email_is_fixed_by_the_printed_command() {
    let p = pool_with("no-email-write", |r| r).await;
    let made = client()
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("kiosk")
        .write_attributes("name")
        .read_attributes("email")
        .read_attributes("email_verified")
        .send()
        .await
        .unwrap();
    let id = made
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_owned();
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose_pool(&proxy, &p);
    let f = finding(&v, "client-cannot-write-email");
    assert!(
        f["evidence"]
            .to_string()
            .contains("no app client of the pool may write email"),
        "{f}"
    );
    let line = f["fix"][0]["aws_cli"].as_str().unwrap().to_owned();
    let out = run_printed_aws_cli(&line);
    assert!(out.status.success(), "{line}: {}", stderr(&out));
    let (_, v) = diagnose_pool(&proxy, &p);
    assert!(
        !codes(&v).contains(&"client-cannot-write-email".to_owned()),
        "{v}"
    );
    let c = client()
        .describe_user_pool_client()
        .user_pool_id(&p)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    let c = c.user_pool_client().unwrap();
    assert_eq!(c.write_attributes(), ["name", "email"]);
    assert_eq!(c.read_attributes(), ["email", "email_verified"]);
}

/// custom-sender-key-unusable on moto's KMS: the key disabled, then pending deletion; an enabled
/// key is no finding.
#[tokio::test]
async fn a_custom_sender_key_disabled_or_pending_deletion() {
    let key: Value =
        serde_json::from_str(&aws("aws kms create-key --description custom-sender")).unwrap();
    let arn = key["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
    // moto's DisableKey and ScheduleKeyDeletion take the key id only.
    let key_id = key["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    let sender = "arn:aws:lambda:us-east-1:123456789012:function:sender-unused";
    let k = arn.clone();
    let p = pool_with("custom-sender-key", move |r| {
        r.lambda_config(
            LambdaConfigType::builder()
                .custom_email_sender(
                    aws_sdk_cognitoidentityprovider::types::CustomEmailLambdaVersionConfigType::builder()
                        .lambda_arn(sender)
                        .lambda_version(aws_sdk_cognitoidentityprovider::types::CustomEmailSenderLambdaVersionType::V10)
                        .build()
                        .unwrap(),
                )
                .kms_key_id(k)
                .build(),
        )
    })
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose_pool(&proxy, &p);
    assert!(
        !codes(&v).contains(&"custom-sender-key-unusable".to_owned()),
        "{v}"
    );
    aws(&format!("aws kms disable-key --key-id {key_id}"));
    let (_, v) = diagnose_pool(&proxy, &p);
    assert!(
        evidence(&v, "custom-sender-key-unusable").contains("KeyState Disabled"),
        "{v}"
    );
    aws(&format!(
        "aws kms schedule-key-deletion --key-id {key_id} --pending-window-in-days 7"
    ));
    let (_, v) = diagnose_pool(&proxy, &p);
    assert!(
        evidence(&v, "custom-sender-key-unusable").contains("KeyState PendingDeletion"),
        "{v}"
    );
}

/// custom-message-too-slow: moto's Lambda function with Timeout 30.
#[tokio::test]
async fn a_custom_message_function_slower_than_cognito_waits() {
    let name = unique("slow-message");
    let arn = crate::delivery::function(&name);
    aws(&format!(
        "aws lambda update-function-configuration --function-name {name} --timeout 30"
    ));
    let a = arn.clone();
    let p = pool_with("slow-message", move |r| {
        r.lambda_config(LambdaConfigType::builder().custom_message(a).build())
    })
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose_pool(&proxy, &p);
    let f = finding(&v, "custom-message-too-slow");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("Timeout 30 seconds"),
        "{f}"
    );
    aws(&format!(
        "aws lambda update-function-configuration --function-name {name} --timeout 5"
    ));
    let (_, v) = diagnose_pool(&proxy, &p);
    assert!(
        !codes(&v).contains(&"custom-message-too-slow".to_owned()),
        "{v}"
    );
}

/// email-otp-needs-verified-email: a moto pool whose sign-in policy allows EMAIL_OTP, and a user
/// whose address is unverified.
#[tokio::test]
async fn email_codes_for_an_unverified_address() {
    let p = pool_with("email-otp", |r| {
        r.policies(
            UserPoolPolicyType::builder()
                .sign_in_policy(
                    SignInPolicyType::builder()
                        .allowed_first_auth_factors(
                            aws_sdk_cognitoidentityprovider::types::AuthFactorType::Password,
                        )
                        .allowed_first_auth_factors(
                            aws_sdk_cognitoidentityprovider::types::AuthFactorType::EmailOtp,
                        )
                        .build(),
                )
                .build(),
        )
    })
    .await;
    create_user(&client(), &p, "oona", &[("email", "oona@example.com")]).await;
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose(&proxy, &p, "oona");
    let f = finding(&v, "email-otp-needs-verified-email");
    assert_eq!(f["severity"], "error");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("[PASSWORD, EMAIL_OTP]"),
        "{f}"
    );
}

/// threat-protection-blocks: a moto pool that enforces threat protection, its risk
/// configuration (which moto lacks) answered with the AWS CLI reference's example.
#[tokio::test]
async fn threat_protection_that_blocks_an_unverified_user() {
    let p = pool_with("threat-protection", |r| {
        r.user_pool_add_ons(
            UserPoolAddOnsType::builder()
                .advanced_security_mode(
                    aws_sdk_cognitoidentityprovider::types::AdvancedSecurityModeType::Enforced,
                )
                .build()
                .unwrap(),
        )
    })
    .await;
    create_user(&client(), &p, "remy", &[("email", "remy@example.com")]).await;
    let proxy = Proxy::start(&moto().endpoint);
    let risk = include_str!("../contract/describe-risk-configuration.json");
    proxy.answer("DescribeRiskConfiguration", move |_| {
        (200, None, risk.to_owned())
    });
    let (_, v) = diagnose(&proxy, &p, "remy");
    let f = finding(&v, "threat-protection-blocks");
    assert!(
        f["evidence"].to_string().contains(
            "DescribeRiskConfiguration: compromised credentials: EventAction BLOCK on SIGN_IN, SIGN_UP, PASSWORD_CHANGE"
        ),
        "{f}"
    );
    assert_eq!(
        proxy.bodies("DescribeRiskConfiguration")[0]["UserPoolId"],
        p.as_str()
    );
}

/// ses-identity-region-mismatch: a us-east-1 pool sending through an identity in eu-central-1,
/// which us-east-1 pools cannot use.
#[tokio::test]
async fn an_ses_identity_in_a_region_the_pool_cannot_use() {
    let identity = format!("{}@example.com", unique("frankfurt"));
    let ses = aws_sdk_sesv2::Client::from_conf(
        aws_sdk_sesv2::Config::builder()
            .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
            .region(aws_sdk_sesv2::config::Region::new("eu-central-1"))
            .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
                "testing", "testing", None, None, "test",
            ))
            .endpoint_url(&moto().endpoint)
            .build(),
    );
    ses.create_email_identity()
        .email_identity(&identity)
        .send()
        .await
        .unwrap();
    let source = format!("arn:aws:ses:eu-central-1:123456789012:identity/{identity}");
    let s = source.clone();
    let p = pool_with("frankfurt-identity", move |r| {
        r.email_configuration(
            aws_sdk_cognitoidentityprovider::types::EmailConfigurationType::builder()
                .email_sending_account(
                    aws_sdk_cognitoidentityprovider::types::EmailSendingAccountType::Developer,
                )
                .source_arn(s)
                .build(),
        )
    })
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let (_, v) = diagnose_pool(&proxy, &p);
    let f = finding(&v, "ses-identity-region-mismatch");
    assert!(
        f["evidence"][1]
            .as_str()
            .unwrap()
            .contains("the pool is in us-east-1, backwards compatible in the developer guide's table: its pools send from us-east-1, us-west-2, eu-west-1"),
        "{f}"
    );
    // The identity itself is there and verified, in its own region: no other SES finding.
    assert!(
        !codes(&v).contains(&"ses-identity-not-verified".to_owned()),
        "{v}"
    );
}
