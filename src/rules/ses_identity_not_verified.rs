//! `ses-identity-not-verified`: the pool sends through an SES identity (EmailSendingAccount
//! DEVELOPER, SourceArn) that SES does not have, or has not verified for sending.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "ses-identity-not-verified",
    title: "The SES identity the pool sends through does not exist or is not verified",
    explanation: "\
What: the pool's EmailConfiguration has EmailSendingAccount DEVELOPER and a SourceArn, and \
GetEmailIdentity of that identity, in the identity's own region (which may differ from the \
pool's), answers NotFoundException, or shows VerifiedForSendingStatus false.

Why: with DEVELOPER, Amazon Cognito sends every code and invitation through that SES identity. \
SES refuses to send from an identity it has not verified, so every message fails: \"Email \
address is not verified. The following identities failed the check in region ...\", and users \
wait for codes that never come.

Fix: verify the identity in SES (the verification email for an address, the DNS records for a \
domain), in the SourceArn's region and account; or point SourceArn at an identity that is \
verified, with UpdateUserPool carrying every other pool setting.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Email address is not verified. The following identities failed the check in region",
            source: "Amazon SES MessageRejected wording, seen through Cognito's CodeDeliveryFailureException (aws-cdk issue #18964, AWS re:Post)",
            direct: true,
        },
        Symptom {
            text: "MessageRejected",
            source: "Amazon SES SendEmail errors",
            direct: true,
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

/// How the pool uses the identity: through SES, or as the FROM address of Cognito's default
/// email (which must be verified too).
fn sends_from(s: &Snapshot, id: &crate::model::SesIdentity) -> String {
    match s.pool.email_sending_account.as_deref() {
        Some("DEVELOPER") => format!(
            "the pool sends with EmailSendingAccount DEVELOPER through SourceArn {}",
            id.arn
        ),
        other => format!(
            "the pool uses Cognito's default email (EmailSendingAccount {}) with the custom FROM address SourceArn {}",
            other.unwrap_or("not set, so COGNITO_DEFAULT"),
            id.arn
        ),
    }
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let id = s.pool.ses.as_ref()?;
    let place = format!("in {} (account {})", id.region, id.account);
    let evidence = match id.exists {
        // Not read: `unavailable` says why, and an unverified user gets evidence-unavailable.
        None => return None,
        Some(false) => vec![
            sends_from(s, id),
            format!(
                "GetEmailIdentity {} {place}: NotFoundException (SES has no such identity)",
                id.name
            ),
        ],
        Some(true) if id.unverified() != Some(true) => return None,
        Some(true) => vec![
            sends_from(s, id),
            format!(
                "GetEmailIdentity {} {place}: VerifiedForSendingStatus {}, VerificationStatus {}",
                id.name,
                id.verified_for_sending
                    .map_or("(absent)".to_owned(), |b| b.to_string()),
                id.verification_status.as_deref().unwrap_or("(absent)")
            ),
        ],
    };
    let fix = vec![FixStep::advice(format!(
        "Verify {} in SES {place} (the verification email for an address, the DNS records for a domain), or point the pool's SourceArn at a verified identity with UpdateUserPool carrying every other setting",
        id.name
    ))];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::SesIdentity;
    use crate::rules::test_support::*;

    fn with_identity(
        exists: Option<bool>,
        verified: bool,
        status: Option<&str>,
    ) -> crate::model::Snapshot {
        let mut s = pool_snapshot();
        s.pool.email_sending_account = Some("DEVELOPER".into());
        let mut id = SesIdentity::parse_arn(
            "arn:aws:ses:eu-west-1:111122223333:identity/no-reply@example.com",
        )
        .unwrap();
        id.exists = exists;
        id.verified_for_sending = Some(verified);
        id.verification_status = status.map(str::to_owned);
        s.pool.ses = Some(id);
        s
    }

    #[test]
    fn a_missing_or_unverified_identity_is_an_error_a_verified_or_unread_one_is_not() {
        let missing = finding(
            &with_identity(Some(false), false, None),
            "ses-identity-not-verified",
        );
        assert!(
            missing.evidence[1].contains("NotFoundException"),
            "{missing:?}"
        );
        assert!(missing.evidence[1].contains("eu-west-1 (account 111122223333)"));
        let pending = finding(
            &with_identity(Some(true), false, Some("PENDING")),
            "ses-identity-not-verified",
        );
        assert!(
            pending.evidence[1].contains("VerificationStatus PENDING"),
            "{pending:?}"
        );
        assert!(!codes(&with_identity(Some(true), true, Some("SUCCESS")))
            .contains(&"ses-identity-not-verified"));
        // moto's identities read VerifiedForSendingStatus false with VerificationStatus SUCCESS.
        assert!(!codes(&with_identity(Some(true), false, Some("SUCCESS")))
            .contains(&"ses-identity-not-verified"));
        assert!(!codes(&with_identity(None, false, None)).contains(&"ses-identity-not-verified"));
    }
}
