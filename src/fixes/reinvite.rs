//! Sending an invitation again (`reinvite`, one user or `--from` many): AdminCreateUser with
//! MessageAction RESEND and DesiredDeliveryMediums EMAIL, for a user in FORCE_CHANGE_PASSWORD.
//! Who gets one, the plan, the journal record, the read-back (the status, and
//! UserLastModifiedDate moved), what a journal shows sent already, and why undo cannot take it
//! back.

use super::{check_user_cli, first_changes, Fix, Surveyed, Verdict, Words};
use crate::aws::pace::{paced, Pacer};
use crate::aws::{apply, fetch, Client};
use crate::change::journal::{Entry, Record, Status};
use crate::change::settle::{Check, Settle};
use crate::change::{not_in_pool, Change, Plan};
use crate::error::{AwsError, AwsErrorKind, Result};
use crate::model::{Pool, User};
use crate::settings::AwsTarget;

/// The operation it sends (AdminCreateUser, which creates users too).
pub const OPERATION: &str = super::create_user::OPERATION;

/// The fields the call sends, as the plan and the journal name them.
pub const CALL: &str =
    "AdminCreateUser (Username, MessageAction=RESEND, DesiredDeliveryMediums=EMAIL; no attributes)";

/// Invitations sent again, to one user or each of a list.
pub struct Reinvite<'a> {
    pub client: &'a Client,
    pub pool: &'a Pool,
    pub target: &'a AwsTarget,
    /// What the run's journal held when it opened: an earlier run's invitations.
    pub journal: &'a [Entry],
    /// The list a bulk run reads (`--from`).
    pub from: Option<&'a std::path::Path>,
}

/// Only a FORCE_CHANGE_PASSWORD user, enabled, with an email; else why not.
pub fn assess(user: &User) -> std::result::Result<(), String> {
    if user.status != "FORCE_CHANGE_PASSWORD" {
        return Err(format!(
            "status {}: not an invitation waiting to be used (only FORCE_CHANGE_PASSWORD users are invited again)",
            user.status
        ));
    }
    if user.disabled() {
        return Err(
            "the user is disabled: an invitation would not let it sign in (enable it first)".into(),
        );
    }
    if user.email.is_none() {
        return Err("no email to send the invitation to".into());
    }
    Ok(())
}

/// Whether a journal line is a resent invitation: its planned line holds what was sent
/// (MessageAction RESEND), its result line what was read back (the user's status and
/// UserLastModifiedDate, which only this change records).
pub fn is_resend(e: &Entry) -> bool {
    e.operation == OPERATION
        && (e.after["MessageAction"] == "RESEND" || e.after.get("UserLastModifiedDate").is_some())
}

/// What `journal` shows of an invitation to `user` in this pool, read against the user as it
/// is now: sent (applied, or sent and read back otherwise), or planned with no outcome recorded (a
/// run stopped during the call) and settled by the user's UserLastModifiedDate: moved since the
/// plan means it went out. None: nothing sent yet (or it failed), so it is sent.
pub fn already_sent(journal: &[Entry], pool_id: &str, user: &User) -> Option<String> {
    let last = journal
        .iter()
        .rev()
        .find(|e| e.user_pool_id == pool_id && e.target == user.username && is_resend(e))?;
    match last.status {
        Status::Applied | Status::NotVerified => {
            Some("invited again already (this journal records it)".to_owned())
        }
        Status::Failed => None,
        Status::Planned => {
            let planned = last.before["UserLastModifiedDate"].as_str();
            let now = user.last_modified.as_deref();
            (planned != now).then(|| {
                format!(
                    "invited again already: the invitation planned at {} was sent (its outcome was never recorded, and UserLastModifiedDate moved from {} to {})",
                    last.time,
                    planned.unwrap_or("(absent)"),
                    now.unwrap_or("(absent)")
                )
            })
        }
    }
}

/// The journal's record: what the user was, and what was sent. Undo refuses it: a sent email
/// cannot be taken back.
pub fn record(pool_id: &str, user: &User) -> Record {
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: OPERATION,
        target: user.username.clone(),
        before: serde_json::json!({
            "UserStatus": user.status,
            "UserLastModifiedDate": user.last_modified,
        }),
        after: serde_json::json!({
            "MessageAction": "RESEND",
            "DesiredDeliveryMediums": ["EMAIL"],
        }),
        undoes: None,
    }
}

