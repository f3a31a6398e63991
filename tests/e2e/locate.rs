//! `locate` on one moto: pools in three regions of one account and in a second account reached by
//! STS AssumeRole (moto honours regions by signature, and calls made with assumed credentials land
//! in the role's account). Each key finds its user (or pool); a profile without credentials is
//! listed beside one that works; nothing found is exit 3 naming how much was searched. These
//! regions and accounts are this file's alone, so the counts are exact.

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ExplicitAuthFlowsType};
use aws_sdk_cognitoidentityprovider::Client;
use serde_json::Value;

use crate::harness::*;

const OWN: &str = "123456789012";
const OTHER: &str = "210987654321";
const ROLE: &str = "doctor-read";
const REGIONS: &str = "eu-north-1,ap-southeast-2,sa-east-1";

fn client_as(region: &str, creds: Credentials) -> Client {
    let conf = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(creds)
        .endpoint_url(&moto().endpoint)
        .build();
    Client::from_conf(conf)
}

fn own() -> Credentials {
    Credentials::new("testing", "testing", None, None, "test")
}

/// Credentials of `ROLE` in `account`, from moto's STS: calls made with them land there.
async fn assumed(account: &str) -> Credentials {
    let conf = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new("us-east-1"))
        .credentials_provider(own())
        .endpoint_url(&moto().endpoint)
        .build();
    let out = aws_sdk_sts::Client::from_conf(conf)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{ROLE}"))
        .role_session_name("e2e")
        .send()
        .await
        .expect("AssumeRole");
    let c = out.credentials().expect("credentials");
    Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_owned()),
        None,
        "assumed",
    )
}

async fn pool(c: &Client, name: &str) -> String {
    c.create_user_pool().pool_name(name).made().await
}

async fn user(c: &Client, pool: &str, username: &str, email: &str) -> String {
    create_user(
        c,
        pool,
        username,
        &[("email", email), ("email_verified", "true")],
    )
    .await;
    c.admin_get_user()
        .user_pool_id(pool)
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

/// The fleet of this file, built once: (pool ids by name, jane2's sub, pool B's client id).
struct Fleet {
    a: String,
    b: String,
    c: String,
    d: String,
    sub_b: String,
    client_b: String,
    id_token_a: String,
}

async fn fleet() -> &'static Fleet {
    static FLEET: tokio::sync::OnceCell<Fleet> = tokio::sync::OnceCell::const_new();
    FLEET
        .get_or_init(|| async {
            let north = client_as("eu-north-1", own());
            let sydney = client_as("ap-southeast-2", own());
            let sao = client_as("sa-east-1", own());
            let other = client_as("eu-north-1", assumed(OTHER).await);
            let a = pool(&north, "locate-a").await;
            let b = pool(&sydney, "locate-b").await;
            let c = pool(&sao, "locate-c").await;
            let d = pool(&other, "locate-d").await;
            user(&north, &a, "jane", "jane@example.com").await;
            user(&north, &a, "someone", "someone@example.com").await;
            let sub_b = user(&sydney, &b, "jane2", "jane@example.com").await;
            user(&other, &d, "jane-prod", "jane@example.com").await;
            let client_b = sydney
                .create_user_pool_client()
                .user_pool_id(&b)
                .client_name("web")
                .send()
                .await
                .unwrap()
                .user_pool_client()
                .and_then(|c| c.client_id())
                .unwrap()
                .to_owned();
            sao.create_user_pool_domain()
                .user_pool_id(&c)
                .domain("locate-e2e-login")
                .send()
                .await
                .unwrap();
            // A real ID token of jane, from moto.
            let client_a = north
                .create_user_pool_client()
                .user_pool_id(&a)
                .client_name("app")
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .send()
                .await
                .unwrap()
                .user_pool_client()
                .and_then(|c| c.client_id())
                .unwrap()
                .to_owned();
            north
                .admin_set_user_password()
                .user_pool_id(&a)
                .username("jane")
                .password("Locate-Passw0rd-1")
                .permanent(true)
                .send()
                .await
                .unwrap();
            let id_token_a = north
                .admin_initiate_auth()
                .user_pool_id(&a)
                .client_id(&client_a)
                .auth_flow(AuthFlowType::AdminUserPasswordAuth)
                .auth_parameters("USERNAME", "jane")
                .auth_parameters("PASSWORD", "Locate-Passw0rd-1")
                .send()
                .await
                .unwrap()
                .authentication_result()
                .and_then(|r| r.id_token())
                .unwrap()
                .to_owned();
            Fleet {
                a,
                b,
                c,
                d,
                sub_b,
                client_b,
                id_token_a,
            }
        })
        .await
}

/// `locate` over both accounts and the three regions, with `key`.
fn locate(key: &[&str]) -> std::process::Output {
    doctor()
        .args(["-o", "json", "locate", "--regions", REGIONS, "--accounts"])
        .arg(format!("{OWN},{OTHER}"))
        .args(["--role-name", ROLE])
        .args(key)
        .output()
        .unwrap()
}

fn rows(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v| v.get("unavailable").is_none())
        .collect()
}

