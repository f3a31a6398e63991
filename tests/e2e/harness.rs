//! Starts one moto server for the test binary, builds scenarios through the API and runs the
//! binary against it.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder;
use aws_sdk_cognitoidentityprovider::types::{
    AccountRecoverySettingType, AttributeType, EmailConfigurationType, EmailSendingAccountType,
    IdentityProviderTypeType, MessageActionType, RecoveryOptionNameType, RecoveryOptionType,
};
use aws_sdk_cognitoidentityprovider::Client;

use crate::proxy::Proxy;

pub struct Moto {
    /// Where the tool and the tests talk to moto: a [`Proxy`] in front of it that answers the
    /// few reads moto lacks (SES GetAccount, the suppression list, Cognito log delivery) with
    /// the shapes of the AWS API reference, and forwards everything else. It serves for as
    /// long as the test process runs.
    pub endpoint: String,
}

fn moto_binary() -> PathBuf {
    if let Ok(p) = std::env::var("MOTO_SERVER") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server")
}

/// The shared server. It is stopped when this test process ends: a small watchdog shell kills it
/// once our pid is gone, so no emulator outlives the run.
// The server and its watchdog live as long as the test process; the watchdog reaps the server.
#[allow(clippy::zombie_processes)]
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let bin = moto_binary();
        assert!(
            bin.exists(),
            "moto server not found at {}: run `bash scripts/test.sh`, which installs moto[server]==5.2.5 into .venv, or set MOTO_SERVER to a moto_server executable",
            bin.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("no free port on 127.0.0.1");
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server did not start");
        Command::new("sh")
            .args([
                "-c",
                "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; kill \"$1\" 2>/dev/null",
                &std::process::id().to_string(),
                &child.id().to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("watchdog did not start");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "moto_server did not listen on 127.0.0.1:{port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let front = Proxy::start(&format!("http://127.0.0.1:{port}"));
        let endpoint = front.endpoint.clone();
        // The SES identity `focused` pools send through, verified and authorizing Cognito, so
        // that those pools show one cause at a time. A thread of its own: this may run inside a
        // test's runtime.
        let at = endpoint.clone();
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(ses_identity(&ses_on(&at), FOCUSED_IDENTITY, true))
        })
        .join()
        .expect("the SES identity of focused pools was created");
        Moto { endpoint }
    })
}

/// The identity `focused` pools send through.
pub const FOCUSED_IDENTITY: &str = "no-reply@example.com";

fn ses_on(endpoint: &str) -> aws_sdk_sesv2::Client {
    let conf = aws_sdk_sesv2::Config::builder()
        .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
        .region(aws_sdk_sesv2::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .endpoint_url(endpoint)
        .build();
    aws_sdk_sesv2::Client::from_conf(conf)
}

/// An SES v2 client on moto, for building scenarios.
pub fn ses() -> aws_sdk_sesv2::Client {
    ses_on(&moto().endpoint)
}

/// The ARN of an SES identity of moto's account in us-east-1.
pub fn ses_arn(identity: &str) -> String {
    format!("arn:aws:ses:us-east-1:123456789012:identity/{identity}")
}

/// Creates an SES identity in moto (which reports it verified), with a policy that lets Cognito
/// send from it when `authorize_cognito`.
pub async fn ses_identity(c: &aws_sdk_sesv2::Client, identity: &str, authorize_cognito: bool) {
    c.create_email_identity()
        .email_identity(identity)
        .send()
        .await
        .expect("create-email-identity");
    if authorize_cognito {
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "cognito-idp.amazonaws.com"},
                "Action": ["ses:SendEmail", "ses:SendRawEmail"],
                "Resource": ses_arn(identity),
            }]
        });
        c.create_email_identity_policy()
            .email_identity(identity)
            .policy_name("cognito")
            .policy(policy.to_string())
            .send()
            .await
            .expect("create-email-identity-policy");
    }
}

/// An SDK client on moto, for building scenarios.
pub fn client() -> Client {
    let conf = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .endpoint_url(&moto().endpoint)
        .build();
    Client::from_conf(conf)
}

