//! `codes-requested-not-used`: the user's history shows codes requested and none used after the
//! last one.

use super::{has_tokens, Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{EventKind, Snapshot};

pub const RULE: Rule = Rule {
    code: "codes-requested-not-used",
    title: "The user asked for codes and never used one after the last request",
    explanation: "\
What: CloudTrail's event history shows Cognito accepting this user's code requests (SignUp, \
ResendConfirmationCode, GetUserAttributeVerificationCode, ForgotPassword, or the managed login's \
resend and reset pages) and no accepted confirmation (ConfirmSignUp, VerifyUserAttribute, \
ConfirmForgotPassword, or the managed login's confirmation) after the last of them, within the \
window read.

Why: a code that was sent and never used most often never arrived: the message was dropped past \
Cognito (the SES identity, the sandbox, the suppression list, a Lambda trigger), landed in spam, \
or went to an address the user does not read. Each new request also replaces the code before it, \
so a user who asks again and again and types an older code sees \"Invalid verification code\".

Fix: look past Cognito first (the delivery findings of this report, the pool's delivery log); \
then send one code again and have the user enter that one. The history says what Cognito \
accepted, not what was delivered.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/logging-using-cloudtrail.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "I never received the verification code",
        source: "the commonest ticket (\"the code never arrived\"), amplify-js and re:Post reports",
        direct: false,
    }],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let h = s.history.as_ref()?;
    let requests: Vec<_> = h.accepted(EventKind::CodeRequest).collect();
    let last = *requests.last()?;
    if h.accepted(EventKind::Confirmation)
        .any(|c| c.epoch >= last.epoch)
    {
        return None;
    }
    let u = &s.user;
    let mut evidence = vec![format!(
        "Cognito accepted {} code request{} for user {} and no confirmation after the last one",
        requests.len(),
        if requests.len() == 1 { "" } else { "s" },
        u.username
    )];
    evidence.extend(requests.iter().map(|e| e.line()));
    evidence.push(h.window());
    let mut fix = vec![FixStep::advice(
        "Look past Cognito first: the delivery findings of this report (SES identity, sandbox, suppression list, triggers) and the pool's delivery log; ask the user to check spam",
    )];
    if u.is_unconfirmed() {
        fix.push(FixStep::run(
            "Then send the sign-up code once more, and have the user enter that one",
            Action::ResendConfirmationCode {
                client_id: last.client_id.clone(),
                username: u.username.clone(),
            },
        ));
    } else if has_tokens(u) && !u.email_verified() && !u.is_federated() {
        fix.push(FixStep::run(
            "Then send one verification code (with the user's access token), and have the user enter that one",
            Action::SendCode,
        ));
    } else {
        fix.push(FixStep::advice(
            "Then have the user request one code again and enter that one, not an older one",
        ));
    }
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::History;
    use crate::rules::test_support::*;

    #[test]
    fn a_request_without_a_later_confirmation_is_named_a_used_one_is_not() {
        let mut s = snapshot(user("ann", "a@example.com", Some("false")));
        s.history = Some(History {
            events: vec![
                history_event("GetUserAttributeVerificationCode", 100, None),
                history_event("VerifyUserAttribute", 200, None),
                history_event("GetUserAttributeVerificationCode", 300, None),
            ],
            ..History::default()
        });
        let f = finding(&s, "codes-requested-not-used");
        assert!(
            f.evidence[0].contains("2 code requests"),
            "{:?}",
            f.evidence
        );
        assert_eq!(f.fix[1].action, Some(crate::fix::Action::SendCode));
        // Used after the last request: nothing to say.
        s.history
            .as_mut()
            .unwrap()
            .events
            .push(history_event("VerifyUserAttribute", 400, None));
        assert!(!codes(&s).contains(&"codes-requested-not-used"));
        // A refused confirmation is no use of the code.
        let last = s.history.as_mut().unwrap().events.last_mut().unwrap();
        last.error_code = Some("CodeMismatchException".into());
        assert!(codes(&s).contains(&"codes-requested-not-used"));
    }
}
