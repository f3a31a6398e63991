//! What is printed and applied is exactly right: the admin verification's smallest write (what
//! it sends, seen by a proxy) and an email-as-username pool (one user, bulk, undo), verdicts that state what is known (a name edit,
//! a pool that verifies the phone), a `--take-alias` whose holder does not move, and email
//! lookups in mixed case.

use aws_sdk_cognitoidentityprovider::types::{UsernameAttributeType, VerifiedAttributeType};

use crate::harness::*;

async fn attribute(pool: &str, username: &str, name: &str) -> Option<String> {
    client()
        .admin_get_user()
        .user_pool_id(pool)
        .username(username)
        .send()
        .await
        .unwrap()
        .user_attributes()
        .iter()
        .find(|a| a.name() == name)
        .and_then(|a| a.value())
        .map(str::to_owned)
}

/// Where email is neither a username nor an alias attribute, the verification still sends
/// `email_verified=true` alone (as a proxy sees the request), for one user and for many: the
/// address read before is never written back over one the user set since. The plan names the
/// fallback and the time the address was read; the printed AWS CLI line is the minimal one.
#[tokio::test]
async fn an_admin_verify_sends_email_verified_alone_as_the_proxy_sees_it() {
    let p = pool_with("smallest-write", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    for u in ["mina", "bulk-a", "bulk-b"] {
        create_user(
            &c,
            &p,
            u,
            &[
                ("email", &format!("{u}@example.com")),
                ("email_verified", "true"),
            ],
        )
        .await;
        change_email(&c, &p, u, &format!("{u}.new@example.com")).await;
    }
    let proxy = crate::proxy::Proxy::start(&moto().endpoint);
    let dir = tempfile::tempdir().unwrap();
    let out = doctor()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["-o", "json", "reverify", "--admin", "--user-pool-id", &p])
        .args(["--username", "mina", "--yes", "--journal"])
        .arg(dir.path().join("one.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    let only_the_flag = serde_json::json!([{"Name": "email_verified", "Value": "true"}]);
    let sent = proxy.bodies("AdminUpdateUserAttributes");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["UserAttributes"], only_the_flag, "{sent:?}");
    assert_eq!(
        v["plan"]["call"], "AdminUpdateUserAttributes (email_verified=true)",
        "{v}"
    );
    let cli = v["plan"]["aws_cli"].as_str().unwrap();
    assert!(
        cli.starts_with(&format!("aws cognito-idp admin-update-user-attributes --user-pool-id {p} --username mina --user-attributes Name=email_verified,Value=true --region us-east-1")),
        "{cli}"
    );
    let notes = v["plan"]["notes"].to_string();
    assert!(
        notes.contains("Email is required to verify/un-verify an email")
            && notes.contains("the address read at ")
            && notes.contains("would overwrite an address the user set since"),
        "{notes}"
    );
    assert!(!v["result"].to_string().contains("sent again"), "{v}");
    assert_eq!(
        attribute(&p, "mina", "email").await.as_deref(),
        Some("mina.new@example.com")
    );
    assert_eq!(
        attribute(&p, "mina", "email_verified").await.as_deref(),
        Some("true")
    );

    // Many users: each call the same smallest write.
    let list = dir.path().join("users.txt");
    std::fs::write(&list, "bulk-a\nbulk-b\n").unwrap();
    let out = doctor()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["reverify", "--admin", "--user-pool-id", &p, "--from"])
        .arg(&list)
        .args(["--yes", "--journal"])
        .arg(dir.path().join("bulk.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("just before its change"), "{text}");
    let sent = proxy.bodies("AdminUpdateUserAttributes");
    assert_eq!(sent.len(), 3, "{sent:?}");
    for body in &sent {
        assert_eq!(body["UserAttributes"], only_the_flag, "{sent:?}");
    }
    for u in ["bulk-a", "bulk-b"] {
        assert_eq!(
            attribute(&p, u, "email_verified").await.as_deref(),
            Some("true")
        );
    }
}

/// In a pool whose usernames are emails, the verification sends email_verified alone (the plan
/// says so, the AWS CLI line is the same call), for one user, for many, and undo restores them.
#[tokio::test]
async fn an_email_as_username_pool_is_verified_with_email_verified_alone() {
    let p = pool_with("email-username", |r| {
        r.username_attributes(UsernameAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    for u in ["solo@example.com", "bulk1@example.com", "bulk2@example.com"] {
        create_user(&c, &p, u, &[("email", u), ("email_verified", "false")]).await;
    }
    // moto names such users by a generated id: address them by it.
    let name_of = |email: &'static str| {
        let p = p.clone();
        async move {
            client()
                .list_users()
                .user_pool_id(&p)
                .filter(format!("email = \"{email}\""))
                .send()
                .await
                .unwrap()
                .users()[0]
                .username()
                .unwrap()
                .to_owned()
        }
    };
    let solo = name_of("solo@example.com").await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            &solo,
        ])
        .args(["--yes", "-o", "json", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    let call = v["plan"]["call"].as_str().unwrap();
    assert_eq!(
        call, "AdminUpdateUserAttributes (email_verified=true)",
        "{v}"
    );
    let cli = v["plan"]["aws_cli"].as_str().unwrap();
    assert!(
        cli.contains("--user-attributes Name=email_verified,Value=true --region"),
        "the AWS CLI line is the same call: {cli}"
    );
    assert_eq!(
        attribute(&p, &solo, "email_verified").await.as_deref(),
        Some("true")
    );

    let list = dir.path().join("users.txt");
    let (b1, b2) = (
        name_of("bulk1@example.com").await,
        name_of("bulk2@example.com").await,
    );
    std::fs::write(&list, format!("{b1}\n{b2}\n")).unwrap();
    let out = doctor()
        .args(["reverify", "--admin", "--user-pool-id", &p, "--from"])
        .arg(&list)
        .args(["--yes", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("AdminUpdateUserAttributes (email_verified=true), once per user"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for u in [&b1, &b2] {
        assert_eq!(
            attribute(&p, u, "email_verified").await.as_deref(),
            Some("true")
        );
    }
    let out = doctor()
        .args(["undo", "--journal"])
        .arg(&journal)
        .arg("--yes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for u in [&solo, &b1, &b2] {
        assert_eq!(
            attribute(&p, u, "email_verified").await.as_deref(),
            Some("false"),
            "{u} restored"
        );
    }
}

/// A user created unverified whose name was edited later: the verdict says something changed
/// and that the API does not say what, never that the email most likely changed.
#[tokio::test]
async fn a_name_edit_is_not_reported_as_an_email_change() {
    let p = pool_with("name-edit", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "nadia",
        &[("email", "nadia@example.com"), ("name", "N")],
    )
    .await;
    confirm_user(&c, &p, "nadia").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("nadia")
        .user_attributes(attr("name", "Nadia"))
        .send()
        .await
        .unwrap();
    let out = doctor()
        .args([
            "diagnose",
            "-o",
            "json",
            "--user-pool-id",
            &p,
            "--username",
            "nadia",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let text = v.to_string();
    assert!(!text.contains("most likely the email"), "{text}");
    assert!(!text.contains("most likely because it changed"), "{text}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "email-changed-unverified")
        .unwrap_or_else(|| panic!("{v}"));
    assert!(
        f["evidence"]
            .to_string()
            .contains("the API does not say which attribute"),
        "{f}"
    );
}

/// A pool that auto-verifies email and phone: the unverified email is explained by the pool
/// (the phone gets the code at sign-up), not by a supposed change of address.
#[tokio::test]
async fn a_pool_that_verifies_the_phone_explains_the_unverified_email() {
    let p = pool_with("phone-verified", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::PhoneNumber)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "pia",
        &[
            ("email", "pia@example.com"),
            ("phone_number", "+15555550100"),
        ],
    )
    .await;
    confirm_user(&c, &p, "pia").await;
    let out = doctor()
        .args([
            "diagnose",
            "-o",
            "json",
            "--user-pool-id",
            &p,
            "--username",
            "pia",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let got = codes(&v);
    assert!(
        got.contains(&"phone-verified-instead".to_owned()),
        "{got:?}"
    );
    assert!(
        !got.contains(&"email-changed-unverified".to_owned()),
        "{got:?}"
    );
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "email-never-verified")
        .unwrap_or_else(|| panic!("{v}"));
    assert!(
        f["evidence"]
            .to_string()
            .contains("sends a code to the phone only"),
        "{f}"
    );
}

/// moto ignores alias uniqueness, so with `--take-alias` the holder keeps email_verified "true":
/// the tool reads that back, says the alias did not move (exit 4, not "applied"), and the
/// journal records the holder as read.
#[tokio::test]
async fn take_alias_whose_holder_does_not_move_is_not_applied() {
    let p = pool_with("take-alias-stuck", |r| {
        r.alias_attributes(aws_sdk_cognitoidentityprovider::types::AliasAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "older",
        &[("email", "t@example.com"), ("email_verified", "false")],
    )
    .await;
    create_user(
        &c,
        &p,
        "holder",
        &[("email", "t@example.com"), ("email_verified", "true")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let out = doctor()
        .args(["reverify", "--admin", "--take-alias", "--user-pool-id", &p])
        .args(["--username", "older", "--yes", "-o", "json", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "not-verified", "{v}");
    assert_eq!(v["ok"], false);
    assert!(
        v["result"]
            .as_str()
            .unwrap()
            .contains("holder still reads back verified"),
        "{v}"
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["status"], "not-verified", "{last}");
    assert_eq!(
        last["after"]["holder"], "true",
        "the journal records what was read: {last}"
    );
}

/// `--email` in mixed case finds the user stored in lowercase, and the report names the lookups.
#[tokio::test]
async fn an_email_in_mixed_case_finds_the_lowercase_user() {
    let p = pool_with("mixed-case", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let c = client();
    create_user(
        &c,
        &p,
        "olga",
        &[("email", "olga@example.com"), ("email_verified", "true")],
    )
    .await;
    let out = doctor()
        .args([
            "diagnose",
            "-o",
            "json",
            "--user-pool-id",
            &p,
            "--email",
            "OLGA@Example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["username"], "olga");
    let lookups = v["lookups"].to_string();
    assert!(
        lookups.contains(r#"ListUsers email = \"OLGA@Example.com\": no user"#),
        "{lookups}"
    );
    assert!(
        lookups.contains(r#"email = \"olga@example.com\" (the address in lowercase): olga"#),
        "{lookups}"
    );
    // No user under either spelling: both lookups are named.
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "Nobody@Example.com",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "as given or in lowercase (nobody@example.com)");
    // The lowercase twin of a case duplicate says which lookups it made.
    create_user(
        &c,
        &p,
        "olga2",
        &[("email", "Olga@example.com"), ("email_verified", "true")],
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
            "olga",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert!(
        v["lookups"]
            .to_string()
            .contains("cannot search for spellings with capitals"),
        "{v}"
    );
}

/// The harness's check of printed lines is known to catch the form bash 5.2 refuses (an
/// apostrophe in a `${VAR:?...}` message inside double quotes), which sh alone accepts.
#[test]
fn the_printed_line_check_catches_what_bash_refuses() {
    let mut out = std::process::Command::new("true").output().unwrap();
    out.stdout =
        b"       $ aws cognito-idp get-user --access-token \"${T:?set T to the user's token}\"\n"
            .to_vec();
    assert_eq!(
        printed_lines(&String::from_utf8_lossy(&out.stdout)).len(),
        1
    );
    assert!(std::panic::catch_unwind(|| check_printed_lines(&out)).is_err());
    out.stdout = b"       $ aws cognito-idp get-user --access-token \"${T:?set T to the token of the user}\"\n".to_vec();
    check_printed_lines(&out);
}

/// SPEC "Verdicts made exact": `evidence-unavailable` is for an unverified email only. A verified
/// user whose DescribeUserPoolClient read is denied is healthy, exit 0, with the read listed under
/// `unavailable`; an unverified one beside it gets the finding.
#[tokio::test]
async fn a_verified_user_whose_optional_read_fails_is_healthy_with_the_read_listed() {
    use crate::proxy::{Fault, Proxy};
    let c = client();
    let p = pool_with("exact-gaps", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    c.create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .send()
        .await
        .unwrap();
    create_user(
        &c,
        &p,
        "ver",
        &[("email", "ver@example.com"), ("email_verified", "true")],
    )
    .await;
    create_user(
        &c,
        &p,
        "unv",
        &[("email", "unv@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("DescribeUserPoolClient", 0, 1000, Fault::Denied);
    let diagnose = |name: &str| {
        doctor()
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args([
                "diagnose",
                "--user-pool-id",
                &p,
                "--username",
                name,
                "-o",
                "json",
            ])
            .output()
            .unwrap()
    };
    let out = diagnose("ver");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(codes(&v), Vec::<String>::new(), "{v}");
    assert_eq!(
        v["unavailable"][0]["operation"], "DescribeUserPoolClient",
        "{v}"
    );
    let out = diagnose("unv");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(codes(&json(&out)).contains(&"evidence-unavailable".to_owned()));
}

/// A disabled user is never healthy, verified or not; the printed AdminEnableUser, run as
/// printed, clears it.
#[tokio::test]
async fn a_disabled_user_is_named_and_the_printed_enable_clears_it() {
    let c = client();
    let p = pool_with("exact-disabled", |r| {
        r.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    create_user(
        &c,
        &p,
        "dora",
        &[("email", "dora@example.com"), ("email_verified", "true")],
    )
    .await;
    c.admin_disable_user()
        .user_pool_id(&p)
        .username("dora")
        .send()
        .await
        .unwrap();
    let diagnose = || {
        doctor()
            .args([
                "diagnose",
                "--user-pool-id",
                &p,
                "--username",
                "dora",
                "-o",
                "json",
            ])
            .output()
            .unwrap()
    };
    let out = diagnose();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(codes(&v), ["user-disabled"], "{v}");
    let cli = v["findings"][0]["fix"][0]["aws_cli"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        cli.starts_with("aws cognito-idp admin-enable-user"),
        "{cli}"
    );
    let ran = run_printed_aws_cli(&cli);
    assert!(ran.status.success(), "{cli}: {}", stderr(&ran));
    let out = diagnose();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
