//! Fix steps as data. Rules emit them; the render layer prints each as an AWS CLI command (spelled
//! here) and the tool's own equivalent (spelled by the command-line layer, `cli::line`); only the
//! AWS layer turns them into calls.

use std::collections::BTreeMap;

use crate::settings::AwsTarget;

/// The tool's own command lines, which only the command-line layer spells (`cli::line`): render and
/// the fixes print them through this, knowing neither the subcommands' names nor their flags.
pub trait Spell: Sync + std::fmt::Debug {
    /// The command of this tool that makes a fix action, when it has one.
    fn fix(&self, action: &Action, target: &AwsTarget) -> Option<String>;
    /// The command that explains a finding code.
    fn explain(&self, code: &str) -> String;
    /// The `diagnose` command that confirms a finding, the ids as shell variables the operator
    /// sets: one user's (`user`), else the pool's.
    fn diagnose(&self, user: bool) -> String;
    /// The `diagnose` command that opens one pool, or one user in it, where `target` says.
    fn diagnose_at(&self, pool_id: &str, username: Option<&str>, target: &AwsTarget) -> String;
}

/// One step of a fix: what to do, and the command that does it when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct FixStep {
    pub description: String,
    pub action: Option<Action>,
}

impl FixStep {
    pub fn advice(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            action: None,
        }
    }

    pub fn run(description: impl Into<String>, action: Action) -> Self {
        Self {
            description: description.into(),
            action: Some(action),
        }
    }
}

/// A change to the pool, or a call on the user's behalf, with every identifier it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// UpdateUserPool with the whole current configuration plus `email` in
    /// AutoVerifiedAttributes (`update_input` already carries the change).
    EnableVerification {
        pool_id: String,
        update_input: serde_json::Value,
    },
    /// AdminUpdateUserAttributes with `email_verified=true` alone, the smallest write (see
    /// [`ADMIN_VERIFY_ATTRIBUTES`]).
    AdminVerifyEmail {
        pool_id: String,
        username: String,
        take_alias: bool,
    },
    /// AdminUpdateUserAttributes email=<new address>.
    SetEmail { pool_id: String, username: String },
    /// AdminEnableUser.
    EnableUser { pool_id: String, username: String },
    /// AdminCreateUser with MessageAction RESEND: a new invitation (temporary password) for a
    /// user in FORCE_CHANGE_PASSWORD; `reinvite` applies it.
    Reinvite { pool_id: String, username: String },
    /// AdminUpdateUserAttributes email_verified=<value>, exactly "true" or "false" (a stored
    /// "True" or "yes" rewritten in the form apps compare).
    WriteEmailVerified {
        pool_id: String,
        username: String,
        value: bool,
    },
    /// UpdateUserPool with the whole current configuration and one setting changed
    /// (`update_input` already carries the change).
    UpdatePool {
        pool_id: String,
        update_input: serde_json::Value,
    },
    /// UpdateUserPoolClient with the whole current client and one setting changed.
    UpdateClient { update_input: serde_json::Value },
    /// CreateUserPoolDomain with a prefix the operator chooses.
    CreateDomain { pool_id: String },
    /// ResendConfirmationCode for a pending sign-up.
    ResendConfirmationCode {
        client_id: Option<String>,
        username: String,
    },
    /// GetUserAttributeVerificationCode with the user's access token.
    SendCode,
    /// VerifyUserAttribute with the user's access token and code.
    VerifyCode,
    /// UpdateIdentityProvider with the complete merged AttributeMapping.
    MapIdp {
        pool_id: String,
        provider_name: String,
        /// None when the provider type has no standard claim: the operator must name it.
        claim: Option<String>,
        /// The provider's current mapping; the command sends it with `email_verified` added.
        mapping: BTreeMap<String, String>,
    },
    /// `aws logs tail` of a Lambda function's log group, in the function's own region (from its
    /// ARN): where a trigger's failures are logged.
    TailFunctionLogs { function_arn: String },
    /// `aws lambda add-permission` on a trigger's function, in its own region (and at the Lambda
    /// endpoint, when one is set): Cognito may invoke it for this pool only.
    AllowCognitoInvoke {
        function_arn: String,
        region: String,
        endpoint: Option<String>,
        pool_arn: String,
    },
    /// `aws sesv2 create-email-identity-policy` on the identity, in its own region (and at the
    /// SES endpoint, when one is set): a statement that lets Cognito send from it.
    AuthorizeCognitoOnSes {
        identity: String,
        region: String,
        endpoint: Option<String>,
        policy_name: String,
        policy: serde_json::Value,
    },
    /// An `aws sesv2` call on the account the pool sends from, in the identity's region (and at
    /// the SES endpoint, when one is set): `delete-suppressed-destination --email-address ...`,
    /// `put-account-sending-attributes --sending-enabled`.
    Ses {
        args: Vec<String>,
        region: String,
        endpoint: Option<String>,
    },
    /// ConfirmSignUp: with ForceAliasCreation true (move the alias) or false (deny) where an
    /// alias conflict makes that the choice; `None` for a plain confirmation, which sends no
    /// ForceAliasCreation. `secret_hash`: the app client has a secret, so SecretHash goes in the
    /// input too.
    ConfirmSignUp {
        pool_id: String,
        client_id: Option<String>,
        username: String,
        force_alias: Option<bool>,
        secret_hash: bool,
    },
}

