//! `recovery-goes-to-phone`: the pool sends password-reset codes to a verified phone before a
//! verified email, and this user has a verified phone.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "recovery-goes-to-phone",
    title: "Password-reset codes go to the user's phone, not the email",
    explanation: "\
What: the pool's AccountRecoverySetting ranks verified_phone_number before verified_email (the \
CDK default PHONE_WITHOUT_MFA_AND_EMAIL does; so does a pool without the setting, whose legacy \
behaviour prefers the phone), and the user has a verified phone number.

Why: ForgotPassword sends the code to the first verified mechanism, so it goes by SMS: \"I never \
got the email\" is a code that was sent, to the phone.

Fix: tell the user to look at the phone, or rank verified_email first (UpdateUserPool, carrying \
every other pool setting over).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "\"DeliveryMedium\": \"SMS\"",
        source: "AWS API reference, ForgotPassword CodeDeliveryDetails",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if !u.phone_verified() {
        return None;
    }
    let ranked = s.pool.recovery_mechanisms.clone();
    let (phone_first, said) = match &ranked {
        None => (
            true,
            "the pool has no AccountRecoverySetting: the legacy behaviour sends reset codes to a verified phone first".to_owned(),
        ),
        Some(order) => {
            let at = |name: &str| order.iter().position(|m| m == name);
            let first = match (at("verified_phone_number"), at("verified_email")) {
                (Some(p), Some(e)) => p < e,
                (Some(_), None) => true,
                _ => false,
            };
            (first, format!("AccountRecoverySetting ranks {}", order.join(", then ")))
        }
    };
    if !phone_first {
        return None;
    }
    let evidence = vec![
        said,
        format!(
            "user {} has a verified phone number {}: ForgotPassword sends its code there, by SMS",
            u.username,
            u.phone_number.as_deref().unwrap_or_default()
        ),
    ];
    let order = serde_json::json!({"RecoveryMechanisms": [
        {"Name": "verified_email", "Priority": 1},
        {"Name": "verified_phone_number", "Priority": 2}
    ]});
    let fix = vec![
        FixStep::advice("Tell the user the reset code went to their phone"),
        FixStep::run(
            "Or send reset codes to the email first, carrying over every other pool setting",
            Action::UpdatePool {
                pool_id: s.pool.id.clone(),
                update_input: s.pool.update_with(&["AccountRecoverySetting"], order),
            },
        ),
    ];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    fn with_phone(order: Option<&[&str]>) -> crate::model::Snapshot {
        let mut u = user("pia", "pia@example.com", Some("true"));
        u.phone_number = Some("+15555550100".into());
        u.phone_number_verified_raw = Some("true".into());
        let mut s = snapshot(u);
        s.pool.recovery_mechanisms = order.map(|o| o.iter().map(|m| (*m).to_owned()).collect());
        s
    }

    #[test]
    fn a_verified_phone_ranked_first_takes_the_reset_code() {
        let f = finding(
            &with_phone(Some(&["verified_phone_number", "verified_email"])),
            "recovery-goes-to-phone",
        );
        assert!(f.evidence[1].contains("+15555550100"), "{f:?}");
        let Some(Action::UpdatePool { update_input, .. }) = &f.fix[1].action else {
            panic!("{f:?}")
        };
        assert_eq!(
            update_input["AccountRecoverySetting"]["RecoveryMechanisms"][0]["Name"],
            "verified_email"
        );
        assert!(codes(&with_phone(None)).contains(&"recovery-goes-to-phone"));
        assert!(!codes(&with_phone(Some(&[
            "verified_email",
            "verified_phone_number"
        ])))
        .contains(&"recovery-goes-to-phone"));
        let mut unverified = with_phone(Some(&["verified_phone_number"]));
        unverified.user.phone_number_verified_raw = Some("false".into());
        assert!(!codes(&unverified).contains(&"recovery-goes-to-phone"));
    }
}
