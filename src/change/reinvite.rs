//! Resending an invitation (AdminCreateUser, MessageAction RESEND): who gets one, the plan, the
//! journal record and the read-back, for one user and for a bulk run alike.

use crate::aws::{apply, fetch};
use crate::change::bulk::{Line, LineState, Runner};
use crate::change::journal::{Entry, Record, Status};
use crate::change::settle::Check;
use crate::change::settle::Settle;
use crate::change::{Change, Plan};
use crate::model::User;
use crate::settings::AwsTarget;

/// Users named in a bulk plan; the rest are counted.
const SHOWN: usize = 10;

/// The fields the call sends, as the plan and the journal name them.
pub const CALL: &str =
    "AdminCreateUser (Username, MessageAction=RESEND, DesiredDeliveryMediums=EMAIL; no attributes)";

/// Whether a user, as just read, gets an invitation again.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Resend(Box<User>),
    Skip(String),
}

/// Where a user of a bulk run stands, from its read: one the pool does not have is skipped as
/// not in the pool (never invited, never a failure); another failed read stays an error.
pub fn surveyed(
    read: Result<User, crate::error::AwsError>,
) -> Result<Verdict, crate::error::AwsError> {
    match read {
        Err(e) if e.kind == crate::error::AwsErrorKind::UserNotFound => {
            Ok(Verdict::Skip(crate::change::bulk::NOT_IN_POOL.into()))
        }
        read => read.map(assess),
    }
}

/// Only a FORCE_CHANGE_PASSWORD user, enabled, with an email.
pub fn assess(user: User) -> Verdict {
    if user.status != "FORCE_CHANGE_PASSWORD" {
        return Verdict::Skip(format!(
            "status {}: not an invitation waiting to be used (only FORCE_CHANGE_PASSWORD users are invited again)",
            user.status
        ));
    }
    if user.disabled() {
        return Verdict::Skip(
            "the user is disabled: an invitation would not let it sign in (enable it first)".into(),
        );
    }
    if user.email.is_none() {
        return Verdict::Skip("no email to send the invitation to".into());
    }
    Verdict::Resend(Box::new(user))
}

/// Whether a journal line is a resent invitation: its planned line holds what was sent
/// (MessageAction RESEND), its result line what was read back (the user's status and
/// UserLastModifiedDate, which only this change records).
pub fn is_resend(e: &Entry) -> bool {
    e.operation == "AdminCreateUser"
        && (e.after["MessageAction"] == "RESEND" || e.after.get("UserLastModifiedDate").is_some())
}

/// The users a journal shows invited again in this pool, each with why a rerun leaves it: sent
/// (applied, or sent and read back otherwise), or planned with no outcome recorded (the run
/// stopped during the call: the email may have gone). A failed invitation is not listed: a rerun
/// with the same `--journal` sends it.
pub fn already_sent(entries: &[Entry], pool_id: &str) -> std::collections::HashMap<String, String> {
    let mut last: std::collections::HashMap<String, (Status, String)> = Default::default();
    for e in entries
        .iter()
        .filter(|e| e.user_pool_id == pool_id && is_resend(e))
    {
        last.insert(e.target.clone(), (e.status, e.time.clone()));
    }
    last.into_iter()
        .filter_map(|(target, (status, time))| {
            let why = match status {
                Status::Applied | Status::NotVerified => {
                    "invited again already (this journal records it)".to_owned()
                }
                Status::Planned => format!(
                    "an invitation was planned at {time} and its outcome never recorded (the run stopped during the call): it may have been sent; reinvite --username if it was not"
                ),
                Status::Failed => return None,
            };
            Some((target, why))
        })
        .collect()
}

/// The journal's record: what the user was, and what was sent. Undo refuses it: a sent email
/// cannot be taken back.
pub fn record(pool_id: &str, user: &User) -> Record {
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: "AdminCreateUser",
        target: user.username.clone(),
        before: serde_json::json!({
            "UserStatus": user.status,
            "UserLastModifiedDate": user.last_modified,
        }),
        after: serde_json::json!({
            "MessageAction": "RESEND",
            "DesiredDeliveryMediums": ["EMAIL"],
        }),
    }
}

/// Reads the user back: still invited (FORCE_CHANGE_PASSWORD), and modified since (a resend
/// replaces the temporary password, which modifies the user). When UserLastModifiedDate has not
/// moved, nothing read shows that the invitation went out: the change does not read back as
/// planned.
pub async fn read_back<G, F>(get: G, before: &User) -> crate::error::Result<Check>
where
    G: Fn(String) -> F,
    F: std::future::Future<Output = Result<User, crate::error::AwsError>>,
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
        read_back: vec![
            Change::new(
                format!("{} UserStatus", after.username),
                before.status.clone(),
                after.status.clone(),
            ),
            Change::new(format!("{} UserLastModifiedDate", after.username), was, now),
        ],
        result,
        observed: Some(serde_json::json!({
            "UserStatus": after.status,
            "UserLastModifiedDate": after.last_modified,
        })),
    })
}

