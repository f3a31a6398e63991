//! `custom-message-too-slow`: the CustomMessage function may run longer than the 5 seconds
//! Cognito waits for it.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

/// How long Cognito waits for a synchronous trigger (the developer guide, "Customizing user pool
/// workflows with Lambda triggers": "it must respond within 5 seconds ... You can't change this
/// five-second timeout value").
pub const COGNITO_WAITS_SECONDS: i64 = 5;

pub const RULE: Rule = Rule {
    code: "custom-message-too-slow",
    title: "The CustomMessage function may run longer than Cognito waits for it",
    explanation: "\
What: the pool's CustomMessage trigger names a function whose Timeout \
(GetFunctionConfiguration) is above 5 seconds.

Why: Cognito invokes the CustomMessage function synchronously and waits 5 seconds for it, a limit \
that cannot be changed; it may retry, and when the attempts fail the invocation times out. A \
function allowed to run longer is one that sometimes does (a cold start, a slow call to a template \
store): then the user gets Cognito's default message instead of the custom one, or none, and the \
function's own log shows it finishing after Cognito gave up.

Fix: keep the function well under 5 seconds (its Timeout at 5 or less makes a slow run fail in \
the function's own log rather than silently), move slow work out of the trigger, and give it \
provisioned concurrency if cold starts are the cause.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "the default verification message arrives instead of the custom message",
        source: "public reports of slow CustomMessage functions (re:Post, amplify-js)",
        direct: true,
    }],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let t = s
        .pool
        .triggers
        .iter()
        .find(|t| t.name == "CustomMessage" && t.exists == Some(true))?;
    let timeout = t.timeout?;
    if timeout <= COGNITO_WAITS_SECONDS {
        return None;
    }
    Some(RULE.finding(
        Severity::Warning,
        vec![
            format!(
                "the CustomMessage trigger {} has Timeout {timeout} seconds (GetFunctionConfiguration)",
                t.function_arn
            ),
            format!("Cognito waits {COGNITO_WAITS_SECONDS} seconds for it, a limit that cannot be changed: a run past that sends the default message, or none"),
        ],
        vec![FixStep::advice(format!(
            "Keep {} under {COGNITO_WAITS_SECONDS} seconds: set its Timeout to {COGNITO_WAITS_SECONDS} or less so a slow run fails in its own log, and move slow work out of the trigger",
            t.function_arn
        ))],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::Trigger;
    use crate::rules::test_support::*;

    #[test]
    fn a_timeout_above_five_seconds_is_named() {
        let mut s = pool_snapshot();
        s.pool.triggers = vec![Trigger {
            name: "CustomMessage".into(),
            function_arn: "arn:aws:lambda:us-east-1:111122223333:function:msg".into(),
            exists: Some(true),
            policy: Some(String::new()),
            timeout: Some(30),
            ..Trigger::default()
        }];
        let f = finding(&s, "custom-message-too-slow");
        assert!(
            f.evidence[0].contains("Timeout 30 seconds"),
            "{:?}",
            f.evidence
        );
        s.pool.triggers[0].timeout = Some(5);
        assert!(!codes(&s).contains(&"custom-message-too-slow"));
        s.pool.triggers[0].timeout = None;
        assert!(!codes(&s).contains(&"custom-message-too-slow"));
    }
}
