//! The tool's own command lines, spelled in one place: the equivalent command of a fix, the
//! command that explains a code or confirms it, and the command that resumes an audit. Layers below
//! this one never spell them: render prints them through [`crate::render::Spell`], which
//! [`Lines`] implements, and a layer test holds every lower file to it.

use crate::fix::{
    push, push_target, quote, Action, APP_CLIENT_ID, PROVIDER_CLAIM, USERNAME, USER_POOL_ID,
};
use crate::settings::AwsTarget;

/// The program's name as a command line starts with it.
pub const PROGRAM: &str = "cognito-email-doctor";

/// The spelling render prints through.
#[derive(Debug)]
pub struct Lines;

impl crate::fix::Spell for Lines {
    fn fix(&self, action: &Action, target: &AwsTarget) -> Option<String> {
        fix(action, target)
    }

    fn explain(&self, code: &str) -> String {
        format!("{PROGRAM} explain {}", quote(code))
    }

    fn diagnose(&self, user: bool) -> String {
        let pool = format!("{PROGRAM} diagnose --user-pool-id {}", USER_POOL_ID.word());
        match user {
            true => format!("{pool} --username {}", USERNAME.word()),
            false => pool,
        }
    }

    fn diagnose_at(&self, pool_id: &str, username: Option<&str>, target: &AwsTarget) -> String {
        let mut words = vec![PROGRAM.to_owned(), "diagnose".to_owned()];
        push(&mut words, &["--user-pool-id", pool_id]);
        if let Some(u) = username {
            push(&mut words, &["--username", u]);
        }
        push_target(&mut words, target);
        words.join(" ")
    }
}

/// The command of this tool that makes a fix action, when it has one.
pub fn fix(action: &Action, target: &AwsTarget) -> Option<String> {
    let mut words: Vec<String> = vec![PROGRAM.into()];
    match action {
        Action::Reinvite { pool_id, username } => push(
            &mut words,
            &[
                "reinvite",
                "--user-pool-id",
                pool_id,
                "--username",
                username,
            ],
        ),
        Action::EnableVerification { pool_id, .. } => push(
            &mut words,
            &["enable-verification", "--user-pool-id", pool_id],
        ),
        Action::AdminVerifyEmail {
            pool_id,
            username,
            take_alias,
            ..
        } => {
            push(
                &mut words,
                &[
                    "reverify",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                    "--admin",
                ],
            );
            if *take_alias {
                push(&mut words, &["--take-alias"]);
            }
        }
        // Choosing a user's new address, a domain, or a client's settings is the operator's
        // call; the AWS CLI does it.
        Action::SetEmail { .. }
        | Action::EnableUser { .. }
        | Action::TailFunctionLogs { .. }
        | Action::AuthorizeCognitoOnSes { .. }
        | Action::AllowCognitoInvoke { .. }
        | Action::Ses { .. }
        | Action::UpdatePool { .. }
        | Action::UpdateClient { .. }
        | Action::CreateDomain { .. }
        | Action::ResendConfirmationCode { .. } => return None,
        // `reverify --admin` rewrites a non-canonical true as "true"; false has no command.
        Action::WriteEmailVerified {
            pool_id,
            username,
            value: true,
        } => push(
            &mut words,
            &[
                "reverify",
                "--user-pool-id",
                pool_id,
                "--username",
                username,
                "--admin",
            ],
        ),
        Action::WriteEmailVerified { value: false, .. } => return None,
        Action::SendCode => push(
            &mut words,
            &["reverify", "--send-code", "--access-token-file", "-"],
        ),
        Action::VerifyCode => push(
            &mut words,
            &[
                "reverify",
                "--code-file",
                "code.txt",
                "--access-token-file",
                "-",
            ],
        ),
        Action::MapIdp {
            pool_id,
            provider_name,
            claim,
            ..
        } => {
            push(
                &mut words,
                &[
                    "map-idp",
                    "--user-pool-id",
                    pool_id,
                    "--provider-name",
                    provider_name,
                ],
            );
            match claim {
                Some(c) if c != "email_verified" => push(&mut words, &["--claim", c]),
                Some(_) => {}
                None => {
                    words.push("--claim".into());
                    words.push(PROVIDER_CLAIM.word());
                }
            }
        }
        // A plain confirmation is not an alias decision: the AWS CLI line does it.
        Action::ConfirmSignUp {
            force_alias: None, ..
        } => return None,
        Action::ConfirmSignUp {
            pool_id,
            client_id,
            username,
            force_alias: Some(force_alias),
            ..
        } => {
            push(
                &mut words,
                &[
                    "force-alias",
                    "confirm",
                    "--user-pool-id",
                    pool_id,
                    "--client-id",
                ],
            );
            words.push(
                client_id
                    .as_deref()
                    .map(quote)
                    .unwrap_or_else(|| APP_CLIENT_ID.word()),
            );
            push(&mut words, &["--username", username, "--code-file", "-"]);
            if !force_alias {
                push(&mut words, &["--deny"]);
            }
        }
    }
    push_target(&mut words, target);
    Some(words.join(" "))
}

