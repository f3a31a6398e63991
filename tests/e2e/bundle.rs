//! Without access, on moto: `collect` writes a bundle that holds none of the scenario's names or
//! secrets (checked by grep) and keeps the domain and pool id, mode 0600; `diagnose --bundle`
//! runs with no credentials and every endpoint a closed port and gives the live findings;
//! `--key` puts the real names back in the printed fixes; pasted AWS CLI output gives the
//! unverified verdict and names what was not given. (Every other scenario of the suite is also
//! checked live against its bundle: see `harness::offline_agrees`.)

use aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType;

use crate::harness::*;

const CLOSED: &str = "http://127.0.0.1:9";

/// A pool whose user has every kind of name, another user with the same address and a federated
/// identity, and an app client with a secret; returns (pool, sub, client secret).
async fn scenario() -> (String, String, String) {
    let c = client();
    let p = pool_with("bundle-names", |r| r).await;
    create_user(
        &c,
        &p,
        "zebediah",
        &[
            ("email", "Zebediah.Quill@example.com"),
            ("email_verified", "false"),
            ("phone_number", "+447700900123"),
            ("given_name", "Zebediah"),
            ("family_name", "Quillfeather"),
        ],
    )
    .await;
    // A federated user with the same address: read as a same-email user, its provider's user id
    // must not be in the bundle either.
    create_user(
        &c,
        &p,
        "Okta_friend",
        &[
            ("email", "Zebediah.Quill@example.com"),
            ("email_verified", "false"),
            (
                "identities",
                r#"[{"userId":"okta-uid-99887766","providerName":"Okta","providerType":"OIDC","issuer":null,"primary":true,"dateCreated":1700000000000}]"#,
            ),
        ],
    )
    .await;
    provider(
        &p,
        "Okta",
        IdentityProviderTypeType::Oidc,
        OIDC_DETAILS,
        &[("email", "email")],
    )
    .await;
    let secret = c
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("server")
        .generate_secret(true)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|u| u.client_secret())
        .unwrap()
        .to_owned();
    let sub = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("zebediah")
        .send()
        .await
        .unwrap()
        .user_attributes()
        .iter()
        .find(|a| a.name() == "sub")
        .and_then(|a| a.value())
        .unwrap()
        .to_owned();
    (p, sub, secret)
}

/// A run with no credentials at all, every endpoint a closed port.
fn offline() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    cmd.env("AWS_ENDPOINT_URL", CLOSED);
    for service in [
        "SESV2",
        "LAMBDA",
        "CLOUDWATCH_LOGS",
        "KMS",
        "CLOUDTRAIL",
        "STS",
    ] {
        cmd.env(format!("AWS_ENDPOINT_URL_{service}"), CLOSED);
    }
    cmd
}

fn codes_of(out: &std::process::Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_bundle_hides_every_name_and_secret_and_diagnoses_offline_as_live() {
    use std::os::unix::fs::PermissionsExt;
    let (p, sub, secret) = scenario().await;
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("b.json");
    let key = dir.path().join("key.json");
    let out = doctor()
        .args([
            "collect",
            "--user-pool-id",
            &p,
            "--username",
            "zebediah",
            "--out",
        ])
        .arg(&bundle)
        .arg("--key-out")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("Pseudonymised"), "{said}");
    let text = std::fs::read_to_string(&bundle).unwrap();
    for hidden in [
        "zebediah",
        "Zebediah",
        "Quill",
        "Quillfeather",
        "+447700900123",
        &sub,
        &secret,
        "okta-uid-99887766",
        "provider-secret-value",
    ] {
        assert!(!text.contains(hidden), "{hidden} is in the bundle");
    }
    assert!(text.contains("@example.com") && text.contains(&p));
    let mode = |f: &std::path::Path| std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&bundle), 0o600);
    assert_eq!(mode(&key), 0o600);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "cognito-email-doctor bundle");
    assert_eq!(v["version"], 1);
    assert!(v["end"]["reads"].as_u64().unwrap() > 3, "{}", v["end"]);

    let live = doctor()
        .args([
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "zebediah",
        ])
        .output()
        .unwrap();
    let off = offline()
        .args(["-o", "json", "diagnose", "--bundle"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(off.status.code(), live.status.code(), "{}", stderr(&off));
    assert_eq!(codes_of(&off), codes_of(&live));
    // The user is the bundle's token: no name of the scenario in the offline report either.
    let report = String::from_utf8_lossy(&off.stdout).to_string();
    assert!(
        !report.contains("zebediah") && !report.contains("Zebediah"),
        "{report}"
    );

    // With the key, the real names come back in the printed fixes, as live prints them.
    let keyed = offline()
        .args(["diagnose", "--bundle"])
        .arg(&bundle)
        .arg("--key")
        .arg(&key)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&keyed.stdout).to_string();
    assert!(table.contains("--username zebediah"), "{table}");
    assert!(table.contains("Zebediah.Quill@example.com"), "{table}");
    let keyed_json = offline()
        .args(["-o", "json", "diagnose", "--bundle"])
        .arg(&bundle)
        .arg("--key")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(codes_of(&keyed_json), codes_of(&live));
}

