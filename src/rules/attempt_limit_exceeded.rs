//! `attempt-limit-exceeded`: the user's history shows Cognito refusing code requests,
//! confirmations or resets with LimitExceededException within the last hour.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::{EventKind, Snapshot};

/// How far back a refusal counts: the developer guide speaks of an hourly allowance for codes
/// ("Forgot password behavior": in a given hour, a limited number of requests), and Cognito
/// does not publish the exact limits.
const LAST_HOUR: i64 = 3600;

pub const RULE: Rule = Rule {
    code: "attempt-limit-exceeded",
    title: "Cognito refused the user's code requests in the last hour: attempt limit exceeded",
    explanation: "\
What: CloudTrail's event history shows Cognito answering LimitExceededException (\"Attempt limit \
exceeded, please try after some time.\") to this user's code requests (sign-up, resend, \
attribute code, forgot password), confirmations or attribute updates within the last hour.

Why: Cognito limits how often one user may request or enter codes. The limits are not published \
(AWS staff in amazon-cognito-identity-js issue #548: \"we do not share externally the exact \
limits involved\"), so only the service's own refusal counts as evidence, never a count of \
requests. While refused, no code is sent at all: the user sees \"the code never arrived\", or an \
app that retries on its own keeps the limit from ever resetting.

Fix: wait (the limit resets; Cognito does not say after how long), then make one request. Stop \
the app from retrying code requests automatically, and from sending several at once.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "Attempt limit exceeded, please try after some time.",
            source: "Cognito's LimitExceededException message, in amplify-js issue #8013 and aws-sdk-android issue #627",
            direct: true,
        },
        Symptom {
            text: "LimitExceededException",
            source: "AWS API reference, ForgotPassword, ResendConfirmationCode, GetUserAttributeVerificationCode and VerifyUserAttribute errors",
            direct: true,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let h = s.history.as_ref()?;
    let now = s.now?;
    let refused: Vec<_> = h
        .events
        .iter()
        .filter(|e| {
            e.error_code.as_deref() == Some("LimitExceededException")
                && now - e.epoch <= LAST_HOUR
                && e.kind() != EventKind::Other
        })
        .collect();
    let last = refused.last()?;
    let mut evidence = vec![format!(
        "Cognito refused {} of user {}'s requests in the last hour with LimitExceededException",
        refused.len(),
        s.user.username
    )];
    evidence.extend(refused.iter().map(|e| e.line()));
    evidence.push(format!(
        "the last refusal was at {}; Cognito does not publish its per-user limits or how long they last, so only its own refusals count here",
        last.time
    ));
    evidence.push(h.window());
    Some(RULE.finding(
        Severity::Error,
        evidence,
        vec![
            FixStep::advice(
                "Wait: the limit resets after some time (Cognito does not say how long); then make one request, and ask the user to use the newest code",
            ),
            FixStep::advice(
                "Stop the app from retrying code requests by itself, or from sending several at once: each refused retry keeps the limit in force",
            ),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::History;
    use crate::rules::test_support::*;

    #[test]
    fn a_refusal_within_the_hour_is_an_error_an_older_one_is_history() {
        let now = 1_717_286_400;
        let mut s = snapshot(user("ann", "a@example.com", Some("true")));
        s.now = Some(now);
        s.history = Some(History {
            events: vec![history_event(
                "GetUserAttributeVerificationCode",
                now - 600,
                Some("LimitExceededException"),
            )],
            ..History::default()
        });
        let f = finding(&s, "attempt-limit-exceeded");
        assert!(f.evidence[1].contains("GetUserAttributeVerificationCode by the user (own access token), refused: LimitExceededException"), "{:?}", f.evidence);
        s.history.as_mut().unwrap().events[0].epoch = now - 7200;
        assert!(!codes(&s).contains(&"attempt-limit-exceeded"));
        // Another refusal is not the attempt limit.
        s.history.as_mut().unwrap().events[0] = history_event(
            "ForgotPassword",
            now - 60,
            Some("CodeDeliveryFailureException"),
        );
        assert!(!codes(&s).contains(&"attempt-limit-exceeded"));
    }
}
