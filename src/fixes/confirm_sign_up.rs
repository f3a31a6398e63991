//! A sign-up confirmed with its code (`force-alias confirm`): ConfirmSignUp with
//! ForceAliasCreation true (the alias moves from the user holding it) or false (`--deny`: the
//! service is asked to refuse, AliasExistsException being the planned answer). The code and the
//! app client's secret come from stdin or a file, never argv. Undo cannot unconfirm a sign-up.

use super::{check_user_cli, read_back_holders, Fix, Verdict};
use crate::aws::pace::{paced, Pacer};
use crate::aws::{apply, fetch, Client};
use crate::change::journal::{Entry, Record};
use crate::change::settle::{Check, Settle};
use crate::change::{not_in_pool, verified_text, Change, Plan};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::fix::Action;
use crate::model::{Pool, User};
use crate::secret::Secret;
use crate::settings::AwsTarget;

/// A sign-up to confirm, or to deny its alias.
pub struct ConfirmSignUp<'a> {
    pub client: &'a Client,
    pub pool: &'a Pool,
    pub target: &'a AwsTarget,
    pub client_id: &'a str,
    pub code: &'a Secret,
    /// The app client's secret, for SECRET_HASH, when it has one.
    pub client_secret: Option<&'a Secret>,
    /// ForceAliasCreation (false: `--deny`).
    pub force: bool,
}

/// The operation it sends.
pub const OPERATION: &str = "ConfirmSignUp";

/// The user who signed up, and the users holding its address as a verified alias.
pub struct Subject {
    user: User,
    holders: Vec<User>,
}

/// The journal record: the user's status before, and as planned.
pub fn record(pool_id: &str, user: &User, deny_planned: bool) -> Record {
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: OPERATION,
        target: user.username.clone(),
        before: serde_json::json!({ "status": user.status }),
        after: serde_json::json!({ "status": if deny_planned { "UNCONFIRMED" } else { "CONFIRMED" } }),
        undoes: None,
    }
}

/// Why undo does not take a confirmation back.
pub fn irreversible(e: &Entry) -> String {
    format!("a confirmed sign-up ({}) cannot be unconfirmed", e.target)
}

/// What a confirmation changes (the user's status, and the holder's alias when it moves) and
/// what the operator must know, for the plan.
fn confirm_changes(user: &User, hs: &[User], force: bool) -> (Vec<Change>, Vec<String>) {
    let mut changes = vec![Change::new(
        format!("{} status", user.username),
        user.status.clone(),
        "CONFIRMED",
    )];
    let mut notes = Vec::new();
    match (hs.first(), force) {
        (Some(h), true) => {
            changes.push(Change::new(
                format!("{} email_verified", h.username),
                verified_text(h),
                "\"false\" (the alias moves to this user)",
            ));
            notes.push(format!(
                "{} can no longer sign in with {}",
                h.username,
                user.email.as_deref().unwrap_or_default()
            ));
        }
        (Some(h), false) => {
            changes[0] = Change::new(
                format!("{} status", user.username),
                user.status.clone(),
                "UNCONFIRMED (denied)",
            );
            notes.push(format!(
                "expected answer: AliasExistsException \"An account with the email already exists.\"; {} keeps the alias",
                h.username
            ));
        }
        (None, _) => {
            notes.push("no other user holds this email as a verified alias: nothing moves".into())
        }
    }
    (changes, notes)
}

impl ConfirmSignUp<'_> {
    /// Denying with a holder asks the service to refuse: the plan's answer.
    fn deny_planned(&self, s: &Subject) -> bool {
        !self.force && !s.holders.is_empty()
    }
}

