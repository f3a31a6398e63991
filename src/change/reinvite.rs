//! Resending an invitation (AdminCreateUser, MessageAction RESEND): who gets one, the plan, the
//! journal record and the read-back, for one user and for a bulk run alike.

use crate::change::journal::Record;
use crate::change::settle::Check;
use crate::change::{Change, Plan};
use crate::model::{epoch_seconds, User};
use crate::settings::AwsTarget;

/// A user modified this recently has most likely just been sent an invitation: a rerun skips it,
/// so that it does only what is left (and nobody gets two emails in a row).
pub const FRESH_SECS: i64 = 600;

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

/// Only a FORCE_CHANGE_PASSWORD user, enabled, with an email, and not modified in the last
/// [`FRESH_SECS`] (`now` in seconds since the epoch).
pub fn assess(user: User, now: i64) -> Verdict {
    if user.status != "FORCE_CHANGE_PASSWORD" {
        return Verdict::Skip(format!(
            "status {}: not an invitation waiting to be used (only FORCE_CHANGE_PASSWORD users are invited again)",
            user.status
        ));
    }
    if !user.enabled {
        return Verdict::Skip(
            "the user is disabled: an invitation would not let it sign in (enable it first)".into(),
        );
    }
    if user.email.is_none() {
        return Verdict::Skip("no email to send the invitation to".into());
    }
    let modified = user.last_modified.as_deref().and_then(epoch_seconds);
    if modified.is_some_and(|m| now - m < FRESH_SECS) {
        return Verdict::Skip(format!(
            "modified less than {} minutes ago: an invitation has most likely just gone out",
            FRESH_SECS / 60
        ));
    }
    Verdict::Resend(Box::new(user))
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

/// Reads the user back: still invited (FORCE_CHANGE_PASSWORD), and when it was last modified
/// (a resend resets the temporary password).
pub async fn read_back<G, F>(get: G, before: &User) -> crate::error::Result<Check>
where
    G: Fn(String) -> F,
    F: std::future::Future<Output = Result<User, crate::error::AwsError>>,
{
    let after = get(before.username.clone()).await?;
    let took = after.status == "FORCE_CHANGE_PASSWORD";
    let was = before.last_modified.as_deref().unwrap_or("(absent)");
    let now = after.last_modified.as_deref().unwrap_or("(absent)");
    let moved = if was == now {
        format!("UserLastModifiedDate unchanged ({now})")
    } else {
        format!("UserLastModifiedDate {now} (was {was})")
    };
    let result = if took {
        format!(
            "an invitation was sent again to {} ({}); status FORCE_CHANGE_PASSWORD, {moved}",
            after.username,
            after.email.as_deref().unwrap_or("no email")
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
    skipped: &std::collections::BTreeMap<String, u64>,
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
        skipped.values().sum::<u64>()
    )];
    for (why, n) in skipped {
        notes.push(format!("skipped {n}: {why}"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn invited(status: &str, modified: &str) -> User {
        User {
            username: "ivy".into(),
            status: status.into(),
            enabled: true,
            email: Some("ivy@example.com".into()),
            created: Some("2026-11-01T00:00:00Z".into()),
            last_modified: Some(modified.into()),
            ..User::default()
        }
    }

    #[test]
    fn only_a_waiting_invitation_is_sent_again_and_not_twice_in_a_row() {
        let now = epoch_seconds("2026-12-01T00:00:00Z").unwrap();
        let u = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
        assert_eq!(assess(u.clone(), now), Verdict::Resend(Box::new(u)));
        let Verdict::Skip(why) = assess(invited("CONFIRMED", "2026-11-01T00:00:00Z"), now) else {
            panic!()
        };
        assert!(why.starts_with("status CONFIRMED"), "{why}");
        let Verdict::Skip(why) = assess(
            invited("FORCE_CHANGE_PASSWORD", "2026-11-30T23:55:00Z"),
            now,
        ) else {
            panic!()
        };
        assert!(why.contains("just gone out"), "{why}");
        let mut no_email = invited("FORCE_CHANGE_PASSWORD", "2026-11-01T00:00:00Z");
        no_email.email = None;
        assert!(matches!(assess(no_email, now), Verdict::Skip(_)));
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
