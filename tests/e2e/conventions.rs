//! The AWS conventions (profiles, region, endpoints from flags and environment, with fixture
//! config files), colour, redaction and secrets in logs.

use std::io::Write;

use aws_sdk_cognitoidentityprovider::types::AliasAttributeType;

use crate::harness::*;

async fn alias_pool_with_conflict() -> String {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("conv"))
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(
            aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType::Email,
        )
        .made()
        .await;
    create_user(
        &c,
        &p,
        "olivia.smith",
        &[
            ("email", "olivia.smith@corp.example"),
            ("email_verified", "false"),
        ],
    )
    .await;
    create_user(
        &c,
        &p,
        "nora.jones",
        &[
            ("email", "olivia.smith@corp.example"),
            ("email_verified", "true"),
        ],
    )
    .await;
    p
}

struct Fixture {
    _dir: tempfile::TempDir,
    config: String,
    credentials: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::File::create(&config)
        .unwrap()
        .write_all(b"[profile support]\nregion = eu-west-1\n\n[default]\nregion = eu-west-1\n")
        .unwrap();
    std::fs::File::create(&credentials)
        .unwrap()
        .write_all(
            b"[support]\naws_access_key_id = FIXTUREKEY\naws_secret_access_key = fixture-secret\n",
        )
        .unwrap();
    Fixture {
        config: config.to_str().unwrap().to_owned(),
        credentials: credentials.to_str().unwrap().to_owned(),
        _dir: dir,
    }
}

/// The binary with only the fixture files for credentials.
fn with_fixture(f: &Fixture) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    cmd.env("AWS_CONFIG_FILE", &f.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &f.credentials);
    cmd
}

fn dead_endpoint() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn profile_from_env_or_flag_reaches_the_pool_and_is_printed_in_fixes() {
    let p = alias_pool_with_conflict().await;
    let f = fixture();
    for by_env in [true, false] {
        let mut cmd = with_fixture(&f);
        cmd.env("AWS_ENDPOINT_URL", &moto().endpoint);
        if by_env {
            cmd.env("AWS_PROFILE", "support");
        } else {
            cmd.args(["--profile", "support"]);
        }
        let out = cmd
            .args([
                "diagnose",
                "-o",
                "json",
                "--user-pool-id",
                &p,
                "--username",
                "olivia.smith",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let v = json(&out);
        let cli = v["findings"][0]["fix"][2]["aws_cli"].as_str().unwrap();
        // The pool id's region wins over the profile's; the profile is passed on.
        assert!(
            cli.ends_with(&format!(
                "--region us-east-1 --profile support --endpoint-url {}",
                moto().endpoint
            )),
            "{cli}"
        );
    }
    let out = with_fixture(&f)
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .args([
            "--profile",
            "nosuchprofile",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "the profile nosuchprofile does not exist in");
}

/// An endpoint that records the Authorization header of each request and answers every one with
/// AccessDeniedException: enough to see which credentials signed a call.
fn recorder() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut auth, mut length) = (String::new(), 0usize);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("authorization:") {
                    auth = line.trim().to_owned();
                }
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = tx.send(auth);
            let answer = r#"{"__type":"AccessDeniedException","message":"recorded"}"#;
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                )
                .as_bytes(),
            );
        }
    });
    (url, rx)
}

