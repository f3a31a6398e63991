//! `recipient-suppressed`: the user's address is on the account-level SES suppression list, so SES
//! drops every code sent to it.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{Snapshot, Suppression};

pub const RULE: Rule = Rule {
    code: "recipient-suppressed",
    title: "The user's address is on the SES suppression list: SES drops every code sent to it",
    explanation: "\
What: for a pool that sends through SES (EmailSendingAccount DEVELOPER), GetSuppressedDestination \
of the user's address (in `audit`, the account's ListSuppressedDestinations, read once) shows it \
on the account-level suppression list, with the reason (BOUNCE or COMPLAINT) and the date.

Why: SES adds an address after a hard bounce or a complaint and from then on drops every message \
to it without trying: Cognito reports the code as sent, and it never arrives. A mailbox that was \
full, mistyped and corrected, or briefly down stays listed until it is removed.

Fix: once the address is known to work (the user confirms it, or it was corrected), remove it \
from the list with DeleteSuppressedDestination, then resend the code.",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "Amazon SES did not send the message to this address because it is on the suppression list for your account.",
            source: "the diagnosticCode of Amazon SES's bounce for a listed address, bounceSubType OnAccountSuppressionList (AWS Knowledge Center, ses-suppression-list-sending-quota); SendEmail itself succeeds (SES developer guide, sending-email-suppression-list)",
            direct: true,
        },
        Symptom {
            text: "OnAccountSuppressionList",
            source: "Amazon SES bounce event, bounceSubType (SES developer guide, event publishing contents)",
            direct: true,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let Suppression::Listed { reason, since } = &s.recipient.suppression else {
        return None;
    };
    let id = s.pool.ses.as_ref()?;
    let email = s.user.email.as_deref()?;
    let evidence = vec![format!(
        "{email} is on the account-level SES suppression list in {} (account {}): reason {reason}, listed {since}; SES drops every message to it",
        id.region, id.account
    )];
    let fix = vec![FixStep::run(
        "Once the address is known to work: remove it from the suppression list, then resend the code",
        Action::Ses {
            args: vec![
                "delete-suppressed-destination".into(),
                "--email-address".into(),
                email.to_owned(),
            ],
            region: id.region.clone(),
            endpoint: id.endpoint.clone(),
        },
    )];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::model::{SesAccount, Suppression};
    use crate::rules::test_support::*;

    #[test]
    fn a_listed_address_is_an_error_with_its_reason_and_the_delete() {
        let mut s = with_account(
            snapshot(user("bo", "bo@example.com", Some("true"))),
            SesAccount {
                production_access: Some(true),
                sending_enabled: Some(true),
                ..SesAccount::default()
            },
        );
        assert!(!codes(&s).contains(&"recipient-suppressed"));
        s.recipient.suppression = Suppression::Listed {
            reason: "BOUNCE".into(),
            since: "2026-11-30T08:00:00Z".into(),
        };
        let f = finding(&s, "recipient-suppressed");
        assert!(
            f.evidence[0].contains("reason BOUNCE, listed 2026-11-30T08:00:00Z"),
            "{f:?}"
        );
        let Some(Action::Ses { args, region, .. }) = &f.fix[0].action else {
            panic!("{f:?}")
        };
        assert_eq!(
            args,
            &[
                "delete-suppressed-destination",
                "--email-address",
                "bo@example.com"
            ]
        );
        assert_eq!(region, "eu-west-1");
    }
}
