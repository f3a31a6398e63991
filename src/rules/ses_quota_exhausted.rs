//! `ses-quota-exhausted`: the SES account the pool sends from has used 90% or more of its 24-hour
//! sending quota.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

/// The share of Max24HourSend at which the quota is reported.
pub const THRESHOLD: f64 = 0.9;

pub const RULE: Rule = Rule {
    code: "ses-quota-exhausted",
    title: "The SES account the pool sends from has (nearly) used its 24-hour quota",
    explanation: "\
What: GetAccount, in the region of the pool's SES identity (EmailSendingAccount DEVELOPER), shows \
SendQuota.SentLast24Hours at 90% or more of Max24HourSend.

Why: once the account has sent its quota in the last 24 hours, SES refuses further messages \
(\"Daily message quota exceeded\"), Cognito's codes included, until older sends age out of the \
window. The quota is shared with everything else the account sends.

Fix: request a higher sending quota for SES in that region (Service Quotas, or the SES console), \
or move bulk mail off the account Cognito sends from.",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Daily message quota exceeded",
            source: "Amazon SES Throttling wording (SES developer guide, errors related to sending quotas)",
            direct: true,
        },
        Symptom {
            text: "Maximum sending rate exceeded",
            source: "Amazon SES Throttling wording (SES developer guide, errors related to sending quotas)",
            direct: false,
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
    let used = account.quota_used()?;
    let (max, sent) = account.quota?;
    if used < THRESHOLD {
        return None;
    }
    let evidence = vec![format!(
        "GetAccount in {} (account {}): SentLast24Hours {} of Max24HourSend {} ({:.0}%)",
        id.region,
        id.account,
        sent,
        max,
        used * 100.0
    )];
    let fix = vec![FixStep::advice(format!(
        "Request a higher SES sending quota in {} (Service Quotas or the SES console), or move bulk mail off this account",
        id.region
    ))];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::SesAccount;
    use crate::rules::test_support::*;

    fn sent(n: f64) -> crate::model::Snapshot {
        with_account(
            pool_snapshot(),
            SesAccount {
                production_access: Some(true),
                sending_enabled: Some(true),
                enforcement_status: Some("HEALTHY".into()),
                quota: Some((50000.0, n)),
            },
        )
    }

    #[test]
    fn ninety_percent_of_the_quota_is_reported_less_is_not() {
        let f = finding(&sent(45000.0), "ses-quota-exhausted");
        assert!(
            f.evidence[0].contains("SentLast24Hours 45000 of Max24HourSend 50000 (90%)"),
            "{f:?}"
        );
        assert!(!codes(&sent(44999.0)).contains(&"ses-quota-exhausted"));
    }
}
