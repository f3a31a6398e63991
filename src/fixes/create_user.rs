//! A user created as an administrator with a duplicate verified email (`force-alias create`):
//! AdminCreateUser with `email_verified=true` and ForceAliasCreation, which moves the alias from
//! any user holding it; its temporary password from stdin or a file, never argv. Undo does not
//! delete a user.

use super::{check_user_cli, read_back_holders, Fix, Verdict};
use crate::aws::pace::{paced, Pacer};
use crate::aws::{apply, fetch, Client};
use crate::change::journal::{Entry, Record};
use crate::change::settle::{Check, Settle};
use crate::change::{verified_text, Change, Plan};
use crate::error::{AwsError, AwsErrorKind, Result};
use crate::fix::{json_word, push_target, SecretInput, TEMPORARY_PASSWORD};
use crate::model::{Pool, User};
use crate::settings::AwsTarget;

/// The operation it sends (a resent invitation sends it too, see `reinvite`).
pub const OPERATION: &str = "AdminCreateUser";

/// The user to create.
pub struct CreateUser<'a> {
    pub client: &'a Client,
    pub pool: &'a Pool,
    pub target: &'a AwsTarget,
    pub create: apply::CreateUser<'a>,
}

/// The journal line: the new user did not exist and is verified; each holder's email_verified
/// as it was, then "false".
pub fn record(id: &str, username: &str, hs: &[User]) -> Record {
    let mut before = serde_json::json!({ username: null });
    let mut after = serde_json::json!({ username: "true" });
    for h in hs {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    Record {
        user_pool_id: id.to_owned(),
        operation: OPERATION,
        target: username.to_owned(),
        before,
        after,
        undoes: None,
    }
}

/// Why undo does not take a created user back.
pub fn irreversible(e: &Entry) -> String {
    format!(
        "undo does not delete the user {} that was created; delete it yourself (aws cognito-idp admin-delete-user) if it must go",
        e.target
    )
}

impl Fix for CreateUser<'_> {
    type Target = String;
    /// The users holding the address as a verified alias, who lose it.
    type Subject = Vec<User>;

    fn name(&self, t: &String) -> String {
        t.clone()
    }

    /// A user of that name before the call is refused here, so that UsernameExistsException
    /// from the call itself can only mean an earlier attempt of this run whose reply was lost.
    async fn survey(&self, name: &String, reads: &Pacer) -> Verdict<Vec<User>> {
        let (client, pool) = (self.client, self.pool);
        match paced(reads, || fetch::admin_get_user(client, &pool.id, name)).await {
            Ok(u) => {
                return Verdict::Refused {
                    subject: None,
                    why: format!(
                        "a user named {} already exists (status {}); nothing was created",
                        u.username, u.status
                    ),
                    short: "the user exists".into(),
                }
            }
            Err(e) if e.kind == AwsErrorKind::UserNotFound => {}
            Err(e) => return Verdict::Unread(e.into()),
        }
        let email = self.create.email;
        match paced(reads, || fetch::alias_holders_of(client, pool, email, name)).await {
            Ok(hs) => Verdict::Change(hs),
            Err(e) => Verdict::Unread(e.into()),
        }
    }

    /// The plan of AdminCreateUser: the new user, each alias holder losing the alias, and the
    /// AWS CLI line (JSON input: any email works, and a temporary password reaches the AWS CLI on
    /// stdin, not in its argv).
    fn plan(&self, hs: &Vec<User>) -> Plan {
        let u = &self.create;
        let mut changes = vec![Change::new(
            u.username.to_owned(),
            "(does not exist)",
            format!("created, email {} verified", u.email),
        )];
        for h in hs {
            changes.push(Change::new(
                format!("{} email_verified", h.username),
                verified_text(h),
                "\"false\" (the alias moves to the new user)",
            ));
        }
        let mut notes = Vec::new();
        if !self.pool.email_is_alias() {
            notes.push("email is not an alias in this pool: duplicates are allowed and ForceAliasCreation moves nothing".into());
        }
        let mut input = serde_json::json!({
            "UserPoolId": u.pool_id,
            "Username": u.username,
            "UserAttributes": [
                {"Name": "email", "Value": u.email},
                {"Name": "email_verified", "Value": "true"}
            ],
            "ForceAliasCreation": true,
        });
        if let Some(m) = &u.message_action {
            input["MessageAction"] = serde_json::json!(m);
        }
        if !u.delivery.is_empty() {
            input["DesiredDeliveryMediums"] = serde_json::json!(u.delivery);
        }
        let password = u.temporary_password.is_some();
        let secret_input = password.then(|| {
            input["TemporaryPassword"] = serde_json::json!(TEMPORARY_PASSWORD.sentinel_text());
            SecretInput::new(&input, &[TEMPORARY_PASSWORD])
        });
        let mut words = match &secret_input {
            Some(_) => SecretInput::aws_words("admin-create-user"),
            None => vec![
                "aws".to_owned(),
                "cognito-idp".to_owned(),
                "admin-create-user".to_owned(),
                "--cli-input-json".to_owned(),
                json_word(&input, &[]),
            ],
        };
        push_target(&mut words, self.target);
        let mut subject = vec![
            ("user pool".into(), u.pool_id.to_owned()),
            ("new user".into(), u.username.to_owned()),
            ("email".into(), u.email.to_owned()),
        ];
        subject.extend(
            hs.iter()
                .map(|h| ("alias held by".to_owned(), h.username.clone())),
        );
        Plan {
            command: "force-alias create".into(),
            call: format!(
                "{OPERATION} (email_verified=true, ForceAliasCreation=True{}{})",
                u.message_action
                    .map(|m| format!(", MessageAction={m}"))
                    .unwrap_or_default(),
                if password {
                    ", TemporaryPassword=***"
                } else {
                    ""
                }
            ),
            subject,
            changes,
            notes,
            aws_cli: Some(match &secret_input {
                Some(input) => input.wrap(&words.join(" ")),
                None => words.join(" "),
            }),
        }
    }

    fn settle(&self, hs: &Vec<User>) -> Settle {
        let id = self.create.pool_id;
        Settle {
            record: Some(record(id, self.create.username, hs)),
            operation: OPERATION,
            // Our own earlier attempt, whose reply was lost, makes a repeat fail this way.
            repeat_answers: &["UsernameExistsException"],
            check_cli: check_user_cli(id, self.create.username, self.target),
        }
    }

    async fn write(&self, _: &Vec<User>) -> std::result::Result<(), AwsError> {
        apply::create_user_taking_alias(self.client, &self.create).await
    }

    /// The read-back: the new user with the address verified, and each former holder.
    async fn read_back(&self, hs: &Vec<User>, _: &Pacer) -> Result<Check> {
        let (client, id) = (self.client, self.create.pool_id);
        let (username, email) = (self.create.username, self.create.email);
        let after = match fetch::admin_get_user(client, id, username).await {
            Ok(u) => u,
            Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                return Ok(Check {
                    observed: None,
                    took: false,
                    read_back: vec![Change::new(
                        username.to_owned(),
                        "(does not exist)",
                        "created",
                    )],
                    result: format!("{username} does not exist: nothing was created"),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let mut read_back = vec![Change::new(
            format!("{} email_verified", after.username),
            verified_text(&after),
            "\"true\"",
        )];
        read_back.extend(read_back_holders(client, id, hs, true).await.0);
        let took = after.email_verified() && after.email.as_deref() == Some(email);
        Ok(Check {
            observed: None,
            took,
            read_back,
            result: if took {
                format!("{} was created with {email} verified", after.username)
            } else {
                format!(
                    "{} read back with email {} and email_verified {}: not as planned (it may have existed before)",
                    after.username,
                    after.email.as_deref().unwrap_or("(none)"),
                    verified_text(&after)
                )
            },
        })
    }
}
