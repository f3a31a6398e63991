//! `invite-not-accepted` and `invite-expired`: an administrator-created user who never used the
//! invitation (FORCE_CHANGE_PASSWORD); past TemporaryPasswordValidityDays its temporary password
//! no longer works.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{epoch_seconds, Snapshot};

pub const RULE: Rule = Rule {
    code: "invite-not-accepted",
    title: "The user never used the invitation: recovery is refused until it signs in with the temporary password",
    explanation: "\
What: the user's status is FORCE_CHANGE_PASSWORD: an administrator created it (AdminCreateUser, \
the console, an import of users with a temporary password) and it has not signed in with the \
temporary password of the invitation yet.

Why: until it does, Amazon Cognito refuses ForgotPassword for the user (\"User password cannot be \
reset in the current state\") and sends no verification code: \"I never got the email\" is often \
an invitation that went unread, to spam, or to an old address.

Fix: resend the invitation (AdminCreateUser with MessageAction RESEND, which is what `reinvite` \
does): a new temporary password, valid for TemporaryPasswordValidityDays again.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "User password cannot be reset in the current state.",
            source: "AWS API reference, ForgotPassword (NotAuthorizedException) for a FORCE_CHANGE_PASSWORD user; amplify-flutter issue #3048",
            direct: true,
        },
        Symptom {
            text: "FORCE_CHANGE_PASSWORD",
            source: "AWS API reference, UserStatusType",
            direct: true,
        },
    ],
    stage: super::Stage::Identity,
    check: not_accepted,
    fixed_by: Some(super::Fixer::Reinvite),
    weigh: None,
};

pub const EXPIRED: Rule = Rule {
    code: "invite-expired",
    title: "The invitation expired: its temporary password no longer works",
    explanation: "\
What: the user's status is FORCE_CHANGE_PASSWORD and it was invited (created, or last modified, as a \
resend does) longer ago than the pool's \
TemporaryPasswordValidityDays (Policies.PasswordPolicy; 7 unless set).

Why: the temporary password of an invitation works only for that many days. After that the user \
cannot sign in (\"Temporary password has expired and must be reset by an administrator.\") nor \
reset the password, and no code reaches them.

Fix: resend the invitation (AdminCreateUser with MessageAction RESEND; `reinvite`), which sends a \
new temporary password and restarts the validity.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "Temporary password has expired and must be reset by an administrator.",
        source: "AWS API reference, InitiateAuth / AdminInitiateAuth (NotAuthorizedException) after TemporaryPasswordValidityDays",
        direct: true,
    }],
    stage: super::Stage::Identity,
    check: expired,
    fixed_by: Some(super::Fixer::Reinvite),
    weigh: None,
};

/// When the invitation of a FORCE_CHANGE_PASSWORD user was sent, as far as the user shows it:
/// its last modification (a resend resets the temporary password, and modifies the user), else
/// its creation. Never earlier than the real invitation, so `invite-expired` is never claimed
/// too soon.
fn invited_at(s: &Snapshot) -> Option<&str> {
    s.user
        .last_modified
        .as_deref()
        .or(s.user.created.as_deref())
}

/// Seconds since the invitation of a FORCE_CHANGE_PASSWORD user, and the days it is valid.
fn invitation(s: &Snapshot) -> Option<(Option<i64>, i64)> {
    let u = &s.user;
    if u.status != "FORCE_CHANGE_PASSWORD" {
        return None;
    }
    let age = match (s.now, invited_at(s).and_then(epoch_seconds)) {
        (Some(now), Some(created)) => Some(now - created),
        _ => None,
    };
    Some((age, s.pool.temporary_password_days()))
}

fn fix(s: &Snapshot) -> Vec<FixStep> {
    vec![FixStep::run(
        "Send the invitation again: a new temporary password, valid for the pool's days again",
        Action::Reinvite {
            pool_id: s.pool.id.clone(),
            username: s.user.username.clone(),
        },
    )]
}

fn not_accepted(s: &Snapshot) -> Option<crate::rules::Finding> {
    let (age, days) = invitation(s)?;
    if age.is_some_and(|a| a > days * 86_400) {
        return None; // invite-expired says it
    }
    let u = &s.user;
    let mut evidence = vec![format!(
        "user {} has status FORCE_CHANGE_PASSWORD: it has not signed in with the invitation's temporary password",
        u.username
    )];
    if let (Some(a), Some(at)) = (age, invited_at(s)) {
        evidence.push(format!(
            "invited (or last modified) {at}, {} day(s) ago; the temporary password works for {days} days (TemporaryPasswordValidityDays)",
            a / 86_400
        ));
    }
    evidence.push("until then ForgotPassword is refused (\"User password cannot be reset in the current state\")".into());
    Some(RULE.finding(Severity::Warning, evidence, fix(s)))
}

fn expired(s: &Snapshot) -> Option<crate::rules::Finding> {
    let (age, days) = invitation(s)?;
    let age = age.filter(|a| *a > days * 86_400)?;
    let u = &s.user;
    let evidence = vec![
        format!("user {} has status FORCE_CHANGE_PASSWORD", u.username),
        format!(
            "invited (or last modified) {}, {} days ago: past the pool's TemporaryPasswordValidityDays of {days}, so the temporary password no longer works",
            invited_at(s).unwrap_or("?"),
            age / 86_400
        ),
    ];
    Some(EXPIRED.finding(Severity::Error, evidence, fix(s)))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;
    use crate::rules::Severity;

    fn invited(days_ago: i64, validity: Option<i64>) -> crate::model::Snapshot {
        let mut u = user("ivy", "ivy@example.com", Some("true"));
        u.status = "FORCE_CHANGE_PASSWORD".into();
        u.created = Some("2024-05-01T00:00:00Z".into());
        u.last_modified = Some("2024-06-01T00:00:00Z".into());
        let mut s = snapshot(u);
        s.now = Some(1_717_200_000 + days_ago * 86_400);
        if let Some(d) = validity {
            s.pool.update_input = serde_json::json!({"Policies": {"PasswordPolicy": {"TemporaryPasswordValidityDays": d}}});
        }
        s
    }

    #[test]
    fn an_invitation_is_not_accepted_then_expired_after_its_days() {
        let f = finding(&invited(2, None), "invite-not-accepted");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.evidence[1].contains("works for 7 days"), "{f:?}");
        assert!(
            matches!(&f.fix[0].action, Some(Action::Reinvite { username, .. }) if username == "ivy")
        );
        assert!(!codes(&invited(2, None)).contains(&"invite-expired"));

        let e = finding(&invited(9, None), "invite-expired");
        assert_eq!(e.severity, Severity::Error);
        assert!(
            e.evidence[1].contains("TemporaryPasswordValidityDays of 7"),
            "{e:?}"
        );
        assert!(!codes(&invited(9, None)).contains(&"invite-not-accepted"));
        // A pool that keeps invitations for 30 days.
        assert!(codes(&invited(9, Some(30))).contains(&"invite-not-accepted"));
        // A confirmed user has no invitation pending.
        assert!(!codes(&snapshot(user("c", "c@example.com", Some("true"))))
            .iter()
            .any(|c| c.starts_with("invite-")));
    }
}
