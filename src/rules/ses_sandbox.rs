//! `ses-sandbox`: the SES account the pool sends from is in the sandbox, where SES delivers only
//! to verified identities.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "ses-sandbox",
    title: "The SES account the pool sends from is in the sandbox: only verified addresses get mail",
    explanation: "\
What: GetAccount, in the region of the pool's SES identity (EmailSendingAccount DEVELOPER), shows \
ProductionAccessEnabled false.

Why: an SES account in the sandbox sends only to addresses (or domains) that are themselves \
verified identities of the account, and at most 200 messages a day. Cognito's codes to every other \
address are refused (\"Email address is not verified. The following identities failed the check \
in region ...\" names the recipient then), so new users never get their code. For a user, the \
finding is an error when that user's address is not a verified identity.

Fix: request production access for SES in that region (the SES console's Account dashboard, or \
PutAccountDetails with ProductionAccessEnabled); until then, verify the addresses you test with.",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Email address is not verified. The following identities failed the check in region",
            source: "Amazon SES MessageRejected wording for an unverified recipient in the sandbox (SES developer guide, sandbox; AWS re:Post)",
            direct: false,
        },
        Symptom {
            text: "MessageRejected",
            source: "Amazon SES SendEmail errors",
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
    // Only ProductionAccessEnabled false, as read: an answer without it says nothing.
    if !account.sandbox() {
        return None;
    }
    let mut evidence = vec![match account.quota {
        Some((max, _)) => format!(
            "GetAccount in {} (account {}): ProductionAccessEnabled false (the SES sandbox), Max24HourSend {max}",
            id.region, id.account
        ),
        None => format!(
            "GetAccount in {} (account {}): ProductionAccessEnabled false (the SES sandbox)",
            id.region, id.account
        ),
    }];
    let mut severity = Severity::Warning;
    if s.has_user() {
        let email = s.user.email.as_deref().unwrap_or("(no email)");
        match s.recipient.verified_identity {
            Some(false) => {
                severity = Severity::Error;
                evidence.push(format!(
                    "the user's address {email} is not a verified SES identity in {}, nor is its domain: SES refuses to send it a code",
                    id.region
                ));
            }
            Some(true) => evidence.push(format!(
                "the user's address {email} (or its domain) is a verified SES identity: it can receive mail in the sandbox"
            )),
            None => {}
        }
    }
    let fix = vec![FixStep::advice(format!(
        "Request production access for SES in {} (SES console, Account dashboard; or PutAccountDetails with ProductionAccessEnabled); until then only verified addresses receive codes",
        id.region
    ))];
    Some(RULE.finding(severity, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::SesAccount;
    use crate::rules::test_support::*;
    use crate::rules::Severity;

    fn sandbox() -> SesAccount {
        SesAccount {
            production_access: Some(false),
            sending_enabled: Some(true),
            enforcement_status: Some("HEALTHY".into()),
            quota: Some((200.0, 0.0)),
        }
    }

    #[test]
    fn the_sandbox_is_an_error_for_an_unverified_recipient_a_warning_otherwise() {
        let pool = finding(&with_account(pool_snapshot(), sandbox()), "ses-sandbox");
        assert_eq!(pool.severity, Severity::Warning);
        assert!(pool.evidence[0].contains("ProductionAccessEnabled false"));

        let mut s = with_account(
            snapshot(user("ann", "ann@example.org", Some("true"))),
            sandbox(),
        );
        s.recipient.verified_identity = Some(false);
        let f = finding(&s, "ses-sandbox");
        assert_eq!(f.severity, Severity::Error);
        assert!(f.evidence[1].contains("ann@example.org is not a verified SES identity"));
        s.recipient.verified_identity = Some(true);
        assert_eq!(finding(&s, "ses-sandbox").severity, Severity::Warning);

        let production = SesAccount {
            production_access: Some(true),
            ..sandbox()
        };
        assert!(!codes(&with_account(pool_snapshot(), production)).contains(&"ses-sandbox"));
    }
}