/// A value the operator must fill in: printed as a shell variable that must be set, so that a
/// command pasted as it is stops with the message instead of running with a made-up value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub var: &'static str,
    pub what: &'static str,
}

impl Placeholder {
    /// `"${VAR:?set VAR to ...}"`: expands to the value, or makes the shell refuse the command.
    /// The message holds no quote, `$`, backquote, brace or backslash: inside `${...:?...}`
    /// within double quotes, bash 5.2 reads an apostrophe as an open quote and swallows the
    /// lines that follow (a test parses every placeholder in bash, zsh and sh).
    pub fn word(&self) -> String {
        format!("\"${{{}:?set {} to {}}}\"", self.var, self.var, self.what)
    }

    /// The sentinel, for a JSON document built outside this module.
    pub fn sentinel_text(&self) -> String {
        self.sentinel()
    }

    /// The sentinel that stands for the placeholder inside a JSON document until it is quoted.
    fn sentinel(&self) -> String {
        format!("\u{1}{}\u{1}", self.var)
    }
}

pub const PROVIDER_CLAIM: Placeholder = Placeholder {
    var: "PROVIDER_CLAIM",
    what: "the claim your provider sends for email verified",
};
pub const NEW_EMAIL: Placeholder = Placeholder {
    var: "NEW_EMAIL",
    what: "the new address (a quote or backslash in it escaped for JSON)",
};
pub const CODE: Placeholder = Placeholder {
    var: "CODE",
    what: "the code the user received",
};
pub const APP_CLIENT_ID: Placeholder = Placeholder {
    var: "APP_CLIENT_ID",
    what: "the app client the user signed up through",
};
pub const SECRET_HASH: Placeholder = Placeholder {
    var: "SECRET_HASH",
    what: "the secret hash of the username and app client",
};
pub const ACCESS_TOKEN: Placeholder = Placeholder {
    var: "COGNITO_ACCESS_TOKEN",
    what: "the access token of the user",
};
pub const TEMPORARY_PASSWORD: Placeholder = Placeholder {
    var: "TEMPORARY_PASSWORD",
    what: "a temporary password",
};
pub const DOMAIN_PREFIX: Placeholder = Placeholder {
    var: "DOMAIN_PREFIX",
    what: "a free domain prefix",
};
pub const USER_POOL_ID: Placeholder = Placeholder {
    var: "USER_POOL_ID",
    what: "the pool id",
};
pub const USERNAME: Placeholder = Placeholder {
    var: "USERNAME",
    what: "the username of the user",
};

/// Every placeholder, for the test that each parses in every shell.
pub const PLACEHOLDERS: &[Placeholder] = &[
    PROVIDER_CLAIM,
    NEW_EMAIL,
    CODE,
    APP_CLIENT_ID,
    SECRET_HASH,
    ACCESS_TOKEN,
    TEMPORARY_PASSWORD,
    DOMAIN_PREFIX,
    USER_POOL_ID,
    USERNAME,
];