/// Why undo does not take an invitation back.
pub fn irreversible(e: &Entry) -> String {
    format!(
        "the invitation sent to {} cannot be taken back: an email that went out stays sent (its temporary password replaced the earlier one)",
        e.target
    )
}

/// Reads the user back: still invited (FORCE_CHANGE_PASSWORD), and modified since (a resend
/// replaces the temporary password, which modifies the user). When UserLastModifiedDate has not
/// moved, nothing read shows that the invitation went out: the change does not read back as
/// planned.
pub async fn read_back<G, F>(get: G, before: &User) -> Result<Check>
where
    G: Fn(String) -> F,
    F: std::future::Future<Output = std::result::Result<User, AwsError>>,
{
    let after = get(before.username.clone()).await?;
    let was = before.last_modified.as_deref().unwrap_or("(absent)");
    let now = after.last_modified.as_deref().unwrap_or("(absent)");
    let waiting = after.status == "FORCE_CHANGE_PASSWORD";
    let took = waiting && was != now;
    let result = if took {
        format!(
            "an invitation was sent again to {}: status FORCE_CHANGE_PASSWORD, UserLastModifiedDate {now} (was {was})",
            after.username
        )
    } else if waiting {
        format!(
            "{} reads back unchanged (UserLastModifiedDate {now}): nothing shows that the invitation went out",
            after.username
        )
    } else {
        format!(
            "{} reads back with status {}, not FORCE_CHANGE_PASSWORD: it is no longer waiting for an invitation",
            after.username, after.status
        )
    };
    Ok(Check {
        took,
        // What was read, beside what the plan expects of it.
        read_back: vec![
            Change::new(
                format!("{} UserStatus", after.username),
                after.status.clone(),
                "FORCE_CHANGE_PASSWORD",
            ),
            Change::new(
                format!("{} UserLastModifiedDate", after.username),
                now,
                format!("later than {was}"),
            ),
        ],
        result,
        observed: Some(serde_json::json!({
            "UserStatus": after.status,
            "UserLastModifiedDate": after.last_modified,
        })),
    })
}

fn notes() -> Vec<String> {
    vec![
        "the earlier temporary password stops working; the user's attributes are not sent and stay as they are".into(),
        "undo cannot take an invitation back: the email stays sent (the journal records it)".into(),
    ]
}

