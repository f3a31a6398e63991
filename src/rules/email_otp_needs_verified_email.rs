//! `email-otp-needs-verified-email`: the pool offers passwordless sign-in with a code by email
//! (EMAIL_OTP) and the user's email is unverified.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-otp-needs-verified-email",
    title: "The pool signs in with email codes, and this user's email is unverified",
    explanation: "\
What: the pool allows EMAIL_OTP as a first authentication factor \
(Policies.SignInPolicy.AllowedFirstAuthFactors) and the user's email_verified is false or absent.

Why: Cognito sends a one-time sign-in code by email only to a verified address. For this user, \
passwordless sign-in by email cannot start: the app offers \"email me a code\" and nothing comes, or \
the sign-in is refused, and with no password the user may have no other way in.

Fix: verify the email: an administrator who knows the user owns the address marks it verified \
(`reverify --admin`), or the user, signed in another way, asks for a code and submits it.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passwordless",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "EMAIL_OTP is not available for this user",
        source: "public reports of passwordless email sign-in for unverified addresses (amplify-js, re:Post)",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let factors = s.pool.first_auth_factors.as_ref()?;
    if !factors.iter().any(|f| f == "EMAIL_OTP") {
        return None;
    }
    let u = &s.user;
    let email = u.email.as_deref()?;
    if u.email_verified() {
        return None;
    }
    Some(RULE.finding(
        Severity::Error,
        vec![
            format!(
                "the pool's SignInPolicy.AllowedFirstAuthFactors are [{}]: users may sign in with a code sent by email",
                factors.join(", ")
            ),
            format!(
                "user {} has email {email} and {}: Cognito sends sign-in codes only to a verified address",
                u.username,
                u.email_verified_evidence()
            ),
        ],
        vec![FixStep::run(
            "If you know the user owns the address: mark it verified as an administrator",
            Action::admin_verify(&s.pool, u, false),
        )],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn email_codes_for_an_unverified_address_are_an_error() {
        let mut s = snapshot(user("ann", "a@example.com", Some("false")));
        assert!(!codes(&s).contains(&"email-otp-needs-verified-email"));
        s.pool.first_auth_factors = Some(vec!["PASSWORD".into(), "EMAIL_OTP".into()]);
        let f = finding(&s, "email-otp-needs-verified-email");
        assert!(
            f.evidence[0].contains("PASSWORD, EMAIL_OTP"),
            "{:?}",
            f.evidence
        );
        s.user.email_verified_raw = Some("true".into());
        assert!(!codes(&s).contains(&"email-otp-needs-verified-email"));
        s.user.email_verified_raw = Some("false".into());
        s.pool.first_auth_factors = Some(vec!["PASSWORD".into()]);
        assert!(!codes(&s).contains(&"email-otp-needs-verified-email"));
    }
}
