//! `provider-reports-unverified`: the provider maps email_verified and says the email is not
//! verified.

use super::{Rule, Scope, Severity};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "provider-reports-unverified",
    title: "The identity provider reports the email as unverified",
    explanation: "\
What: a federated user's email is unverified although its provider maps a claim to \
email_verified.

Why: Amazon Cognito writes the mapped claim at every sign-in, so the value comes from the \
provider: it says the address is not verified, or it sends the claim in a form Cognito does not \
read as true. A code sent by Cognito cannot change it: the next sign-in writes the claim again.

Fix: verify the address at the identity provider (or correct the claim it sends); the user's \
email_verified changes at the next sign-in.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    scope: Scope::User,
    symptoms: &[],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if !u.is_federated() || u.email.is_none() || u.email_verified() {
        return None;
    }
    let mapped: Vec<_> = s
        .providers
        .iter()
        .filter(|p| u.identities.iter().any(|i| i.provider_name == p.name))
        .filter(|p| p.maps("email_verified"))
        .collect();
    if mapped.is_empty() || mapped.len() < u.identities.len() {
        return None;
    }
    let mut evidence = vec![u.email_verified_evidence()];
    for p in mapped {
        evidence.push(format!(
            "provider {} maps claim {} to email_verified",
            p.name,
            p.attribute_mapping
                .get("email_verified")
                .map(String::as_str)
                .unwrap_or_default()
        ));
    }
    let fix = vec![FixStep::advice(
        "Verify the address at the identity provider; email_verified changes at the user's next sign-in",
    )];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn fires_when_the_mapped_claim_says_false() {
        let mut u = user("g_1", "g@example.com", Some("false"));
        federate(&mut u, "Google", "Google");
        let mut s = snapshot(u);
        s.providers.push(provider(
            "Google",
            "Google",
            &[("email", "email"), ("email_verified", "email_verified")],
        ));
        assert_eq!(codes(&s), ["provider-reports-unverified"]);
    }
}
