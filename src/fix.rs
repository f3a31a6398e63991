//! Fix steps as data. Rules emit them; the render layer prints each as an AWS CLI command and the
//! equivalent cognito-email-doctor command; only the AWS layer turns them into calls.

use std::collections::BTreeMap;

use crate::settings::AwsTarget;

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
    /// AdminUpdateUserAttributes email_verified=true.
    AdminVerifyEmail {
        pool_id: String,
        username: String,
        take_alias: bool,
    },
    /// AdminUpdateUserAttributes email=<new address>.
    SetEmail { pool_id: String, username: String },
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
    /// ConfirmSignUp with ForceAliasCreation true (move the alias) or false (deny).
    ConfirmSignUp {
        pool_id: String,
        client_id: Option<String>,
        username: String,
        force_alias: bool,
    },
}

/// Placeholder for a provider claim the operator must name.
pub const CLAIM_PLACEHOLDER: &str = "<PROVIDER_CLAIM>";

impl Action {
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
            Action::SetEmail { pool_id, username } => push(
                &mut words,
                &[
                    "admin-update-user-attributes",
                    "--user-pool-id",
                    pool_id,
                    "--username",
                    username,
                    "--user-attributes",
                    "Name=email,Value=<NEW_EMAIL>",
                ],
            ),
            Action::SendCode => {
                push(
                    &mut words,
                    &[
                        "get-user-attribute-verification-code",
                        "--attribute-name",
                        "email",
                    ],
                );
                words.push("--access-token \"$COGNITO_ACCESS_TOKEN\"".into());
            }
            Action::VerifyCode => {
                push(
                    &mut words,
                    &["verify-user-attribute", "--attribute-name", "email"],
                );
                words.push("--access-token \"$COGNITO_ACCESS_TOKEN\"".into());
                push(&mut words, &["--code", "<CODE>"]);
            }
            Action::MapIdp {
                pool_id,
                provider_name,
                claim,
                mapping,
            } => {
                let merged =
                    Self::merged_mapping(mapping, claim.as_deref().unwrap_or(CLAIM_PLACEHOLDER));
                let json = serde_json::to_string(&merged).unwrap_or_default();
                push(
                    &mut words,
                    &[
                        "update-identity-provider",
                        "--user-pool-id",
                        pool_id,
                        "--provider-name",
                        provider_name,
                        "--attribute-mapping",
                        &json,
                    ],
                );
            }
            Action::ConfirmSignUp {
                client_id,
                username,
                force_alias,
                ..
            } => push(
                &mut words,
                &[
                    "confirm-sign-up",
                    "--client-id",
                    client_id.as_deref().unwrap_or("<APP_CLIENT_ID>"),
                    "--username",
                    username,
                    "--confirmation-code",
                    "<CODE>",
                    if *force_alias {
                        "--force-alias-creation"
                    } else {
                        "--no-force-alias-creation"
                    },
                ],
            ),
        }
        push_target(&mut words, target);
        words.join(" ")
    }

    /// The equivalent cognito-email-doctor command, when the tool has one.
    pub fn doctor(&self, target: &AwsTarget) -> Option<String> {
        let mut words: Vec<String> = vec!["cognito-email-doctor".into()];
        match self {
            Action::EnableVerification { pool_id, .. } => push(
                &mut words,
                &["enable-verification", "--user-pool-id", pool_id],
            ),
            Action::AdminVerifyEmail {
                pool_id,
                username,
                take_alias,
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
            // Choosing a user's new address is the operator's call; the AWS CLI does it.
            Action::SetEmail { .. } => return None,
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
                    None => push(&mut words, &["--claim", CLAIM_PLACEHOLDER]),
                }
            }
            Action::ConfirmSignUp {
                pool_id,
                client_id,
                username,
                force_alias,
            } => {
                push(
                    &mut words,
                    &[
                        "force-alias",
                        "confirm",
                        "--user-pool-id",
                        pool_id,
                        "--client-id",
                        client_id.as_deref().unwrap_or("<APP_CLIENT_ID>"),
                        "--username",
                        username,
                        "--code-file",
                        "-",
                    ],
                );
                if !*force_alias {
                    push(&mut words, &["--deny"]);
                }
            }
        }
        push_target(&mut words, target);
        Some(words.join(" "))
    }
}

pub fn push(words: &mut Vec<String>, items: &[&str]) {
    words.extend(items.iter().map(|s| quote(s)));
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
        words.push(quote(e));
    }
}

/// Quotes a word for a POSIX shell: bare when it is safe, single-quoted otherwise.
/// Placeholders such as `<CODE>` stay bare so that they stand out (and fail loudly if pasted).
pub fn quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    let placeholder = word.starts_with('<')
        && word.ends_with('>')
        && word[1..word.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_');
    if safe || placeholder {
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

    #[test]
    fn quoting() {
        assert_eq!(quote("alice"), "alice");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("<CODE>"), "<CODE>");
        assert_eq!(quote(""), "''");
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
        assert_eq!(
            action.doctor(&target()).unwrap(),
            "cognito-email-doctor map-idp --user-pool-id eu-west-1_abc --provider-name Okta --region eu-west-1 --profile support"
        );
    }

    #[test]
    fn user_side_commands_never_hold_a_token() {
        for a in [Action::SendCode, Action::VerifyCode] {
            let cli = a.aws_cli(&target());
            assert!(cli.contains("\"$COGNITO_ACCESS_TOKEN\""), "{cli}");
            let doc = a.doctor(&target()).unwrap();
            assert!(doc.contains("--access-token-file -"), "{doc}");
        }
    }
}