/// The plan for one user.
pub fn plan_one(pool_id: &str, user: &User, target: &AwsTarget, days: i64) -> Plan {
    let action = crate::fix::Action::Reinvite {
        pool_id: pool_id.to_owned(),
        username: user.username.clone(),
    };
    Plan {
        command: "reinvite".into(),
        call: CALL.into(),
        subject: vec![
            ("user pool".into(), pool_id.to_owned()),
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
            format!("a new temporary password by email, valid for {days} days"),
        )],
        notes: notes(),
        aws_cli: Some(action.aws_cli(target)),
    }
}

fn notes() -> Vec<String> {
    vec![
        "the earlier temporary password stops working; the user's attributes are not sent and stay as they are".into(),
        "undo cannot take an invitation back: the email stays sent (the journal records it)".into(),
    ]
}

/// The plan of a bulk run: the users to invite again (the first few named), the skipped ones by
/// reason, and the pace.
pub fn bulk_plan(
    pool_id: &str,
    read: usize,
    from: &std::path::Path,
    to_send: &[String],
    skipped: &crate::change::bulk::Skips,
    rps: f64,
) -> Plan {
    let mut changes: Vec<Change> = to_send
        .iter()
        .take(SHOWN)
        .map(|n| Change::new(format!("{n} invitation"), "not used", "sent again"))
        .collect();
    if to_send.len() > SHOWN {
        changes.push(Change::new(
            format!("... and {} more users", to_send.len() - SHOWN),
            "",
            "",
        ));
    }
    let mut notes = vec![format!(
        "{read} users read from {}: {} to invite again, {} skipped",
        from.display(),
        to_send.len(),
        skipped.total()
    )];
    notes.extend(skipped.notes());
    notes.push(format!(
        "pace: at most {rps} AdminCreateUser calls a second (the UserCreation quota is 50 a second per account, shared with your application): about {:.0} s",
        to_send.len() as f64 / rps
    ));
    notes.push("each user is read again just before its invitation and read back after; every invitation is journaled".into());
    notes.extend(self::notes());
    Plan {
        command: "reinvite --from".into(),
        call: format!("{CALL}, once per user"),
        subject: vec![("user pool".into(), pool_id.to_owned())],
        changes,
        notes,
        aws_cli: None,
    }
}

/// One user of the run: read again just before (the pool may have moved since the survey), sent
/// its invitation, and read back.
pub async fn invite_one(
    runner: &Runner<'_>,
    client: &crate::aws::Client,
    id: &str,
    target: &AwsTarget,
    name: String,
) -> Vec<Line> {
    let read = runner
        .read(|| fetch::admin_get_user(client, id, &name))
        .await;
    let user = match surveyed(read) {
        Ok(Verdict::Resend(u)) => u,
        Ok(Verdict::Skip(why)) => {
            return vec![Line {
                target: name,
                state: LineState::Skipped,
                detail: why,
            }]
        }
        Err(e) => {
            return vec![Line {
                target: name,
                state: LineState::Failed,
                detail: format!("nothing was sent: {e}"),
            }]
        }
    };
    let get =
        |n: String| async move { runner.read(|| fetch::admin_get_user(client, id, &n)).await };
    let how = Settle {
        operation: "AdminCreateUser",
        repeat_answers: &[],
        check_cli: crate::change::admin_verify::check_user_cli(id, &user.username, target),
        record: Some(record(id, &user)),
    };
    let write = || apply::resend_invitation(client, id, &user.username);
    vec![
        runner
            .change(name, &how, write, || read_back(get, &user))
            .await,
    ]
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
        assert_eq!(assess(u.clone()), Verdict::Resend(Box::new(u)));
        let Verdict::Skip(why) = assess(invited("CONFIRMED", "2026-11-01T00:00:00Z")) else {
            panic!()
        };
        assert!(why.starts_with("status CONFIRMED"), "{why}");
        let mut no_email = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
        no_email.email = None;
        assert!(matches!(assess(no_email), Verdict::Skip(_)));
    }

    #[test]
    fn a_rerun_on_the_same_journal_leaves_what_was_sent_and_retries_what_failed() {
        let entry = |target: &str, status: Status| {
            let r = record(
                "p",
                &invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z"),
            );
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
            }
        };
        let entries = [
            entry("a", Status::Planned),
            entry("a", Status::Applied),
            entry("b", Status::Planned),
            entry("b", Status::Failed),
            entry("c", Status::Planned),
        ];
        let sent = already_sent(&entries, "p");
        assert!(sent["a"].contains("already"));
        assert!(!sent.contains_key("b"));
        assert!(sent["c"].contains("may have been sent"));
        assert!(already_sent(&entries, "other-pool").is_empty());
    }

    #[test]
    fn the_journal_record_names_what_was_sent_and_undo_refuses_it() {
        let r = record(
            "p",
            &invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z"),
        );
        assert_eq!(r.after["MessageAction"], "RESEND");
        let e = crate::change::journal::Entry {
            change: 0,
            time: "2026-12-01T00:00:00Z".into(),
            user_pool_id: r.user_pool_id,
            operation: r.operation.into(),
            target: r.target,
            before: r.before,
            after: r.after,
            status: crate::change::journal::Status::Applied,
            detail: None,
        };
        let why = crate::change::restore::undoable(&e).unwrap_err();
        assert!(why.contains("cannot be taken back"), "{why}");
    }
}
