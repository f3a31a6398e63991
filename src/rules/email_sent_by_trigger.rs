//! `email-sent-by-trigger`: a CustomEmailSender or CustomMessage Lambda trigger decides what (and
//! whether) the user receives.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
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
            source: "AWS re:Post and amplify-js reports (UserLambdaValidationException); Cognito may not invoke the function, which trigger-not-invocable names",
            direct: false,
        },
        Symptom {
            text: "UserLambdaValidationException",
            source: "AWS API reference, SignUp, ResendConfirmationCode and GetUserAttributeVerificationCode errors",
            direct: true,
        },
        Symptom {
            text: "CustomEmailSender invocation failed due to error",
            source: "AWS re:Post reports (UserLambdaValidationException); the error named after it is the cause (AccessDeniedException: trigger-not-invocable)",
            direct: false,
        },
            Symptom {
            text: "Invalid email provided/Unable to send the email",
            source: "CodeDeliveryFailureException wording; amazon-cognito-identity-js issue #307",
            direct: false,
        },
        Symptom {
            text: "Unable to deliver message",
            source: "CodeDeliveryFailureException wording seen in support tickets",
            direct: false,
        },
        Symptom {
            text: "CodeDeliveryFailureException",
            source: "AWS API reference, SignUp, ResendConfirmationCode and ForgotPassword errors",
            direct: false,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

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
        fix.push(FixStep::run(
            format!(
                "Read the {kind} function's logs around a failed send, and check that its resource policy lets cognito-idp.amazonaws.com invoke it"
            ),
            Action::TailFunctionLogs {
                function_arn: (*arn).to_owned(),
            },
        ));
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
        s.pool.custom_message = Some("arn:aws:lambda:eu-west-2:123456789012:function:msg".into());
        let f = finding(&s, "email-sent-by-trigger");
        let cli = f.fix[0]
            .action
            .as_ref()
            .unwrap()
            .aws_cli(&crate::settings::AwsTarget {
                region: "us-east-1".into(),
                ..Default::default()
            });
        // The function's own region, not the pool's.
        assert_eq!(
            cli,
            "aws logs tail /aws/lambda/msg --since 1h --region eu-west-2"
        );
        assert!(f.evidence[0].contains("CustomMessage"));
    }
}
