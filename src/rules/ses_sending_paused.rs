//! `ses-sending-paused`: sending is paused for the SES account the pool sends from (by hand, or by
//! SES for its reputation).

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "ses-sending-paused",
    title: "Sending is paused for the SES account the pool sends from",
    explanation: "\
What: GetAccount, in the region of the pool's SES identity (EmailSendingAccount DEVELOPER), shows \
SendingEnabled false, or an EnforcementStatus other than HEALTHY (PROBATION, SHUTDOWN).

Why: with sending paused, SES refuses every message of the account in that region (\"Sending \
paused for this account\"), Cognito's codes and invitations included. SES pauses an account whose \
bounce or complaint rate is too high (SHUTDOWN); an administrator can pause it by hand \
(PutAccountSendingAttributes).

Fix: review the account's reputation in the SES console (its bounce and complaint rates, the \
messages from AWS); where sending was paused by hand and the account is HEALTHY, resume it with \
PutAccountSendingAttributes --sending-enabled.",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
            source: "Amazon SES MessageRejected when the account's sending is paused (GoodDollar/GoodServer issue #419, hcengineering/platform issue #8899)",
            direct: true,
        },
        Symptom {
            text: "Sending paused for this account.",
            source: "the start of Amazon SES's MessageRejected when the account's sending is paused (GoodDollar/GoodServer issue #419, hcengineering/platform issue #8899)",
            direct: true,
        },
        Symptom {
            text: "SendingPausedException",
            source: "SES v2 API reference, SendEmail errors: the account's ability to send email is paused",
            direct: true,
        },
        Symptom {
            text: "AccountSendingPausedException",
            source: "Amazon SES API reference, SendEmail errors",
            direct: true,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let id = s.pool.ses.as_ref()?;
    let account = id.sending_account.as_ref()?;
    if !account.paused() {
        return None;
    }
    let status = account.enforcement_status.as_deref().unwrap_or("(absent)");
    let evidence = vec![format!(
        "GetAccount in {} (account {}): SendingEnabled {}, EnforcementStatus {status}: SES refuses every message Cognito sends",
        id.region,
        id.account,
        account
            .sending_enabled
            .map_or("(absent)".to_owned(), |b| b.to_string())
    )];
    let fix = if status == "HEALTHY" {
        vec![FixStep::run(
            "Sending was paused by hand and the account is HEALTHY: resume it",
            Action::Ses {
                args: vec![
                    "put-account-sending-attributes".into(),
                    "--sending-enabled".into(),
                ],
                region: id.region.clone(),
                endpoint: id.endpoint.clone(),
            },
        )]
    } else {
        vec![FixStep::advice(format!(
            "The account is under {status}: review its bounce and complaint rates and the notices from AWS in the SES console ({}), then ask AWS to resume sending",
            id.region
        ))]
    };
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::model::SesAccount;
    use crate::rules::test_support::*;

    fn account(sending: bool, status: &str) -> SesAccount {
        SesAccount {
            production_access: Some(true),
            sending_enabled: Some(sending),
            enforcement_status: Some(status.into()),
            quota: Some((50000.0, 0.0)),
        }
    }

    #[test]
    fn paused_by_hand_prints_the_resume_under_review_it_advises() {
        let with = |a| with_account(pool_snapshot(), a);
        let f = finding(&with(account(false, "HEALTHY")), "ses-sending-paused");
        assert!(f.evidence[0].contains("SendingEnabled false"), "{f:?}");
        assert!(
            matches!(&f.fix[0].action, Some(Action::Ses { args, .. }) if args[0] == "put-account-sending-attributes")
        );
        let shut = finding(&with(account(false, "SHUTDOWN")), "ses-sending-paused");
        assert!(shut.fix[0].action.is_none(), "{shut:?}");
        assert!(shut.fix[0].description.contains("SHUTDOWN"));
        assert!(codes(&with(account(true, "PROBATION"))).contains(&"ses-sending-paused"));
        assert!(!codes(&with(account(true, "HEALTHY"))).contains(&"ses-sending-paused"));
    }
}