impl Fix for ConfirmSignUp<'_> {
    type Target = String;
    type Subject = Subject;

    fn name(&self, t: &String) -> String {
        t.clone()
    }

    async fn survey(&self, name: &String, reads: &Pacer) -> Verdict<Subject> {
        let (client, pool) = (self.client, self.pool);
        let user = match paced(reads, || fetch::admin_get_user(client, &pool.id, name)).await {
            Ok(u) => u,
            Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                return Verdict::Missing(not_in_pool(e, name, &pool.id))
            }
            Err(e) => return Verdict::Unread(e.into()),
        };
        let holders = match paced(reads, || fetch::alias_holders(client, pool, &user)).await {
            Ok(h) => h,
            Err(e) => return Verdict::Unread(e.into()),
        };
        if !user.is_unconfirmed() {
            let why = format!(
                "{} is {}, not UNCONFIRMED: there is no sign-up to confirm",
                user.username, user.status
            );
            return Verdict::unchanged(why, Subject { user, holders });
        }
        Verdict::Change(Subject { user, holders })
    }

    /// The plan of ConfirmSignUp: the user's status and each alias holder, and the AWS CLI line.
    fn plan(&self, s: &Subject) -> Plan {
        let (user, hs, force) = (&s.user, &s.holders, self.force);
        let with_secret = self.client_secret.is_some();
        let (changes, mut notes) = confirm_changes(user, hs, force);
        if with_secret {
            notes.push("SECRET_HASH is computed from the app client secret".into());
        }
        let aws_cli = Action::ConfirmSignUp {
            pool_id: self.pool.id.clone(),
            client_id: Some(self.client_id.to_owned()),
            username: user.username.clone(),
            force_alias: Some(force),
            secret_hash: with_secret,
        }
        .aws_cli(self.target);
        let mut subject = vec![
            ("user pool".into(), self.pool.id.clone()),
            ("app client".into(), self.client_id.to_owned()),
            ("user".into(), user.username.clone()),
            (
                "email".into(),
                user.email.clone().unwrap_or_else(|| "(none)".into()),
            ),
        ];
        subject.extend(
            hs.iter()
                .map(|h| ("alias held by".to_owned(), h.username.clone())),
        );
        Plan {
            command: format!("force-alias confirm{}", if force { "" } else { " --deny" }),
            call: format!(
                "{OPERATION} (ForceAliasCreation={force}, ConfirmationCode=***{})",
                if with_secret { ", SecretHash=***" } else { "" }
            ),
            subject,
            changes,
            notes,
            aws_cli: Some(aws_cli),
        }
    }

    fn settle(&self, s: &Subject) -> Settle {
        Settle {
            record: Some(record(&self.pool.id, &s.user, self.deny_planned(s))),
            operation: OPERATION,
            // A repeat of an applied confirmation: "User cannot be confirmed. Current status is
            // CONFIRMED".
            repeat_answers: &["NotAuthorizedException"],
            check_cli: check_user_cli(&self.pool.id, &s.user.username, self.target),
        }
    }

    async fn write(&self, s: &Subject) -> std::result::Result<(), AwsError> {
        let name = &s.user.username;
        let hash = self
            .client_secret
            .map(|secret| crate::secret::secret_hash(secret, name, self.client_id));
        match apply::confirm_sign_up(
            self.client,
            self.client_id,
            name,
            self.code,
            self.force,
            hash,
        )
        .await
        {
            // Denying is asking the service to refuse: AliasExistsException is the planned answer.
            Err(e) if e.kind == AwsErrorKind::AliasExists && self.deny_planned(s) => Ok(()),
            other => other,
        }
    }

    /// The read-back: the user's status and each holder's email_verified, against the plan.
    async fn read_back(&self, s: &Subject, _: &Pacer) -> Result<Check> {
        let (client, id, hs, force) = (self.client, self.pool.id.as_str(), &s.holders, self.force);
        let after = fetch::admin_get_user(client, id, &s.user.username).await?;
        let confirmed = after.status == "CONFIRMED";
        // With a holder, denying means: not confirmed, and the holder keeps the alias. Without
        // one, there is nothing to deny and the sign-up is confirmed either way.
        let deny_with_holder = !force && !hs.is_empty();
        let (holders_read, holders_ok) = read_back_holders(client, id, hs, !deny_with_holder).await;
        let mut read_back = vec![Change::new(
            format!("{} status", after.username),
            after.status.clone(),
            if deny_with_holder {
                "UNCONFIRMED (denied)"
            } else {
                "CONFIRMED"
            },
        )];
        read_back.extend(holders_read);
        let holder = hs
            .first()
            .map(|h| h.username.as_str())
            .unwrap_or("the other user");
        let (took, result) = match (deny_with_holder, confirmed) {
            (true, false) => (
                holders_ok,
                format!("denied as planned: {} stays {} and {holder} keeps the alias", after.username, after.status),
            ),
            (true, true) => (
                false,
                format!(
                    "the service confirmed {} although the plan denied it (it applied no alias rule); {holder}'s email_verified reads back as shown",
                    after.username
                ),
            ),
            (false, true) if holders_ok => (
                true,
                format!(
                    "{} is confirmed{}",
                    after.username,
                    if force && !hs.is_empty() { " and holds the alias" } else { "" }
                ),
            ),
            (false, true) => (
                false,
                format!(
                    "{} is confirmed, but {holder} still reads back with its email verified: the alias did not move as planned (the service applied no alias rule)",
                    after.username
                ),
            ),
            (false, false) => (
                false,
                format!("{} read back as {}: the confirmation did not take", after.username, after.status),
            ),
        };
        Ok(Check {
            observed: None,
            took,
            read_back,
            result,
        })
    }

    /// A client with a secret needs SECRET_HASH: the refusal says how to give it.
    fn explain(&self, _: &Subject, e: Error) -> Error {
        match e {
            Error::Aws(e)
                if e.kind == AwsErrorKind::NotAuthorized
                    && e.message.to_ascii_uppercase().contains("SECRET_HASH") =>
            {
                Error::refused(format!(
                    "the app client has a secret, so ConfirmSignUp needs SECRET_HASH ({}); give the secret with --client-secret-file or COGNITO_CLIENT_SECRET",
                    e.message
                ))
            }
            other => other,
        }
    }
}
