//! `default-email-sender-limit`: the pool sends with Cognito's default email sender, which sends
//! at most 50 emails a day for the account.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

/// Emails a day the default sender allows per account.
pub const DAILY_LIMIT: u64 = 50;

pub const RULE: Rule = Rule {
    code: "default-email-sender-limit",
    title: "Emails use Cognito's default sender: at most 50 a day for the account",
    explanation: "\
What: the pool's EmailConfiguration.EmailSendingAccount is COGNITO_DEFAULT (or absent, which \
means the same).

Why: with the default sender Amazon Cognito sends at most 50 emails a day per account and \
region, sign-up codes, verification codes and password resets together. Past that, calls that \
send a code fail with LimitExceededException \"Exceeded daily email limit for the operation or \
the account\" and users wait for codes that never come. `audit` raises this to a warning when \
the pool has at least 50 users with an unverified email.

Fix: send through Amazon SES: EmailSendingAccount DEVELOPER with a verified SES identity \
(SourceArn), set with UpdateUserPool together with every other pool setting.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Exceeded daily email limit for the operation or the account.",
            source: "AWS re:Post and amplify-js reports (LimitExceededException)",
            direct: true,
        },
        Symptom {
            text: "Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.",
            source: "AWS re:Post and amplify-js reports (LimitExceededException)",
            direct: true,
        },
        Symptom {
            text: "LimitExceededException",
            source: "AWS API reference, SignUp, ForgotPassword and GetUserAttributeVerificationCode errors",
            direct: true,
        },
            Symptom {
            text: "Invalid email provided/Unable to send the email",
            source: "CodeDeliveryFailureException wording; amazon-cognito-identity-js issue #307, amplify-js issue #1305",
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
    weigh: Some(weigh),
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let account = s.pool.email_sending_account.as_deref();
    // A CustomEmailSender trigger sends the messages itself: Cognito's sender sends none.
    if !matches!(account, None | Some("COGNITO_DEFAULT")) || s.pool.custom_email_sender.is_some() {
        return None;
    }
    let evidence = vec![
        match account {
            Some(a) => format!("the pool's EmailConfiguration.EmailSendingAccount is {a}"),
            None => "the pool's EmailConfiguration has no EmailSendingAccount: the default sender (COGNITO_DEFAULT)".to_owned(),
        },
        format!("the default sender sends at most {DAILY_LIMIT} emails a day for the account"),
    ];
    let fix = vec![FixStep::advice(
        "Send through Amazon SES: set EmailConfiguration.EmailSendingAccount to DEVELOPER with a verified SES identity (SourceArn), with UpdateUserPool carrying every other setting",
    )];
    Some(RULE.finding(Severity::Info, evidence, fix))
}

/// In an audit, once the scan has counted the users with an unverified email: the limit matters
/// (a warning) when codes for them all would take more than a day, else it is left out.
fn weigh(mut f: crate::rules::Finding, unverified: u64) -> Option<crate::rules::Finding> {
    if unverified < DAILY_LIMIT {
        return None;
    }
    f.severity = Severity::Warning;
    f.evidence.push(format!(
        "{unverified} users of the pool have an unverified email: codes for them all would take more than a day at this limit"
    ));
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn absent_or_default_sender_is_noted_developer_is_not() {
        let mut s = pool_snapshot();
        s.pool.email_sending_account = None;
        assert!(codes(&s).contains(&"default-email-sender-limit"));
        s.pool.email_sending_account = Some("COGNITO_DEFAULT".into());
        assert!(codes(&s).contains(&"default-email-sender-limit"));
        s.pool.email_sending_account = Some("DEVELOPER".into());
        assert!(!codes(&s).contains(&"default-email-sender-limit"));
        s.pool.email_sending_account = None;
        s.pool.custom_email_sender = Some("arn:aws:lambda:us-east-1:1:function:send".into());
        assert!(!codes(&s).contains(&"default-email-sender-limit"));
    }
}
