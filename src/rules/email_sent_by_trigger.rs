//! `email-sent-by-trigger`: a CustomEmailSender or CustomMessage Lambda trigger decides what (and
//! whether) the user receives.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-sent-by-trigger",
    title: "Verification emails go through a Lambda trigger",
    explanation: "\
What: the pool's LambdaConfig has a CustomEmailSender (the function sends the email itself) or a \
CustomMessage trigger (the function writes the message Cognito sends).

Why: the code reaches the user only if the function works. A function that throws, times out, \
lacks its invoke permission (lambda:InvokeFunction for cognito-idp.amazonaws.com) or, for \
CustomEmailSender, cannot decrypt the code with its KMS key, means no email arrives; Cognito then \
reports UserLambdaValidationException or an \"invocation failed\" message to the caller.

Fix: read the function's logs at the time of a failed send (the command below), check its \
resource policy allows cognito-idp.amazonaws.com to invoke it, and for CustomEmailSender that it \
may use the pool's KMS key.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-email-sender.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "CustomMessage invocation failed due to error AccessDeniedException",
            source: "AWS re:Post and amplify-js reports (UserLambdaValidationException)",
            direct: true,
        },
        Symptom {
            text: "UserLambdaValidationException",
            source: "AWS API reference, SignUp, ResendConfirmationCode and GetUserAttributeVerificationCode errors",
            direct: true,
        },
        Symptom {
            text: "CustomEmailSender invocation failed due to error",
            source: "AWS re:Post reports (UserLambdaValidationException)",
            direct: true,
        },
    ],
    check,
};

/// The function's name from its ARN, for the log group.
fn function_name(arn: &str) -> &str {
    arn.split(':').nth(6).unwrap_or(arn)
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let p = &s.pool;
    let triggers: Vec<(&str, &str)> = [
        ("CustomEmailSender", p.custom_email_sender.as_deref()),
        ("CustomMessage", p.custom_message.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|arn| (k, arn)))
    .collect();
    if triggers.is_empty() {
        return None;
    }
    let mut evidence = Vec::new();
    let mut fix = Vec::new();
    for (kind, arn) in &triggers {
        evidence.push(format!("the pool's LambdaConfig.{kind} is {arn}"));
        fix.push(FixStep::advice(format!(
            "Read {kind}'s logs around a failed send: aws logs tail /aws/lambda/{} --since 1h (in the function's region), and check its resource policy lets cognito-idp.amazonaws.com invoke it",
            function_name(arn)
        )));
    }
    evidence.push("codes reach users only if this function runs and succeeds".to_owned());
    Some(RULE.finding(Severity::Info, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn names_the_function() {
        let mut s = pool_snapshot();
        s.pool.custom_message = Some("arn:aws:lambda:us-east-1:123456789012:function:msg".into());
        let f = finding(&s, "email-sent-by-trigger");
        assert!(f.fix[0].description.contains("/aws/lambda/msg "));
        assert!(f.evidence[0].contains("CustomMessage"));
    }
}
