//! `phone-verified-instead`: the pool auto-verifies both email and phone, so a sign-up's code goes
//! to the phone and the email stays unverified.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "phone-verified-instead",
    title: "Sign-ups verify the phone, not the email (both are auto-verified)",
    explanation: "\
What: the pool's AutoVerifiedAttributes holds both email and phone_number.

Why: when both are auto-verified, Amazon Cognito sends the sign-up code to the phone only. \
Confirming the sign-up verifies the phone number, and the email stays unverified until the user \
requests an email code separately. Users then cannot reset a password by email or sign in with \
an email alias.

Fix: have the app request an email code after sign-up (GetUserAttributeVerificationCode with \
AttributeName=email, then VerifyUserAttribute), or auto-verify email only (UpdateUserPool, sent \
with every other pool setting; the AWS CLI command below does).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html",
    scope: Scope::Pool,
    symptoms: &[],
    stage: super::Stage::Configuration,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let p = &s.pool;
    let both = p.sends_email_codes()
        && p.auto_verified_attributes
            .iter()
            .any(|a| a == "phone_number");
    if !both {
        return None;
    }
    let mut evidence = vec![format!(
        "the pool's AutoVerifiedAttributes is [{}]: a sign-up's code goes to the phone only",
        p.auto_verified_attributes.join(", ")
    )];
    let severity = if s.has_user() {
        let u = &s.user;
        if u.email_verified() || u.email.is_none() || u.is_federated() {
            Severity::Info
        } else {
            evidence.push(format!(
                "for user {}, {} and phone_number_verified is {}",
                u.username,
                u.email_verified_evidence(),
                u.phone_number_verified_raw.as_deref().unwrap_or("absent")
            ));
            Severity::Warning
        }
    } else {
        Severity::Warning
    };
    let fix = vec![
        FixStep::advice(
            "Have the app request an email code after sign-up (GetUserAttributeVerificationCode for email, then VerifyUserAttribute)",
        ),
        FixStep::run(
            "Or auto-verify email only, carrying over every other pool setting",
            Action::UpdatePool {
                pool_id: p.id.clone(),
                update_input: p.update_with(&["AutoVerifiedAttributes"], serde_json::json!(["email"])),
            },
        ),
    ];
    Some(RULE.finding(severity, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;
    use crate::rules::Severity;

    #[test]
    fn both_auto_verified_warns_and_the_fix_keeps_other_settings() {
        let mut s = pool_snapshot();
        s.pool.auto_verified_attributes = vec!["email".into(), "phone_number".into()];
        s.pool.update_input = serde_json::json!({"UserPoolId": "us-east-1_Test", "MfaConfiguration": "OFF", "AutoVerifiedAttributes": ["email", "phone_number"]});
        let f = finding(&s, "phone-verified-instead");
        assert_eq!(f.severity, Severity::Warning);
        let Some(Action::UpdatePool { update_input, .. }) = &f.fix[1].action else {
            panic!()
        };
        assert_eq!(
            update_input["AutoVerifiedAttributes"],
            serde_json::json!(["email"])
        );
        assert_eq!(update_input["MfaConfiguration"], "OFF");
        let mut s = snapshot(user("a", "a@example.com", Some("true")));
        s.pool.auto_verified_attributes = vec!["email".into(), "phone_number".into()];
        assert_eq!(
            finding(&s, "phone-verified-instead").severity,
            Severity::Info
        );
    }
}