/// The output a customer pastes: describe-user-pool and admin-get-user from the AWS CLI. The
/// verdict on the unverified email stands; every read not given is named as such.
#[tokio::test]
async fn pasted_aws_cli_output_gives_the_verdict_and_names_what_was_not_given() {
    let (p, _, _) = scenario().await;
    let dir = tempfile::tempdir().unwrap();
    let save = |name: &str, line: String| {
        let out = run_printed_aws_cli(&format!(
            "{line} --region us-east-1 --endpoint-url {}",
            moto().endpoint
        ));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = dir.path().join(name);
        std::fs::write(&path, &out.stdout).unwrap();
        path
    };
    let pool = save(
        "pool.json",
        format!("aws cognito-idp describe-user-pool --user-pool-id {p}"),
    );
    let user = save(
        "user.json",
        format!("aws cognito-idp admin-get-user --user-pool-id {p} --username zebediah"),
    );
    // AWS CLI version 2 prints dates as ISO 8601 where the API answers seconds (version 1, in
    // this suite, prints the seconds): the pasted user is given as version 2 prints it.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&user).unwrap()).unwrap();
    for field in ["UserCreateDate", "UserLastModifiedDate"] {
        let secs = v[field].as_f64().unwrap();
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs_f64(secs);
        v[field] = serde_json::Value::String(
            humantime::format_rfc3339_millis(at)
                .to_string()
                .replace('Z', "+00:00"),
        );
    }
    std::fs::write(&user, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = offline()
        .args(["-o", "json", "diagnose", "--pool-json"])
        .arg(&pool)
        .arg("--user-json")
        .arg(&user)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["username"], "zebediah");
    assert_eq!(v["email_verified"], false);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"email-never-verified"), "{codes:?}");
    let not_given: Vec<&str> = v["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["kind"] == "not-given")
        .filter_map(|u| u["operation"].as_str())
        .collect();
    for op in ["ListUserPoolClients", "ListUsers", "GetEmailIdentity"] {
        assert!(
            not_given.iter().any(|o| o.ends_with(op)),
            "{op}: {not_given:?}"
        );
    }
}

/// A whole pool: `collect --all-users` records the audit's reads; `audit --bundle` offline gives
/// the live audit's lines and summary.
#[tokio::test]
async fn a_pools_bundle_audits_offline_as_live() {
    let (p, _, _) = scenario().await;
    let c = client();
    for i in 0..25 {
        create_user(
            &c,
            &p,
            &format!("bulk{i:02}"),
            &[
                ("email", &format!("bulk{i}@example.com")),
                ("email_verified", "false"),
            ],
        )
        .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("pool.json");
    let out = doctor()
        .args(["collect", "--all-users", "--user-pool-id", &p, "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&bundle).unwrap();
    assert!(
        !text.contains("bulk0") && !text.contains("zebediah"),
        "names in the bundle"
    );
    let lines = |o: &std::process::Output| -> Vec<serde_json::Value> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let live = doctor()
        .args(["-o", "json", "audit", "--user-pool-id", &p])
        .output()
        .unwrap();
    let off = offline()
        .args(["-o", "json", "audit", "--bundle"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(off.status.code(), live.status.code(), "{}", stderr(&off));
    let (live, off) = (lines(&live), lines(&off));
    assert_eq!(
        live.last().unwrap()["summary"],
        off.last().unwrap()["summary"]
    );
    assert_eq!(live.len(), off.len());
    assert_eq!(off.last().unwrap()["summary"]["users_scanned"], 27);
}
