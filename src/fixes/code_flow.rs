//! The user's own code flow (`reverify --send-code`, `reverify --code-file`), with the user's
//! access token (from stdin, a file or COGNITO_ACCESS_TOKEN, never argv):
//! GetUserAttributeVerificationCode sends a code, VerifyUserAttribute submits it. A submitted
//! code is journaled and undone as an administrator's verification is (its email_verified put
//! back); a code sent cannot be taken back, and changes nothing to journal.

use std::sync::Mutex;

use super::{Fix, Verdict};
use crate::aws::pace::Pacer;
use crate::aws::{apply, Client};
use crate::change::journal::Record;
use crate::change::settle::{Check, Settle};
use crate::change::{verified_text, Change, Plan};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::fix::Action;
use crate::model::User;
use crate::secret::Secret;
use crate::settings::AwsTarget;

/// The operation a submitted code sends.
pub const OPERATION: &str = "VerifyUserAttribute";

/// What the user-side calls act with: the token's client, the token, and its pool.
pub struct Token<'a> {
    pub client: &'a Client,
    pub token: &'a Secret,
    pub pool_id: &'a str,
    pub target: &'a AwsTarget,
    /// `--anyway`: the operator's word that the user's provider does not map email.
    pub anyway: bool,
}

/// A refused token, explained: expired, revoked or from another pool.
fn token_error(e: AwsError) -> Error {
    if e.kind == AwsErrorKind::NotAuthorized {
        Error::Aws(AwsError {
            message: format!("{} (the access token is expired, revoked or from another pool; ask the user to sign in again)", e.message),
            ..e
        })
    } else {
        Error::Aws(e)
    }
}

/// Where a user-side call acts: the pool from the token, the user and its email.
fn token_subject(pool: &str, user: &User) -> Vec<(String, String)> {
    vec![
        ("user pool".into(), pool.to_owned()),
        ("user".into(), user.username.clone()),
        (
            "email".into(),
            user.email.clone().unwrap_or_else(|| "(none)".into()),
        ),
    ]
}

/// Federated users' email comes from the provider at each sign-in: a code cannot fix it. The
/// user side cannot read the provider's mapping, so `--anyway` is the operator's word that the
/// provider does not map email.
fn refuse_federated(user: &User, anyway: bool) -> Option<String> {
    (user.is_federated() && !anyway).then(|| {
        let via: Vec<&str> = user.identities.iter().map(|i| i.provider_name.as_str()).collect();
        format!(
            "{} is federated through {}: a code cannot verify an email the provider maps, because the next sign-in writes it again; map the provider's email-verified claim with map-idp (or rerun with --anyway if the provider does not map email)",
            user.username,
            if via.is_empty() { "an identity provider".to_owned() } else { via.join(", ") }
        )
    })
}

impl Token<'_> {
    async fn user(&self) -> std::result::Result<User, Error> {
        apply::get_user(self.client, self.token)
            .await
            .map_err(token_error)
    }

    /// The token's user, or why a survey ends there: unread, or federated without `--anyway`.
    async fn own_user(&self) -> std::result::Result<User, Verdict<User>> {
        let user = self.user().await.map_err(Verdict::Unread)?;
        match refuse_federated(&user, self.anyway) {
            Some(why) => Err(Verdict::Refused {
                short: why.clone(),
                why,
                subject: Some(user),
            }),
            None => Ok(user),
        }
    }
}

/// The journal record of a submitted code: the user's email_verified before, and "true".
pub fn record(pool_id: &str, user: &User) -> Record {
    Record {
        operation: OPERATION,
        ..super::admin_verify::record(pool_id, user, &[])
    }
}

/// `reverify --send-code`: Cognito sends the user a new code.
pub struct SendCode<'a> {
    pub token: Token<'a>,
    /// Where Cognito said the code went (masked by Cognito), once sent.
    sent: Mutex<Option<Option<String>>>,
}

impl<'a> SendCode<'a> {
    pub fn new(token: Token<'a>) -> Self {
        SendCode {
            token,
            sent: Mutex::new(None),
        }
    }
}

