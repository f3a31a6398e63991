//! Text from outside the tool, printed: a newline in a pool id, a username or a service's message
//! never prints a line of its own.

use crate::harness::*;
use crate::proxy::Proxy;

/// A line a forged value would print, if it were printed raw.
const FORGED: &str = "OK: applied";

fn through(proxy: &Proxy) -> Doctor {
    let mut cmd = doctor();
    cmd.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    cmd
}

async fn pool(name: &str) -> String {
    focused(client().create_user_pool().pool_name(name))
        .send()
        .await
        .unwrap()
        .user_pool()
        .and_then(|p| p.id())
        .unwrap()
        .to_owned()
}

/// No line of `text` is the forged one, and (for stderr) there is exactly one line.
fn no_forged_line(text: &str) {
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with(FORGED)),
        "a value printed a line of its own:\n{text}"
    );
}

fn one_line(out: &std::process::Output) -> String {
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "not one line on stderr:\n{err}");
    no_forged_line(&err);
    err
}

#[tokio::test]
async fn a_newline_in_a_pool_id_or_a_username_prints_escaped() {
    let forged_pool = format!("us-east-1_Abc\n{FORGED}");
    let out = doctor()
        .args([
            "diagnose",
            "--user-pool-id",
            &forged_pool,
            "--username",
            "u",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2, "us-east-1_Abc\\nOK: applied");
    one_line(&out);

    // A user whose name holds a newline (moto takes it; a pool's names are anyone's): every
    // table, evidence line, plan line and error sentence shows it escaped.
    let p = pool("outside-names").await;
    let name = format!("nl\n{FORGED}");
    create_user(
        &client(),
        &p,
        &name,
        &[("email", "nl@example.com"), ("email_verified", "false")],
    )
    .await;
    let out = doctor()
        .args(["diagnose", "--user-pool-id", &p, "--username", &name])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nl\\nOK: applied"), "{text}");
    no_forged_line(&text);
    let out = doctor()
        .args(["audit", "--user-pool-id", &p])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nl\\nOK: applied"), "{text}");
    no_forged_line(&text);
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--dry-run",
            "--user-pool-id",
            &p,
            "--username",
            &name,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("nl\\nOK: applied"),
        "{text}\n{}",
        stderr(&out)
    );
    no_forged_line(&text);
    // Not in the pool: the error sentence is one line.
    let ghost = format!("ghost\n{FORGED}");
    let out = doctor()
        .args([
            "reinvite",
            "--yes",
            "--user-pool-id",
            &p,
            "--username",
            &ghost,
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "no such user");
    one_line(&out);
}

#[tokio::test]
async fn a_newline_in_a_service_message_prints_escaped() {
    let p = pool("outside-messages").await;
    create_user(
        &client(),
        &p,
        "mia",
        &[("email", "mia@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    let forged = format!(
        r#"{{"__type":"InvalidParameterException","message":"no such setting\n{FORGED}\n"}}"#
    );
    let answer = forged.clone();
    proxy.answer("DescribeUserPool", move |_| {
        (400, Some("InvalidParameterException"), answer.clone())
    });
    let out = through(&proxy)
        .args(["diagnose", "--user-pool-id", &p, "--username", "mia"])
        .output()
        .unwrap();
    assert_exit(&out, 3, "no such setting OK: applied");
    one_line(&out);

    // An optional read whose failure is listed under "Could not read" in the table.
    let proxy = Proxy::start(&moto().endpoint);
    let answer = forged.clone();
    proxy.answer("GetLogDeliveryConfiguration", move |_| {
        (400, Some("InvalidParameterException"), answer.clone())
    });
    let out = through(&proxy)
        .args(["diagnose", "--user-pool-id", &p, "--username", "mia"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no such setting"), "{text}\n{}", stderr(&out));
    no_forged_line(&text);
    no_forged_line(&stderr(&out));
}
