//! `threat-protection-blocks`: the pool's threat protection blocks sign-in or a password reset,
//! and the user's email is unverified, so the way back by email is closed too.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "threat-protection-blocks",
    title: "Threat protection blocks risky sign-ins or resets, and this user's email is unverified",
    explanation: "\
What: the pool enforces threat protection (UserPoolAddOns.AdvancedSecurityMode ENFORCED) and its \
risk configuration (DescribeRiskConfiguration) blocks: compromised credentials with EventAction \
BLOCK (on sign-in, password change or sign-up), or an account-takeover risk level with EventAction \
BLOCK. The user's email is unverified.

Why: a blocked sign-in or password change sends the user to recovery, and recovery by email needs \
a verified address: the reset code cannot reach this user, and the notification email threat \
protection sends goes to the same unverified address. The user is locked out with no message \
they can act on.

Fix: verify the user's email first (reverify), so recovery can reach them; or review the blocking \
actions (SetRiskConfiguration) if legitimate users are being blocked.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "Unable to login because of security reasons.",
        source: "Cognito's NotAuthorizedException when threat protection blocks a sign-in (amplify-js and re:Post reports)",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    if s.pool.advanced_security_mode.as_deref() != Some("ENFORCED") {
        return None;
    }
    let blocks = s.pool.risk.as_ref()?.blocks();
    let u = &s.user;
    if blocks.is_empty() || u.email.is_none() || u.email_verified() {
        return None;
    }
    let mut evidence =
        vec!["the pool's UserPoolAddOns.AdvancedSecurityMode is ENFORCED".to_owned()];
    evidence.extend(
        blocks
            .iter()
            .map(|b| format!("DescribeRiskConfiguration: {b}")),
    );
    evidence.push(format!(
        "user {} has {}: a blocked user's reset code and threat protection's notification cannot reach a verified address",
        u.username,
        u.email_verified_evidence()
    ));
    Some(RULE.finding(
        Severity::Warning,
        evidence,
        vec![
            FixStep::advice("Verify the user's email first (see the unverified-email findings), so that recovery can reach them"),
            FixStep::advice("If legitimate users are being blocked, review the blocking actions (SetRiskConfiguration)"),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::RiskConfiguration;
    use crate::rules::test_support::*;

    #[test]
    fn an_enforced_block_with_an_unverified_email_is_named() {
        let mut s = snapshot(user("ann", "a@example.com", Some("false")));
        s.pool.risk = Some(RiskConfiguration {
            compromised_action: Some("BLOCK".into()),
            compromised_events: vec!["SIGN_IN".into(), "PASSWORD_CHANGE".into()],
            takeover_actions: vec![("high".into(), "MFA_IF_CONFIGURED".into())],
        });
        assert!(!codes(&s).contains(&"threat-protection-blocks"));
        s.pool.advanced_security_mode = Some("ENFORCED".into());
        let f = finding(&s, "threat-protection-blocks");
        assert!(
            f.evidence[1].contains("EventAction BLOCK on SIGN_IN, PASSWORD_CHANGE"),
            "{:?}",
            f.evidence
        );
        s.user.email_verified_raw = Some("true".into());
        assert!(!codes(&s).contains(&"threat-protection-blocks"));
    }
}