impl Fix for Reinvite<'_> {
    type Target = String;
    type Subject = User;

    fn name(&self, t: &String) -> String {
        t.clone()
    }

    async fn survey(&self, name: &String, reads: &Pacer) -> Verdict<User> {
        let user = match paced(reads, || {
            fetch::admin_get_user(self.client, &self.pool.id, name)
        })
        .await
        {
            Ok(u) => u,
            Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                return Verdict::Missing(not_in_pool(e, name, &self.pool.id))
            }
            Err(e) => return Verdict::Unread(e.into()),
        };
        if let Some(why) = already_sent(self.journal, &self.pool.id, &user) {
            return Verdict::unchanged(why, user);
        }
        match assess(&user) {
            Ok(()) => Verdict::Change(user),
            Err(why) => Verdict::Refused {
                why: format!("{name}: {why}; nothing was sent"),
                short: why,
                subject: Some(user),
            },
        }
    }

    fn plan(&self, user: &User) -> Plan {
        let action = crate::fix::Action::Reinvite {
            pool_id: self.pool.id.clone(),
            username: user.username.clone(),
        };
        Plan {
            command: "reinvite".into(),
            call: CALL.into(),
            subject: vec![
                ("user pool".into(), self.pool.id.clone()),
                ("user".into(), user.username.clone()),
                ("email".into(), user.email.clone().unwrap_or_default()),
            ],
            changes: vec![Change::new(
                format!("{} invitation", user.username),
                format!(
                    "status {}, last modified {}",
                    user.status,
                    user.last_modified.as_deref().unwrap_or("(absent)")
                ),
                format!(
                    "a new temporary password by email, valid for {} days",
                    self.pool.temporary_password_days()
                ),
            )],
            notes: notes(),
            aws_cli: Some(action.aws_cli(self.target)),
        }
    }

    fn plan_many(&self, s: &Surveyed<'_, User>) -> Plan {
        let changes = s
            .to_change
            .iter()
            .take(super::SHOWN)
            .map(|(n, _)| Change::new(format!("{n} invitation"), "not used", "sent again"))
            .collect();
        let words = super::BulkNotes {
            doing: "to invite again",
            pace: "AdminCreateUser calls a second (the UserCreation quota is 50 a second per account, shared with your application)".into(),
            each: "invitation",
        };
        let mut notes = words.head(s, self.from);
        notes.extend(self::notes());
        words.tail(s, &mut notes);
        Plan {
            command: "reinvite --from".into(),
            call: format!("{CALL}, once per user"),
            subject: vec![("user pool".into(), self.pool.id.clone())],
            changes: first_changes(changes, s.to_change.len(), "users"),
            notes,
            aws_cli: None,
        }
    }

    fn settle(&self, user: &User) -> Settle {
        Settle {
            operation: OPERATION,
            repeat_answers: &[],
            check_cli: check_user_cli(&self.pool.id, &user.username, self.target),
            record: Some(record(&self.pool.id, user)),
        }
    }

    async fn write(&self, user: &User) -> std::result::Result<(), AwsError> {
        apply::resend_invitation(self.client, &self.pool.id, &user.username).await
    }

    async fn read_back(&self, user: &User, reads: &Pacer) -> Result<Check> {
        let (client, id) = (self.client, self.pool.id.as_str());
        let get =
            |n: String| async move { paced(reads, || fetch::admin_get_user(client, id, &n)).await };
        read_back(get, user).await
    }

    fn words(&self) -> Words {
        Words {
            nothing: "no user needs an invitation; nothing was sent".into(),
            journal: "(undo cannot take invitations back; the journal records them)".into(),
            changes: "invitations".into(),
            unread: "nothing was sent: could not be read".into(),
            ..Words::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invited(status: &str, modified: &str) -> User {
        User {
            username: "ivy".into(),
            status: status.into(),
            enabled: Some(true),
            email: Some("ivy@example.com".into()),
            created: Some("2026-11-01T00:00:00Z".into()),
            last_modified: Some(modified.into()),
            ..User::default()
        }
    }

    #[test]
    fn only_a_waiting_invitation_is_sent_again() {
        let u = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
        assert_eq!(assess(&u), Ok(()));
        let why = assess(&invited("CONFIRMED", "2026-11-01T00:00:00Z")).unwrap_err();
        assert!(why.starts_with("status CONFIRMED"), "{why}");
        let mut no_email = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
        no_email.email = None;
        assert!(assess(&no_email).is_err());
    }

    /// A rerun on the same journal leaves what was sent, sends what failed, and settles a change
    /// planned with no outcome by the user's UserLastModifiedDate: moved since the plan, it went
    /// out; unmoved, it is sent.
    #[test]
    fn a_rerun_settles_what_the_journal_shows() {
        let entry = |target: &str, status: Status| {
            let mut u = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
            u.username = target.into();
            let r = record("p", &u);
            Entry {
                change: 0,
                time: "2026-12-01T00:00:00Z".into(),
                user_pool_id: r.user_pool_id,
                operation: r.operation.into(),
                target: target.into(),
                before: r.before,
                after: r.after,
                status,
                detail: None,
                undoes: None,
            }
        };
        let entries = [
            entry("a", Status::Planned),
            entry("a", Status::Applied),
            entry("b", Status::Planned),
            entry("b", Status::Failed),
            entry("c", Status::Planned),
            entry("d", Status::Planned),
        ];
        let user = |name: &str, modified: &str| {
            let mut u = invited("FORCE_CHANGE_PASSWORD", modified);
            u.username = name.into();
            u
        };
        let old = "2026-11-01T00:00:00Z";
        assert!(already_sent(&entries, "p", &user("a", old))
            .unwrap()
            .contains("already"));
        assert_eq!(already_sent(&entries, "p", &user("b", old)), None);
        let moved = already_sent(&entries, "p", &user("c", "2026-12-01T00:00:01Z")).unwrap();
        assert!(
            moved.contains("was sent") && moved.contains("moved from"),
            "{moved}"
        );
        assert_eq!(already_sent(&entries, "p", &user("d", old)), None);
        assert_eq!(already_sent(&entries, "other-pool", &user("a", old)), None);
    }
}