fn places(rows: &[Value]) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                s(&r["account"]),
                s(&r["region"]),
                s(&r["user_pool_id"]),
                s(&r["username"]),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn an_address_is_found_in_every_pool_of_every_region_and_account_that_has_it() {
    let f = fleet().await;
    // Stored in lowercase, asked in mixed case: the lowercase form is asked too.
    let out = locate(&["--email", "Jane@Example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = rows(&out);
    let mut want = vec![
        (OWN.into(), "eu-north-1".into(), f.a.clone(), "jane".into()),
        (
            OWN.into(),
            "ap-southeast-2".into(),
            f.b.clone(),
            "jane2".into(),
        ),
        (
            OTHER.into(),
            "eu-north-1".into(),
            f.d.clone(),
            "jane-prod".into(),
        ),
    ];
    want.sort();
    assert_eq!(places(&rows), want);
    for r in &rows {
        assert_eq!(r["email_verified"], "true", "{r}");
        assert_eq!(r["status"], "CONFIRMED", "{r}");
        assert_eq!(r["enabled"], true, "{r}");
        assert!(
            r["pool_name"].as_str().unwrap().starts_with("locate-"),
            "{r}"
        );
    }
    // The diagnose line of a row opens that user, run as printed.
    let line = rows
        .iter()
        .find(|r| r["username"] == "jane")
        .and_then(|r| r["diagnose"].as_str())
        .unwrap();
    assert!(line.contains("--region eu-north-1"), "{line}");
    let words = std::process::Command::new("sh")
        .args([
            "-c",
            &line.replacen("cognito-email-doctor", "printf '%s\\n'", 1),
        ])
        .output()
        .unwrap();
    let words: Vec<String> = String::from_utf8_lossy(&words.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    let opened = doctor()
        .args(&words)
        .arg("-o")
        .arg("json")
        .output()
        .unwrap();
    let v = json(&opened);
    assert_eq!(v["username"], "jane", "{v}");
}

#[tokio::test]
async fn a_username_a_sub_an_app_client_and_a_domain_each_find_their_place() {
    let f = fleet().await;
    let out = locate(&["--username", "jane-prod"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        places(&rows(&out)),
        [(
            OTHER.into(),
            "eu-north-1".into(),
            f.d.clone(),
            "jane-prod".into()
        )]
    );
    let out = locate(&["--sub", &f.sub_b]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        places(&rows(&out)),
        [(
            OWN.into(),
            "ap-southeast-2".into(),
            f.b.clone(),
            "jane2".into()
        )]
    );
    // An app client and a domain name their pool; there is no user to show.
    let out = locate(&["--client-id", &f.client_b]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        places(&rows(&out)),
        [(OWN.into(), "ap-southeast-2".into(), f.b.clone(), "-".into())]
    );
    let out = locate(&["--domain", "locate-e2e-login"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = rows(&out);
    assert_eq!(
        places(&found),
        [(OWN.into(), "sa-east-1".into(), f.c.clone(), "-".into())]
    );
    assert_eq!(found[0]["pool_name"], "locate-c");
}

#[tokio::test]
async fn an_id_token_names_its_pool_and_is_never_printed() {
    let f = fleet().await;
    let out = doctor()
        .args([
            "-o",
            "json",
            "locate",
            "--regions",
            "all",
            "--token-file",
            "-",
        ])
        .write_stdin(f.id_token_a.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        places(&rows(&out)),
        [(OWN.into(), "eu-north-1".into(), f.a.clone(), "jane".into())]
    );
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    let payload = f.id_token_a.split('.').nth(1).unwrap();
    assert!(!all.contains(payload), "the token was printed");
}

#[tokio::test]
async fn nothing_found_is_exit_3_naming_how_much_was_searched() {
    fleet().await;
    let out = locate(&["--email", "nobody@example.com"]);
    assert_exit(
        &out,
        3,
        "no user with the email nobody@example.com in 4 pools in 3 regions and 2 accounts",
    );
    let out = doctor()
        .args([
            "locate",
            "--regions",
            REGIONS,
            "--email",
            "nobody@example.com",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "in 3 pools in 3 regions and 1 account");
}

/// A profile without credentials is listed with its kind beside the one that works, which is
/// searched as if alone.
#[tokio::test]
async fn a_profile_without_credentials_is_listed_and_the_others_are_searched() {
    let f = fleet().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile good]\naws_access_key_id = testing\naws_secret_access_key = testing\n\n[profile broken]\ncredential_process = /bin/false\n",
    )
    .unwrap();
    let out = doctor()
        .env("AWS_CONFIG_FILE", &config)
        .args([
            "-o",
            "json",
            "locate",
            "--regions",
            "eu-north-1",
            "--profiles",
            "good,broken",
            "--email",
            "jane@example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let gap: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("unavailable").is_some())
        .collect();
    assert_eq!(gap.len(), 1, "{text}");
    assert_eq!(gap[0]["unavailable"]["scope"], "profile broken", "{text}");
    assert_eq!(gap[0]["unavailable"]["kind"], "no-credentials", "{text}");
    assert!(
        stderr(&out).contains("could not search profile broken"),
        "{}",
        stderr(&out)
    );
    let found = rows(&out);
    assert_eq!(
        places(&found),
        [(OWN.into(), "eu-north-1".into(), f.a.clone(), "jane".into())]
    );
    assert!(
        found[0]["diagnose"]
            .as_str()
            .unwrap()
            .contains("--profile good"),
        "{}",
        found[0]
    );
}
