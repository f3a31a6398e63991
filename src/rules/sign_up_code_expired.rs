//! `sign-up-code-expired`: an UNCONFIRMED user signed up more than 24 hours ago, so its
//! confirmation code (or link) has expired.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{epoch_seconds, Snapshot};

/// Sign-up confirmation codes are valid for 24 hours.
const CODE_VALIDITY_SECS: i64 = 24 * 3600;

pub const RULE: Rule = Rule {
    code: "sign-up-code-expired",
    title: "The sign-up confirmation code has expired",
    explanation: "\
What: the user is UNCONFIRMED and was created more than 24 hours ago.

Why: the code (or link) Amazon Cognito sends to confirm a sign-up is valid for 24 hours. After \
that ConfirmSignUp fails with ExpiredCodeException (\"Invalid code provided, please request a code \
again.\"), and the email stays unverified however often the user retries the old code.

Fix: send a new code with ResendConfirmationCode (the app's \"resend code\" button, or the AWS CLI \
command below with the app client the user signed up through; a client with a secret also needs \
its SECRET_HASH), then confirm with the new one.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "Invalid code provided, please request a code again.",
            source: "AWS API reference, ConfirmSignUp (ExpiredCodeException); amplify-js issue reports",
            direct: true,
        },
        Symptom {
            text: "ExpiredCodeException",
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
    if !u.is_unconfirmed() || u.email_verified() {
        return None;
    }
    let created = u.created.as_deref()?;
    let age = s.now? - epoch_seconds(created)?;
    if age <= CODE_VALIDITY_SECS {
        return None;
    }
    let what = if s.pool.confirms_with_link() {
        "confirmation link"
    } else {
        "confirmation code"
    };
    let evidence = vec![
        format!("user {} has status UNCONFIRMED", u.username),
        format!(
            "it was created {created}, {} hours ago; a {what} is valid for 24 hours",
            age / 3600
        ),
    ];
    let client_id = match s.clients.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    };
    let fix = vec![FixStep::run(
        format!("Send a new {what} (with the app client the user signed up through)"),
        Action::ResendConfirmationCode {
            client_id,
            username: u.username.clone(),
        },
    )];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn older_than_a_day_has_expired() {
        let mut u = user("sam", "sam@example.com", None);
        u.status = "UNCONFIRMED".into();
        let mut s = snapshot(u);
        s.now = Some(1_717_286_400);
        s.clients.push(client("c1", None));
        let f = finding(&s, "sign-up-code-expired");
        assert!(f.evidence.iter().any(|e| e.contains("hours ago")));
        assert!(codes(&s).contains(&"sign-up-not-confirmed"));
    }

    #[test]
    fn a_fresh_sign_up_has_not() {
        let mut u = user("sam", "sam@example.com", None);
        u.status = "UNCONFIRMED".into();
        let mut s = snapshot(u);
        s.now = Some(1_704_067_200 + 3600);
        assert!(!codes(&s).contains(&"sign-up-code-expired"));
    }
}
