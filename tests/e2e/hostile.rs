//! Printed commands hold any valid name: for generated hostile usernames and emails, every
//! printed `aws_cli` (and `doctor`) line that moto implements runs verbatim through bash, zsh and
//! sh and does
//! exactly what it says, nothing more (no word splitting, no expansion, no option injection).

use aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType;

use crate::harness::*;

/// Names that break naive quoting: quotes, shell syntax, option-like starts, non-ASCII.
const USERNAMES: &[&str] = &[
    "o'brien",
    "-dash",
    "--double-dash",
    "say\"hi\"",
    "$(touch pwned)",
    "`touch pwned`",
    "semi;colon&amp",
    "back\\slash",
    "pct%s{brace}",
    "star*glob?[x]",
    "über-straße",
    "pipe|bar>gt<lt",
    "#hash!bang~",
];

const EMAILS: &[&str] = &[
    "o'brien@example.com",
    "a+b@example.com",
    "x,y@example.com",
    "[br]@example.com",
    "$HOME@example.com",
    "q\"t@example.com",
    "-lead@example.com",
];

/// Runs the line under bash, zsh and sh in turn (each printed line is idempotent: a second
/// run finds the change made); each shell must end the same way. Returns sh's output.
fn sh(line: &str, env: &[(&str, &str)], dir: &std::path::Path) -> std::process::Output {
    let outs: Vec<std::process::Output> = ["bash", "zsh", "sh"]
        .iter()
        .map(|shell| run_in(shell, line, env, dir))
        .collect();
    for (shell, o) in ["bash", "zsh"].iter().zip(&outs) {
        assert_eq!(
            o.status.success(),
            outs[2].status.success(),
            "{shell} and sh disagree on {line}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    outs.into_iter().last().expect("three runs")
}

fn run_in(
    shell: &str,
    line: &str,
    env: &[(&str, &str)],
    dir: &std::path::Path,
) -> std::process::Output {
    let aws_dir = aws_cli_bin().parent().unwrap().to_owned();
    let doctor_dir = std::path::PathBuf::from(env!("CARGO_BIN_EXE_cognito-email-doctor"))
        .parent()
        .unwrap()
        .to_owned();
    let mut cmd = std::process::Command::new(shell);
    cmd.arg("-c").arg(line).current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("COGNITO_") {
            cmd.env_remove(k);
        }
    }
    cmd.env(
        "PATH",
        format!(
            "{}:{}:{}",
            aws_dir.display(),
            doctor_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    )
    .env("AWS_ACCESS_KEY_ID", "testing")
    .env("AWS_SECRET_ACCESS_KEY", "testing")
    .env("AWS_CONFIG_FILE", "/dev/null")
    .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    .env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the shell runs")
}

async fn email_verified(pool: &str, username: &str) -> (Option<String>, Option<String>) {
    let u = client()
        .admin_get_user()
        .user_pool_id(pool)
        .username(username)
        .send()
        .await
        .expect("AdminGetUser");
    let get = |n: &str| {
        u.user_attributes()
            .iter()
            .find(|a| a.name() == n)
            .and_then(|a| a.value())
            .map(str::to_owned)
    };
    (get("email"), get("email_verified"))
}

#[tokio::test]
async fn every_printed_command_runs_verbatim_for_hostile_names() {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("hostile"))
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .made()
        .await;
    let dir = tempfile::tempdir().unwrap();
    for (i, username) in USERNAMES.iter().enumerate() {
        let email = EMAILS[i % EMAILS.len()];
        let next_email = EMAILS[(i + 1) % EMAILS.len()].replace('@', &format!("+{i}@"));
        create_user(
            &c,
            &p,
            username,
            &[("email", email), ("email_verified", "false")],
        )
        .await;
        let out = doctor()
            .args(["diagnose", "-o", "json", "--user-pool-id", &p])
            .arg(format!("--username={username}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{username}: {}", stderr(&out));
        let v = json(&out);
        assert_eq!(v["username"], *username);
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "email-never-verified")
            .unwrap_or_else(|| panic!("{username}: {v}"));

        // The printed AWS CLI command verifies exactly this user.
        let verify = f["fix"][0]["aws_cli"].as_str().unwrap();
        let ran = sh(verify, &[], dir.path());
        assert!(
            ran.status.success(),
            "{username}: {verify}: {}",
            stderr(&ran)
        );
        assert_eq!(
            email_verified(&p, username).await,
            (Some(email.to_owned()), Some("true".to_owned())),
            "{verify}"
        );

        // The printed doctor command (with --yes) runs too: first put the value back.
        c.admin_update_user_attributes()
            .user_pool_id(&p)
            .username(*username)
            .user_attributes(attr("email_verified", "false"))
            .send()
            .await
            .unwrap();
        let doc = f["fix"][0]["doctor"].as_str().unwrap();
        let ran = sh(&format!("{doc} --yes"), &[], dir.path());
        assert!(ran.status.success(), "{username}: {doc}: {}", stderr(&ran));
        assert_eq!(
            email_verified(&p, username).await.1.as_deref(),
            Some("true")
        );

        // Setting a new address: remove the email, so that the fix is to set one; the printed
        // command is refused until NEW_EMAIL is set, then sets exactly that address.
        c.admin_delete_user_attributes()
            .user_pool_id(&p)
            .username(*username)
            .user_attribute_names("email")
            .send()
            .await
            .unwrap();
        let holder = doctor()
            .args(["diagnose", "-o", "json", "--user-pool-id", &p])
            .arg(format!("--username={username}"))
            .output()
            .unwrap();
        let v = json(&holder);
        let set_email = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["fix"].as_array().unwrap().iter())
            .filter_map(|s| s["aws_cli"].as_str())
            .find(|c| c.contains(r#""Name":"email","Value""#));
        if let Some(line) = set_email {
            let refused = sh(line, &[], dir.path());
            assert!(!refused.status.success(), "{line}");
            // The value lands inside JSON: the operator escapes a quote or backslash, as the
            // placeholder's sentence says.
            let escaped = serde_json::to_string(&next_email).unwrap();
            let ran = sh(
                line,
                &[("NEW_EMAIL", escaped.trim_matches('"'))],
                dir.path(),
            );
            assert!(ran.status.success(), "{line}: {}", stderr(&ran));
            assert_eq!(
                email_verified(&p, username).await.0.as_deref(),
                Some(next_email.as_str())
            );
        }
    }
    assert!(
        !dir.path().join("pwned").exists(),
        "a printed command ran shell syntax from a name"
    );
}