/// What a resumed audit needs besides the token: the pace, the page size, where it reads, and
/// how it prints (`output`: `json` or `csv`, None for the table).
pub struct Resume<'a> {
    pub pool_id: &'a str,
    pub max_rps: f64,
    pub page_size: i32,
    pub target: &'a AwsTarget,
    pub output: Option<&'a str>,
    pub redact: bool,
    pub no_color: bool,
}

/// The command that resumes an audit from `token`, with every option the run had.
pub fn audit_resume(r: &Resume, token: &str) -> String {
    let mut words = vec![PROGRAM.to_owned(), "audit".to_owned()];
    let (rps, page) = (r.max_rps.to_string(), r.page_size.to_string());
    push(
        &mut words,
        &[
            "--user-pool-id",
            r.pool_id,
            "--starting-token",
            token,
            "--max-rps",
            &rps,
            "--page-size",
            &page,
        ],
    );
    push_target(&mut words, r.target);
    if let Some(o) = r.output {
        words.extend(["--output".into(), o.into()]);
    }
    if r.redact {
        words.push("--redact".into());
    }
    if r.no_color {
        words.push("--no-color".into());
    }
    words.join(" ")
}

/// What a resumed fleet audit needs besides the token: the scope options as given, the pace and
/// shape of each pool's scan, where it reads, and how it prints.
pub struct FleetResume<'a> {
    pub scope: &'a super::ScopeArgs,
    pub max_rps: f64,
    pub page_size: i32,
    pub parallel: u16,
    /// `--region`, `--profile` and the endpoint, where the run had them.
    pub region: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub endpoint_url: Option<&'a str>,
    pub output: Option<&'a str>,
    pub redact: bool,
    pub no_color: bool,
}

/// `--name value`, or `--name=value` for a value that begins with `-` (a clap option would take it
/// for a flag).
fn option(words: &mut Vec<String>, name: &str, value: &str) {
    match value.starts_with('-') {
        true => words.push(format!("{name}={}", quote(value))),
        false => words.extend([name.to_owned(), quote(value)]),
    }
}