#[test]
fn a_named_profile_beats_environment_keys_as_in_the_aws_cli() {
    let f = fixture();
    let (url, seen) = recorder();
    let out = with_fixture(&f)
        .env("AWS_ACCESS_KEY_ID", "ENVIRONMENTKEY")
        .env("AWS_SECRET_ACCESS_KEY", "environment-secret")
        .args([
            "--profile",
            "support",
            "--endpoint-url",
            &url,
            "-vv",
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let auth = seen
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(auth.contains("Credential=FIXTUREKEY/"), "{auth}");
    let err = stderr(&out);
    assert!(
        err.contains("credentials from the profile support"),
        "{err}"
    );
    assert!(
        !err.contains("fixture-secret") && !err.contains("environment-secret"),
        "{err}"
    );
    // Without a profile, the environment's key signs, and -vv says so.
    let (url, seen) = recorder();
    let out = with_fixture(&f)
        .env("AWS_ACCESS_KEY_ID", "ENVIRONMENTKEY")
        .env("AWS_SECRET_ACCESS_KEY", "environment-secret")
        .args([
            "--endpoint-url",
            &url,
            "-vv",
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let auth = seen
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(auth.contains("Credential=ENVIRONMENTKEY/"), "{auth}");
    assert!(
        stderr(&out).contains("credentials from the environment"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn endpoint_precedence_flag_then_service_variable_then_global_variable() {
    let p = alias_pool_with_conflict().await;
    let args = [
        "diagnose",
        "--user-pool-id",
        p.as_str(),
        "--username",
        "olivia.smith",
    ];
    let out = doctor()
        .env("AWS_ENDPOINT_URL", dead_endpoint())
        .env(
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
            &moto().endpoint,
        )
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the service variable wins: {}",
        stderr(&out)
    );
    let out = doctor()
        .env("AWS_ENDPOINT_URL", dead_endpoint())
        .env(
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
            dead_endpoint(),
        )
        .args(["--endpoint-url", &moto().endpoint])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the flag wins: {}",
        stderr(&out)
    );
    let out = doctor()
        .env("AWS_ENDPOINT_URL", dead_endpoint())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "the global variable is used");
}

#[tokio::test]
async fn region_from_flag_or_environment_overrides_the_pool_prefix() {
    let p = alias_pool_with_conflict().await;
    let args = [
        "diagnose",
        "--user-pool-id",
        p.as_str(),
        "--username",
        "olivia.smith",
    ];
    // moto keeps pools per region: another region does not have this pool.
    for env in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        let out = doctor().env(env, "eu-west-1").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{env}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("no such resource"),
            "{}",
            stderr(&out)
        );
    }
    let out = doctor()
        .args(["--region", "eu-west-1"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let out = doctor()
        .args(["--region", "not-a-region"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn colour_only_when_asked_and_never_with_no_color() {
    let p = alias_pool_with_conflict().await;
    let args = [
        "diagnose",
        "--user-pool-id",
        p.as_str(),
        "--username",
        "olivia.smith",
    ];
    let esc = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).contains("\u{1b}[");
    assert!(
        !esc(&doctor().args(args).output().unwrap()),
        "piped: no colour"
    );
    assert!(
        esc(&doctor()
            .env("CLICOLOR_FORCE", "1")
            .args(args)
            .output()
            .unwrap()),
        "forced: colour"
    );
    assert!(!esc(&doctor()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()));
    assert!(!esc(&doctor()
        .env("CLICOLOR_FORCE", "1")
        .arg("--no-color")
        .args(args)
        .output()
        .unwrap()));
}

#[tokio::test]
async fn redact_masks_people_in_every_format_consistently() {
    let p = alias_pool_with_conflict().await;
    let people = ["olivia.smith", "nora.jones", "corp.example"];
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "--redact",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
        ],
        vec![
            "--redact",
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
        ],
        vec!["--redact", "-o", "json", "audit", "--user-pool-id", &p],
        vec!["--redact", "-o", "csv", "audit", "--user-pool-id", &p],
        vec!["--redact", "audit", "--user-pool-id", &p],
        vec![
            "--redact",
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
            "--yes",
        ],
        vec![
            "--redact",
            "-o",
            "json",
            "reverify",
            "--admin",
            "--take-alias",
            "--dry-run",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
        ],
    ];
    for args in runs {
        let out = doctor().args(&args).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        for who in people {
            assert!(!all.contains(who), "{args:?} shows {who}:\n{all}");
        }
        assert!(all.contains("user-1"), "{args:?}:\n{all}");
    }
    // Error sentences on stderr, and a name that printed commands quote.
    let c = client();
    for (name, email) in [
        ("amb.one", "same.addr@example.com"),
        ("amb.two", "same.addr@example.com"),
        ("o'hara.x", "ohara@example.com"),
    ] {
        create_user(
            &c,
            &p,
            name,
            &[("email", email), ("email_verified", "false")],
        )
        .await;
    }
    create_user(&c, &p, "no.mail", &[("name", "No Mail")]).await;
    let error_runs: Vec<Vec<&str>> = vec![
        vec![
            "--redact",
            "diagnose",
            "--user-pool-id",
            &p,
            "--email",
            "same.addr@example.com",
        ],
        vec![
            "--redact",
            "reverify",
            "--admin",
            "--user-pool-id",
            &p,
            "--username",
            "no.mail",
            "--yes",
        ],
        vec![
            "--redact",
            "force-alias",
            "create",
            "--user-pool-id",
            &p,
            "--username",
            "amb.one",
            "--email",
            "other.addr@example.com",
            "--yes",
        ],
        vec![
            "--redact",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "o'hara.x",
        ],
        vec![
            "--redact",
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "o'hara.x",
        ],
        vec![
            "--redact",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "nobody.here",
        ],
    ];
    for args in error_runs {
        let out = doctor().args(&args).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        for raw in [
            "amb.one",
            "amb.two",
            "same.addr",
            "no.mail",
            "o'hara",
            "ohara@",
            "other.addr",
            "nobody.here",
        ] {
            assert!(!all.contains(raw), "{args:?} shows {raw}:\n{all}");
        }
        let names_nobody = args.contains(&"nobody.here");
        assert!(
            names_nobody || all.contains("user-") || all.contains("@redacted.invalid"),
            "{args:?}:\n{all}"
        );
    }
    // Within one run the same user masks the same way: the holder named in evidence is user-2
    // everywhere.
    let out = doctor()
        .args([
            "--redact",
            "-o",
            "json",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "olivia.smith",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["username"], "user-1");
    assert_eq!(v["email"], "email-1@redacted.invalid");
    let text = v["findings"].to_string();
    assert!(text.contains("user user-2 has the same email"), "{text}");
    assert!(text.contains("--username user-1"), "{text}");
}

#[tokio::test]
async fn secrets_never_appear_at_any_verbosity() {
    let p = alias_pool_with_conflict().await;
    let cid = client()
        .create_user_pool_client()
        .user_pool_id(&p)
        .client_name("s")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap()
        .to_owned();
    for v in ["-v", "-vv", "-vvv"] {
        let who = format!("late{}", v.len());
        client()
            .sign_up()
            .client_id(&cid)
            .username(&who)
            .password("Sandbox-Passw0rd-1")
            .user_attributes(attr("email", "late@corp.example"))
            .send()
            .await
            .unwrap();
        let out = doctor()
            .args([
                v,
                "force-alias",
                "confirm",
                "--user-pool-id",
                &p,
                "--client-id",
                &cid,
                "--username",
                &who,
                "--code-file",
                "-",
                "--yes",
            ])
            .env("COGNITO_CLIENT_SECRET", "client-secret-XYZZY")
            .write_stdin("987654\n")
            .output()
            .unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(all.contains("ConfirmSignUp"), "{v} logs the call: {all}");
        for secret in ["987654", "client-secret-XYZZY"] {
            assert!(!all.contains(secret), "{v} printed a secret:\n{all}");
        }
        // The hash is derived from the secret: it is not printed either.
        assert!(
            !all.to_ascii_lowercase().contains("secret_hash=") || all.contains("SecretHash=***"),
            "{all}"
        );
        // The AWS CLI line of a confirmation with a secret hash parses in every shell (it once
        // had its hash option after the closing brace of the input).
        let line = printed_lines(&all)
            .into_iter()
            .find(|l| l.contains("confirm-sign-up"))
            .unwrap_or_else(|| panic!("no confirm-sign-up line: {all}"));
        assert!(line.contains("SecretHash"), "{line}");
        for shell in ["bash", "zsh", "sh"] {
            let ok = std::process::Command::new(shell)
                .args(["-n", "-c", &line])
                .status()
                .unwrap()
                .success();
            assert!(ok, "{shell} -n refuses: {line}");
        }
    }
}

#[tokio::test]
async fn hostile_input_is_refused_or_neutralised() {
    // Out-of-range rates are a usage error, not a panic.
    for rate in ["1e-20", "0", "-1", "NaN", "1000"] {
        let out = doctor()
            .args(["audit", "--user-pool-id", "us-east-1_abc"])
            .arg(format!("--max-rps={rate}"))
            .output()
            .unwrap();
        assert_exit(&out, 2, "--max-rps");
    }
    // An endless file as the token: refused at once, bounded memory.
    let started = std::time::Instant::now();
    let out = doctor()
        .args([
            "reverify",
            "--send-code",
            "--access-token-file",
            "/dev/zero",
            "--region",
            "us-east-1",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2, "over 16 KiB");
    assert!(started.elapsed().as_secs() < 10);
    // The code and the client secret cannot share stdin: said before reading either.
    let out = doctor()
        .args([
            "force-alias",
            "confirm",
            "--user-pool-id",
            "us-east-1_abc",
            "--client-id",
            "c",
            "--username",
            "u",
            "--code-file",
            "-",
            "--client-secret-file",
            "-",
        ])
        .write_stdin("123456\n")
        .output()
        .unwrap();
    assert_exit(&out, 2, "cannot both come from stdin");

    // Self-chosen usernames: a spreadsheet formula and a terminal escape.
    let c = client();
    let p = focused(c.create_user_pool().pool_name("hostile-cells"))
        .made()
        .await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let escape = "red\u{1b}[31mname";
    for name in [formula, escape] {
        create_user(
            &c,
            &p,
            name,
            &[("email", "cell@example.com"), ("email_verified", "false")],
        )
        .await;
    }
    let out = doctor()
        .args(["audit", "-o", "csv", "--user-pool-id", &p])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.lines().any(|l| l.starts_with("\"'=HYPERLINK(")),
        "{csv}"
    );
    assert!(
        !csv.lines()
            .any(|l| l.starts_with("=") || l.starts_with("\"=")),
        "{csv}"
    );
    let out = doctor()
        .args(["diagnose", "--user-pool-id", &p])
        .arg(format!("--username={escape}"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\u{1b}'),
        "raw escape reached the terminal: {text:?}"
    );
    assert!(text.contains("red\\u{1b}[31mname"), "{text}");
    // JSON keeps the exact value.
    let out = doctor()
        .args(["diagnose", "-o", "json", "--user-pool-id", &p])
        .arg(format!("--username={escape}"))
        .output()
        .unwrap();
    assert_eq!(json(&out)["username"], escape);
}

/// The credential sources the README promises still resolve with the lean feature set: a
/// `credential_process` profile signs with the process's key; an SSO profile without a login
/// says what is missing (its provider is compiled in).
#[test]
fn credential_process_and_sso_profiles_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let process = r#"/bin/sh -c "printf '{\"Version\":1,\"AccessKeyId\":\"PROCESSKEY\",\"SecretAccessKey\":\"process-secret\"}'""#;
    std::fs::write(
        &config,
        format!(
            "[profile proc]\ncredential_process = {process}\n\n[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Support\nregion = us-east-1\n"
        ),
    )
    .unwrap();
    let (url, seen) = recorder();
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    let out = cmd
        .env("AWS_CONFIG_FILE", &config)
        .env("HOME", dir.path())
        .args([
            "--profile",
            "proc",
            "--endpoint-url",
            &url,
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let auth = seen
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(auth.contains("Credential=PROCESSKEY/"), "{auth}");

    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    let out = cmd
        .env("AWS_CONFIG_FILE", &config)
        .env("HOME", dir.path())
        .args([
            "--profile",
            "sso",
            "--endpoint-url",
            &url,
            "diagnose",
            "--user-pool-id",
            "us-east-1_abc",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3, "the profile sso gave no credentials");
    assert!(
        stderr(&out).to_ascii_lowercase().contains("sso login"),
        "{}",
        stderr(&out)
    );
    // A profile that does not exist is named as such, in one sentence, without SDK internals.
    let mut cmd = assert_cmd::Command::cargo_bin("cognito-email-doctor").unwrap();
    isolate(&mut cmd);
    let out = cmd
        .env("AWS_CONFIG_FILE", &config)
        .env("HOME", dir.path())
        .args(["--profile", "nope", "--endpoint-url", &url])
        .args(["diagnose", "--user-pool-id", "us-east-1_abc"])
        .output()
        .unwrap();
    assert_exit(&out, 3, "the profile nope does not exist in");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains("CredentialsNotLoaded") && !err.contains("Attempted"),
        "{err}"
    );
}

/// `--redact` in bulk runs and undo (plan, per-user lines, refusals, table and JSON), in the
/// case-duplicate evidence, and in a `--sub` that finds no user.
#[tokio::test]
async fn redact_covers_bulk_runs_undo_case_duplicates_and_a_missing_sub() {
    let c = client();
    let p = focused(c.create_user_pool().pool_name("redact-bulk"))
        .made()
        .await;
    let people = ["o'hara.bulk", "=HYPER.bulk", "Quinn.Case", "quinn.case"];
    create_user(
        &c,
        &p,
        people[0],
        &[
            ("email", "ohara.bulk@example.com"),
            ("email_verified", "false"),
        ],
    )
    .await;
    create_user(
        &c,
        &p,
        people[1],
        &[
            ("email", "hyper.bulk@example.com"),
            ("email_verified", "false"),
        ],
    )
    .await;
    create_user(
        &c,
        &p,
        people[2],
        &[("email", "Quinn@Example.com"), ("email_verified", "true")],
    )
    .await;
    create_user(
        &c,
        &p,
        people[3],
        &[("email", "quinn@example.com"), ("email_verified", "true")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("users.txt");
    std::fs::write(
        &list,
        format!("{}\n{}\nnobody.bulk\n", people[0], people[1]),
    )
    .unwrap();
    let journal = dir.path().join("j.jsonl");
    let run = |args: &[&str], with_list: bool, with_journal: bool| {
        let mut d = doctor();
        d.args(args);
        if with_list {
            d.arg("--from").arg(&list);
        }
        if with_journal {
            d.arg("--journal").arg(&journal);
        }
        let out = d.output().unwrap();
        format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
    };
    let outputs = [
        run(
            &[
                "--redact",
                "reverify",
                "--admin",
                "--user-pool-id",
                &p,
                "--dry-run",
            ],
            true,
            false,
        ),
        run(
            &[
                "--redact",
                "-o",
                "json",
                "reverify",
                "--admin",
                "--user-pool-id",
                &p,
                "--yes",
            ],
            true,
            true,
        ),
        run(&["--redact", "undo", "--dry-run"], false, true),
        run(&["--redact", "-o", "json", "undo", "--yes"], false, true),
        run(
            &["--redact", "-o", "json", "audit", "--user-pool-id", &p],
            false,
            false,
        ),
        run(
            &[
                "--redact",
                "diagnose",
                "--user-pool-id",
                &p,
                "--username",
                people[2],
            ],
            false,
            false,
        ),
        run(
            &[
                "--redact",
                "diagnose",
                "--user-pool-id",
                &p,
                "--sub",
                "sub-that-is-no-users-0000",
            ],
            false,
            false,
        ),
    ];
    for all in &outputs {
        for who in people.iter().chain(&[
            "nobody.bulk",
            "ohara.bulk@",
            "hyper.bulk@",
            "Quinn@Example.com",
            "quinn@example.com",
            "sub-that-is-no-users-0000",
        ]) {
            assert!(!all.contains(who), "shows {who}:\n{all}");
        }
    }
    assert!(outputs[1].contains("user-"), "{}", outputs[1]);
}