/// The binary, with a clean AWS environment pointing at moto. Every line it prints for pasting
/// (an AWS CLI or cognito-email-doctor command, in a table or in JSON, on stdout or stderr) is
/// checked to parse in bash, zsh and sh.
pub fn doctor() -> Doctor {
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").expect("binary built");
    isolate(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ENDPOINT_URL", &moto().endpoint);
    Doctor {
        cmd,
        args: Vec::new(),
        envs: Vec::new(),
        stdin: false,
        offline_check: true,
    }
}

/// The binary under test, whose output's printed commands are parsed by every shell; a live
/// `diagnose` is also checked against `collect` then `diagnose --bundle` (see
/// [`offline_agrees`]).
pub struct Doctor {
    pub cmd: assert_cmd::Command,
    args: Vec<std::ffi::OsString>,
    envs: Vec<(std::ffi::OsString, std::ffi::OsString)>,
    stdin: bool,
    offline_check: bool,
}

impl Doctor {
    /// A command built elsewhere (cognito-local's): printed lines checked, no offline check
    /// (the property holds on moto, where the suite builds its scenarios).
    pub fn of(cmd: assert_cmd::Command) -> Doctor {
        Doctor {
            cmd,
            args: Vec::new(),
            envs: Vec::new(),
            stdin: false,
            offline_check: false,
        }
    }

    pub fn arg(&mut self, a: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.args.push(a.as_ref().to_owned());
        self.cmd.arg(a);
        self
    }
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for a in args {
            self.arg(a);
        }
        self
    }
    pub fn env(
        &mut self,
        k: impl AsRef<std::ffi::OsStr>,
        v: impl AsRef<std::ffi::OsStr>,
    ) -> &mut Self {
        self.envs
            .push((k.as_ref().to_owned(), v.as_ref().to_owned()));
        self.cmd.env(k, v);
        self
    }
    pub fn write_stdin(&mut self, b: impl Into<Vec<u8>>) -> &mut Self {
        self.stdin = true;
        self.cmd.write_stdin(b);
        self
    }
    /// Runs it; every printed command line must parse in bash, zsh and sh, and a live diagnosis
    /// must be the one its bundle gives offline.
    pub fn output(&mut self) -> std::io::Result<std::process::Output> {
        let out = self.cmd.output()?;
        check_printed_lines(&out);
        if self.offline_check {
            offline_agrees(self, &out);
        }
        Ok(out)
    }
}

