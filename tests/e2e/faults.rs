//! Lost replies and failed read-backs, through a fault-injecting proxy in front of moto: every
//! change reports what is true afterwards (applied, not applied, or unknown with the command to
//! check), prints its JSON outcome, and a signal during a change waits for its report.

use aws_sdk_cognitoidentityprovider::types::{AliasAttributeType, VerifiedAttributeType};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

async fn pool(alias: bool, auto_verify: bool) -> String {
    let mut req = focused(client().create_user_pool().pool_name("faults"));
    if alias {
        req = req.alias_attributes(AliasAttributeType::Email);
    }
    if auto_verify {
        req = req.auto_verified_attributes(VerifiedAttributeType::Email);
    }
    req.send()
        .await
        .unwrap()
        .user_pool()
        .and_then(|p| p.id())
        .unwrap()
        .to_owned()
}

fn through(proxy: &Proxy) -> Doctor {
    let mut cmd = doctor();
    cmd.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    cmd
}

#[tokio::test]
async fn a_create_whose_reply_is_lost_is_reported_as_applied_not_as_a_duplicate() {
    let p = pool(true, true).await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminCreateUser", 0, 1, Fault::DropReply);
    let out = through(&proxy)
        .args([
            "force-alias",
            "create",
            "--user-pool-id",
            &p,
            "--username",
            "neo",
            "--email",
            "neo@example.com",
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
    assert_eq!(v["state"], "applied", "{v}");
    assert!(
        v["result"].as_str().unwrap().contains("neo was created"),
        "{v}"
    );
    // Sent once: a lost reply is read back, never blindly resent.
    let creates = proxy
        .seen()
        .iter()
        .filter(|o| *o == "AdminCreateUser")
        .count();
    assert_eq!(creates, 1, "{:?}", proxy.seen());
}

#[tokio::test]
async fn a_confirmation_whose_reply_is_lost_is_read_back() {
    let p = pool(false, true).await;
    let c = client();
    let cid = c
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("web")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned();
    c.sign_up()
        .client_id(&cid)
        .username("trin")
        .password("E2e-Passw0rd!")
        .user_attributes(attr("email", "trin@example.com"))
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let code = dir.path().join("code");
    std::fs::write(&code, "123456").unwrap();
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("ConfirmSignUp", 0, 1, Fault::DropReply);
    let out = through(&proxy)
        .args([
            "force-alias",
            "confirm",
            "--user-pool-id",
            &p,
            "--client-id",
            &cid,
        ])
        .args(["--username", "trin", "--code-file"])
        .arg(&code)
        .args(["--yes", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    assert!(
        v["result"].as_str().unwrap().contains("trin is confirmed"),
        "{v}"
    );
}

#[tokio::test]
async fn a_read_back_that_fails_once_is_retried_and_one_that_never_works_is_unknown() {
    let p = pool(false, false).await;
    // The plan reads the pool once; the first read-back is lost, the retry works.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("DescribeUserPool", 1, 1, Fault::DropReply);
    let out = through(&proxy)
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
    assert_eq!(json(&out)["state"], "applied");

    // Every read-back fails: the change went through, what is true cannot be read. Exit 3, the
    // outcome printed with the command that shows it.
    let p = pool(false, false).await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("DescribeUserPool", 1, 100, Fault::ServerError);
    let out = through(&proxy)
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
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "unknown", "{v}");
    let check = v["check_cli"].as_str().unwrap();
    assert!(
        check.starts_with(&format!(
            "aws cognito-idp describe-user-pool --user-pool-id {p}"
        )),
        "{check}"
    );
    let sent = client()
        .describe_user_pool()
        .user_pool_id(&p)
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent.user_pool().unwrap().auto_verified_attributes(),
        [VerifiedAttributeType::Email]
    );
}

#[tokio::test]
async fn a_write_that_never_gets_through_is_reported_as_not_applied() {
    let p = pool(false, true).await;
    create_user(
        &client(),
        &p,
        "zoe",
        &[("email", "zoe@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminUpdateUserAttributes", 0, 100, Fault::ServerError);
    let out = through(&proxy)
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "zoe",
            "--yes",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "not-applied", "{v}");
    assert!(
        v["result"]
            .as_str()
            .unwrap()
            .contains("read-back shows nothing changed"),
        "{v}"
    );
    assert!(
        stderr(&out).contains("InternalErrorException"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn sigterm_during_a_change_waits_for_its_report() {
    let p = pool(false, true).await;
    create_user(
        &client(),
        &p,
        "sig",
        &[("email", "sig@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminUpdateUserAttributes", 0, 1, Fault::Delay(1500));
    let child = spawn_doctor(
        &proxy.endpoint,
        [
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "sig",
            "--yes",
            "-o",
            "json",
        ],
    );
    // Wait until the write is in flight at the proxy, then ask the tool to stop.
    let start = std::time::Instant::now();
    while !proxy
        .seen()
        .iter()
        .any(|o| o == "AdminUpdateUserAttributes")
    {
        assert!(
            start.elapsed().as_secs() < 20,
            "the write never started: {:?}",
            proxy.seen()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    signal(&child, "-TERM");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["state"], "applied", "{v}");
    assert!(
        stderr(&out).contains("finishing the change in flight"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn a_throttle_burst_on_a_single_write_is_absorbed_by_the_pacer() {
    let p = pool(false, true).await;
    create_user(
        &client(),
        &p,
        "tia",
        &[("email", "tia@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("AdminUpdateUserAttributes", 0, 2, Fault::Throttle);
    let out = through(&proxy)
        .args([
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "tia",
            "--yes",
            "-v",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["state"], "applied");
    // The one pacer absorbed them (the SDK sends a write once), as it does in a bulk run.
    assert_eq!(
        stderr(&out).matches("throttled: pace now").count(),
        2,
        "{}",
        stderr(&out)
    );
    let writes = proxy
        .seen()
        .iter()
        .filter(|o| *o == "AdminUpdateUserAttributes")
        .count();
    assert_eq!(writes, 3, "two throttled, one through: {:?}", proxy.seen());
}
