//! `verification-not-configured`: the pool does not send a code when an email changes.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "verification-not-configured",
    title: "The pool does not send email verification codes",
    explanation: "\
What: the pool's AutoVerifiedAttributes does not include email.

Why: without it, Amazon Cognito sends no verification code when a user signs up or changes \
their email, so an email that becomes unverified stays unverified until an administrator acts.

Fix: add email to AutoVerifiedAttributes with UpdateUserPool (`enable-verification`). \
UpdateUserPool resets every setting it is not sent, so the request must carry the pool's whole \
current configuration: the AWS CLI command printed by diagnose does, and enable-verification \
reads the pool, changes that one list and compares every other setting after the update.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html",
    scope: Scope::Both,
    symptoms: &[],
    stage: super::Stage::Configuration,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if s.pool.sends_email_codes() {
        return None;
    }
    if s.has_user() && (u.email.is_none() || u.status == "EXTERNAL_PROVIDER") {
        return None;
    }
    let current = if s.pool.auto_verified_attributes.is_empty() {
        "is empty".to_owned()
    } else {
        format!("is [{}]", s.pool.auto_verified_attributes.join(", "))
    };
    let mut evidence = vec![format!(
        "the pool's AutoVerifiedAttributes {current}: it does not include email"
    )];
    if s.has_user() {
        evidence.push(format!(
            "for user {}, {}",
            u.username,
            u.email_verified_evidence()
        ));
    }
    let (_, update_input) = s.pool.with_email_verification();
    let severity = if s.has_user() && u.email_verified() {
        Severity::Info
    } else {
        Severity::Warning
    };
    let fix = vec![FixStep::run(
        "Add email to AutoVerifiedAttributes, carrying over every other pool setting",
        Action::EnableVerification {
            pool_id: s.pool.id.clone(),
            update_input,
        },
    )];
    Some(RULE.finding(severity, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;
    use crate::rules::Severity;

    #[test]
    fn warns_when_the_user_is_unverified_and_informs_otherwise() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.auto_verified_attributes = vec!["phone_number".into()];
        s.pool.update_input = serde_json::json!({"UserPoolId": "p", "MfaConfiguration": "OFF", "AutoVerifiedAttributes": ["phone_number"]});
        let f = crate::engine::findings(&s);
        let f = f
            .iter()
            .find(|f| f.code == "verification-not-configured")
            .unwrap();
        assert_eq!(f.severity, Severity::Warning);
        let Some(Action::EnableVerification { update_input, .. }) = &f.fix[0].action else {
            panic!("no enable-verification step");
        };
        // The other settings are carried over, and email is added to what was there.
        assert_eq!(update_input["MfaConfiguration"], "OFF");
        assert_eq!(
            update_input["AutoVerifiedAttributes"],
            serde_json::json!(["phone_number", "email"])
        );

        s.user.email_verified_raw = Some("true".into());
        let f = crate::engine::findings(&s);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn silent_when_the_pool_sends_codes() {
        let s = snapshot(user("alice", "a@example.com", Some("false")));
        assert!(!codes(&s).contains(&"verification-not-configured"));
    }
}
