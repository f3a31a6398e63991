//! `sign-up-not-confirmed`: the email is unverified because the sign-up was never confirmed.

use super::{verified_holders, Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "sign-up-not-confirmed",
    title: "The sign-up is not confirmed yet, so the email is not verified",
    explanation: "\
What: the user is UNCONFIRMED and its email is unverified, with no alias conflict.

Why: a user who signs up is UNCONFIRMED until it submits the code sent to its email \
(ConfirmSignUp). Confirming the sign-up with that code also verifies the email. Until then \
email_verified is false; this is expected, not a fault.

Fix: the user submits the code (ConfirmSignUp); if it expired, ResendConfirmationCode sends a \
new one. An administrator can confirm with AdminConfirmSignUp, but that does not verify the email.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "User is not confirmed.",
            source: "AWS API reference, InitiateAuth (UserNotConfirmedException); amplify-js issue reports",
            direct: true,
        },
        Symptom {
            text: "UserNotConfirmedException",
            source: "AWS API reference, InitiateAuth and ForgotPassword errors",
            direct: true,
        },
            Symptom {
            text: "Invalid verification code provided, please try again.",
            source: "AWS API reference, ConfirmSignUp (CodeMismatchException): only the latest code matches; amplify-js issue reports",
            direct: true,
        },
        Symptom {
            text: "CodeMismatchException",
            source: "AWS API reference, ConfirmSignUp errors",
            direct: true,
        },
    ],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    let email = u.email.as_deref()?;
    if !u.is_unconfirmed() || u.email_verified() || !verified_holders(s).is_empty() {
        return None;
    }
    let evidence = vec![
        format!("user {} has status UNCONFIRMED", u.username),
        format!("email {email}, {}", u.email_verified_evidence()),
    ];
    let client_id = match s.clients.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    };
    let how = if s.pool.confirms_with_link() {
        "The user confirms the sign-up with the link in the confirmation email (the pool sends links: DefaultEmailOption CONFIRM_WITH_LINK); ResendConfirmationCode sends a new one. Confirming as below needs the code carried in that link"
    } else {
        "The user confirms the sign-up with the code it received (ResendConfirmationCode sends a new one)"
    };
    let fix = vec![
        FixStep::run(
            "If the code never arrived or has expired: send a new one (the user's app client)",
            Action::ResendConfirmationCode {
                client_id: client_id.clone(),
                username: u.username.clone(),
            },
        ),
        FixStep::run(
            how,
            Action::ConfirmSignUp {
                pool_id: s.pool.id.clone(),
                client_id,
                username: u.username.clone(),
                force_alias: None,
                secret_hash: false,
            },
        ),
    ];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn fires_for_unconfirmed_only() {
        let mut u = user("new", "n@example.com", None);
        u.status = "UNCONFIRMED".into();
        let s = snapshot(u);
        assert_eq!(codes(&s), ["sign-up-not-confirmed"]);
        let f = finding(&s, "sign-up-not-confirmed");
        assert!(matches!(
            f.fix[0].action,
            Some(crate::fix::Action::ResendConfirmationCode { .. })
        ));
        let confirm = f.fix[1].action.as_ref().unwrap();
        let cli = confirm.aws_cli(&crate::settings::AwsTarget::default());
        assert!(
            cli.contains("confirm-sign-up") && !cli.contains("ForceAliasCreation"),
            "{cli}"
        );
        assert!(codes(&snapshot(user("c", "c@example.com", Some("true")))).is_empty());
    }
}