/// The property of issue 29, over every scenario the suite builds: a live `diagnose` of a
/// pool (or a user in it) on the shared moto gives the same codes and severities as `collect`
/// then `diagnose --bundle` offline, with no credentials and every endpoint a closed port. Runs
/// the live diagnosis again as JSON (the test's own run may print a table), collects, and
/// compares. Skipped where the scenario is not the shared moto alone (a test's own proxy or
/// endpoint, whose faults are counted), a secret on stdin, or an offline run already.
fn offline_agrees(d: &Doctor, out: &std::process::Output) {
    let words: Vec<String> = d
        .args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if words.iter().any(|w| w == "audit") {
        return offline_audit_agrees(d, &words, out);
    }
    let Some(at) = words.iter().position(|w| w == "diagnose") else {
        return;
    };
    let skip = [
        "--bundle",
        "--pool-json",
        "--id-token-file",
        "--profile",
        "--endpoint-url",
    ];
    let Some(pool) = checked_pool(d, &words, out, &skip) else {
        return;
    };
    let value = |flag: &str| flag_value(&words, flag);
    let mut select: Vec<String> = Vec::new();
    for flag in ["--username", "--email", "--sub", "--since"] {
        if let Some(v) = value(flag) {
            select.extend([flag.to_owned(), v]);
        }
    }
    let region: Vec<String> = words[..at]
        .iter()
        .position(|w| w == "--region")
        .and_then(|i| words.get(i + 1))
        .map(|r| vec!["--region".to_owned(), r.clone()])
        .unwrap_or_default();
    let quiet = |args: Vec<String>| {
        let mut x = doctor();
        x.offline_check = false;
        for (k, v) in &d.envs {
            x.env(k, v);
        }
        x.args(args);
        x
    };
    let codes = |o: &std::process::Output| -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        v["findings"]
            .as_array()
            .map(|fs| {
                fs.iter()
                    .map(|f| {
                        (
                            f["code"].as_str().unwrap_or_default().to_owned(),
                            f["severity"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let live = quiet(
        [
            region.clone(),
            vec![
                "-o".into(),
                "json".into(),
                "diagnose".into(),
                "--user-pool-id".into(),
                pool.clone(),
            ],
            select.clone(),
        ]
        .concat(),
    )
    .output()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    let collected = quiet(
        [
            region.clone(),
            vec!["collect".into(), "--user-pool-id".into(), pool.clone()],
            select.clone(),
            vec!["--out".into(), bundle.display().to_string()],
        ]
        .concat(),
    )
    .output()
    .unwrap();
    assert_eq!(
        collected.status.code(),
        Some(0),
        "collect of {words:?}: {}",
        String::from_utf8_lossy(&collected.stderr)
    );
    let mut offline = assert_cmd::Command::cargo_bin("cognito-email-doctor").expect("binary built");
    isolate(&mut offline);
    let since = value("--since")
        .map(|s| vec!["--since".to_owned(), s])
        .unwrap_or_default();
    let off = offline
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(region)
        .args(["-o", "json", "diagnose", "--bundle"])
        .arg(&bundle)
        .args(since)
        .output()
        .unwrap();
    let unavailable = |o: &std::process::Output| -> String {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        v["unavailable"].to_string()
    };
    assert_eq!(
        codes(&off),
        codes(&live),
        "offline diagnosis of {words:?} differs from live: {}\noffline could not read: {}\nlive could not read: {}",
        String::from_utf8_lossy(&off.stderr),
        unavailable(&off),
        unavailable(&live)
    );
}

/// The command lines an output offers for pasting: `$ ` lines, `confirm:`/`more:`/`resume
/// with:` lines of tables, and JSON string values that are commands.
pub fn printed_lines(text: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if is_command(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    fn is_command(s: &str) -> bool {
        s.starts_with("aws ") || s.starts_with("cognito-email-doctor ") || s.starts_with(": \"${")
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        walk(&v, &mut out);
        return out;
    }
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            walk(&v, &mut out);
            continue;
        }
        let t = line.trim_start();
        let t = t.strip_prefix("$ ").unwrap_or(t);
        let t = ["confirm: ", "more: ", "resume with: "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t);
        if is_command(t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// Fails when a printed command line does not parse in bash, zsh or sh (`-n`: nothing runs).
pub fn check_printed_lines(out: &std::process::Output) {
    let mut lines = printed_lines(&String::from_utf8_lossy(&out.stdout));
    lines.extend(printed_lines(&String::from_utf8_lossy(&out.stderr)));
    if lines.is_empty() {
        return;
    }
    // The script goes on stdin: the lines of a large audit pass the 128 KiB limit of one
    // argument.
    let parses = |shell: &str, script: &str| {
        use std::io::Write;
        let mut child = Command::new(shell)
            .arg("-n")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{shell} is needed by the e2e tests ({e}): `bash scripts/test.sh` installs zsh"
                )
            });
        let mut stdin = child.stdin.take().expect("stdin");
        let _ = stdin.write_all(script.as_bytes());
        drop(stdin);
        child.wait().expect("the shell ran").success()
    };
    let all = lines.join("\n");
    for shell in ["bash", "zsh", "sh"] {
        if !parses(shell, &all) {
            let bad: Vec<&String> = lines.iter().filter(|l| !parses(shell, l)).collect();
            if bad.is_empty() {
                panic!("{shell} -n refuses the printed lines together:\n{all}");
            }
            panic!("{shell} -n refuses printed lines: {bad:#?}");
        }
    }
}

/// Removes every AWS variable of the developer's shell, and keeps IMDS off (no traffic leaves
/// loopback in tests).
pub fn isolate(cmd: &mut assert_cmd::Command) {
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k == "NO_COLOR" || k.starts_with("COGNITO_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

pub fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("attribute")
}

/// A pool request made to show one cause at a time: password resets go by phone (so an
/// unverified email does not also block them) and email goes through SES (no daily-limit note).
/// Tests of those two causes build their pools without this.
pub fn focused(req: CreateUserPoolFluentBuilder) -> CreateUserPoolFluentBuilder {
    req.account_recovery_setting(
        AccountRecoverySettingType::builder()
            .recovery_mechanisms(
                RecoveryOptionType::builder()
                    .name(RecoveryOptionNameType::VerifiedPhoneNumber)
                    .priority(1)
                    .build()
                    .expect("recovery option"),
            )
            .build(),
    )
    .email_configuration(
        EmailConfigurationType::builder()
            .email_sending_account(EmailSendingAccountType::Developer)
            .source_arn(ses_arn(FOCUSED_IDENTITY))
            .build(),
    )
}

/// A `focused` pool named `name`, with `f` applied to the request; its id.
pub async fn pool_with(
    name: &str,
    f: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
) -> String {
    f(focused(client().create_user_pool().pool_name(name)))
        .made()
        .await
}

/// Changes a user's email as Cognito does: the new address, email_verified false. (moto does
/// not flip email_verified itself.) The user is modified after its creation.
pub async fn change_email(c: &Client, pool: &str, username: &str, email: &str) {
    tokio::time::sleep(Duration::from_millis(5)).await;
    c.admin_update_user_attributes()
        .user_pool_id(pool)
        .username(username)
        .user_attributes(attr("email", email))
        .user_attributes(attr("email_verified", "false"))
        .send()
        .await
        .expect("AdminUpdateUserAttributes");
}

/// Gives a user a permanent password: status CONFIRMED, as after its first sign-in.
pub async fn confirm_user(c: &Client, pool: &str, username: &str) {
    c.admin_set_user_password()
        .user_pool_id(pool)
        .username(username)
        .password("E2e-Passw0rd!")
        .permanent(true)
        .send()
        .await
        .expect("AdminSetUserPassword");
}

/// Creates a user as an administrator, without sending a message.
/// A user with `attrs`, CONFIRMED as a user who signed up or accepted the invitation is: created
/// by an administrator (no message sent), then given a permanent password. (moto keeps the
/// creation and last-modified dates equal through that.)
pub async fn create_user(c: &Client, pool: &str, username: &str, attrs: &[(&str, &str)]) {
    invite_user(c, pool, username, attrs).await;
    c.admin_set_user_password()
        .user_pool_id(pool)
        .username(username)
        .password("Passw0rd!-e2e-Long-Enough-2026")
        .permanent(true)
        .send()
        .await
        .expect("AdminSetUserPassword");
}

/// A user an administrator invited and who has not used the invitation (FORCE_CHANGE_PASSWORD).
pub async fn invite_user(c: &Client, pool: &str, username: &str, attrs: &[(&str, &str)]) {
    c.admin_create_user()
        .user_pool_id(pool)
        .username(username)
        .message_action(MessageActionType::Suppress)
        .set_user_attributes(Some(attrs.iter().map(|(k, v)| attr(k, v)).collect()))
        .send()
        .await
        .expect("AdminCreateUser");
}

pub fn identities(provider: &str, ptype: &str) -> String {
    format!(
        r#"[{{"userId":"1234567890","providerName":"{provider}","providerType":"{ptype}","issuer":null,"primary":true,"dateCreated":1700000000000}}]"#
    )
}

/// The `unavailable` entries of a user's diagnosis other than the empty history the suite's
/// proxy answers by default (moto has no CloudTrail): that one is checked to be there, named
/// for what it is (issue 30: an empty history is named under `unavailable` and changes no
/// verdict).
pub fn gaps_besides_empty_history(v: &serde_json::Value) -> serde_json::Value {
    let all = v["unavailable"].as_array().cloned().unwrap_or_default();
    let (history, rest): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|u| u["operation"] == "cloudtrail:LookupEvents");
    assert_eq!(history.len(), 1, "{v}");
    assert_eq!(history[0]["kind"], "empty", "{v}");
    assert!(
        history[0]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("no Cognito event names this user")),
        "{v}"
    );
    serde_json::Value::Array(rest)
}

/// Parses stdout as JSON.
pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

pub fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs an AWS CLI line against moto (to build a scenario the Rust SDK crates here do not reach:
/// IAM roles, Lambda functions).
pub fn aws(line: &str) -> String {
    let full = format!(
        "{line} --region us-east-1 --endpoint-url {} --output json",
        moto().endpoint
    );
    let out = run_printed_aws_cli(&full);
    assert!(out.status.success(), "{full}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The finding of `code` in a diagnosis.
pub fn finding<'a>(v: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    v["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {v}"))
}

/// Asserts the exit code and that stderr's sentence contains `needle`.
pub fn assert_exit(out: &std::process::Output, code: i32, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The AWS CLI from .venv (pinned beside moto), to run printed commands as they are.
pub fn aws_cli_bin() -> PathBuf {
    let p = std::env::var("AWS_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/aws"));
    assert!(
        p.exists(),
        "the AWS CLI was not found at {}: run `bash scripts/test.sh`, which installs it into .venv",
        p.display()
    );
    p
}

/// Runs a printed `aws ...` command line through bash (the support engineer's shell), with the
/// AWS CLI from .venv.
pub fn run_printed_aws_cli(line: &str) -> std::process::Output {
    run_printed_aws_cli_in("bash", line)
}

/// Runs a printed `aws ...` command line through `shell`, with the AWS CLI from .venv.
pub fn run_printed_aws_cli_in(shell: &str, line: &str) -> std::process::Output {
    let bin = aws_cli_bin();
    let dir = bin.parent().expect("bin dir").to_owned();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = std::process::Command::new(shell);
    cmd.arg("-c").arg(line).env("PATH", path);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the shell runs")
}

/// Creates an identity provider through the API.
pub async fn provider(
    pool: &str,
    name: &str,
    ptype: IdentityProviderTypeType,
    details: &[(&str, &str)],
    mapping: &[(&str, &str)],
) {
    client()
        .create_identity_provider()
        .user_pool_id(pool)
        .provider_name(name)
        .provider_type(ptype)
        .set_provider_details(Some(
            details
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ))
        .set_attribute_mapping(Some(
            mapping
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ))
        .send()
        .await
        .expect("CreateIdentityProvider");
}

/// The same property for `audit`: a live audit of a pool on the shared moto and `collect
/// --all-users` then `audit --bundle` offline give the same summary (users scanned, users with
/// findings, counts by code).
fn offline_audit_agrees(d: &Doctor, words: &[String], out: &std::process::Output) {
    let skip = [
        "--bundle",
        "--all-pools",
        "--starting-token",
        "--profile",
        "--endpoint-url",
        "--region",
    ];
    let Some(pool) = checked_pool(d, words, out, &skip) else {
        return;
    };
    let value = |flag: &str| flag_value(words, flag);
    let parallel = value("--parallel").unwrap_or_else(|| "8".into());
    let summary = |o: &std::process::Output| -> serde_json::Value {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|v| v.get("summary").cloned())
            .unwrap_or_default()
    };
    let quiet = |args: &[&str]| {
        let mut x = doctor();
        x.offline_check = false;
        for (k, v) in &d.envs {
            x.env(k, v);
        }
        x.args(args);
        x.output().unwrap()
    };
    let live = quiet(&[
        "-o",
        "json",
        "audit",
        "--user-pool-id",
        &pool,
        "--parallel",
        &parallel,
    ]);
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    let b = bundle.display().to_string();
    let collected = quiet(&[
        "collect",
        "--all-users",
        "--user-pool-id",
        &pool,
        "--parallel",
        &parallel,
        "--out",
        &b,
    ]);
    assert_eq!(
        collected.status.code(),
        Some(0),
        "collect --all-users of {words:?}: {}",
        String::from_utf8_lossy(&collected.stderr)
    );
    let mut offline = assert_cmd::Command::cargo_bin("cognito-email-doctor").expect("binary built");
    isolate(&mut offline);
    let off = offline
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args([
            "-o",
            "json",
            "audit",
            "--bundle",
            &b,
            "--parallel",
            &parallel,
        ])
        .output()
        .unwrap();
    assert_eq!(
        summary(&off),
        summary(&live),
        "offline audit of {words:?} differs from live: {}",
        String::from_utf8_lossy(&off.stderr)
    );
}

/// OIDC provider details, with a client secret that must never be printed.
pub const OIDC_DETAILS: &[(&str, &str)] = &[
    ("client_id", "cid"),
    ("client_secret", "provider-secret-value"),
    ("oidc_issuer", "https://issuer.example.com"),
    ("authorize_scopes", "openid email"),
    ("attributes_request_method", "GET"),
];

/// The second Cognito of the suite: cognito-local (npm, pinned by scripts/lib.sh), with its
/// default configuration (its tokens' issuer is `http://localhost:PORT/POOL`), on a free port.
pub struct CognitoLocal {
    pub endpoint: String,
    /// Where it keeps its database (`.cognito/db/POOL.json`), which holds the codes it "sends".
    pub dir: PathBuf,
}

// Like moto: it lives as long as the test process and a watchdog stops it.
#[allow(clippy::zombie_processes)]
pub fn cognito_local() -> &'static CognitoLocal {
    static LOCAL: OnceLock<CognitoLocal> = OnceLock::new();
    LOCAL.get_or_init(|| {
        let bin = std::env::var("COGNITO_LOCAL").map(PathBuf::from).unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".cognito-local/node_modules/.bin/cognito-local")
        });
        assert!(
            bin.exists(),
            "cognito-local not found at {}: run `bash scripts/test.sh`, which installs cognito-local@5.3.0 with npm into .cognito-local, or set COGNITO_LOCAL",
            bin.display()
        );
        // It runs in its own directory (its database goes there): the path must not be relative.
        let bin = bin.canonicalize().unwrap_or(bin);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("no free port on 127.0.0.1");
        let dir = std::env::temp_dir().join(format!("cognito-local-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("cognito-local directory");
        let child = Command::new(&bin)
            .current_dir(&dir)
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cognito-local did not start");
        Command::new("sh")
            .args([
                "-c",
                "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; kill \"$1\" 2>/dev/null; rm -rf \"$2\"",
                &std::process::id().to_string(),
                &child.id().to_string(),
                &dir.display().to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("watchdog did not start");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "cognito-local did not listen on 127.0.0.1:{port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        CognitoLocal {
            endpoint: format!("http://127.0.0.1:{port}"),
            dir,
        }
    })
}

impl CognitoLocal {
    /// An SDK client on cognito-local, for building scenarios.
    pub fn client(&self) -> Client {
        let conf = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("local", "local", None, None, "test"))
            .endpoint_url(&self.endpoint)
            .build();
        Client::from_conf(conf)
    }

    /// The binary pointed at cognito-local, as a user would: --endpoint-url and --region.
    pub fn doctor(&self) -> Doctor {
        let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").expect("binary built");
        isolate(&mut cmd);
        cmd.env("AWS_ACCESS_KEY_ID", "local")
            .env("AWS_SECRET_ACCESS_KEY", "local")
            .args(["--endpoint-url", &self.endpoint, "--region", "us-east-1"]);
        Doctor::of(cmd)
    }

    /// A code cognito-local recorded for a user (`ConfirmationCode` or `AttributeVerificationCode`).
    pub fn code(&self, pool: &str, email: &str, field: &str) -> String {
        let path = self.dir.join(".cognito/db").join(format!("{pool}.json"));
        let db: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("cognito-local database"))
                .expect("JSON");
        db["Users"]
            .as_object()
            .into_iter()
            .flat_map(|users| users.values())
            .find(|u| {
                u["Attributes"].as_array().is_some_and(|a| {
                    a.iter()
                        .any(|x| x["Name"] == "email" && x["Value"] == email)
                })
            })
            .and_then(|u| u[field].as_str())
            .unwrap_or_else(|| panic!("no {field} for {email} in {}", path.display()))
            .to_owned()
    }
}

/// The binary as a child process (for the signal tests), its output piped, with a clean AWS
/// environment pointing at `endpoint`.
pub fn spawn_doctor<I, S>(endpoint: &str, args: I) -> std::process::Child
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-email-doctor"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("COGNITO_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", endpoint)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// Sends a signal (`-INT`, `-TERM`, `-HUP`) to a child.
pub fn signal(child: &std::process::Child, sig: &str) {
    Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill runs");
}

/// A pool of `n` users invited by an administrator who never used the invitation (`invNNN`).
pub async fn invited_pool(name: &str, n: usize) -> String {
    pool_of_users(name, n, "inv", true, "true").await
}

/// A pool of `n` users whose email was never verified (`jNNN`), as an audit would list them.
pub async fn unverified_pool(name: &str, n: usize) -> String {
    pool_of_users(name, n, "j", false, "false").await
}

/// A pool named `name` of `n` users (`{prefix}NNN`, addresses `{prefix}N@example.com`), invited
/// or created with a password, their email_verified `verified`.
async fn pool_of_users(
    name: &str,
    n: usize,
    prefix: &str,
    invited: bool,
    verified: &str,
) -> String {
    use futures_util::{stream, StreamExt};
    let c = client();
    let p = focused(c.create_user_pool().pool_name(name)).made().await;
    stream::iter(0..n)
        .for_each_concurrent(16, |i| {
            let (c, p) = (c.clone(), p.clone());
            let (username, email) = (
                format!("{prefix}{i:03}"),
                format!("{prefix}{i}@example.com"),
            );
            async move {
                let attrs = [("email", email.as_str()), ("email_verified", verified)];
                match invited {
                    true => invite_user(&c, &p, &username, &attrs).await,
                    false => create_user(&c, &p, &username, &attrs).await,
                }
            }
        })
        .await;
    p
}

/// A pool made: its id.
pub trait Made {
    async fn made(self) -> String;
}

impl Made for CreateUserPoolFluentBuilder {
    async fn made(self) -> String {
        self.send()
            .await
            .expect("CreateUserPool")
            .user_pool()
            .and_then(|p| p.id())
            .expect("a pool id")
            .to_owned()
    }
}

/// The changes of a journal that have a planned line and no line after it (a write the stop
/// left in flight).
pub fn planned_only(journal: &std::path::Path) -> usize {
    let ls: Vec<serde_json::Value> = std::fs::read_to_string(journal)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let done: std::collections::BTreeSet<u64> = ls
        .iter()
        .filter(|l| l["status"] != "planned")
        .filter_map(|l| l["change"].as_u64())
        .collect();
    ls.iter()
        .filter(|l| {
            l["status"] == "planned" && l["change"].as_u64().is_some_and(|c| !done.contains(&c))
        })
        .count()
}

/// The pool of a live run the offline properties check: one on the shared moto (no endpoint or
/// profile of its own, no stdin, none of `skip`'s flags) that ended 0 or 1 with a pool id.
fn checked_pool(
    d: &Doctor,
    words: &[String],
    out: &std::process::Output,
    skip: &[&str],
) -> Option<String> {
    let own_endpoint = d
        .envs
        .iter()
        .any(|(k, _)| k.to_string_lossy().starts_with("AWS_ENDPOINT_URL") || k == "AWS_PROFILE");
    let skipped = skip.iter().any(|f| words.iter().any(|w| w == f));
    if own_endpoint || skipped || d.stdin || !matches!(out.status.code(), Some(0 | 1)) {
        return None;
    }
    flag_value(words, "--user-pool-id")
}

/// The word after `flag`.
fn flag_value(words: &[String], flag: &str) -> Option<String> {
    words
        .iter()
        .position(|w| w == flag)
        .and_then(|i| words.get(i + 1))
        .cloned()
}
