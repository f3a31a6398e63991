//! `user-disabled`: the user is disabled, so sign-in and every recovery are refused.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "user-disabled",
    title: "The user is disabled: sign-in and recovery are refused",
    explanation: "\
What: AdminGetUser (or ListUsers) shows Enabled false for the user.

Why: Amazon Cognito refuses every sign-in, password reset and code for a disabled user, with \
\"User is disabled.\" (NotAuthorizedException). Whatever email_verified says, the user cannot \
use or recover the account until it is enabled again; apps often show only \"cannot sign in\".

Fix: find out why the user was disabled (an administrator, an offboarding, a fraud rule); if it \
should be active, enable it with AdminEnableUser.",
    docs: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminEnableUser.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "User is disabled.",
        source: "AWS API reference, InitiateAuth and ForgotPassword (NotAuthorizedException); amplify-js issue reports",
        direct: true,
    }],
    stage: super::Stage::Access,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    // An answer without Enabled says nothing (it is listed under `unavailable`).
    if !u.disabled() {
        return None;
    }
    let evidence = vec![format!(
        "user {} is disabled (Enabled false, status {})",
        u.username, u.status
    )];
    let fix = vec![FixStep::run(
        "Once you know why it was disabled and it should be active: enable the user",
        Action::EnableUser {
            pool_id: s.pool.id.clone(),
            username: u.username.clone(),
        },
    )];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn a_disabled_user_is_an_error_even_when_verified() {
        let mut u = user("dora", "dora@example.com", Some("true"));
        assert!(!codes(&snapshot(u.clone())).contains(&"user-disabled"));
        u.enabled = None;
        assert!(!codes(&snapshot(u.clone())).contains(&"user-disabled"));
        u.enabled = Some(false);
        let f = finding(&snapshot(u), "user-disabled");
        assert!(f.evidence[0].contains("Enabled false"), "{f:?}");
        assert!(f.fix[0].action.is_some());
    }
}