/// A call whose input holds a secret (a token, a code, a password). The input goes to the AWS
/// CLI in a private temporary file (`mktemp`, mode 600, removed after the call) written by
/// `printf`, a shell builtin, so the secrets expanded from shell variables never appear in any
/// process's argv. (Not a pipe: the AWS CLI reads `--cli-input-json` twice.) Each variable is
/// checked first with `:` (a builtin too), so an unset one stops the command with its sentence.
///
/// Returns the words of the `aws` call itself; [`SecretInput::wrap`] puts the rest around it
/// once the target options are appended.
pub struct SecretInput {
    prefix: String,
}

impl SecretInput {
    pub fn new(input: &serde_json::Value, placeholders: &[Placeholder]) -> Self {
        let json = serde_json::to_string(input).unwrap_or_default();
        let used: Vec<Placeholder> = placeholders
            .iter()
            .filter(|p| json.contains(&escaped_sentinel(p)))
            .copied()
            .collect();
        let mut word = json_word(input, &[]);
        for p in &used {
            word = word.replace(&escaped_sentinel(p), &format!("'\"${}\"'", p.var));
        }
        let mut prefix = String::new();
        if !used.is_empty() {
            prefix.push_str(": ");
            prefix.push_str(
                &used
                    .iter()
                    .map(Placeholder::word)
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            prefix.push_str(" && ");
        }
        prefix.push_str(&format!("f=$(mktemp) && printf '%s' {word} > \"$f\" &&"));
        Self { prefix }
    }

    /// The `aws` words that read the file.
    pub fn aws_words(op: &str) -> Vec<String> {
        [
            "aws",
            "cognito-idp",
            op,
            "--cli-input-json",
            "\"file://$f\"",
        ]
        .iter()
        .map(|w| (*w).to_owned())
        .collect()
    }

    /// The whole line around the finished `aws` call, with the call's own exit status.
    pub fn wrap(&self, aws_line: &str) -> String {
        format!(
            "{} {{ {aws_line}; s=$?; rm -f \"$f\"; test $s = 0; }}",
            self.prefix
        )
    }
}

/// How a placeholder's sentinel reads inside serialized JSON.
fn escaped_sentinel(p: &Placeholder) -> String {
    serde_json::to_string(&p.sentinel())
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

/// A JSON document as one shell word, with placeholders (given as their sentinels in string
/// values) left outside the single quotes so that the shell expands or refuses them.
pub fn json_word(value: &serde_json::Value, placeholders: &[Placeholder]) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut word = quote(&json);
    if !word.starts_with('\'') {
        word = format!("'{json}'");
    }
    for p in placeholders {
        // serde_json writes U+0001 as \u0001.
        let escaped = serde_json::to_string(&p.sentinel()).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        word = word.replace(escaped, &format!("'{}'", p.word()));
    }
    word
}

/// The attributes an administrator's verification sends: `email_verified=true` alone, the form
/// the AdminUpdateUserAttributes reference documents. Never the address read earlier: sending it
/// again would overwrite whatever the user set between the read and the write (and, where email
/// is an alias, make the service check it as taken once more). Only a service that refuses
/// this without the address ("Email is required to verify/un-verify an email", as cognito-local
/// answers) gets the address too, and the plan says so ([`ADMIN_VERIFY_FALLBACK`]).
pub const ADMIN_VERIFY_ATTRIBUTES: &[(&str, &str)] = &[("email_verified", "true")];

/// The refusal after which an administrator's verification is sent once more with the address.
pub const ADMIN_VERIFY_FALLBACK: &str = "Email is required to verify/un-verify an email";

impl Action {
    /// The administrator's verification of `user`'s email in `pool` (see
    /// [`ADMIN_VERIFY_ATTRIBUTES`]).
    pub fn admin_verify(
        pool: &crate::model::Pool,
        user: &crate::model::User,
        take_alias: bool,
    ) -> Self {
        Action::AdminVerifyEmail {
            pool_id: pool.id.clone(),
            username: user.username.clone(),
            take_alias,
        }
    }