/// The command that resumes a fleet audit from `token`, with every option the run had: the pools
/// done are passed over, the others resume where they stopped.
pub fn fleet_audit_resume(r: &FleetResume, token: &str) -> String {
    let mut words = vec![
        PROGRAM.to_owned(),
        "audit".to_owned(),
        "--all-pools".to_owned(),
    ];
    option(&mut words, "--starting-token", token);
    option(&mut words, "--max-rps", &r.max_rps.to_string());
    option(&mut words, "--page-size", &r.page_size.to_string());
    option(&mut words, "--parallel", &r.parallel.to_string());
    let s = r.scope;
    for (name, list) in [("--regions", &s.regions), ("--profiles", &s.profiles)] {
        if !list.is_empty() {
            option(&mut words, name, &list.join(","));
        }
    }
    if let (Some(accounts), Some(role)) = (&s.accounts, &s.role_name) {
        option(&mut words, "--accounts", accounts);
        option(&mut words, "--role-name", role);
    }
    option(&mut words, "--max-scopes", &s.max_scopes.to_string());
    let endpoint = r.endpoint_url.map(crate::fix::without_userinfo);
    for (name, value) in [
        ("--region", r.region),
        ("--profile", r.profile),
        ("--endpoint-url", endpoint.as_deref()),
        ("--output", r.output),
    ] {
        if let Some(v) = value {
            option(&mut words, name, v);
        }
    }
    if r.redact {
        words.push("--redact".into());
    }
    if r.no_color {
        words.push("--no-color".into());
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn target() -> AwsTarget {
        AwsTarget {
            region: "eu-west-1".into(),
            profile: Some("support".into()),
            ..AwsTarget::default()
        }
    }

    #[test]
    fn a_fix_is_spelled_as_the_tool_takes_it() {
        let map = Action::MapIdp {
            pool_id: "eu-west-1_abc".into(),
            provider_name: "Okta".into(),
            claim: Some("email_verified".into()),
            mapping: BTreeMap::from([("email".to_owned(), "email".to_owned())]),
        };
        assert_eq!(
            fix(&map, &target()).unwrap(),
            "cognito-email-doctor map-idp --user-pool-id eu-west-1_abc --provider-name Okta --region eu-west-1 --profile support"
        );
        let saml = Action::MapIdp {
            pool_id: "eu-west-1_abc".into(),
            provider_name: "Corp".into(),
            claim: None,
            mapping: BTreeMap::from([("email".to_owned(), "http://schemas/email".to_owned())]),
        };
        let doc = fix(&saml, &target()).unwrap();
        assert!(doc.contains(r#"--claim "${PROVIDER_CLAIM:?"#), "{doc}");
        for a in [Action::SendCode, Action::VerifyCode] {
            let doc = fix(&a, &target()).unwrap();
            assert!(doc.contains("--access-token-file -"), "{doc}");
        }
        let dash = Action::AdminVerifyEmail {
            pool_id: "eu-west-1_abc".into(),
            username: "-dash".into(),
            take_alias: false,
        };
        assert!(fix(&dash, &target()).unwrap().contains("--username=-dash "));
        let false_value = Action::WriteEmailVerified {
            pool_id: "eu-west-1_abc".into(),
            username: "a".into(),
            value: false,
        };
        assert!(fix(&false_value, &target()).is_none());
        // A plain confirmation is not an alias decision: the AWS CLI line does it.
        let confirm = Action::ConfirmSignUp {
            pool_id: "eu-west-1_abc".into(),
            client_id: None,
            username: "sam".into(),
            force_alias: None,
            secret_hash: false,
        };
        assert!(fix(&confirm, &target()).is_none());
    }

    /// Every line parses in bash, zsh and sh, and names a subcommand the parser knows.
    #[test]
    fn every_line_runs_as_pasted_and_names_a_real_subcommand() {
        use crate::fix::Spell;
        use clap::CommandFactory;
        let known: Vec<String> = crate::cli::Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let resume = Resume {
            pool_id: "eu-west-1_abc",
            max_rps: 10.0,
            page_size: 60,
            target: &target(),
            output: Some("json"),
            redact: true,
            no_color: false,
        };
        let scope = crate::cli::ScopeArgs {
            regions: vec!["us-east-1".into(), "eu-west-1".into()],
            profiles: vec!["-odd profile".into()],
            accounts: Some("accounts file.txt".into()),
            role_name: Some("Auditor".into()),
            max_scopes: 4,
        };
        let fleet = FleetResume {
            scope: &scope,
            max_rps: 2.5,
            page_size: 20,
            parallel: 1,
            region: Some("eu-west-1"),
            profile: None,
            endpoint_url: Some("http://user:secret@127.0.0.1:5000"),
            output: Some("json"),
            redact: false,
            no_color: true,
        };
        let fleet_line = fleet_audit_resume(&fleet, "cedf1.tok");
        assert!(!fleet_line.contains("secret"), "{fleet_line}");
        for line in [
            Lines.explain("email-never-verified"),
            Lines.diagnose(true),
            Lines.diagnose(false),
            audit_resume(&resume, "tok"),
            fleet_line.clone(),
        ] {
            let sub = line.split(' ').nth(1).unwrap();
            assert!(known.iter().any(|k| k == sub), "{line}");
            for shell in ["bash", "sh"] {
                let ok = std::process::Command::new(shell)
                    .args(["-n", "-c", &line])
                    .status()
                    .unwrap()
                    .success();
                assert!(ok, "{shell}: {line}");
            }
        }
        // The words the shell passes parse as this tool's command line.
        let line = audit_resume(&resume, "tok").replacen(PROGRAM, "printf '%s\\n' x", 1);
        let out = std::process::Command::new("sh")
            .args(["-c", &line])
            .output()
            .unwrap();
        let words = String::from_utf8(out.stdout).unwrap();
        let parsed = <crate::cli::Cli as clap::Parser>::try_parse_from(words.lines());
        assert!(parsed.is_ok(), "{line}: {:?}", parsed.err());

        // The fleet's line gives back every option the run had.
        let line = fleet_line.replacen(PROGRAM, "printf '%s\\n' x", 1);
        let out = std::process::Command::new("sh")
            .args(["-c", &line])
            .output()
            .unwrap();
        let words = String::from_utf8(out.stdout).unwrap();
        let parsed = <crate::cli::Cli as clap::Parser>::try_parse_from(words.lines())
            .unwrap_or_else(|e| panic!("{fleet_line}: {e}"));
        let crate::cli::Command::Audit(a) = parsed.command else {
            panic!("{fleet_line}")
        };
        assert!(a.all_pools && a.user_pool_id.is_none());
        assert_eq!(a.starting_token.as_deref(), Some("cedf1.tok"));
        assert_eq!((a.max_rps, a.page_size, a.parallel), (2.5, 20, 1));
        assert_eq!(a.scope.regions, scope.regions);
        assert_eq!(a.scope.profiles, scope.profiles);
        assert_eq!(a.scope.accounts, scope.accounts);
        assert_eq!(a.scope.role_name, scope.role_name);
        assert_eq!(a.scope.max_scopes, 4);
        assert_eq!(parsed.global.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            parsed.global.endpoint_url.as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert!(parsed.global.no_color);
    }
}
