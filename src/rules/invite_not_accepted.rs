//! `invite-not-accepted`: an administrator created the user and it has not used its invitation
//! yet (FORCE_CHANGE_PASSWORD): recovery is refused until it signs in with the temporary password.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "invite-not-accepted",
    title: "The user has not accepted its invitation: password reset is refused until it signs in",
    explanation: "\
What: the user's status is FORCE_CHANGE_PASSWORD: an administrator created it (AdminCreateUser) \
and it has not yet signed in with the temporary password of its invitation and chosen its own.

Why: until then Amazon Cognito refuses ForgotPassword with NotAuthorizedException \"User password \
cannot be reset in the current state.\", so a user who lost the invitation email, or never got \
it, has no way in on its own. The temporary password is valid for the pool's \
TemporaryPasswordValidityDays (7 by default); after that it no longer works.

Fix: send the invitation again with a new temporary password: AdminCreateUser with \
MessageAction RESEND for the same username (`reinvite`). Check the address first: the \
invitation goes to the user's email, and a code that never arrived points to delivery.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "User password cannot be reset in the current state.",
        source: "AWS API reference, ForgotPassword (NotAuthorizedException); amplify-flutter issue #3048",
        direct: true,
    }],
    check,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if u.status != "FORCE_CHANGE_PASSWORD" {
        return None;
    }
    let mut evidence = vec![format!(
        "user {} has status FORCE_CHANGE_PASSWORD: it was created by an administrator and has not signed in with its temporary password",
        u.username
    )];
    if let Some(c) = &u.created {
        evidence.push(format!("the user was created {c}"));
    }
    evidence.push(
        "ForgotPassword is refused with \"User password cannot be reset in the current state.\" until the user signs in"
            .to_owned(),
    );
    let fix = vec![FixStep::advice(format!(
        "Send the invitation again with a new temporary password: aws cognito-idp admin-create-user with --message-action RESEND for {} (the user signs in with it and sets its own password)",
        u.username
    ))];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn fires_for_force_change_password_only() {
        let mut u = user("invited", "i@example.com", Some("true"));
        u.status = "FORCE_CHANGE_PASSWORD".into();
        let s = snapshot(u);
        assert_eq!(codes(&s), ["invite-not-accepted"]);
        assert!(codes(&snapshot(user("c", "c@example.com", Some("true")))).is_empty());
    }
}