impl Fix for SendCode<'_> {
    type Target = ();
    type Subject = User;

    fn name(&self, _: &()) -> String {
        "the token's user".into()
    }

    async fn survey(&self, _: &(), _: &Pacer) -> Verdict<User> {
        let user = match self.token.own_user().await {
            Ok(u) => u,
            Err(verdict) => return verdict,
        };
        if user.email.is_none() {
            return Verdict::Refused {
                why: format!("{} has no email to send a code to", user.username),
                short: "no email".into(),
                subject: Some(user),
            };
        }
        if user.email_verified() {
            return Verdict::Unchanged {
                why: format!(
                    "{}'s email is already verified; no code sent",
                    user.username
                ),
                short: "already verified".into(),
                subject: user,
            };
        }
        Verdict::Change(user)
    }

    fn plan(&self, user: &User) -> Plan {
        Plan {
            command: "reverify --send-code".into(),
            call: "GetUserAttributeVerificationCode (AttributeName=email, AccessToken=***)".into(),
            subject: token_subject(self.token.pool_id, user),
            changes: vec![Change::new(
                "verification code",
                "(not known: the API does not say whether one is pending)",
                "a new code, sent by Cognito to the user's email",
            )],
            notes: vec![
                "the code is valid for 24 hours; send again if it expired".into(),
                "Cognito limits how many codes a user may request per hour, and the default email sender sends 50 messages a day".into(),
            ],
            aws_cli: Some(Action::SendCode.aws_cli(self.token.target)),
        }
    }

    /// A code sent changes nothing the journal could put back: nothing is journaled.
    fn settle(&self, _: &User) -> Settle {
        Settle {
            operation: "GetUserAttributeVerificationCode",
            repeat_answers: &[],
            check_cli: String::new(),
            record: None,
        }
    }

    async fn write(&self, _: &User) -> std::result::Result<(), AwsError> {
        let destination = apply::send_code(self.token.client, self.token.token).await?;
        *self.sent.lock().unwrap_or_else(|p| p.into_inner()) = Some(destination);
        Ok(())
    }

    /// Only what the service said: the masked destination it returned, or that it returned
    /// none.
    async fn read_back(&self, _: &User, _: &Pacer) -> Result<Check> {
        let sent = self
            .sent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .flatten();
        let (result, delivered) = match sent {
            Some(d) => (
                format!("Cognito sent a code to {d}; submit it with `reverify --code-file F --access-token-file F`"),
                d,
            ),
            None => (
                "Cognito accepted the request and returned no delivery details; the code goes to the user's email unless a trigger sends it; submit it with `reverify --code-file F --access-token-file F`".to_owned(),
                "(no delivery details returned)".to_owned(),
            ),
        };
        Ok(Check {
            took: true,
            read_back: vec![Change::new("code delivery", delivered, "the user's email")],
            result,
            observed: None,
        })
    }

    /// A code refused for its limits says so; a refused token says why.
    fn explain(&self, _: &User, e: Error) -> Error {
        match e {
            Error::Aws(e) if matches!(e.kind, AwsErrorKind::LimitExceeded | AwsErrorKind::Throttled) => {
                Error::Aws(AwsError {
                    message: format!(
                        "{}; Cognito caps verification codes per user per hour and the default email sender at 50 messages a day per account: wait before sending again, or configure Amazon SES for the pool",
                        e.message
                    ),
                    ..e
                })
            }
            Error::Aws(e) => token_error(e),
            other => other,
        }
    }
}

/// `reverify --code-file`: the user's code submitted.
pub struct VerifyCode<'a> {
    pub token: Token<'a>,
    pub code: &'a Secret,
}

impl Fix for VerifyCode<'_> {
    type Target = ();
    type Subject = User;

    fn name(&self, _: &()) -> String {
        "the token's user".into()
    }

    async fn survey(&self, _: &(), _: &Pacer) -> Verdict<User> {
        // An email that reads verified may still have a change pending: in a pool whose
        // AttributesRequireVerificationBeforeUpdate includes email, the old address stays
        // verified until this very code is submitted. So the code is always submitted, as the
        // AWS CLI's verify-user-attribute does; the service says whether it matches.
        self.token
            .own_user()
            .await
            .map_or_else(|refused| refused, Verdict::Change)
    }

    fn plan(&self, user: &User) -> Plan {
        let mut notes = Vec::new();
        if user.email_verified() {
            notes.push(format!(
                "{}'s current address reads verified: the code applies a pending change of address, if there is one (a pool that keeps the old address until the new one is verified); otherwise the service rejects it",
                user.username
            ));
        }
        Plan {
            command: "reverify --code-file".into(),
            call: format!("{OPERATION} (AttributeName=email, Code=***, AccessToken=***)"),
            subject: token_subject(self.token.pool_id, user),
            changes: vec![Change::new(
                "email_verified",
                verified_text(user),
                "\"true\"",
            )],
            notes,
            aws_cli: Some(Action::VerifyCode.aws_cli(self.token.target)),
        }
    }

    fn settle(&self, user: &User) -> Settle {
        Settle {
            record: Some(record(self.token.pool_id, user)),
            operation: OPERATION,
            // A repeat of a code that was accepted no longer matches.
            repeat_answers: &["CodeMismatchException", "ExpiredCodeException"],
            check_cli:
                "aws cognito-idp get-user (with the user's access token) and look at email_verified"
                    .into(),
        }
    }

    async fn write(&self, _: &User) -> std::result::Result<(), AwsError> {
        apply::verify_code(self.token.client, self.token.token, self.code).await
    }

    async fn read_back(&self, user: &User, _: &Pacer) -> Result<Check> {
        let after = self.token.user().await?;
        let (was, was_verified) = (&user.email, user.email_verified());
        // Verified now proves the code took only when it was not before, or the address moved.
        let took = after.email_verified() && (!was_verified || after.email != *was);
        Ok(Check {
            observed: None,
            took,
            result: if took && after.email != *was {
                format!(
                    "{}'s email is now {}, verified (the pending change was applied)",
                    after.username,
                    after.email.as_deref().unwrap_or_default()
                )
            } else if took {
                format!("{}'s email is verified", after.username)
            } else {
                format!(
                    "email_verified read back as {}: the change did not take",
                    verified_text(&after)
                )
            },
            read_back: vec![Change::new(
                "email_verified",
                verified_text(&after),
                "\"true\"",
            )],
        })
    }

    fn explain(&self, _: &User, e: Error) -> Error {
        match e {
            Error::Aws(e)
                if !matches!(
                    e.kind,
                    AwsErrorKind::CodeMismatch | AwsErrorKind::ExpiredCode
                ) =>
            {
                token_error(e)
            }
            other => other,
        }
    }
}
