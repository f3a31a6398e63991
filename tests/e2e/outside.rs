//! Text from outside the tool, printed: a newline in a pool id, a username or a service's message
//! never prints a line of its own; an endpoint that echoes the request never gets its credentials
//! into the output; `--from` reads only an audit's output or usernames; users not in the pool are
//! named as such in a plan.

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

/// A line a forged value would print, if it were printed raw.
const FORGED: &str = "OK: applied";

fn through(proxy: &Proxy) -> Doctor {
    let mut cmd = doctor();
    cmd.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    cmd
}

async fn pool(name: &str) -> String {
    focused(client().create_user_pool().pool_name(name))
        .made()
        .await
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
    // Not in the pool: the error sentence names the user, escaped, on one line.
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
    assert_exit(&out, 3, "user ghost\\nOK: applied is not in the pool");
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

/// A proxy that echoes the request in its error body: the error sentence is one line, and no
/// header that carries a credential (the signature, the session token) is in any output.
#[tokio::test]
async fn an_echoed_request_never_prints_its_credentials() {
    const TOKEN: &str = "FakeSessionTokenEchoedByTheProxy0123456789";
    let p = pool("outside-echo").await;
    create_user(
        &client(),
        &p,
        "eve",
        &[("email", "eve@example.com"), ("email_verified", "false")],
    )
    .await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("DescribeUserPool", 0, 10, Fault::EchoRequest);
    let out = through(&proxy)
        .env("AWS_SESSION_TOKEN", TOKEN)
        .args(["diagnose", "--user-pool-id", &p, "--username", "eve"])
        .output()
        .unwrap();
    assert!(proxy.faults_applied() >= 1, "{:?}", proxy.seen());
    let err = one_line(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    // The message is kept past the removed headers, bounded.
    assert!(err.contains("x-amz-target"), "{err}");
    for secret in [
        TOKEN,
        "Signature=",
        "Credential=testing",
        "AWS4-HMAC-SHA256",
    ] {
        assert!(!err.contains(secret), "{secret} printed: {err}");
    }

    // An optional read that echoes: JSON keeps the failure, not the credentials.
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("GetLogDeliveryConfiguration", 0, 10, Fault::EchoRequest);
    for format in ["json", "table"] {
        let out = through(&proxy)
            .env("AWS_SESSION_TOKEN", TOKEN)
            .args([
                "diagnose",
                "-o",
                format,
                "--user-pool-id",
                &p,
                "--username",
                "eve",
            ])
            .output()
            .unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(all.contains("proxy refused this request"), "{all}");
        for secret in [TOKEN, "Signature=", "AWS4-HMAC-SHA256"] {
            assert!(!all.contains(secret), "{secret} printed: {all}");
        }
    }
}

/// `--from` takes `audit -o json` output or one username per line; JSON of another shape is
/// refused (exit 2) with the line and what was expected, and nothing is read or sent.
#[tokio::test]
async fn from_refuses_json_of_another_shape() {
    let p = pool("outside-from").await;
    invite_user(&client(), &p, "ivy", &[("email", "ivy@example.com")]).await;
    let dir = tempfile::tempdir().unwrap();
    for (text, what) in [
        ("[1,2,3]\n", "line 1 is a JSON array"),
        (
            "ivy\n{\"a\":1}\n",
            "line 2 is a JSON object without \"username\"",
        ),
        (
            "{\"user\":\"ivy\",\"findings\":[{\"code\":\"invite-not-accepted\"}]}\n",
            "line 1 is a JSON object without \"username\"",
        ),
    ] {
        let file = dir.path().join("list");
        std::fs::write(&file, text).unwrap();
        for command in [vec!["reverify", "--admin"], vec!["reinvite"]] {
            let proxy = Proxy::start(&moto().endpoint);
            let out = through(&proxy)
                .args(&command)
                .args(["--yes", "--user-pool-id", &p, "--from"])
                .arg(&file)
                .output()
                .unwrap();
            assert_exit(&out, 2, what);
            let err = one_line(&out);
            assert!(err.contains("list, line"), "{err}");
            assert!(err.contains("expected a line of `audit -o json`"), "{err}");
            // Refused before anything was read or sent.
            assert!(proxy.seen().is_empty(), "{command:?}: {:?}", proxy.seen());
        }
    }
}

/// A bulk plan names the users it did not find as not in the pool, skipped, never as users to
/// change; the run sends nothing to them.
#[tokio::test]
async fn users_not_in_the_pool_are_named_so_in_every_plan() {
    let p = pool("outside-missing").await;
    let c = client();
    invite_user(&c, &p, "ivy", &[("email", "ivy@example.com")]).await;
    create_user(
        &c,
        &p,
        "una",
        &[("email", "una@example.com"), ("email_verified", "false")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("users");

    std::fs::write(&list, "ivy\nghost\nphantom\n").unwrap();
    let out = doctor()
        .args(["reinvite", "--dry-run", "--user-pool-id", &p, "--from"])
        .arg(&list)
        .output()
        .unwrap();
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        plan.contains(
            "skipped 2: not in the pool (AdminGetUser: UserNotFoundException): ghost, phantom"
        ),
        "{plan}\n{}",
        stderr(&out)
    );
    assert!(plan.contains("1 to invite again, 2 skipped"), "{plan}");
    for l in plan.lines().filter(|l| l.contains("sent again")) {
        assert!(
            !l.contains("ghost") && !l.contains("phantom"),
            "{l}\n{plan}"
        );
    }
    let proxy = Proxy::start(&moto().endpoint);
    let out = through(&proxy)
        .args([
            "reinvite",
            "--yes",
            "-o",
            "json",
            "--user-pool-id",
            &p,
            "--from",
        ])
        .arg(&list)
        .args(["--journal"])
        .arg(dir.path().join("journal"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = proxy
        .seen()
        .iter()
        .filter(|o| *o == "AdminCreateUser")
        .count();
    assert_eq!(sent, 1, "{:?}", proxy.seen());
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(
        last["summary"]["skipped"]["not in the pool (AdminGetUser: UserNotFoundException)"], 2,
        "{last}"
    );

    std::fs::write(&list, "una\nghost\n").unwrap();
    let out = doctor()
        .args([
            "reverify",
            "--admin",
            "--dry-run",
            "--user-pool-id",
            &p,
            "--from",
        ])
        .arg(&list)
        .output()
        .unwrap();
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        plan.contains("skipped 1: not in the pool (AdminGetUser: UserNotFoundException): ghost"),
        "{plan}\n{}",
        stderr(&out)
    );
    assert!(
        !plan.lines().any(|l| l.contains("ghost email_verified")),
        "{plan}"
    );
}
