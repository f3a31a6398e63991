//! `password-reset-blocked`: ForgotPassword needs a verified email (or phone) that this user does
//! not have.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "password-reset-blocked",
    title: "The user cannot reset a forgotten password: recovery needs a verified email",
    explanation: "\
What: the pool's account recovery sends the reset code to a verified email (verified_email is a \
recovery mechanism, or the pool has no AccountRecoverySetting and the user has no verified \
phone), and this user's email is unverified.

Why: ForgotPassword sends its code only to a verified address. With none, it fails with \
InvalidParameterException \"Cannot reset password for the user as there is no registered/verified \
email or phone_number\", and the user is locked out until an administrator acts. Without an \
AccountRecoverySetting the legacy behaviour applies: a verified phone first, then a verified email.

Fix: verify the email (`reverify --admin`, or a code while the user can still sign in). Or give \
the user a verified phone and make verified_phone_number a recovery mechanism \
(AccountRecoverySetting in UpdateUserPool, sent with every other pool setting).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "Cannot reset password for the user as there is no registered/verified email or phone_number",
            source: "AWS API reference, ForgotPassword (InvalidParameterException); amplify-js and re:Post reports",
            direct: true,
        },
        Symptom {
            text: "InvalidParameterException",
            source: "AWS API reference, ForgotPassword errors",
            direct: true,
        },
    ],
    stage: super::Stage::Consequence,
    check,
    fixed_by: Some(super::Fixer::AdminReverify),
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if u.email_verified() || u.is_unconfirmed() || u.status == "EXTERNAL_PROVIDER" {
        return None;
    }
    let phone = u.phone_verified();
    let (uses_email, setting) = match &s.pool.recovery_mechanisms {
        None => (
            !phone,
            "the pool has no AccountRecoverySetting: the legacy behaviour sends the reset code to a verified phone, else a verified email".to_owned(),
        ),
        Some(m) => {
            let email = m.iter().any(|n| n == "verified_email");
            let by_phone = m.iter().any(|n| n == "verified_phone_number") && phone;
            (
                email && !by_phone,
                format!("the pool's AccountRecoverySetting lists [{}]", m.join(", ")),
            )
        }
    };
    if !uses_email {
        return None;
    }
    let mut evidence = vec![
        setting,
        if u.email.is_some() {
            format!("for user {}, {}", u.username, u.email_verified_evidence())
        } else {
            format!("user {} has no email", u.username)
        },
        match (&u.phone_number, phone) {
            (None, _) => "the user has no phone_number".to_owned(),
            (Some(_), false) => "the user's phone_number is not verified".to_owned(),
            (Some(_), true) => {
                "the user's phone is verified, but verified_phone_number is not a recovery mechanism"
                    .to_owned()
            }
        },
    ];
    evidence.push("ForgotPassword fails with \"Cannot reset password for the user as there is no registered/verified email or phone_number\"".to_owned());
    let mut fix = Vec::new();
    if u.email.is_some() {
        fix.push(FixStep::run(
            "If you know the user owns the address: mark the email verified",
            Action::admin_verify(&s.pool, u, false),
        ));
    } else {
        fix.push(FixStep::run(
            "Give the user an email address, then verify it",
            Action::SetEmail {
                pool_id: s.pool.id.clone(),
                username: u.username.clone(),
            },
        ));
    }
    // What the pool already allows decides the other way out.
    let phone_listed = s
        .pool
        .recovery_mechanisms
        .as_ref()
        .is_none_or(|m| m.iter().any(|n| n == "verified_phone_number"));
    fix.push(FixStep::advice(match (phone_listed, u.phone_number.is_some()) {
        (true, true) => "Or verify the user's phone_number: the pool already sends reset codes to a verified phone".to_owned(),
        (true, false) => "Or give the user a phone_number and verify it: the pool already sends reset codes to a verified phone".to_owned(),
        (false, _) => "Or add verified_phone_number to AccountRecoverySetting (UpdateUserPool, sent with every other pool setting) and give the user a verified phone".to_owned(),
    }));
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn email_only_recovery_blocks_an_unverified_user() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.recovery_mechanisms = Some(vec!["verified_email".into()]);
        assert!(codes(&s).contains(&"password-reset-blocked"));
    }

    #[test]
    fn legacy_recovery_uses_a_verified_phone_first() {
        let mut u = user("alice", "a@example.com", Some("false"));
        u.phone_number = Some("+15555551212".into());
        u.phone_number_verified_raw = Some("true".into());
        let mut s = snapshot(u);
        s.pool.recovery_mechanisms = None;
        assert!(!codes(&s).contains(&"password-reset-blocked"));
        let mut u = user("bob", "b@example.com", Some("false"));
        u.phone_number = Some("+15555551212".into());
        let mut s = snapshot(u);
        s.pool.recovery_mechanisms = None;
        let f = finding(&s, "password-reset-blocked");
        assert!(f.evidence.iter().any(|e| e.contains("legacy")));
        assert!(f
            .evidence
            .iter()
            .any(|e| e.contains("phone_number is not verified")));
    }

    #[test]
    fn the_other_way_out_depends_on_what_the_pool_lists() {
        let mut u = user("alice", "a@example.com", Some("false"));
        u.phone_number = Some("+15555551212".into());
        let mut s = snapshot(u);
        s.pool.recovery_mechanisms = Some(vec![
            "verified_email".into(),
            "verified_phone_number".into(),
        ]);
        let f = finding(&s, "password-reset-blocked");
        let last = &f.fix.last().unwrap().description;
        assert!(
            last.contains("already sends reset codes to a verified phone"),
            "{last}"
        );
        assert!(!last.contains("add verified_phone_number"), "{last}");
        s.pool.recovery_mechanisms = Some(vec!["verified_email".into()]);
        let f = finding(&s, "password-reset-blocked");
        assert!(f
            .fix
            .last()
            .unwrap()
            .description
            .contains("add verified_phone_number"));
    }

    #[test]
    fn admin_only_recovery_or_a_verified_email_is_silent() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.recovery_mechanisms = Some(vec!["admin_only".into()]);
        assert!(!codes(&s).contains(&"password-reset-blocked"));
        let s = snapshot(user("alice", "a@example.com", Some("true")));
        assert!(!codes(&s).contains(&"password-reset-blocked"));
    }
}