    /// The attribute list of an AdminUpdateUserAttributes action, for a plan:
    /// `email_verified=true`.
    pub fn attributes_sent(&self) -> Option<String> {
        match self {
            Action::AdminVerifyEmail { .. } => Some(
                ADMIN_VERIFY_ATTRIBUTES
                    .iter()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Action::WriteEmailVerified { value, .. } => Some(format!("email_verified={value}")),
            _ => None,
        }
    }

    /// The mapping `map-idp` sends: every current entry, plus `email_verified` -> claim.
    pub fn merged_mapping(
        mapping: &BTreeMap<String, String>,
        claim: &str,
    ) -> BTreeMap<String, String> {
        let mut merged = mapping.clone();
        merged.insert("email_verified".to_owned(), claim.to_owned());
        merged
    }

    /// A complete AWS CLI command. Only secrets the tool cannot know are placeholders.
    pub fn aws_cli(&self, target: &AwsTarget) -> String {
        let mut words: Vec<String> = vec!["aws".into(), "cognito-idp".into()];
        let mut secret_input = None;
        match self {
            Action::EnableVerification { update_input, .. } => {
                let json = serde_json::to_string(update_input).unwrap_or_default();
                push(&mut words, &["update-user-pool", "--cli-input-json", &json]);
            }
            Action::AdminVerifyEmail {
                pool_id, username, ..
            } => push(
                &mut words,
                &[
                    "admin-update-user-attributes",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                    "--user-attributes",
                    "Name=email_verified,Value=true",
                ],
            ),
            Action::SetEmail { pool_id, username } => {
                push(
                    &mut words,
                    &[
                        "admin-update-user-attributes",
                        "--user-pool-id",
                        pool_id,
                        "--username",
                        username,
                        "--user-attributes",
                    ],
                );
                words.push(json_word(
                    &serde_json::json!([{"Name": "email", "Value": NEW_EMAIL.sentinel()}]),
                    &[NEW_EMAIL],
                ));
            }
            Action::EnableUser { pool_id, username } => push(
                &mut words,
                &[
                    "admin-enable-user",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                ],
            ),
            Action::Reinvite { pool_id, username } => push(
                &mut words,
                &[
                    "admin-create-user",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                    "--message-action",
                    "RESEND",
                    "--desired-delivery-mediums",
                    "EMAIL",
                ],
            ),
            Action::WriteEmailVerified {
                pool_id,
                username,
                value,
            } => push(
                &mut words,
                &[
                    "admin-update-user-attributes",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                    "--user-attributes",
                    if *value {
                        "Name=email_verified,Value=true"
                    } else {
                        "Name=email_verified,Value=false"
                    },
                ],
            ),
            Action::UpdatePool { update_input, .. } => {
                push(&mut words, &["update-user-pool", "--cli-input-json"]);
                words.push(json_word(update_input, &[]));
            }
            Action::UpdateClient { update_input } => {
                push(&mut words, &["update-user-pool-client", "--cli-input-json"]);
                words.push(json_word(update_input, &[]));
            }
            Action::CreateDomain { pool_id } => {
                push(
                    &mut words,
                    &[
                        "create-user-pool-domain",
                        "--user-pool-id",
                        pool_id,
                        "--domain",
                    ],
                );
                words.push(DOMAIN_PREFIX.word());
            }
            Action::ResendConfirmationCode {
                client_id,
                username,
            } => {
                push(&mut words, &["resend-confirmation-code", "--client-id"]);
                words.push(
                    client_id
                        .as_deref()
                        .map(quote)
                        .unwrap_or_else(|| APP_CLIENT_ID.word()),
                );
                push(&mut words, &["--username", username]);
            }
            Action::SendCode => {
                secret_input = Some(SecretInput::new(
                    &serde_json::json!({"AccessToken": ACCESS_TOKEN.sentinel(), "AttributeName": "email"}),
                    &[ACCESS_TOKEN],
                ));
                words = SecretInput::aws_words("get-user-attribute-verification-code");
            }
            Action::VerifyCode => {
                secret_input = Some(SecretInput::new(
                    &serde_json::json!({"AccessToken": ACCESS_TOKEN.sentinel(), "AttributeName": "email", "Code": CODE.sentinel()}),
                    &[ACCESS_TOKEN, CODE],
                ));
                words = SecretInput::aws_words("verify-user-attribute");
            }
            Action::MapIdp {
                pool_id,
                provider_name,
                claim,
                mapping,
            } => {
                let sentinel = PROVIDER_CLAIM.sentinel();
                let merged = Self::merged_mapping(mapping, claim.as_deref().unwrap_or(&sentinel));
                push(
                    &mut words,
                    &[
                        "update-identity-provider",
                        "--user-pool-id",
                        pool_id,
                        "--provider-name",
                        provider_name,
                        "--attribute-mapping",
                    ],
                );
                words.push(json_word(
                    &serde_json::to_value(&merged).unwrap_or_default(),
                    &[PROVIDER_CLAIM],
                ));
            }
            // Written below: it is not a cognito-idp call.
            Action::TailFunctionLogs { .. }
            | Action::AuthorizeCognitoOnSes { .. }
            | Action::AllowCognitoInvoke { .. }
            | Action::Ses { .. } => {}
            Action::ConfirmSignUp {
                client_id,
                username,
                force_alias,
                secret_hash,
                ..
            } => {
                let client = client_id
                    .clone()
                    .unwrap_or_else(|| APP_CLIENT_ID.sentinel());
                let mut input = serde_json::json!({
                    "ClientId": client,
                    "Username": username,
                    "ConfirmationCode": CODE.sentinel(),
                });
                if let Some(force) = force_alias {
                    input["ForceAliasCreation"] = serde_json::json!(force);
                }
                if *secret_hash {
                    input["SecretHash"] = serde_json::json!(SECRET_HASH.sentinel());
                }
                secret_input = Some(SecretInput::new(
                    &input,
                    &[APP_CLIENT_ID, CODE, SECRET_HASH],
                ));
                words = SecretInput::aws_words("confirm-sign-up");
            }
        }
        if let Action::AuthorizeCognitoOnSes {
            identity,
            region,
            endpoint,
            policy_name,
            policy,
        } = self
        {
            let at = AwsTarget {
                region: region.clone(),
                endpoint_url: endpoint.clone(),
                ..target.clone()
            };
            let mut words: Vec<String> = vec!["aws".into(), "sesv2".into()];
            push(
                &mut words,
                &[
                    "create-email-identity-policy",
                    "--email-identity",
                    identity,
                    "--policy-name",
                    policy_name,
                    "--policy",
                ],
            );
            words.push(json_word(policy, &[]));
            push_target(&mut words, &at);
            return words.join(" ");
        }
        if let Action::Ses {
            args,
            region,
            endpoint,
        } = self
        {
            let at = AwsTarget {
                region: region.clone(),
                endpoint_url: endpoint.clone(),
                ..target.clone()
            };
            let mut words: Vec<String> = vec!["aws".into(), "sesv2".into()];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            push(&mut words, &args);
            push_target(&mut words, &at);
            return words.join(" ");
        }
        if let Action::AllowCognitoInvoke {
            function_arn,
            region,
            endpoint,
            pool_arn,
        } = self
        {
            let at = AwsTarget {
                region: region.clone(),
                endpoint_url: endpoint.clone(),
                ..target.clone()
            };
            let account = pool_arn.split(':').nth(4).unwrap_or_default();
            let mut words: Vec<String> = vec!["aws".into(), "lambda".into()];
            push(
                &mut words,
                &[
                    "add-permission",
                    "--function-name",
                    function_arn,
                    "--statement-id",
                    "AllowCognitoToInvoke",
                    "--action",
                    "lambda:InvokeFunction",
                    "--principal",
                    "cognito-idp.amazonaws.com",
                    "--source-arn",
                    pool_arn,
                    "--source-account",
                    account,
                ],
            );
            push_target(&mut words, &at);
            return words.join(" ");
        }
        if let Action::TailFunctionLogs { function_arn } = self {
            let region = arn_region(function_arn).unwrap_or(&target.region);
            let at = AwsTarget {
                region: region.to_owned(),
                ..target.clone()
            };
            words = vec!["aws".into(), "logs".into(), "tail".into()];
            words.push(quote(&format!(
                "/aws/lambda/{}",
                function_arn.split(':').nth(6).unwrap_or(function_arn)
            )));
            push(&mut words, &["--since", "1h"]);
            push_target(&mut words, &at);
            return words.join(" ");
        }
        push_target(&mut words, target);
        let line = words.join(" ");
        match secret_input {
            Some(input) => input.wrap(&line),
            None => line,
        }
    }
}

/// The region of an ARN (`arn:aws:lambda:eu-west-2:123456789012:function:f` -> `eu-west-2`).
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

/// Options whose value is a name someone chose (a username can be `-x` or `--x`).
const NAME_OPTIONS: &[&str] = &[
    "--username",
    "--email",
    "--provider-name",
    "--client-id",
    "--claim",
];

/// Appends words, quoted. A name that starts with `-` is joined to its option
/// (`--username=-dash`), or the AWS CLI (and this tool) would read it as an option.
pub fn push(words: &mut Vec<String>, items: &[&str]) {
    let mut i = 0;
    while i < items.len() {
        match items.get(i + 1) {
            Some(value) if NAME_OPTIONS.contains(&items[i]) && value.starts_with('-') => {
                words.push(format!("{}={}", items[i], quote(value)));
                i += 2;
            }
            _ => {
                words.push(quote(items[i]));
                i += 1;
            }
        }
    }
}

pub fn push_target(words: &mut Vec<String>, target: &AwsTarget) {
    words.push("--region".into());
    words.push(quote(&target.region));
    if let Some(p) = &target.profile {
        words.push("--profile".into());
        words.push(quote(p));
    }
    if let Some(e) = &target.endpoint_url {
        words.push("--endpoint-url".into());
        words.push(quote(&without_userinfo(e)));
    }
}

/// An endpoint URL without the user and password it may carry (`https://u:p@host` ->
/// `https://host`): credentials are never printed.
pub fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// Quotes a word for a POSIX shell: bare when it is safe, single-quoted otherwise. A word that
/// begins with `=` is quoted: zsh expands `=name` to the path of the command `name`.
pub fn quote(word: &str) -> String {
    let safe = !word.is_empty()
        && !word.starts_with('=')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> AwsTarget {
        AwsTarget {
            region: "eu-west-1".into(),
            profile: Some("support".into()),
            endpoint_url: None,
        }
    }

    /// Runs `shell -n -c line`: whether the shell parses it.
    fn parses(shell: &str, line: &str) -> bool {
        std::process::Command::new(shell)
            .args(["-n", "-c", line])
            .output()
            .unwrap_or_else(|e| {
                panic!("{shell} is needed for this test ({e}): apt-get install -y zsh")
            })
            .status
            .success()
    }

    #[test]
    fn a_confirmation_with_a_secret_hash_parses_in_every_shell() {
        for client_id in [None, Some("client1".to_owned())] {
            let line = Action::ConfirmSignUp {
                pool_id: "eu-west-1_abc".into(),
                client_id,
                username: "sam".into(),
                force_alias: Some(true),
                secret_hash: true,
            }
            .aws_cli(&target());
            assert!(line.contains("$SECRET_HASH"), "{line}");
            for shell in ["bash", "zsh", "sh"] {
                assert!(parses(shell, &line), "{shell}: {line}");
            }
        }
    }

    #[test]
    fn every_placeholder_parses_in_bash_zsh_and_sh() {
        for p in PLACEHOLDERS {
            assert!(
                p.what
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " ,.()-".contains(c)),
                "{}: {}",
                p.var,
                p.what
            );
            let line = format!("echo {} next", p.word());
            for shell in ["bash", "zsh", "sh"] {
                assert!(parses(shell, &line), "{shell} -n fails on {line}");
            }
        }
        // The form bash 5.2 refuses, so that this test is known to catch it.
        assert!(!parses(
            "bash",
            "echo \"${X:?set X to the user's token}\" next"
        ));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("alice"), "alice");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("<CODE>"), "'<CODE>'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a=b"), "a=b");
        assert_eq!(quote("=HYPER.bulk"), "'=HYPER.bulk'");
    }

    /// Every word comes back whole from bash, zsh and sh, among them the ones zsh would expand
    /// bare (`=name`).
    #[test]
    fn quoted_words_come_back_whole_in_every_shell() {
        let words = [
            "=HYPER.bulk",
            "=ls",
            "a=b",
            "o'hara",
            "~root",
            "x*y",
            "@x%y+z:,./-_",
        ];
        for shell in ["bash", "zsh", "sh"] {
            let line = format!(
                "printf '%s\\n' {}",
                words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
            );
            let out = std::process::Command::new(shell)
                .args(["-c", &line])
                .output()
                .unwrap_or_else(|e| panic!("{shell} is needed for this test ({e})"));
            assert!(out.status.success(), "{shell}: {line}");
            let back: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned)
                .collect();
            assert_eq!(back, words, "{shell}: {line}");
        }
    }

    #[test]
    fn map_idp_command_carries_the_whole_mapping() {
        let mapping = BTreeMap::from([
            ("email".to_owned(), "email".to_owned()),
            ("name".to_owned(), "name".to_owned()),
        ]);
        let action = Action::MapIdp {
            pool_id: "eu-west-1_abc".into(),
            provider_name: "Okta".into(),
            claim: Some("email_verified".into()),
            mapping,
        };
        assert_eq!(
            action.aws_cli(&target()),
            r#"aws cognito-idp update-identity-provider --user-pool-id eu-west-1_abc --provider-name Okta --attribute-mapping '{"email":"email","email_verified":"email_verified","name":"name"}' --region eu-west-1 --profile support"#
        );
    }

    /// Runs `sh -c` on a line; the `aws` word is replaced by `printf '%s\n'` so that the test
    /// sees the words the shell would pass, or the shell's refusal.
    fn shell_words(line: &str, env: &[(&str, &str)]) -> std::process::Output {
        let line = line.replacen("aws ", "printf '%s\\n' ", 1);
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c").arg(line).env_clear();
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("sh runs")
    }

    #[test]
    fn placeholders_make_the_shell_refuse_until_they_are_set() {
        let saml = Action::MapIdp {
            pool_id: "eu-west-1_abc".into(),
            provider_name: "Corp".into(),
            claim: None,
            mapping: BTreeMap::from([("email".to_owned(), "http://schemas/email".to_owned())]),
        };
        let set_email = Action::SetEmail {
            pool_id: "eu-west-1_abc".into(),
            username: "o'brien".into(),
        };
        let confirm = Action::ConfirmSignUp {
            pool_id: "eu-west-1_abc".into(),
            client_id: None,
            username: "sam".into(),
            force_alias: Some(true),
            secret_hash: false,
        };
        for (action, var, value, expect) in [
            (
                &saml,
                "PROVIDER_CLAIM",
                "email_verified_claim",
                r#"{"email":"http://schemas/email","email_verified":"email_verified_claim"}"#,
            ),
            (
                &set_email,
                "NEW_EMAIL",
                "o'brien+new@example.com",
                r#"[{"Name":"email","Value":"o'brien+new@example.com"}]"#,
            ),
            (
                &confirm,
                "CODE",
                "123456",
                r#"{"ClientId":"client1","Username":"sam","ConfirmationCode":"123456","ForceAliasCreation":true}"#,
            ),
        ] {
            let line = action.aws_cli(&target());
            // With a secret input file: what reaches the AWS CLI is what printf writes.
            let line = match line.split_once(" > \"$f\"") {
                Some((left, _)) => {
                    left.replacen("f=$(mktemp) && ", "", 1)
                        .replacen("printf '%s'", "aws", 1)
                }
                None => line,
            };
            let refused = shell_words(&line, &[]);
            assert!(!refused.status.success(), "{line}");
            let why = String::from_utf8_lossy(&refused.stderr);
            assert!(
                why.contains("set ") && why.contains(" to "),
                "{line}: {why}"
            );
            let mut env = vec![(var, value)];
            if var == "CODE" {
                env.push(("APP_CLIENT_ID", "client1"));
            }
            let ran = shell_words(&line, &env);
            assert!(ran.status.success(), "{line}");
            let words = String::from_utf8_lossy(&ran.stdout);
            assert!(words.lines().any(|w| w == expect), "{line}\n{words}");
        }
    }

    #[test]
    fn secrets_reach_the_aws_cli_in_a_private_file_never_in_argv() {
        let confirm = Action::ConfirmSignUp {
            pool_id: "eu-west-1_abc".into(),
            client_id: Some("c1".into()),
            username: "sam".into(),
            force_alias: Some(true),
            secret_hash: false,
        };
        for (a, env) in [
            (
                Action::SendCode,
                vec![("COGNITO_ACCESS_TOKEN", "tok.en.value")],
            ),
            (
                Action::VerifyCode,
                vec![("COGNITO_ACCESS_TOKEN", "tok.en.value"), ("CODE", "123456")],
            ),
            (confirm, vec![("CODE", "123456")]),
        ] {
            let cli = a.aws_cli(&target());
            assert!(cli.starts_with(": \"${"), "{cli}");
            assert!(cli.contains(" && f=$(mktemp) && printf '%s' '{"), "{cli}");
            // The aws call reads the file: no secret, nor its variable, in its words.
            let (_, call) = cli.split_once(" { ").unwrap();
            assert!(call.starts_with("aws cognito-idp "), "{call}");
            assert!(call.contains("--cli-input-json \"file://$f\""), "{call}");
            assert!(
                !call.contains("ACCESS_TOKEN") && !call.contains("CODE"),
                "{call}"
            );
            // What the file holds is the JSON with the values in place: run the line with a
            // stand-in for `aws` that prints the file.
            let line = cli.replacen("aws cognito-idp ", "sh -c 'cat \"${1#file://}\"' ", 1);
            let line = line.replacen("--cli-input-json ", "", 1);
            let mut cmd = std::process::Command::new("sh");
            cmd.arg("-c")
                .arg(&line)
                .env_clear()
                .env("PATH", "/usr/bin:/bin");
            for (k, v) in &env {
                cmd.env(k, v);
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{line}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
            for (_, value) in &env {
                assert!(v.to_string().contains(value), "{v}");
            }
        }
    }

    /// The admin verify is the smallest write in every pool: `email_verified=true` alone, never
    /// the address read earlier, and the printed line is that call.
    #[test]
    fn the_admin_verify_sends_and_prints_email_verified_alone() {
        let u = crate::model::User {
            username: "ann".into(),
            email: Some("ann@example.com".into()),
            email_verified_raw: Some("false".into()),
            ..Default::default()
        };
        let plain = crate::model::Pool {
            id: "us-east-1_Test".into(),
            ..Default::default()
        };
        let alias = crate::model::Pool {
            alias_attributes: vec!["email".into()],
            ..plain.clone()
        };
        for p in [&plain, &alias] {
            let a = Action::admin_verify(p, &u, false);
            assert_eq!(a.attributes_sent().as_deref(), Some("email_verified=true"));
            let cli = a.aws_cli(&target());
            assert!(
                cli.starts_with("aws cognito-idp admin-update-user-attributes --user-pool-id us-east-1_Test --username ann --user-attributes Name=email_verified,Value=true --region "),
                "{cli}"
            );
            assert!(!cli.contains("ann@example.com"), "{cli}");
        }
        assert_eq!(ADMIN_VERIFY_ATTRIBUTES, [("email_verified", "true")]);
    }

    #[test]
    fn values_that_look_like_options_are_joined_to_theirs() {
        let a = Action::AdminVerifyEmail {
            pool_id: "eu-west-1_abc".into(),
            username: "-dash".into(),
            take_alias: false,
        };
        assert!(
            a.aws_cli(&target()).contains("--username=-dash "),
            "{}",
            a.aws_cli(&target())
        );
        let a = Action::AdminVerifyEmail {
            pool_id: "eu-west-1_abc".into(),
            username: "--weird".into(),
            take_alias: false,
        };
        assert!(
            a.aws_cli(&target()).contains("--username=--weird "),
            "{}",
            a.aws_cli(&target())
        );
    }

    #[test]
    fn endpoint_credentials_are_never_printed() {
        assert_eq!(
            without_userinfo("https://u:p@proxy.example.com:8443/x"),
            "https://proxy.example.com:8443/x"
        );
        assert_eq!(
            without_userinfo("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000"
        );
        let t = AwsTarget {
            endpoint_url: Some("https://admin:hunter2@vpce.example.com".into()),
            ..target()
        };
        assert!(!Action::SendCode.aws_cli(&t).contains("hunter2"));
    }
}
